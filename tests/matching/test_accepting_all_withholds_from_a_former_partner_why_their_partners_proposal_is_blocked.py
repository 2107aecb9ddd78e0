"""Last year's mentor (Maya) joins the programme office once her pair with Bola ended and the
pilot closed; in the next cohort Bola is a board member again, proposed with Lena. Bola has
since given Lena's department as his, so that proposal may not be accepted. The match board
tells Maya only that it cannot be accepted now, as why is read from Bola's answers: "Accept
all proposals", the list's "Accept the selected proposals", the messages after "Yes" and
"Propose" say no more to her. The rest of the office is told why."""

import pytest
from django.test import Client

from matching.services import pair_propose
from mentoring.models import BoardMember
from tests.admin_pages import (
    confirmed,
    joins_the_office,
    messages_shown,
    recipients_named,
    takes_part_again,
    the_next_cohort,
    unchanged_named,
    words,
)
from tests.matching.board import (
    accept_chosen,
    board_url,
    briefed_board_member,
    briefed_mentor,
    propose,
)

pytestmark = pytest.mark.django_db

LENAS_DEPARTMENT = "Library Special Collections"
SAME_DEPARTMENT = "they work in the same department"
# What the board says in place of why a pair of a former partner's may not be made: that
# the reasons are not shown, and because of whom.
WHY_NOT_SHOWN = "the reasons are not shown to you, because you were paired with Bola Board"


@pytest.fixture
def next_cohort(cast):
    """The pilot closed with Maya and Bola's pair completed; in the next cohort Bola is a
    board member again and Lena a mentor, and Tom and Harold are new to it."""
    programme = the_next_cohort(cast)
    takes_part_again(programme, cast, "board_member", department="Provost's Office")
    briefed_mentor(programme, "Lena Library", department=LENAS_DEPARTMENT)
    briefed_mentor(programme, "Tom Tran", department="Estates")
    briefed_board_member(programme, "Harold Hughes")
    return programme


def proposed(cast, programme, mentor: str, member) -> None:
    pair_propose(
        mentor=programme.applications.get(applicant__full_name=mentor),
        board_member=programme.board_members.get(user=member),
        proposed_by=cast.coordinator,
    )


def bola_moves_to_lenas_department(cast, programme) -> None:
    BoardMember.objects.filter(programme=programme, user=cast.board_member).update(
        department=LENAS_DEPARTMENT
    )


@pytest.fixture
def both_proposed(cast, next_cohort):
    """Lena with Bola, and Tom with Harold, proposed; then Bola gave Lena's department."""
    proposed(cast, next_cohort, "Lena Library", cast.board_member)
    harold = next_cohort.board_members.get(user__full_name="Harold Hughes").user
    proposed(cast, next_cohort, "Tom Tran", harold)
    bola_moves_to_lenas_department(cast, next_cohort)
    return next_cohort


def the_office(cast) -> Client:
    """Carmen's browser: she was never paired with Bola, and reads why."""
    office = Client()
    office.force_login(cast.coordinator)
    return office


def test_the_board_tells_her_only_that_it_cannot_be_accepted_now(client, cast, both_proposed):
    joins_the_office(client, cast.mentor)

    board = words(client.get(board_url(both_proposed)).content.decode())

    assert (
        "Cannot be accepted now: The reasons are not shown to you, because you were paired "
        "with Bola Board. Discard it, or remove what blocks it." in board
    )
    assert SAME_DEPARTMENT not in board
    assert SAME_DEPARTMENT in words(the_office(cast).get(board_url(both_proposed)).content.decode())


def test_accepting_all_proposals_does_not_tell_her_why_his_is_left(client, cast, both_proposed):
    joins_the_office(client, cast.mentor)

    page = client.post(board_url(both_proposed, "accept"))

    assert recipients_named(page) == [
        "Tom Tran (tom@example.org): paired with Harold Hughes",
        "Harold Hughes (harold@example.com): paired with Tom Tran",
    ]
    assert unchanged_named(page) == [
        f"Lena Library and Bola Board: left as a proposal: {WHY_NOT_SHOWN}"
    ]
    theirs = the_office(cast).post(board_url(both_proposed, "accept"))
    assert unchanged_named(theirs) == [
        f"Lena Library and Bola Board: left as a proposal: {SAME_DEPARTMENT}"
    ]


def test_accepting_the_selected_proposals_does_not_tell_her_either(client, cast, both_proposed):
    joins_the_office(client, cast.mentor)

    page = accept_chosen(client, *both_proposed.matches.all())

    assert unchanged_named(page) == [
        f"Lena Library and Bola Board: left as a proposal: {WHY_NOT_SHOWN}"
    ]
    theirs = accept_chosen(the_office(cast), *both_proposed.matches.all())
    assert unchanged_named(theirs) == [
        f"Lena Library and Bola Board: left as a proposal: {SAME_DEPARTMENT}"
    ]


def test_when_his_proposal_is_blocked_before_she_says_yes_she_is_not_told_why(
    client, cast, next_cohort
):
    proposed(cast, next_cohort, "Lena Library", cast.board_member)
    joins_the_office(client, cast.mentor)
    page = client.post(board_url(next_cohort, "accept"))
    assert unchanged_named(page) == []  # acceptable when the page was shown
    bola_moves_to_lenas_department(cast, next_cohort)

    done = client.post(board_url(next_cohort, "accept"), confirmed(page), follow=True)

    assert messages_shown(done) == [
        "The pairing of "
        f"Lena Library and Bola Board was not confirmed and nobody was emailed: {WHY_NOT_SHOWN}."
    ]
    assert next_cohort.matches.get().status == "proposed"


def test_when_he_is_blocked_before_she_proposes_him_she_is_not_told_why(client, cast, next_cohort):
    joins_the_office(client, cast.mentor)
    board = words(client.get(board_url(next_cohort)).content.decode())
    assert "Propose Lena Library for Bola Board" in board
    bola_moves_to_lenas_department(cast, next_cohort)
    lena = next_cohort.applications.get(applicant__full_name="Lena Library")
    bola = next_cohort.board_members.get(user=cast.board_member)

    done = propose(client, next_cohort, lena, bola)

    assert messages_shown(done) == [
        f"Lena Library and Bola Board cannot be paired: {WHY_NOT_SHOWN}."
    ]
    assert not next_cohort.matches.exists()
    theirs = propose(the_office(cast), next_cohort, lena, bola)
    assert messages_shown(theirs) == [
        f"Lena Library and Bola Board cannot be paired: {SAME_DEPARTMENT}."
    ]
