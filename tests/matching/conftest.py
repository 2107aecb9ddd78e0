"""The board's small cast: one programme, its office, and the people who may be paired.

    programme       the 2026/27 pilot, with two themes
    office          the coordinator's browser, signed in to the programme office
    priya, tom      two mentors, each with their own themes, times and department
    grace, harold   two board members: Grace is free when Priya is, Harold never when Tom is
    people          two mentors and two board members free on the same days, any of whom
                    may be paired with any other

How to read and act on the board: tests/matching/board.py; ways to block a pair:
tests/matching/blocked_pairs.py. A module that needs another shape builds it from this
programme with the helpers there."""

import pytest

from tests.factories import STATEMENT, ProgrammeFactory
from tests.matching.board import (
    FRIDAY_AFTERNOON,
    THURSDAY_MORNING,
    TUESDAY_MORNING,
    briefed_board_member,
    briefed_mentor,
)

BOTH_DAYS = (TUESDAY_MORNING, FRIDAY_AFTERNOON)
# What Priya and Grace have in common: both themes, and the same three times in the week.
PRIYA_AND_GRACE = {
    "themes": ("Anti-racism", "Culture change"),
    "slots": (TUESDAY_MORNING, THURSDAY_MORNING, FRIDAY_AFTERNOON),
}


@pytest.fixture
def programme():
    return ProgrammeFactory(
        name="2026/27 pilot", slug="pilot", themes=["Anti-racism", "Culture change"]
    )


@pytest.fixture
def office(client, coordinator):
    """The coordinator's browser, signed in to the programme office."""
    client.force_login(coordinator)
    return client


@pytest.fixture
def priya(programme):
    """A mentor from Finance who shares a lot with Grace."""
    return briefed_mentor(
        programme,
        "Priya Patel",
        **PRIYA_AND_GRACE,
        bio="Research technician who runs the staff race network's book club.",
        experience_statement=STATEMENT,
        qualities_reflection="I listen well; I want to get better at challenging with care.",
    )


@pytest.fixture
def tom(programme):
    """A mentor from Estates, free only on Tuesday mornings."""
    return briefed_mentor(programme, "Tom Tran", department="Estates", job_title="Porter")


@pytest.fixture
def grace(programme):
    """The Provost: both themes, free when Priya is."""
    return briefed_board_member(
        programme,
        "Grace Okafor",
        **PRIYA_AND_GRACE,
        bio="Provost since 2022; chairs the Provost's Board.",
        learning_goals="How decisions at the top feel to colleagues without positional power.",
    )


@pytest.fixture
def harold(programme):
    """A vice-president free only on Friday afternoons, so never when Tom is."""
    return briefed_board_member(
        programme,
        "Harold Hughes",
        role_title="Vice-President (Operations)",
        themes=("Culture change",),
        slots=(FRIDAY_AFTERNOON,),
        bio="Runs estates, IT and finance.",
    )


@pytest.fixture
def people(programme):
    """Two mentors and two board members, any of whom may be paired with any other."""
    return {
        "priya": briefed_mentor(programme, "Priya Patel", slots=BOTH_DAYS),
        "tom": briefed_mentor(programme, "Tom Tran", department="Estates", slots=BOTH_DAYS),
        "grace": briefed_board_member(programme, "Grace Okafor", slots=BOTH_DAYS),
        "harold": briefed_board_member(programme, "Harold Hughes", slots=BOTH_DAYS),
    }
