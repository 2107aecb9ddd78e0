"""Last year's board member may join the programme office and run a later cohort's match
board, on which his former mentor is a candidate again. Her application's answers are still
not his to read (a board member never sees his mentor's application, DESIGN.md): the board
offers her by name and score, and says the rest is not shown. The office still matches her."""

import pytest
from django.test import Client

from matching.services import pair_propose
from tests.admin_pages import joins_the_office, takes_part_again, the_next_cohort
from tests.matching.board import (
    board_rows,
    board_url,
    briefed_board_member,
    words,
)

pytestmark = pytest.mark.django_db

HER_CONFLICT = "My brother chairs the Estates committee"
HIS_CONFLICT = "I sit on the Provost's working group"
NOT_SHOWN = "Not shown: you were paired with them."


@pytest.fixture
def next_cohort(cast):
    """The pilot closed with Bola and Maya's pair completed, Bola in the office, and a later
    cohort in which Maya and Omar are mentors again and Grace is to be matched."""
    programme = the_next_cohort(cast)
    for role, department, conflict in [
        ("mentor", "Estates", HER_CONFLICT),
        ("other_mentor", "Library", HIS_CONFLICT),
    ]:
        takes_part_again(
            programme,
            cast,
            role,
            department=department,
            has_conflict=True,
            conflict_details=conflict,
        )
    briefed_board_member(programme, "Grace Okafor", department="Provost's Office")
    return programme


def test_his_former_mentor_is_offered_without_her_declared_conflict_or_her_answers(
    client, cast, next_cohort
):
    joins_the_office(client, cast.board_member)

    page = client.get(board_url(next_cohort))

    candidates = {name: why for name, _, why in board_rows(page)["Grace Okafor"]["candidates"]}
    assert set(candidates) == {"Maya Mentor", "Omar Other"}  # still matched, by name and score
    assert candidates["Maya Mentor"] == NOT_SHOWN
    text = words(page.content.decode())
    assert HER_CONFLICT not in text
    assert "Estates" not in text  # her department, an answer of hers
    assert "Propose Maya Mentor for Grace Okafor" in text  # the office still matches her
    assert f"Declared conflict: {HIS_CONFLICT}" in candidates["Omar Other"]
    office = Client()
    office.force_login(cast.coordinator)  # never in her pair: reads her answers
    theirs = board_rows(office.get(board_url(next_cohort)))["Grace Okafor"]["candidates"]
    assert f"Declared conflict: {HER_CONFLICT}" in {n: w for n, _, w in theirs}["Maya Mentor"]


def test_a_proposal_with_his_former_mentor_does_not_give_her_answers_as_its_reasons(
    client, cast, next_cohort
):
    joins_the_office(client, cast.board_member)
    maya = next_cohort.applications.get(applicant=cast.mentor)
    pair_propose(
        mentor=maya, board_member=next_cohort.board_members.get(), proposed_by=cast.coordinator
    )

    page = words(client.get(board_url(next_cohort)).content.decode())

    proposals = page.split("Proposals (1)")[1].split("Still to be matched")[0]
    assert "Maya Mentor" in proposals
    assert NOT_SHOWN in proposals
    assert "Anti-racism" not in proposals  # the themes she chose
    assert "Accept Maya Mentor with Grace Okafor" in proposals


def test_why_his_former_mentor_is_blocked_is_not_shown_either(client, cast, next_cohort):
    briefed_board_member(next_cohort, "Harold Hughes", department="Estates")
    joins_the_office(client, cast.board_member)

    page = client.get(board_url(next_cohort))

    blocked = {name: why for name, _, why in board_rows(page)["Harold Hughes"]["blocked"]}
    assert blocked["Maya Mentor"] == (
        "the reasons are not shown to you, because you were paired with Maya Mentor"
    )
    assert "same department" not in words(page.content.decode())
