"""Deciding the requests of pair members from the admin's list costs the same queries for two
requests as for twenty: the requests are closed with one UPDATE, and their pairs end as the
match list ends them (mentoring.services.matches.matches_end): one UPDATE for them all, the
audit trail's rows, the names kept beside them and the emails in one INSERT each."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import AuditAction, AuditEvent, OutboxMessage
from mentoring.models import Match, MatchStatus, PairRequest, PairRequestOutcome
from tests.admin_pages import confirmed, messages_shown
from tests.factories import (
    BriefedBoardMemberFactory,
    MatchFactory,
    MeetingFactory,
    MentorFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

REQUESTS = reverse("admin:mentoring_pairrequest_changelist")


def asked_to_end(programme, numbers) -> list[PairRequest]:
    """For each of `numbers`, an active pair "Mentor3 Marsh and Member3 Moss" with a meeting
    to come, whose mentor asked to end it."""
    requests = []
    for n in numbers:
        match = MatchFactory(
            mentor=MentorFactory(
                programme=programme, applicant=UserFactory(full_name=f"Mentor{n} Marsh")
            ),
            board_member=BriefedBoardMemberFactory(
                programme=programme, user=UserFactory(full_name=f"Member{n} Moss")
            ),
            status=MatchStatus.ACTIVE,
        )
        MeetingFactory(match=match)
        requests.append(
            PairRequest.objects.create(match=match, kind="end", raised_by=match.mentor.applicant)
        )
    return requests


def decided(client, action, requests) -> int:
    """The queries of "Yes" to deciding `requests` with `action`, as its page posts it."""
    chosen = {"action": action, "_selected_action": [request.pk for request in requests]}
    yes = {**chosen, **confirmed(client.post(REQUESTS, chosen)), "end_reason": "withdrawn"}
    with CaptureQueriesContext(connection) as captured:
        response = client.post(REQUESTS, yes)
    assert response.status_code == 302
    return len(captured)


def both_ways(client, programme, action) -> tuple[list[int], list[PairRequest]]:
    """The queries of deciding two requests, then twenty; once first on another, so that
    what the first request of a session reads and keeps is not counted."""
    decided(client, action, asked_to_end(programme, [99]))
    few, many = asked_to_end(programme, range(2)), asked_to_end(programme, range(2, 22))
    return [decided(client, action, few), decided(client, action, many)], few + many


NAMES = sorted(f"Mentor{n} Marsh and Member{n} Moss" for n in range(22))

# 1 session, 2 user, 3 whether they have an authenticator, are a coordinator, and their
# permissions, one query (accounts.access.staff_facts_read), 4-7 the list's filter
# choices and counts, 8 the requests chosen, with who raised them and their pairs' people,
# 9 whether a meeting was booked since the page was shown, 10 savepoint, 11 their pairs
# locked (first, as every ending locks them), 12 the open ones locked, 13 closed, 14-15 the
# requests' audit rows and names; 16-17 savepoints, 18 their active pairs locked, with
# programme and people, 19 their meetings to come, 20 the pairs ended, 21 the emails still
# waiting about the meetings dropped, called off, 22 the meetings dropped, 23 other requests
# to end them settled, 24-25 the pairs' audit rows and names, 26 released, 27 the meetings
# dropped (for the calendar files), 28 the emails, 29-30 released.
END_QUERIES = 30


def test_ending_the_pairings_of_two_requests_and_twenty_costs_the_same(office, cast):
    counted, requests = both_ways(office, cast.programme, "end_pairings")

    assert counted == [END_QUERIES, END_QUERIES]
    pairs = Match.objects.filter(requests__in=requests)
    assert set(pairs.values_list("status", flat=True)) == {MatchStatus.ENDED}
    closed = PairRequest.objects.filter(pk__in=[request.pk for request in requests])
    assert set(closed.values_list("outcome", flat=True)) == {PairRequestOutcome.ENDED}
    kept = AuditEvent.objects.filter(action=AuditAction.PAIR_ENDED, object_id__in=pairs)
    assert sorted(kept.values_list("object_name__text", flat=True)) == NAMES
    # Both people of each, and of the pair ended first.
    assert OutboxMessage.objects.filter(kind="mentoring/email/pair_ended").count() == 2 * 23


# 1-8 as ending, 9 savepoint, 10 their pairs locked, 11 the open ones locked, 12 closed,
# 13-14 the requests' audit rows and names, 15 released.
CONTINUE_QUERIES = 15


def test_continuing_the_pairings_of_two_requests_and_twenty_costs_the_same(office, cast):
    counted, requests = both_ways(office, cast.programme, "continue_pairings")

    assert counted == [CONTINUE_QUERIES, CONTINUE_QUERIES]
    closed = PairRequest.objects.filter(pk__in=[request.pk for request in requests])
    assert set(closed.values_list("outcome", flat=True)) == {PairRequestOutcome.CONTINUED}
    pairs = Match.objects.filter(requests__in=requests)
    assert set(pairs.values_list("status", flat=True)) == {MatchStatus.ACTIVE}
    assert not OutboxMessage.objects.exists()
    answered = AuditEvent.objects.filter(
        action=AuditAction.REQUEST_ANSWERED, object_id__in=[r.pk for r in requests]
    )
    assert answered.count() == len(requests)  # one row each, in the office's trail


def test_both_members_asking_to_end_one_pairing_end_it_once(
    office, cast, django_capture_on_commit_callbacks
):
    by_mentor = PairRequest.objects.create(match=cast.pair, kind="end", raised_by=cast.mentor)
    by_member = PairRequest.objects.create(match=cast.pair, kind="end", raised_by=cast.board_member)
    chosen = {"action": "end_pairings", "_selected_action": [by_mentor.pk, by_member.pk]}

    with django_capture_on_commit_callbacks(execute=True):
        response = office.post(REQUESTS, {**chosen, "confirmed": "yes"}, follow=True)

    assert messages_shown(response) == ["1 pairing ended; both members were told by email."]
    cast.pair.refresh_from_db()
    assert cast.pair.status == MatchStatus.ENDED
    assert not PairRequest.objects.open().exists()
    assert AuditEvent.objects.filter(action=AuditAction.PAIR_ENDED).count() == 1
    told = OutboxMessage.objects.filter(kind="mentoring/email/pair_ended")
    assert sorted(told.values_list("to", flat=True)) == sorted(
        [cast.mentor.email, cast.board_member.email]
    )
