"""A meeting due after the programme's last day (`Programme.ends_on`) says that day where it
says when the meeting is due: the office has not closed the programme (programmes run on),
so meetings may still be proposed, but the pair is told. Maya and Bola last met on
10 November 2026, so their next meeting is due between 22 December 2026 and 5 January 2027;
today is 1 December. The pair page and the schedule say the last day once, beside the due
dates (after it has passed, that the office has not closed the programme yet); the form
proposing a meeting says it too, and warns of a date after it, as it warns of a late one:
a warning to confirm, not a refusal."""

from datetime import date, datetime

import pytest
from django.urls import reverse

from mentoring.cadence import LastDay, PairState, Window, due_in_words
from mentoring.models import Meeting, MeetingStatus
from tests.admin_pages import words_at
from tests.factories import MeetingFactory
from tests.meetings import book_anyway, proposal_answers
from tests.pages import page_html
from tests.winter import LONDON

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("december")]

DUE = "Your next meeting is due between 22 December 2026 and 5 January 2027"
TO_COME = (
    f"{DUE}; the last day of 2026/27 pilot is 11 December 2026, so to meet before it ends, "
    "meet by then."
)
PASSED = (
    f"{DUE}; the last day of 2026/27 pilot was 30 November 2026, but the programme office "
    "has not closed it yet, so you can still meet."
)
AFTER_THE_LAST_DAY = (
    "Monday 14 December 2026 is after 11 December 2026, the last day of 2026/27 pilot."
)


def last_day(cast, day: date) -> None:
    cast.programme.ends_on = day
    cast.programme.save(update_fields=["ends_on"])


@pytest.mark.parametrize("page", ["match", "meetings"])
@pytest.mark.parametrize(
    ("ends_on", "said"),
    [
        pytest.param(date(2026, 12, 11), TO_COME, id="the-last-day-to-come"),
        pytest.param(date(2026, 11, 30), PASSED, id="the-last-day-passed"),
    ],
)
def test_the_pair_page_and_schedule_say_the_last_day_once_beside_the_due_dates(
    met_three_weeks_ago, cast, maya, bola, page, ends_on, said
):
    last_day(cast, ends_on)

    for browser in (maya, bola):
        shown = words_at(browser, reverse(page))
        assert shown.count(said) == 1, shown
        assert shown.count("the last day of 2026/27 pilot") == 1


@pytest.mark.parametrize(
    "ends_on",
    [
        pytest.param(None, id="no-last-day"),
        pytest.param(date(2027, 1, 5), id="the-last-day-the-due-dates-close"),
        pytest.param(date(2027, 3, 1), id="a-last-day-in-march"),
    ],
)
def test_a_last_day_after_the_due_dates_is_not_said(met_three_weeks_ago, cast, maya, ends_on):
    last_day(cast, ends_on)

    shown = words_at(maya, reverse("match"))

    assert f"{DUE}." in shown
    assert "last day" not in shown


def test_the_form_proposing_a_meeting_says_the_last_day_and_warns_of_a_date_after_it(
    met_three_weeks_ago, cast, maya
):
    last_day(cast, date(2026, 12, 11))
    url = reverse("meeting_new", args=[cast.pair.pk])
    assert TO_COME in words_at(maya, url)

    answers = proposal_answers(date(2026, 12, 14))
    warned = maya.post(url, answers)

    assert AFTER_THE_LAST_DAY in page_html(warned)
    assert not Meeting.objects.filter(starts_at__date=date(2026, 12, 14)).exists()
    # A warning, not a refusal: confirmed, the time is proposed.
    assert maya.post(url, book_anyway(warned, answers)).status_code == 302
    assert Meeting.objects.filter(starts_at__date=date(2026, 12, 14)).exists()


