"""Python's `int` reads Arabic-Indic and full-width digits as if they were 0 to 9, and so did
every number box: a meeting logged as lasting "٤٥" minutes was saved as 45, the page then
showing 45, and whoever typed it was told nothing. A number in other digits is now refused
beside its box, in the same words on every form (accounts.bounds.DIGITS_0_TO_9), nothing is
saved, and the box keeps what was typed; in a list that edits a number in place (a
grade's or a board's position) too. Ids were already read from ASCII digits only
(tests/security/test_odd_input.py). A date or a time is read from the digits 0 to 9 only
too: Python's date parsing read 2027-01-02 in Arabic-Indic digits as 2 January 2027. A
browser's picker sends 0 to 9, so only a forged post sends others; it is refused in the
same words, for a date or a time (accounts.bounds.DATE_DIGITS_0_TO_9), and the box, still
a date or time box, keeps what was typed."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.bounds import DATE_DIGITS_0_TO_9, DIGITS_0_TO_9, TIME_DIGITS_0_TO_9
from evaluation.models import Participation, Response
from mentoring.models import Event, Meeting
from tests.admin_pages import as_a_browser_posts
from tests.factories import (
    BoardFactory,
    EventFactory,
    GradeFactory,
    MeetingFactory,
    agree_ground_rules,
)
from tests.meetings import in_days, log_answers, proposal_answers
from tests.pages import page_html
from tests.survey_answers import answers, survey_of_each_kind, url

pytestmark = pytest.mark.django_db

survey = survey_of_each_kind()

ARABIC_INDIC = "0123456789".maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")
FULL_WIDTH = "0123456789".maketrans("0123456789", "".join(chr(0xFF10 + n) for n in range(10)))
OTHER_DIGITS = pytest.mark.parametrize(
    "digits", [ARABIC_INDIC, FULL_WIDTH], ids=["Arabic-Indic", "full-width"]
)


@pytest.fixture
def meeting(cast):
    agree_ground_rules(cast.pair)
    return MeetingFactory(match=cast.pair, starts_at=timezone.now() - timedelta(hours=2))


@OTHER_DIGITS
def test_a_meetings_length_in_other_digits_is_refused_and_kept_as_typed(maya, meeting, digits):
    typed = "45".translate(digits)

    response = maya.post(reverse("meeting_log", args=[meeting.pk]), log_answers(minutes=typed))

    assert response.status_code == 200
    page = page_html(response)
    assert DIGITS_0_TO_9 in page
    assert f'name="actual_minutes" value="{typed}"' in page
    meeting = Meeting.objects.get(pk=meeting.pk)
    assert (meeting.logged_at, meeting.actual_minutes) == (None, None)


def test_a_meetings_length_in_the_digits_0_to_9_is_logged(maya, meeting):
    response = maya.post(reverse("meeting_log", args=[meeting.pk]), log_answers(minutes="45"))

    assert response.status_code == 302
    assert Meeting.objects.get(pk=meeting.pk).actual_minutes == 45


@OTHER_DIGITS
def test_a_programme_setting_in_other_digits_is_refused_in_the_admin(office, cast, digits):
    url = reverse("admin:mentoring_programme_change", args=[cast.programme.pk])
    form = office.get(url)
    before = cast.programme.meeting_minutes
    typed = "75".translate(digits)

    response = office.post(url, {**as_a_browser_posts(form), "meeting_minutes": typed})

    assert response.status_code == 200
    page = page_html(response)
    assert DIGITS_0_TO_9 in page
    assert f'name="meeting_minutes" value="{typed}"' in page
    cast.programme.refresh_from_db()
    assert cast.programme.meeting_minutes == before


@OTHER_DIGITS
@pytest.mark.parametrize(
    ("box", "said"), [("day", DATE_DIGITS_0_TO_9), ("start", TIME_DIGITS_0_TO_9)]
)
def test_a_meetings_date_or_time_in_other_digits_is_refused_and_kept_as_typed(
    maya, cast, digits, box, said
):
    agree_ground_rules(cast.pair)
    proposed = proposal_answers(in_days(3))
    typed = proposed[box].translate(digits)

    response = maya.post(reverse("meeting_new", args=[cast.pair.pk]), {**proposed, box: typed})

    assert response.status_code == 200
    page = page_html(response)
    assert said in page
    assert re.search(rf'<input type="(date|time)" name="{box}" value="{typed}"', page)
    assert not Meeting.objects.filter(match=cast.pair).exists()


@OTHER_DIGITS
def test_an_events_date_in_other_digits_is_refused_in_the_admin(office, cast, digits):
    event = EventFactory(programme=cast.programme, title="Winter briefing")
    url = reverse("admin:mentoring_event_change", args=[event.pk])
    sent = as_a_browser_posts(office.get(url))
    typed = sent["starts_at_0"].translate(digits)

    response = office.post(url, {**sent, "starts_at_0": typed})

    assert response.status_code == 200
    page = page_html(response)
    assert DATE_DIGITS_0_TO_9 in page
    assert f'name="starts_at_0" value="{typed}"' in page
    assert Event.objects.get(pk=event.pk).starts_at == event.starts_at


def test_an_events_date_in_the_digits_0_to_9_is_saved_from_the_admin(office, cast):
    event = EventFactory(programme=cast.programme, title="Winter briefing")
    url = reverse("admin:mentoring_event_change", args=[event.pk])
    sent = as_a_browser_posts(office.get(url))

    response = office.post(url, {**sent, "title": "Winter briefing, moved"})

    assert response.status_code == 302
    assert Event.objects.get(pk=event.pk).title == "Winter briefing, moved"


# The lists that edit a column in place (`list_editable`): the position of each grade and
# of each board, with a row of its own placed second.
EDITED_IN_PLACE = pytest.mark.parametrize(
    ("changelist", "made"),
    [
        ("admin:mentoring_grade_changelist", lambda: GradeFactory(name="Grade 7", position=2)),
        ("admin:mentoring_board_changelist", lambda: BoardFactory(name="Senate", position=2)),
    ],
    ids=["grades", "boards"],
)


def position_box(page, row) -> str:
    """The name of `row`'s position box in a list editing in place, as the page drew it."""
    formset = page.context["cl"].formset
    return next(form for form in formset.forms if form.instance.pk == row.pk)["position"].html_name


