"""A pair whose next meeting is overdue is told, in its next step as where it stands, that
the meeting was due by the day its window closed, not that it "is due between" days long
gone; before the window opens, its dates; in a closed programme, nothing (one phrase for
both, `cadence.due_in_words`)."""

from datetime import date, datetime

import pytest

from mentoring.cadence import PairState, Window, due_in_words
from mentoring.models import ProgrammeStatus
from tests.admin_pages import words
from tests.factories import HeldMeetingFactory, agree_ground_rules
from tests.winter import LONDON

pytestmark = pytest.mark.django_db

# Friday 4 December 2026; Maya and Bola last met on Friday 25 September (gap 6 to 8 weeks:
# the window was 6 to 20 November).
NOW = datetime(2026, 12, 4, 12, 0, tzinfo=LONDON)
LAST_MET = datetime(2026, 9, 25, 10, 0, tzinfo=LONDON)
WINDOW = Window(opens=date(2026, 11, 6), closes=date(2026, 11, 20))


@pytest.fixture
def overdue(cast, time_machine):
    time_machine.move_to(NOW, tick=False)
    agree_ground_rules(cast.pair)
    HeldMeetingFactory(match=cast.pair, starts_at=LAST_MET)
    assert (cast.programme.gap_min_weeks, cast.programme.gap_max_weeks) == (6, 8)


def programme_page(client, cast, person) -> str:
    client.force_login(person)
    return words(client.get(cast.programme.get_absolute_url()).content.decode())


@pytest.mark.parametrize(
    ("who", "partner"), [("mentor", "Bola Board"), ("board_member", "Maya Mentor")]
)
def test_an_overdue_pairs_next_step_says_its_meeting_was_due_by_the_windows_close(
    client, cast, overdue, who, partner
):
    page = programme_page(client, cast, getattr(cast, who))

    assert (
        f"Next: propose your next meeting with {partner}; it was due by 20 November 2026." in page
    )
    assert "due between" not in page


def test_a_pair_in_a_closed_programme_is_asked_to_propose_with_no_due_date(client, cast, overdue):
    cast.programme.status, cast.programme.recruitment_open = ProgrammeStatus.CLOSED, False
    cast.programme.save(update_fields=["status", "recruitment_open"])

    page = programme_page(client, cast, cast.mentor)

    assert "Next: propose your next meeting with Bola Board." in page
    assert "was due by" not in page


@pytest.mark.parametrize(
    ("state", "said"),
    [
        (PairState.ON_TRACK, "is due between 6 November and 20 November 2026"),
        (PairState.DUE, "is due by 20 November 2026"),
        (PairState.OVERDUE, "was due by 20 November 2026"),
        (PairState.DORMANT, "was due by 20 November 2026"),
        (PairState.CLOSED, ""),
    ],
)
def test_when_a_meeting_is_due_is_said_for_where_the_pair_stands(state, said):
    assert due_in_words(WINDOW, state) == said