def test_a_date_up_to_a_last_day_before_the_due_dates_is_proposed_without_a_warning(
    met_three_weeks_ago, cast, maya
):
    """The page asks them to meet by the last day: a date by then is neither after it nor
    "before the first day this meeting is due", so no date would go unwarned."""
    last_day(cast, date(2026, 12, 11))

    proposed = maya.post(
        reverse("meeting_new", args=[cast.pair.pk]), proposal_answers(date(2026, 12, 11))
    )

    assert proposed.status_code == 302, page_html(proposed)
    assert Meeting.objects.filter(starts_at__date=date(2026, 12, 11)).exists()


def test_a_date_before_the_due_dates_is_still_warned_of_with_a_later_last_day(
    met_three_weeks_ago, cast, maya
):
    last_day(cast, date(2027, 3, 1))

    page = page_html(
        maya.post(reverse("meeting_new", args=[cast.pair.pk]), proposal_answers(date(2026, 12, 11)))
    )

    assert "is before 22 December 2026, the first day this meeting is due" in page
    assert "last day" not in page


def test_changing_the_time_warns_of_a_date_after_the_last_day(met_three_weeks_ago, cast, maya):
    last_day(cast, date(2026, 12, 11))
    meeting = MeetingFactory(
        match=cast.pair,
        status=MeetingStatus.PROPOSED,
        proposed_by=cast.mentor,
        starts_at=datetime(2026, 12, 9, 10, 0, tzinfo=LONDON),
    )
    url = reverse("meeting_change", args=[meeting.pk])

    page = page_html(
        maya.post(url, proposal_answers(date(2026, 12, 14), sequence=meeting.sequence))
    )

    assert AFTER_THE_LAST_DAY in page


WINDOW = Window(opens=date(2026, 12, 22), closes=date(2027, 1, 5))
PILOT = "2026/27 pilot"


@pytest.mark.parametrize(
    ("state", "ends_on", "today", "said"),
    [
        pytest.param(
            PairState.ON_TRACK, None, date(2026, 12, 1), "is due between", id="no-last-day"
        ),
        pytest.param(
            PairState.ON_TRACK,
            date(2027, 1, 5),
            date(2026, 12, 1),
            "is due between",
            id="the-last-day-the-window-closes",
        ),
        pytest.param(
            PairState.ON_TRACK,
            date(2026, 12, 11),
            date(2026, 12, 1),
            "; the last day of 2026/27 pilot is 11 December 2026, so to meet before it ends, "
            "meet by then",
            id="the-last-day-before-the-window-opens",
        ),
        pytest.param(
            PairState.DUE,
            date(2027, 1, 1),
            date(2026, 12, 23),
            "is due by 5 January 2027; the last day of 2026/27 pilot is 1 January 2027",
            id="due-the-last-day-before-the-window-closes",
        ),
        # The last day passed before the window closed, and after it: said either way.
        pytest.param(
            PairState.OVERDUE,
            date(2027, 1, 1),
            date(2027, 1, 9),
            "was due by 5 January 2027; the last day of 2026/27 pilot was 1 January 2027, but",
            id="overdue-the-last-day-passed-before-the-window-closed",
        ),
        pytest.param(
            PairState.OVERDUE,
            date(2027, 1, 6),
            date(2027, 1, 9),
            "was due by 5 January 2027; the last day of 2026/27 pilot was 6 January 2027, but",
            id="overdue-the-last-day-passed-after-the-window-closed",
        ),
        pytest.param(
            PairState.CLOSED, date(2026, 12, 11), date(2026, 12, 1), "", id="a-closed-programme"
        ),
    ],
)
def test_the_due_sentence_says_the_last_day_where_a_meeting_may_fall_after_it(
    state, ends_on, today, said
):
    last = LastDay(programme=PILOT, day=ends_on) if ends_on else None

    due = due_in_words(WINDOW, state, last_day=last, today=today)

    assert said in due
    if said.startswith("is due between"):
        assert "last day" not in due
    if not said:  # a closed programme keeps no rhythm: nothing is said (`in` alone cannot fail)
        assert due == ""
