"""The error summary's links (templates/includes/error_summary.html) go to each field's first
box through one filter, `first_box`: the box a person types or ticks in first, whatever the
field is drawn as."""

from django import forms

from mentoring.forms.fields import AvailabilityField
from mentoring.templatetags.error_summary import first_box


class EveryKindOfBox(forms.Form):
    name = forms.CharField()
    starts_at = forms.SplitDateTimeField()
    colour = forms.ChoiceField(
        choices=[("red", "Red"), ("green", "Green")], widget=forms.RadioSelect
    )
    themes = forms.MultipleChoiceField(
        choices=[("a", "Anti-racism"), ("c", "Culture change")],
        widget=forms.CheckboxSelectMultiple,
    )
    dates = forms.MultipleChoiceField(choices=[], widget=forms.CheckboxSelectMultiple)
    availability = AvailabilityField()


def test_a_plain_field_links_to_its_own_box():
    assert first_box(EveryKindOfBox()["name"]) == "id_name"


def test_a_date_and_time_links_to_its_date_box():
    assert first_box(EveryKindOfBox()["starts_at"]) == "id_starts_at_0"


def test_a_group_of_radios_links_to_its_first_choice():
    assert first_box(EveryKindOfBox()["colour"]) == "id_colour_0"


def test_a_group_of_checkboxes_links_to_its_first_choice():
    assert first_box(EveryKindOfBox()["themes"]) == "id_themes_0"


def test_a_group_with_no_choices_links_to_its_own_id():
    assert first_box(EveryKindOfBox()["dates"]) == "id_dates"


def test_the_availability_grid_links_to_its_first_box():
    assert first_box(EveryKindOfBox()["availability"]) == "id_availability_monday_morning"


def test_a_prefixed_form_links_to_the_prefixed_boxes():
    form = EveryKindOfBox(prefix="plan")

    assert [first_box(form[name]) for name in ("name", "starts_at", "colour", "dates")] == [
        "id_plan-name",
        "id_plan-starts_at_0",
        "id_plan-colour_0",
        "id_plan-dates",
    ]


def test_the_link_is_the_id_the_page_draws_on_the_box():
    form = EveryKindOfBox(auto_id="field-%s")
    page = form.as_div()

    for name in ("name", "starts_at", "colour", "themes", "dates"):
        assert f'id="{first_box(form[name])}"' in page
