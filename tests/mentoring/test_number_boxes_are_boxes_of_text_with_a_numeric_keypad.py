"""Every number field, on a participant's form and in the admin, is drawn as a box of text
that asks for the numeric keypad (`<input type="text" inputmode="numeric">`, GOV.UK's
pattern), not as a number box: a browser drops from a number box the digits it does not read
(Arabic-Indic ones, typed or pasted), so the server never saw them to refuse them
(tests/e2e/test_a_meetings_length_typed_in_other_digits_is_refused_in_the_browser.py). The
box has no `min`, `max` or `step`, which a box of text does not take: its bounds are stated
in words beside it."""

import re
from datetime import timedelta
from decimal import Decimal

import pytest
from django import forms
from django.urls import reverse
from django.utils import timezone

from accounts.bounds import LimitedForm
from tests.factories import BoardFactory, GradeFactory, MeetingFactory, agree_ground_rules
from tests.pages import page_html

pytestmark = pytest.mark.django_db


def boxes(html: str, names) -> dict[str, str]:
    """Each named <input> of `html`, by its name."""
    return {name: re.search(rf'<input[^>]*name="{name}"[^>]*>', html).group(0) for name in names}


def assert_a_box_of_text_with_a_keypad(box: str, keypad: str = "numeric") -> None:
    assert 'type="text"' in box, box
    assert f'inputmode="{keypad}"' in box, box
    assert 'autocomplete="off"' in box, box
    assert not re.search(r'\s(min|max|step)="', box), box


class Numbers(LimitedForm):
    """A participant's form (every one states its limits, `state_limits`) of each kind of
    number."""

    people = forms.IntegerField(min_value=1, max_value=20)
    hours = forms.DecimalField(min_value=Decimal("0.5"), decimal_places=1)
    share = forms.FloatField()
    postcode_digits = forms.IntegerField(widget=forms.NumberInput(attrs={"autocomplete": "on"}))


def test_each_kind_of_number_on_a_participants_form_is_a_box_of_text():
    drawn = boxes(str(Numbers()), ["people", "hours", "share", "postcode_digits"])

    assert_a_box_of_text_with_a_keypad(drawn["people"])
    assert_a_box_of_text_with_a_keypad(drawn["hours"], keypad="decimal")
    assert_a_box_of_text_with_a_keypad(drawn["share"], keypad="decimal")
    # A field's own `autocomplete` stays.
    assert 'autocomplete="on"' in drawn["postcode_digits"]


def test_the_meetings_length_on_its_log_is_a_box_of_text_with_its_bounds_in_words(maya, cast):
    agree_ground_rules(cast.pair)
    meeting = MeetingFactory(match=cast.pair, starts_at=timezone.now() - timedelta(hours=2))

    html = page_html(maya.get(reverse("meeting_log", args=[meeting.pk])))

    assert_a_box_of_text_with_a_keypad(boxes(html, ["actual_minutes"])["actual_minutes"])
    assert "Between 1 and 480 minutes." in html


def test_every_number_on_the_programmes_admin_form_is_a_box_of_text(office, cast):
    page = office.get(reverse("admin:mentoring_programme_change", args=[cast.programme.pk]))
    form = page.context["adminform"].form
    numbers = [name for name, field in form.fields.items() if isinstance(field, forms.IntegerField)]

    assert "meeting_minutes" in numbers
    for name, box in boxes(page_html(page), numbers).items():
        assert_a_box_of_text_with_a_keypad(box)
        assert 'class="vIntegerField"' in box or 'class="vBigIntegerField"' in box, name


def test_a_number_bounded_only_below_by_0_says_so_beside_its_box(office):
    """A box of text tells the browser no `min`: a grade's position, 0 or more and nothing
    else, says it in words beside the box before anyone types a negative number."""
    html = page_html(office.get(reverse("admin:mentoring_grade_add")))

    assert_a_box_of_text_with_a_keypad(boxes(html, ["position"])["position"])
    assert "0 or more." in html


@pytest.mark.parametrize(
    ("changelist", "made"),
    [
        ("admin:mentoring_grade_changelist", lambda: GradeFactory(name="Grade 7")),
        ("admin:mentoring_board_changelist", lambda: BoardFactory(name="Senate")),
    ],
    ids=["grades", "boards"],
)
def test_a_position_edited_in_place_in_a_list_is_a_box_of_text(office, changelist, made):
    """The lists that edit a column in place (`list_editable`) draw it as every other form
    does."""
    made()
    page = office.get(reverse(changelist))
    names = [form["position"].html_name for form in page.context["cl"].formset.forms]

    assert names
    for box in boxes(page_html(page), names).values():
        assert_a_box_of_text_with_a_keypad(box)
        assert 'class="vIntegerField"' in box
