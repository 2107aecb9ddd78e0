"""What the participants' busiest pages cost, query by query: the navigation reads what it
shows in one query, and then not again until something it reads changes (mentoring.navigation);
the dashboard reads the person's applications once (tests/cast.py's mentor and board member, in
an active pair). `make bench-load` measures the same pages under load."""

import pytest
from django.urls import reverse

from mentoring import navigation
from mentoring.models import EndReason, Match, MatchStatus
from mentoring.services.matches import match_end
from tests.cast import MEMBERS, sign_in_as
from tests.factories import (
    BriefedBoardMemberFactory,
    MatchFactory,
    MentorFactory,
    ProgrammeFactory,
)
from tests.pages import page_text
from tests.query_counts import queries_for

pytestmark = pytest.mark.django_db

# 1 session, 2 user, 3 the person's applications in the running (with whether briefed),
# then the navigation's facts (one query: the current programme, whether a coordinator, a
# board member, an applicant in the running, in a pair, in one now, asked by a survey), [for
# a board member, as those facts say, their board memberships (with whether briefed) and
# their themes]; last, the events with places taken and the person's own registration.
EVENTS_QUERIES = {"mentor": 5, "board_member": 7}

# 1 session, 2 user, 3 every application of the person, with its programme, line-manager
# request and whether briefed (which also gives the programmes they take part in as a mentor),
# then the navigation's facts (which also say whether the person is a coordinator, for the
# page's wording, whether a board member, and the current programme's slug), [for a board
# member, their board memberships (with whether briefed) and their themes], then the active
# pairs, their meetings and their action steps. The current programme is one the person
# applied to or joins as a board member, so it is not read again; and briefed in every part,
# as everyone in a pair is, they are shown no briefing, so none is read.
DASHBOARD_QUERIES = {"mentor": 7, "board_member": 9}


@pytest.fixture(params=MEMBERS)
def role(request, client, cast):
    """Each member of the cast's pair in turn, signed in on `client`."""
    sign_in_as(client, cast, request.param)
    return request.param


def test_the_events_page_asks_about_the_persons_roles_once(client, django_assert_num_queries, role):
    with django_assert_num_queries(EVENTS_QUERIES[role]):
        response = client.get(reverse("events"))

    assert "Events</a>" in response.content.decode()  # the navigation still offers them

    with django_assert_num_queries(EVENTS_QUERIES[role] - 1):  # the navigation's kept
        response = client.get(reverse("events"))

    assert "Events</a>" in response.content.decode()


def test_the_dashboard_reads_the_persons_applications_once(
    client, cast, django_assert_num_queries, role
):
    with django_assert_num_queries(DASHBOARD_QUERIES[role]):
        response = client.get(reverse("dashboard"))

    partner = cast.board_member if role == "mentor" else cast.mentor
    assert f"You are paired with {partner.full_name}" in response.content.decode()


def test_staff_who_have_not_applied_are_offered_apply_in_the_navigation(client, cast):
    sign_in_as(client, cast, "outsider")
    assert "Apply</a>" in client.get(reverse("dashboard")).content.decode()


# 1 session, 2 user, 3 whether the programme is published (read on every visit, never from
# the cache: mentoring.access.programme_for_visitor), 4 the person's application or
# membership, then the pairs and their meetings: where the pair stands needs no action steps.
# The programme, its themes and key dates are kept with the navigation's facts, as is
# whether they are a coordinator, or a board member anywhere (and so maybe here): for the
# cast's board member, 4 whether a board member of this programme, then their membership.
PROGRAMME_PAGE_QUERIES = {"mentor": 6, "board_member": 7}


def test_the_programme_page_says_where_the_pair_stands_without_reading_action_steps(
    client, cast, django_assert_num_queries, role
):
    url = reverse("programme_detail", args=[cast.programme.slug])
    client.get(url)  # the navigation's facts kept

    with django_assert_num_queries(PROGRAMME_PAGE_QUERIES[role]) as captured:
        response = client.get(url)

    partner = cast.board_member if role == "mentor" else cast.mentor
    assert partner.full_name in response.content.decode()
    assert not [q for q in captured.captured_queries if "mentoring_actionstep" in q["sql"]]


# After the pair ended (its programme running on), the same six or seven queries as above
# (the pairs' query finds the ended pair, the meetings' query its meetings) and one more, 7
# or 8: the person's place in another programme still running (mentoring.selectors.
# place_elsewhere), where the ended pair's "Next:" points. The navigation's kept facts cannot
# tell it: they say whether the person is an applicant or a board member anywhere, not where,
# nor whether accepted there. Someone whose pair has not ended reads no such query (above), nor
# does one whose pair ended to rematch (still to be matched here: the place is not looked for).
PROGRAMME_PAGE_AFTER_PAIR_ENDED_QUERIES = {"mentor": 7, "board_member": 8}


