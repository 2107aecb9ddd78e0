"""Ending, confirming and discarding pairs from the admin's list costs the same queries for
two pairs as for twenty: the pairs are read with their people once, each change is one
UPDATE or DELETE for them all, and the audit trail's rows, the names kept beside them and
the emails are written in one INSERT each (accounts.audit.audit_record_many,
accounts.mail.send_templated_mails, accounts.outbox.outbox_write_many)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.models import AuditAction, AuditEvent, OutboxMessage
from mentoring.models import Match, MatchStatus, Meeting, MeetingStatus, PairRequest
from tests.admin_pages import confirmed
from tests.factories import MatchFactory, MeetingFactory
from tests.matching.board import MATCHES, briefed_board_member, briefed_mentor

pytestmark = pytest.mark.django_db


def pairs(programme, numbers, status):
    """A pair for each of `numbers`, "Mentor3 Marsh and Member3 Moss"; an active one with a
    meeting to come and an open request to end it."""
    made = []
    for n in numbers:
        match = MatchFactory(
            mentor=briefed_mentor(programme, f"Mentor{n} Marsh", department=f"Dept {n}"),
            board_member=briefed_board_member(programme, f"Member{n} Moss"),
            status=status,
        )
        if status == MatchStatus.ACTIVE:
            MeetingFactory(match=match)
            PairRequest.objects.create(match=match, kind="end", raised_by=match.mentor.applicant)
        made.append(match)
    return made


def chosen(action, matches) -> dict:
    return {"action": action, "_selected_action": [match.pk for match in matches]}


def counted(client, data) -> tuple[int, object]:
    with CaptureQueriesContext(connection) as captured:
        response = client.post(MATCHES, data)
    return len(captured), response


def names_kept(action, matches) -> list[str]:
    """What the audit trail's rows of `action` about `matches` call them."""
    rows = AuditEvent.objects.filter(action=action, object_id__in=[match.pk for match in matches])
    return sorted(rows.values_list("object_name__text", flat=True))


NAMES = sorted(f"Mentor{n} Marsh and Member{n} Moss" for n in range(22))


def both_ways(client, programme, action, status, *, asks_first=True):
    """The queries of `action` on two pairs, then on twenty (each on pairs of their own): the
    confirmation page's and the "Yes"'s; and the 22 pairs. Once first on another pair, so
    that what the first request of a session reads and keeps is not counted."""
    costs, measured = [], []
    for numbers in ([99], range(2), range(2, 22)):
        matches = pairs(programme, numbers, status)
        page_cost, page = counted(client, chosen(action, matches)) if asks_first else (0, None)
        said = confirmed(page) if asks_first else {"confirmed": "yes"}
        yes_cost, response = counted(client, {**chosen(action, matches), **said})
        assert response.status_code == 302
        if numbers != [99]:
            costs.append((page_cost, yes_cost))
            measured += matches
    return costs, measured


# The "Yes": 1 session, 2 user, 3 whether they have an authenticator, are a coordinator, and
# their permissions (one query: accounts.access.staff_facts_read), 4-7 the list's filter
# choices and counts, 8 the pairs chosen (with their people), 9 whether a meeting was booked
# since the page was shown, 10-11 savepoints, 12 the active ones locked, with their programme
# and people, 13 their meetings to come, 14 the pairs ended, 15 the emails still waiting about
# the meetings dropped, called off, 16 the meetings dropped, 17 the open requests to end them,
# locked, 18 settled, 19 the audit rows of the pairs, 20 the names kept beside them, 21-22 the
# same for the requests answered, 23 released, 24 the meetings dropped (for the emails'
# calendar files), 25 the emails to both people of each, 26 released, 27 the requests and
# concerns still open in the pairs ended (the message after it names them).
END_QUERIES = 27


def test_ending_two_pairs_and_twenty_costs_the_same(office, programme):
    [(few_page, few_yes), (many_page, many_yes)], matches = both_ways(
        office, programme, "end_withdrawn", MatchStatus.ACTIVE
    )

    assert few_page == many_page
    assert few_yes == many_yes == END_QUERIES
    # And it did what it says, for each of them.
    assert {match.status for match in Match.objects.filter(pk__in=[m.pk for m in matches])} == {
        MatchStatus.ENDED
    }
    assert not PairRequest.objects.filter(match__in=matches, resolved_at__isnull=True).exists()
    meetings = Meeting.objects.filter(match__in=matches)
    assert not meetings.exclude(status=MeetingStatus.DROPPED).exists()
    assert names_kept(AuditAction.PAIR_ENDED, matches) == NAMES
    # Both people of each, and of the pair ended first.
    assert OutboxMessage.objects.filter(kind="mentoring/email/pair_ended").count() == 2 * 23


# The "Yes": 1-8 as ending, 9 savepoint, 10-11 the mentors and board members locked (before
# the review, so that what it checks holds until the pairs are made), 12 the chosen pairs
# still there, named, 13-24 the review of every hard block (proposals_review: its own fixed
# set, both sides' other addresses among it), 25 savepoint, 26-27 the same people locked again
# (matches_activate, held already), 28 the proposals locked, with their programme and people,
# 29-30 who is paired already and how many each mentor mentors, 31 the pairs confirmed, 32 the
# introductions (rendered as they go: what they say of each partner, themes included, is read
# then), 33-34 the audit rows and names, 35 released, 36 how many each mentor now mentors, 37
# the proposals made stale, locked and named (none here, so nothing to withdraw), 38 released.
CONFIRM_QUERIES = 38


def test_confirming_two_proposals_and_twenty_costs_the_same(office, programme):
    [(few_page, few_yes), (many_page, many_yes)], matches = both_ways(
        office, programme, "accept_proposals", MatchStatus.PROPOSED
    )

    assert few_page == many_page
    assert few_yes == many_yes == CONFIRM_QUERIES
    assert {match.status for match in Match.objects.filter(pk__in=[m.pk for m in matches])} == {
        MatchStatus.ACTIVE
    }
    assert names_kept(AuditAction.PAIR_ACTIVATED, matches) == NAMES
    introductions = OutboxMessage.objects.filter(kind="mentoring/email/match_introduction")
    assert introductions.count() == 2 * 23


# 1-8 as ending, 9 savepoint, 10 the proposals locked, with their people, 11-12 the audit rows
# and names, 13 the pairs again for Django's delete, 14-17 what goes with them, 18 the delete,
# 19 released.
DISCARD_QUERIES = 19


def test_discarding_two_proposals_and_twenty_costs_the_same(office, programme):
    [(few_page, few), (many_page, many)], matches = both_ways(
        office, programme, "discard_proposals", MatchStatus.PROPOSED
    )

    assert few_page == many_page
    assert few == many == DISCARD_QUERIES
    assert not Match.objects.filter(pk__in=[match.pk for match in matches]).exists()
    assert names_kept(AuditAction.PAIR_WITHDRAWN, matches) == NAMES
