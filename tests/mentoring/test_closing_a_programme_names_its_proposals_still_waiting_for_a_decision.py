"""A proposed pair can never be accepted once its programme has closed (`PROGRAMME_ENDED`):
the confirmation before closing names each proposal still waiting for a decision, says so,
and links to the programme's proposals in Pairs, where they can be discarded."""

import re

import pytest

from mentoring.models import MatchStatus
from mentoring.selectors.programmes import programme_under_way
from tests.admin_pages import change_url, form_data, rows, signed_in_for_real, words
from tests.factories import BriefedBoardMemberFactory, MatchFactory, MentorFactory, UserFactory

pytestmark = pytest.mark.django_db
office = signed_in_for_real("coordinator")


@pytest.fixture
def proposal(cast):
    """Pat and Quin, proposed as a pair in the pilot, not decided yet."""
    return MatchFactory(
        mentor=MentorFactory(
            programme=cast.programme, applicant=UserFactory(full_name="Pat Proposed")
        ),
        board_member=BriefedBoardMemberFactory(
            programme=cast.programme, user=UserFactory(full_name="Quin Board")
        ),
    )


def closing(office, programme):
    url = change_url(programme)
    data = {k: v for k, v in form_data(office.get(url)).items() if k != "recruitment_open"}
    return office.post(url, {**data, "status": "closed"})


def test_programme_under_way_gives_its_proposals_with_their_people(cast, proposal):
    assert programme_under_way(cast.programme)["proposals"] == [proposal]


def test_the_confirmation_names_each_proposal_and_says_it_can_no_longer_be_accepted(
    office, cast, proposal
):
    page = closing(office, cast.programme)

    said = words(page.content.decode())
    assert "Close 2026/27 pilot?" in said
    assert "Proposed pairs waiting for a decision (1)" in said
    assert "Pat Proposed and Quin Board" in said
    assert "this proposal can no longer be accepted" in said
    assert proposal.status == MatchStatus.PROPOSED


def test_its_link_lists_those_proposals_where_they_can_be_discarded(office, cast, proposal):
    page = closing(office, cast.programme).content.decode()

    link = re.search(r'<a href="([^"]+)">Pairs</a> and use “Discard the selected proposals', page)
    listed = office.get(link.group(1).replace("&amp;", "&"))

    assert [row["mentor_name"] for row in rows(listed)] == ["Pat Proposed"]
    assert "Discard the selected proposals" in listed.content.decode()


def test_a_programme_with_no_proposal_names_none(office, cast):
    said = words(closing(office, cast.programme).content.decode())

    assert "Close 2026/27 pilot?" in said
    assert "Proposed pairs waiting" not in said
