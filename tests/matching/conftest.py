"""The board's small cast: one programme, its office, and two mentors and two board members
who may be paired any way round. Modules that need another shape define their own."""

import pytest

from tests.factories import ProgrammeFactory
from tests.matching.test_match_board import briefed_board_member, briefed_mentor

BOTH_DAYS = (("Tuesday", "morning"), ("Friday", "afternoon"))


@pytest.fixture
def programme():
    return ProgrammeFactory(themes=["Anti-racism"])


@pytest.fixture
def office(client, coordinator):
    client.force_login(coordinator)
    return client


@pytest.fixture
def people(programme):
    """Two mentors and two board members, any of whom may be paired with any other."""
    return {
        "priya": briefed_mentor(programme, "Priya Patel", slots=BOTH_DAYS),
        "tom": briefed_mentor(programme, "Tom Tran", department="Estates", slots=BOTH_DAYS),
        "grace": briefed_board_member(programme, "Grace Okafor", slots=BOTH_DAYS),
        "harold": briefed_board_member(programme, "Harold Hughes", slots=BOTH_DAYS),
    }
