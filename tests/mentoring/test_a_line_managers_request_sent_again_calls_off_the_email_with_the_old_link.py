"""A line manager's request sent again calls off the email with the old link, still waiting or
failed: it would deliver a dead link, and "send again" must not send it."""

import pytest
from django.urls import reverse

from accounts.models import OutboxMessage, OutboxStatus
from accounts.outbox import outbox_send_again, outbox_sweep
from mentoring.models import LineManagerRequest
from mentoring.services.line_managers import line_manager_request_resend
from tests.factories import bounced, line_manager_emailed

pytestmark = pytest.mark.django_db


def answer_url(token: str) -> str:
    return reverse("line_manager_answer", args=[token])


def line_manager_mails(mailoutbox, address):
    return [mail for mail in mailoutbox if address in mail.to]


def test_a_request_sent_again_calls_off_the_first_email_still_waiting(
    cast, mailoutbox, django_capture_on_commit_callbacks
):
    """The mail server is away: Lee's email waits in the outbox. Lena tells the office that
    Lee never got it; the office sends the request again. When the mail server is back Lee
    should get one email, with the link that works, not also the first with a dead link."""
    request = line_manager_emailed(cast.programme, cast.outsider)  # its email waits
    first = request.message
    assert first.status == OutboxStatus.PENDING
    old_token = request.token

    with django_capture_on_commit_callbacks(execute=False):
        assert line_manager_request_resend(
            request=request, by=cast.coordinator, email="lee.manger@example.org"
        )

    with django_capture_on_commit_callbacks(execute=True):
        outbox_sweep()

    new_token = LineManagerRequest.objects.get(pk=request.pk).token
    mails = line_manager_mails(mailoutbox, "lee.manger@example.org")
    assert [answer_url(old_token) in mail.body for mail in mails] == [False], (
        "the email with the withdrawn link was delivered too"
    )
    assert answer_url(new_token) in mails[0].body
    first.refresh_from_db()
    assert first.status == OutboxStatus.CANCELLED


def test_a_request_sent_to_a_corrected_address_leaves_no_failed_email_to_send_again(
    cast, mailoutbox, django_capture_on_commit_callbacks
):
    """Lee's email bounced (mistyped address). The office sends the request again to the
    corrected address. The bounced email, with a link that no longer works, still shows as
    failed (counted on the office's start page as an email that could not be sent) and
    "Send the selected failed emails again" sends it to the wrong address."""
    request = line_manager_emailed(cast.programme, cast.outsider)
    first = request.message
    bounced(first)

    with django_capture_on_commit_callbacks(execute=True):
        line_manager_request_resend(
            request=request, by=cast.coordinator, email="lee.manager@example.org"
        )
    mailoutbox.clear()

    first.refresh_from_db()
    assert first.status != OutboxStatus.FAILED, "the dead link's email still counts as failed"
    with django_capture_on_commit_callbacks(execute=True):
        outbox_send_again(OutboxMessage.objects.filter(pk=first.pk), by=cast.coordinator)
    assert line_manager_mails(mailoutbox, "lee.manger@example.org") == []
