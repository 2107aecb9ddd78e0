"""Last year's mentor may join the programme office once her pair has ended and its
programme closed. Her board member's profile answers were never hers to read (she was shown
his name, role, bio and themes: DESIGN.md), so the office's list of board members leaves his
places out, and a later cohort's match board offers him by name with his department and the
reasons read from his answers not shown. The rest of the office reads them all."""

import pytest
from django.test import Client
from django.urls import reverse

from matching.services import pair_propose
from mentoring.models import BoardMember
from tests.admin_pages import change_url, joins_the_office, rows, takes_part_again, the_next_cohort
from tests.matching.board import board_rows, board_url, briefed_mentor, words

pytestmark = pytest.mark.django_db

HIS_DEPARTMENT = "Quillbrook Estates Annexe"
HIS_GOALS = "How the Zephyrine committee hears dissent from the floor"
BOARD_MEMBERS = reverse("admin:mentoring_boardmember_changelist")
NOT_SHOWN = "Not shown: you were paired with them."
HIS_ANSWERS = {"department": HIS_DEPARTMENT, "learning_goals": HIS_GOALS}


@pytest.fixture
def next_cohort(cast):
    """The pilot closed with Maya and Bola's pair completed; in a later cohort Bola is a
    board member again, to be matched with Lena."""
    BoardMember.objects.filter(pk=cast.pair.board_member.pk).update(**HIS_ANSWERS)
    programme = the_next_cohort(cast)
    takes_part_again(programme, cast, "board_member", **HIS_ANSWERS)
    briefed_mentor(programme, "Lena Library")
    return programme


def test_his_places_are_not_in_her_list_of_board_members_nor_open_to_her(client, cast, next_cohort):
    joins_the_office(client, cast.mentor)

    listed = client.get(BOARD_MEMBERS)
    searched = client.get(BOARD_MEMBERS, {"q": HIS_DEPARTMENT})
    places = cast.board_member.board_memberships.all()
    pages = [client.get(change_url(place), follow=True) for place in places]

    assert [row["name"] for row in rows(listed)] == [cast.other_board_member.full_name]
    assert rows(searched) == []
    for page in pages:
        assert page.redirect_chain  # the admin's "doesn't exist": never his profile
        assert HIS_GOALS not in words(page.content.decode())
        assert HIS_DEPARTMENT not in words(page.content.decode())


def test_the_next_cohorts_board_offers_him_without_his_department_or_reasons(
    client, cast, next_cohort
):
    joins_the_office(client, cast.mentor)

    page = client.get(board_url(next_cohort))

    text = words(page.content.decode())
    assert HIS_DEPARTMENT not in text
    assert f"Department {NOT_SHOWN.lower()}" in text
    his_place = next_cohort.board_members.get(user=cast.board_member)
    candidates = board_rows(page)[str(his_place)]["candidates"]
    assert [(name, why) for name, _, why in candidates] == [("Lena Library", NOT_SHOWN)]
    assert f"Propose Lena Library for {his_place}" in text  # still matched


def test_a_proposal_with_him_does_not_give_his_answers_as_its_reasons(client, cast, next_cohort):
    joins_the_office(client, cast.mentor)
    pair_propose(
        mentor=next_cohort.applications.get(),
        board_member=next_cohort.board_members.get(user=cast.board_member),
        proposed_by=cast.coordinator,
    )

    page = words(client.get(board_url(next_cohort)).content.decode())

    proposals = page.split("Proposals (1)")[1].split("Still to be matched")[0]
    assert NOT_SHOWN in proposals
    assert "Anti-racism" not in proposals  # the theme he chose
    assert "Accept Lena Library with" in proposals  # the office still confirms it


def test_the_rest_of_the_office_reads_his_profile(cast, next_cohort):
    office = Client()
    office.force_login(cast.coordinator)  # never in their pair

    listed = rows(office.get(BOARD_MEMBERS))
    board = words(office.get(board_url(next_cohort)).content.decode())
    page = words(office.get(change_url(cast.pair.board_member)).content.decode())

    assert [row["name"] for row in listed].count(cast.board_member.full_name) == 2
    assert HIS_DEPARTMENT in board
    assert HIS_GOALS in page
