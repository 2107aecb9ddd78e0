"""A line manager's "No" and the office's "Accept" at the same moment: the accept waits for
the answer and then sees it, so the application is not accepted over the refusal."""

import threading
from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from accounts.models import OutboxMessage, OutboxStatus
from mentoring.models import (
    ApplicationStatus,
    LineManagerRequest,
    MentorApplication,
)
from mentoring.services.decisions import applications_decide
from mentoring.services.line_managers import line_manager_answer
from tests.concurrency import needs_postgresql, someone_waits_for_a_lock, started
from tests.factories import (
    UserFactory,
    line_manager_emailed,
)

pytestmark = pytest.mark.django_db


@pytest.mark.django_db(transaction=True)
@needs_postgresql
def test_accepting_while_the_line_manager_says_no_does_not_accept_against_their_no(
    cast, monkeypatch
):
    """Silence counted as agreement (the line manager had the email for 20 days), then the
    line manager answers "No" just as a coordinator presses "Yes, accept": the answer is final,
    and accepting needs their agreement, so the application is not accepted over it."""
    request = line_manager_emailed(
        cast.programme, UserFactory(full_name="Lola Late", email="lola@example.org")
    )
    OutboxMessage.objects.filter(pk=request.message_id).update(
        status=OutboxStatus.SENT, sent_at=timezone.now() - timedelta(days=20)
    )
    application = MentorApplication.objects.get(pk=request.application_id)
    assert application.line_manager_agreed  # silence counts: the office may accept

    import mentoring.services.line_managers as services

    answered, release = threading.Event(), threading.Event()
    give_up = services.places_give_up

    def places_give_up_slowly(**kwargs):
        # The "No" is written, its transaction (holding the application's lock) not yet over.
        answered.set()
        assert release.wait(20)
        return give_up(**kwargs)

    monkeypatch.setattr(services, "places_give_up", places_give_up_slowly)
    no, no_outcome = started(
        lambda: line_manager_answer(
            request=LineManagerRequest.objects.select_related("application__applicant").get(
                pk=request.pk
            ),
            agreed=False,
            reason="Our team cannot spare the time this year.",
            answered_by=None,
        )
    )
    assert answered.wait(20)
    yes, yes_outcome = started(
        lambda: applications_decide(
            applications=[application],
            status=ApplicationStatus.ACCEPTED,
            by=cast.coordinator,
            seen={application.pk: ApplicationStatus.SUBMITTED},
        )
    )
    with connection.cursor() as cursor:
        for _ in range(200):
            if someone_waits_for_a_lock(cursor):
                break
            threading.Event().wait(0.05)
    release.set()
    no.join(30)
    yes.join(30)
    assert "error" not in no_outcome, no_outcome
    assert "error" not in yes_outcome, yes_outcome

    application.refresh_from_db()
    line_request = LineManagerRequest.objects.get(pk=request.pk)
    assert line_request.decision == "declined"
    assert application.status != ApplicationStatus.ACCEPTED, (
        "accepted over the line manager's final No"
    )