def test_the_programme_page_after_a_pair_ended_reads_one_more_query_for_a_place_elsewhere(
    client, cast, django_assert_num_queries, role
):
    match_end(match=cast.pair, reason=EndReason.COMPLETED)
    # A colleague's place in a later cohort: not theirs, so the office is where they write.
    MentorFactory(programme=ProgrammeFactory(name="2027/28 cohort", slug="later"))
    url = reverse("programme_detail", args=[cast.programme.slug])
    client.get(url)  # the navigation's facts kept

    with django_assert_num_queries(PROGRAMME_PAGE_AFTER_PAIR_ENDED_QUERIES[role]):
        response = client.get(url)

    assert "To talk about what happens next, write to" in response.content.decode()


def a_second_pair_ended_and_a_place_in_a_third_programme(cast, role):
    """Beside the pilot pair, one of the cast's pair in a second cohort that ended to rematch
    (no place elsewhere is looked for), and a place of theirs in a third cohort: on its board,
    or accepted there as a mentor."""
    second = ProgrammeFactory(name="2027 spring cohort", slug="spring")
    third = ProgrammeFactory(name="2027/28 cohort", slug="later")
    person = cast.person(role)
    if role == "mentor":
        pair = MatchFactory(
            mentor=MentorFactory(programme=second, applicant=person),
            board_member=BriefedBoardMemberFactory(programme=second, user=cast.other_board_member),
            status=MatchStatus.ENDED,
            end_reason=EndReason.REMATCHED,
        )
        MentorFactory(programme=third, applicant=person)
    else:
        pair = MatchFactory(
            mentor=MentorFactory(programme=second, applicant=cast.other_mentor),
            board_member=BriefedBoardMemberFactory(programme=second, user=person),
            status=MatchStatus.ENDED,
            end_reason=EndReason.REMATCHED,
        )
        BriefedBoardMemberFactory(programme=third, user=person)
    return pair


def test_the_dashboard_reads_the_place_elsewhere_once_for_every_pair_that_ended(client, cast, role):
    match_end(match=cast.pair, reason=EndReason.COMPLETED)
    second_pair = a_second_pair_ended_and_a_place_in_a_third_programme(cast, role)
    url, pointed = reverse("dashboard"), "what happens next for you is in 2027/28 cohort"
    assert page_text(client.get(url)).count(pointed) == 1  # and the navigation's facts kept
    one_pointed = queries_for(client, url)

    # The second pair ran its course too: its card points to the third cohort as well. (The
    # update tells the navigation, whose facts are read again on the next page.)
    Match.objects.filter(pk=second_pair.pk).update(end_reason=EndReason.COMPLETED)
    assert page_text(client.get(url)).count(pointed) == 2
    two_pointed = queries_for(client, url)

    assert two_pointed == one_pointed


# 1 session, 2 user, 3 the navigation's facts (which also say which parts the person takes:
# board member, applicant), 4 their board membership with its programme and board and
# whether the programme needs a theme of them (matching's themes weighed Mandatory), 5 the
# programme's themes, each with whether they chose it (the form's choices and what it starts
# with), 6 their calendar address and 7 the boards (the form's choices).
PROFILE_QUERIES = 7


def test_the_board_members_profile_asks_about_their_parts_once(
    client, cast, django_assert_num_queries
):
    sign_in_as(client, cast, "board_member")
    client.get(reverse("profile"))  # the first visit makes their calendar address
    navigation.changed()  # the navigation's facts read again
    with django_assert_num_queries(PROFILE_QUERIES):
        response = client.get(reverse("profile"))

    assert "Your role" in response.content.decode()  # the board member's own profile form

    with django_assert_num_queries(PROFILE_QUERIES - 1):  # the navigation's kept
        response = client.get(reverse("profile"))

    assert "Your role" in response.content.decode()


# 1 session, 2 user, 3 the navigation's facts, 4 the person's pairs (with their programme and
# both people), 5 their meetings and 6 the person's calendar address: not the pair page's
# themes, ground rules, agreements or action steps.
SCHEDULE_QUERIES = 6


def test_the_schedule_reads_the_pairs_meetings_and_nothing_else_of_theirs(
    client, cast, django_assert_num_queries, role
):
    client.get(reverse("meetings"))  # the first visit makes their calendar address
    navigation.changed()  # the navigation's facts read again
    with django_assert_num_queries(SCHEDULE_QUERIES):
        response = client.get(reverse("meetings"))

    partner = cast.board_member if role == "mentor" else cast.mentor
    assert f"With {partner.full_name}" in response.content.decode()


# 1 session, 2 user, 3 the person's pairs (with their programme, both people, the ground rules
# in force and the version each of the two agreed), 4 their meetings, 5 their action steps,
# 6 the partners' themes: the page shows the partner's, never the person's own.
PAIR_PAGE_QUERIES = 6


def test_the_pair_page_reads_the_partners_themes_alone(
    client, cast, django_assert_num_queries, role
):
    mine, theirs = cast.programme.themes.all()[:2]
    cast.pair.mentor.themes.set([mine if role == "mentor" else theirs])
    cast.pair.board_member.themes.set([theirs if role == "mentor" else mine])
    client.get(reverse("match"))  # the navigation's facts kept

    with django_assert_num_queries(PAIR_PAGE_QUERIES):
        response = client.get(reverse("match"))

    page = response.content.decode()
    assert f"Themes they care about: {theirs.name}</p>" in page
    assert mine.name not in page
