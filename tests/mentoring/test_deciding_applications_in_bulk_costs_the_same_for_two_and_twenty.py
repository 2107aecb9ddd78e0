"""Accepting, wait-listing or declining applications from the admin's list costs the same
queries for two applications as for twenty, on the page that asks first and on "Yes": the
applications are read and locked with their applicant, programme and line manager's answer
at once, whether any of them mentors in a pair is one query (whether any is on the board
two more: the applicants' own addresses, and the board places that may reach them), the
decision one UPDATE, and the emails, the audit trail's rows and the names kept beside them
one INSERT each, and the places a decline or a place on the waiting list gives back are read
and locked at once."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.models import AuditAction, AuditEvent, OutboxMessage
from mentoring.models import ApplicationStatus, MentorApplication
from mentoring.models.applications import LineManagerDecision
from tests.admin_pages import confirmed
from tests.factories import LineManagerRequestFactory, MentorApplicationFactory, UserFactory

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:mentoring_mentorapplication_changelist")


@pytest.fixture
def programme(cast):
    """The cast's programme, which asks each applicant's line manager to agree."""
    cast.programme.line_manager_agreement = True
    cast.programme.save(update_fields=["line_manager_agreement"])
    return cast.programme


def applications(programme, numbers, *, silent=False) -> list[MentorApplication]:
    """For each of `numbers`, Applicant3 Ames's application, their line manager agreed (or,
    `silent`, silent for longer than the programme's ten days)."""
    made = []
    for n in numbers:
        application = MentorApplicationFactory(
            programme=programme, applicant=UserFactory(full_name=f"Applicant{n} Ames")
        )
        if silent:
            LineManagerRequestFactory(
                application=application,
                email=f"manager{n}@example.org",
                sent_at=timezone.now() - timedelta(days=11),
            )
        else:
            LineManagerRequestFactory(
                application=application,
                decision=LineManagerDecision.AGREED,
                answered_at=timezone.now(),
            )
        made.append(application)
    return made


def counted(client, data) -> tuple[int, object]:
    with CaptureQueriesContext(connection) as captured:
        response = client.post(CHANGELIST, data)
    return len(captured), response


def both_ways(client, programme, action, *, silent=False):
    """The queries of the page that asks, and of "Yes", for two applications, then twenty;
    once first on another, so that what the first request of a session reads and keeps is
    not counted. And the 22 applications."""
    costs, measured = [], []
    for numbers in ([99], range(2), range(2, 22)):
        chosen = applications(programme, numbers, silent=silent)
        data = {"action": action, "_selected_action": [a.pk for a in chosen]}
        page_cost, page = counted(client, data)
        yes_cost, response = counted(client, {**data, **confirmed(page)})
        assert response.status_code == 302
        if numbers != [99]:
            costs.append((page_cost, yes_cost))
            measured += chosen
    return costs, measured


NAMES = sorted(f"Applicant{n} Ames, 2026/27 pilot" for n in range(22))

# 1 session, 2 user, 3 whether they have an authenticator, are a coordinator, and their permissions,
# one query (accounts.access.staff_facts_read), 4-12 the list's filter choices and counts, 13 the
# applications chosen, 14 savepoint, 15 the applications locked, 16 read again with applicant,
# programme and line manager's answer (as they stand once locked), 17 which of them mentor in a pair
# (and, accepting or wait-listing, which of them are on the programme's board: one more, the board
# places that reach the applicants' mailboxes), 18 the decision, 19 the emails, 20-23 the places no
# longer theirs, in a savepoint: their events locked, then the places read and locked (given back
# and emailed in the same statements, were any held; none here: mentoring.services.decisions), then,
# for a decision that closes the line manager's question (accepted or declined, not wait-listed),
# their emails still waiting called off (one statement), then the pairings proposed for them, in a
# savepoint, locked (withdrawn and in the trail, were any), the audit rows and names, and the
# savepoint released. Accepting gives no place back and withdraws nothing: seven fewer.
DECIDE_QUERIES = {
    ApplicationStatus.ACCEPTED: 24,
    ApplicationStatus.WAITLISTED: 30,
    ApplicationStatus.DECLINED: 30,
}


@pytest.mark.parametrize(
    ("action", "status"),
    [
        ("accept", ApplicationStatus.ACCEPTED),
        ("waitlist", ApplicationStatus.WAITLISTED),
        ("decline", ApplicationStatus.DECLINED),
    ],
)
def test_deciding_two_applications_and_twenty_costs_the_same(office, programme, action, status):
    [(few_page, few_yes), (many_page, many_yes)], decided = both_ways(office, programme, action)

    assert few_page == many_page
    assert few_yes == many_yes == DECIDE_QUERIES[status]
    now = MentorApplication.objects.filter(pk__in=[a.pk for a in decided])
    assert set(now.values_list("status", flat=True)) == {status}
    kept = AuditEvent.objects.filter(
        action=AuditAction.APPLICATION_DECIDED, object_id__in=[a.pk for a in decided]
    )
    assert sorted(kept.values_list("object_name__text", flat=True)) == NAMES
    told = OutboxMessage.objects.filter(kind=f"mentoring/email/application_{status}")
    assert told.count() == 22 + 1


def test_accepting_applications_agreed_by_silence_costs_the_same_for_two_and_twenty(
    office, programme
):
    """As many as explicit agreement: whether silence there counts is read in the request's
    row (`LineManagerRequest.applicants_own`), not from the applicants' addresses."""
    programme.line_manager_silence_days = 10
    programme.save(update_fields=["line_manager_silence_days"])

    [(few_page, few_yes), (many_page, many_yes)], decided = both_ways(
        office, programme, "accept", silent=True
    )

    assert few_page == many_page
    assert few_yes == many_yes == DECIDE_QUERIES[ApplicationStatus.ACCEPTED]
    now = MentorApplication.objects.filter(pk__in=[a.pk for a in decided])
    assert set(now.values_list("status", flat=True)) == {ApplicationStatus.ACCEPTED}
