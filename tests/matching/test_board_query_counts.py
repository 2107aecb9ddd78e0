"""The match board and /match/ cost the same number of queries for few people as for many."""

import pytest
from django.urls import reverse

from matching.models import MatchingSettings
from mentoring.models import MatchStatus, Programme, ProgrammeStatus
from tests.factories import (
    BriefedBoardMemberFactory,
    ConflictOfInterestFactory,
    MatchFactory,
    MentorFactory,
    ProgrammeFactory,
    closed_now,
)
from tests.query_counts import queries_for

pytestmark = pytest.mark.django_db


# --- the match board --------------------------------------------------------------------------


def cohort(size):
    """A programme with `size` mentors and `size` board members, and a third of them in each
    thing the board shows: active pairs, open proposals, conflicts of interest, earlier pairs.
    Also a mentor who was not briefed, so every row has a blocked pair."""
    programme = ProgrammeFactory()
    # The first visit creates the programme's settings; every later visit only reads them.
    MatchingSettings.for_programme(programme)
    mentors = [
        MentorFactory(programme=programme, themes=programme.themes.all()) for _ in range(size)
    ]
    members = [
        BriefedBoardMemberFactory(programme=programme, themes=programme.themes.all())
        for _ in range(size)
    ]
    third = size // 3
    earlier = ProgrammeFactory(status=ProgrammeStatus.CLOSED, recruitment_open=False)
    for n in range(third):
        MatchFactory(mentor=mentors[n], board_member=members[n], status=MatchStatus.ACTIVE)
        MatchFactory(mentor=mentors[third + n], board_member=members[third + n])
        ConflictOfInterestFactory(
            mentor=mentors[2 * third + n].applicant, board_member=members[-1 - n].user
        )
        MatchFactory(
            mentor=MentorFactory(programme=earlier, applicant=mentors[third + n].applicant),
            board_member=BriefedBoardMemberFactory(
                programme=earlier, user=members[-1 - n].user, email=members[-1 - n].email
            ),
            status=MatchStatus.ENDED,
        )
    MentorFactory(programme=programme, briefed=False)
    return programme


def board_url(programme):
    return reverse("admin:matching_board", args=[programme.pk])


# 1 session, 2 user, 3 whether they have an authenticator, are a coordinator, and their
# permissions (one query: accounts.access.staff_facts_read), 4 the programme, 5 its matching
# settings, 6 the accepted mentors with their user, whether briefed and how many active pairs
# (one query: JOIN and subqueries), 7 their themes (prefetch), 8 the board members who joined,
# with user, board, whether briefed and active pairs (one query; in a closed programme also
# whether each was in a pair at the closing, and those whose accounts were closed since), 9
# their themes (prefetch), 10 conflicts of interest among them, 11 pairs from earlier cohorts
# among them, 12 the other addresses the mentors' and board members' accounts hold (the line
# manager and same person rules), 13 open proposals with both people (JOINs), 14 active
# pairs with both people (JOINs), 15 whom the reader was ever paired with (one query, its
# pairs a subquery: their answers are not shown to them). Scores, reasons and blocks are
# then computed in memory.
BOARD_QUERIES = 15


@pytest.mark.parametrize("size", [3, 15])
def test_the_match_board_costs_the_same_for_a_small_and_a_large_cohort(
    client, coordinator, django_assert_max_num_queries, size
):
    programme = cohort(size)
    client.force_login(coordinator)

    with django_assert_max_num_queries(BOARD_QUERIES):
        response = client.get(board_url(programme))

    content = response.content.decode()
    assert content.count('<article class="board-row"') == size - size // 3
    assert f"Proposals ({size // 3})" in content
    assert f"Active pairs ({size // 3})" in content
    assert "not been briefed" in content


@pytest.mark.parametrize("size", [3, 15])
def test_a_closed_programmes_board_costs_no_more_than_a_running_ones(
    client, coordinator, django_assert_num_queries, size
):
    """The same queries: who was in a pair at the closing is read with the board members
    (`left_unmatched`), in query 8."""
    programme = cohort(size)
    Programme.objects.filter(pk=programme.pk).update(**closed_now())
    client.force_login(coordinator)

    with django_assert_num_queries(BOARD_QUERIES):
        response = client.get(board_url(programme))

    assert f"Left unmatched when it closed ({size - size // 3})" in response.content.decode()


def test_the_match_board_does_not_grow_with_the_cohort(client, coordinator):
    small, large = cohort(3), cohort(15)
    client.force_login(coordinator)

    assert queries_for(client, board_url(large)) == queries_for(client, board_url(small))


# --- /match/ ---------------------------------------------------------------------------------


def pairs(programme, count):
    return [
        MatchFactory(board_member__programme=programme, status=MatchStatus.ACTIVE)
        for _ in range(count)
    ]


# 1 session, 2 user, 3 the person's pairs with programme, mentor, board member, board and who
# last changed the purpose (one query, JOINs), 4 their meetings (prefetch), 5 their action
# steps (prefetch), 6 the ground rules agreements with their version (prefetch), 7 the newest
# ground rules of each programme, 8 the partner's themes (prefetch: a mentor reads the board
# member's, a board member the mentor's), then 9 the navigation's facts about the person (one
# query; kept in the cache for the next page).
PAIR_PAGE_QUERIES = 9


@pytest.mark.parametrize("others", [1, 10])
@pytest.mark.parametrize("side", ["mentor", "board member"])
def test_the_pair_page_costs_the_same_however_many_other_pairs_exist(
    client, django_assert_max_num_queries, others, side
):
    programme = ProgrammeFactory()
    mine = MatchFactory(board_member__programme=programme, status=MatchStatus.ACTIVE)
    pairs(programme, others)
    person = mine.mentor.applicant if side == "mentor" else mine.board_member.user
    client.force_login(person)

    with django_assert_max_num_queries(PAIR_PAGE_QUERIES):
        response = client.get(reverse("match"))

    assert response.content.decode().count('<section class="card') == 1


@pytest.mark.parametrize("side", ["mentor", "board member"])
def test_the_pair_page_does_not_grow_with_other_pairs(client, side):
    programme = ProgrammeFactory()
    mine = MatchFactory(board_member__programme=programme, status=MatchStatus.ACTIVE)
    pairs(programme, 1)
    client.force_login(mine.mentor.applicant if side == "mentor" else mine.board_member.user)
    few = queries_for(client, reverse("match"))

    pairs(programme, 9)
    pairs(ProgrammeFactory(), 5)
    many = queries_for(client, reverse("match"))

    assert many == few


def test_the_pair_page_costs_the_same_for_a_mentor_with_several_board_members(client):
    programme = ProgrammeFactory()
    mine = MatchFactory(board_member__programme=programme, status=MatchStatus.ACTIVE)
    client.force_login(mine.mentor.applicant)
    client.get(reverse("match"))  # the navigation's facts are read, then kept
    one = queries_for(client, reverse("match"))

    for _ in range(2):
        MatchFactory(
            mentor=mine.mentor,
            board_member=BriefedBoardMemberFactory(programme=programme),
            status=MatchStatus.ACTIVE,
        )
    response = client.get(reverse("match"))
    assert response.content.decode().count('<section class="card') == 3

    assert queries_for(client, reverse("match")) == one
