"""Where a programme takes a line manager's silence as agreement, the silence counts from the
moment the email with their link was delivered: never while it waits in the outbox (mail
held up), and never when it could not be delivered (a mistyped address that bounced), as
nobody is taken to agree who was never asked. The office and the applicant read that it was
not delivered; sending it again to a corrected address starts the count from that email."""

from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from accounts.models import OutboxMessage, OutboxStatus
from mentoring.models import LineManagerRequest
from mentoring.selectors.attention import applications_waiting_for_line_manager
from mentoring.services.line_managers import line_manager_request_resend
from tests.factories import bounced, line_manager_emailed

pytestmark = pytest.mark.django_db

DAYS = 10  # the programme's silence


@pytest.fixture
def request_sent(cast):
    """Olu's application, sent now, with its email to Lee still in the outbox."""
    return line_manager_emailed(cast.programme, cast.outsider, silence_days=DAYS)


def delivered(message: OutboxMessage, at) -> None:
    message.status, message.sent_at = OutboxStatus.SENT, at
    message.save(update_fields=["status", "sent_at"])


def waiting(request) -> bool:
    """Whether the office still waits for the line manager (the start page, the lists)."""
    applications = applications_waiting_for_line_manager(
        type(request.application).objects.all(), now=timezone.now()
    )
    return applications.filter(pk=request.application_id).exists()


def fresh(request) -> LineManagerRequest:
    return LineManagerRequest.objects.select_related("message", "application__programme").get(
        pk=request.pk
    )


def test_the_request_keeps_the_email_that_asked(request_sent):
    message = request_sent.message
    assert message.kind == "mentoring/email/line_manager_request"
    assert message.to == "lee.manger@example.org"


def test_silence_does_not_count_while_the_email_waits_to_go(request_sent):
    with time_machine.travel(timezone.now() + timedelta(days=DAYS + 5)):
        request = fresh(request_sent)
        assert not request.counts_as_agreed(DAYS)
        assert request.status(DAYS) == "Waiting for a reply"
        assert waiting(request)


def test_silence_counts_from_delivery_not_from_sending(request_sent):
    delivered(request_sent.message, timezone.now() + timedelta(days=2))  # mail held up

    with time_machine.travel(timezone.now() + timedelta(days=DAYS + 1)):
        request = fresh(request_sent)
        assert not request.counts_as_agreed(DAYS)
        assert waiting(request)
    with time_machine.travel(timezone.now() + timedelta(days=DAYS + 2, minutes=1)):
        request = fresh(request_sent)
        assert request.counts_as_agreed(DAYS)
        assert request.status(DAYS) == f"Agreed (no reply within {DAYS} days)"
        assert not waiting(request)


def test_an_email_that_bounced_never_counts_as_agreement_and_says_so(request_sent):
    bounced(request_sent.message)

    with time_machine.travel(timezone.now() + timedelta(days=DAYS * 3)):
        request = fresh(request_sent)
        assert not request.counts_as_agreed(DAYS)
        assert not request.application.line_manager_agreed
        assert request.status(DAYS) == (
            "Not delivered to lee.manger@example.org (the programme office corrects the "
            "address and sends it again)"
        )
        assert waiting(request)


def test_sent_again_to_a_corrected_address_the_count_starts_from_that_email(cast, request_sent):
    bounced(request_sent.message)

    line_manager_request_resend(
        request=request_sent, by=cast.coordinator, email="lee.manager@example.org"
    )

    request = fresh(request_sent)
    assert request.message.to == "lee.manager@example.org"
    assert request.message != request_sent.message
    assert request.status(DAYS) == "Waiting for a reply"
    delivered(request.message, timezone.now())
    with time_machine.travel(timezone.now() + timedelta(days=DAYS, minutes=1)):
        assert fresh(request_sent).counts_as_agreed(DAYS)
