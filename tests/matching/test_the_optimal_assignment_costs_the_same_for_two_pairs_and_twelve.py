"""The optimal assignment proposes every pair in one INSERT, with the audit trail's rows in
two more: the same queries for a cohort of two as for twelve."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from mentoring.models import Match
from tests.factories import ProgrammeFactory
from tests.matching.board import board_url, briefed_board_member, briefed_mentor

pytestmark = pytest.mark.django_db


def cohort(size: int, tag: str):
    programme = ProgrammeFactory()
    for n in range(size):
        briefed_mentor(programme, f"Mentor{tag}{n} Marsh", department=f"Dept {n}")
        briefed_board_member(programme, f"Member{tag}{n} Moss")
    return programme


def queries(client, programme) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.post(board_url(programme, "optimal")).status_code == 302
    return len(captured)


def test_proposing_twelve_pairs_costs_what_two_cost(office):
    small, large = cohort(2, "s"), cohort(12, "l")

    few, many = queries(office, small), queries(office, large)

    assert Match.objects.proposed().filter(programme=small).count() == 2
    assert Match.objects.proposed().filter(programme=large).count() == 12
    assert many == few
