"""`{% form_fields form %}` (config.form_fields, the body of templates/includes/form_fields.html)
gives the very text the include's two loops gave, line ends included: the hidden fields as
`{{ field }}` draws them, then every other field by `|crispy_field`, for a form unbound, with
errors and valid; and so for the profile page's own sections."""

import pytest
from django import forms
from django.template import Context, Template

from mentoring.forms.profile import AccountDetailsForm, NudgesForm
from mentoring.selectors import parts_of
from tests.form_fields import BAD, GOOD, Everything

LOOPS = Template(
    "{% for field in form.hidden_fields %}{{ field }}{% endfor %}\n"
    "{% for field in form.visible_fields %}{{ field|crispy_field }}{% endfor %}\n"
)
ONE_STEP = Template("{% form_fields form %}\n")


class Hiding(Everything):
    """Everything, with another hidden field: one that must be sent."""

    section = forms.CharField(widget=forms.HiddenInput, initial="details <&>")


def drawn_by_each(make) -> list[str]:
    """The form drawn by each, each a form of its own (drawing a field adds Bootstrap's
    classes to its widget for good)."""
    drawn = []
    for template in (LOOPS, ONE_STEP):
        form = make()
        form.is_valid()
        drawn.append(template.render(Context({"form": form})))
    return drawn


@pytest.mark.parametrize("data", [None, BAD, GOOD], ids=["unbound", "with errors", "valid"])
def test_a_forms_fields_read_as_the_loops_drew_them(data):
    loops, one_step = drawn_by_each(lambda: Hiding(data))

    assert loops == one_step
    assert 'type="hidden" name="section"' in one_step


@pytest.mark.django_db
@pytest.mark.parametrize("data", [None, {"full_name": "", "wants_nudges": "perhaps"}])
def test_the_profile_pages_sections_read_as_the_loops_drew_them(cast, data):
    mentor = cast.mentor
    for make in (
        lambda: AccountDetailsForm(data, instance=mentor, parts=parts_of(mentor)),
        lambda: NudgesForm(data, person=mentor),
    ):
        loops, one_step = drawn_by_each(make)

        assert loops == one_step
