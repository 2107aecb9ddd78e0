"""The page of a sent application offers the other programmes recruiting now that the person
may apply to (mentoring.views.applications._recruiting_besides), and /apply/'s form the
choice among them (`_recruiting_for`): found in one query however many programmes recruit,
and none at all for someone no programme would take (a board member anywhere, as
`why_cannot_apply` answers while none is named). Maya reads her pilot application; so does
Maya once invited to an old programme's board at an alias of her address (the navigation
says she has such a place, so each programme's board is asked about her); Bola, on the
pilot's board, reads the application she sent to an older cohort before she joined it."""

from datetime import date

import pytest

from mentoring.models import Programme
from tests.applying import apply_url, offer
from tests.factories import (
    BoardMemberFactory,
    MentorApplicationFactory,
    ProgrammeFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

# The second visit (the navigation's facts kept by the first): 1 session, 2 user, 3 the
# programme named, 4 whether a coordinator, 5 their board places, 6 the board places at
# their mailboxes (`why_cannot_apply`: /apply/ lets them in), then for Maya 7 her
# application and 8 its themes, 9 her pairs and 10 their meetings, and 11 the other
# programmes recruiting that she may apply to and has sent nothing to; for Bola 7 her
# application there (that she may still read it), 8 it again for the page and 9 its themes,
# 10 the briefings for her, and 11 her board places (`why_cannot_apply` while none is named):
# no programme would take her, so none is read.
STATUS_PAGE_QUERIES = {"maya": 11, "maya_at_an_alias": 11, "bola": 11}


@pytest.fixture
def old_cohort(cast):
    """The 2025/26 cohort, before the pilot, recruiting no more."""
    return ProgrammeFactory(
        name="2025/26 cohort",
        slug="cohort-2025",
        starts_on=date(2025, 9, 1),
        recruitment_open=False,
    )


def recruiting(how_many: int) -> list[Programme]:
    """`how_many` newer cohorts recruiting mentors: Cohort 1, Cohort 2..."""
    return [
        ProgrammeFactory(name=f"Cohort {n}", slug=f"cohort-x{n}") for n in range(1, how_many + 1)
    ]


@pytest.fixture(params=STATUS_PAGE_QUERIES)
def reader(request, client, cast, old_cohort):
    """The person reading their sent application, signed in; the page's address."""
    if request.param == "bola":
        MentorApplicationFactory(programme=old_cohort, applicant=cast.board_member)
        client.force_login(cast.board_member)
        return request.param, apply_url(old_cohort)
    if request.param == "maya_at_an_alias":
        BoardMemberFactory(programme=old_cohort, user=None, email="maya+board@example.org")
    client.force_login(cast.mentor)
    return request.param, apply_url(cast.programme)


# What Maya is offered, newest first (the cohorts are made one after another).
OFFERED = {
    1: "You can also apply to Cohort 1, which is recruiting reverse mentors now.",
    6: (
        "You can also apply to Cohort 6, Cohort 5, Cohort 4, Cohort 3, Cohort 2 and Cohort 1, "
        "which are recruiting reverse mentors now."
    ),
}


@pytest.mark.parametrize("how_many", [1, 6])
def test_the_offer_costs_the_same_whatever_the_number_recruiting(
    client, reader, how_many, django_assert_max_num_queries
):
    who, url = reader
    recruiting(how_many)
    client.get(url)  # what the first page of a session reads and keeps is not counted

    with django_assert_max_num_queries(STATUS_PAGE_QUERIES[who]):
        response = client.get(url)

    # Bola, on the pilot's board, could apply to none of them: none is offered.
    assert offer(response.content.decode()) == ("" if who == "bola" else OFFERED[how_many])


def test_a_programme_with_a_board_place_at_her_alias_is_not_offered(client, cast):
    cohort_1 = recruiting(2)[0]
    BoardMemberFactory(programme=cohort_1, user=None, email="maya+board@example.org")
    client.force_login(cast.mentor)

    said = offer(client.get(apply_url(cast.programme)).content.decode())

    assert said == "You can also apply to Cohort 2, which is recruiting reverse mentors now."


def test_a_second_account_on_a_board_stops_only_that_programme_being_offered(client, cast):
    """Maya's second account, at an alias of her address, on the board of one cohort."""
    cohort_2 = recruiting(2)[1]
    BoardMemberFactory(
        programme=cohort_2, user=UserFactory(full_name="Maya Mentor", email="maya+2@example.org")
    )
    client.force_login(cast.mentor)

    said = offer(client.get(apply_url(cast.programme)).content.decode())

    assert said == "You can also apply to Cohort 1, which is recruiting reverse mentors now."


# /apply/'s form for Priya, invited to an old programme's board at an alias of her address,
# on the second visit (the navigation's facts kept): 1 session, 2 user, 3 the programme,
# 4 whether a coordinator, 5 her board places, 6 the board places at her mailboxes, 7 her
# application there (none), 8 the programmes recruiting that she may apply to, 9 the
# briefings, 10 the grades and 11 the programme's themes, for the form.
FORM_PAGE_QUERIES = 11


@pytest.mark.parametrize("how_many", [1, 6])
def test_the_forms_choice_costs_the_same_whatever_the_number_recruiting(
    client, cast, old_cohort, priya, how_many, django_assert_max_num_queries
):
    BoardMemberFactory(programme=old_cohort, user=None, email="priya+board@example.org")
    cohorts = recruiting(how_many)
    client.force_login(priya)
    client.get(apply_url(cast.programme))

    with django_assert_max_num_queries(FORM_PAGE_QUERIES):
        response = client.get(apply_url(cast.programme))

    html = response.content.decode()
    assert all(f"?programme={cohort.slug}" in html for cohort in cohorts)