def list_saved(page, **typed) -> dict:
    """What "Save" under a list editing in place posts: its rows as shown, but for `typed`
    (by the box's name, what was typed in it)."""
    formset = page.context["cl"].formset
    management = formset.management_form
    data = {management.add_prefix(name): management.initial[name] for name in management.fields}
    for form in formset.forms:
        data.update({form.add_prefix(name): form[name].value() for name in form.fields})
    return {**data, **typed, "_save": "Save"}


@OTHER_DIGITS
@EDITED_IN_PLACE
def test_a_position_in_other_digits_is_refused_in_a_list_edited_in_place(
    office, digits, changelist, made
):
    row = made()
    page = office.get(reverse(changelist))
    box = position_box(page, row)
    typed = "3".translate(digits)

    response = office.post(reverse(changelist), list_saved(page, **{box: typed}))

    assert response.status_code == 200
    page = page_html(response)
    assert DIGITS_0_TO_9 in page
    assert f'name="{box}" value="{typed}"' in page
    row.refresh_from_db()
    assert row.position == 2


@EDITED_IN_PLACE
def test_a_position_in_the_digits_0_to_9_is_saved_from_a_list_edited_in_place(
    office, changelist, made
):
    row = made()
    page = office.get(reverse(changelist))
    box = position_box(page, row)

    response = office.post(reverse(changelist), list_saved(page, **{box: "3"}))

    assert response.status_code == 302
    row.refresh_from_db()
    assert row.position == 3


@OTHER_DIGITS
@pytest.mark.parametrize("kind", ["scale", "likert", "multiple"])
def test_a_survey_option_sent_in_other_digits_is_not_taken_for_one_offered(
    maya, cast, survey, digits, kind
):
    # No radio or tick box sends them: a forged answer, refused as any other not offered.
    posted = {"scale": "9", "likert": "4", "multiple": ["0", "1"]}[kind]
    forged = (
        [n.translate(digits) for n in posted] if kind == "multiple" else posted.translate(digits)
    )

    response = maya.post(url(survey), {**answers(survey, **{kind: forged}), "action": "submit"})

    assert response.status_code == 200
    question = survey.asks[kind].text
    assert f"Choose among the options offered for “{question}”" in page_html(response)
    assert not Participation.objects.filter(survey=survey, person=cast.mentor).exists()
    assert not Response.objects.filter(survey=survey).exists()
