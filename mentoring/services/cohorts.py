"""The programme office writes to a group of a programme: one message, one email each."""

import uuid

from django.db import IntegrityError, transaction

from accounts.mail import TemplatedMail, send_templated_mails
from accounts.models import User
from mentoring.models import CohortMessage, Event, Programme
from mentoring.selectors.cohorts import cohort_recipients, recipients_fingerprint


class CohortMessageError(Exception):
    """Why the message was not sent, in words for the coordinator."""


def cohort_message_send(
    *,
    programme: Programme,
    audience: str,
    event: Event | None,
    subject: str,
    body: str,
    sent_by: User,
    token: uuid.UUID,
    fingerprint: str,
) -> tuple[CohortMessage, bool]:
    """Email each person of the group, as previewed, and record the sending: one transaction.

    `fingerprint` is the previewed list's (selectors.cohorts.recipients_fingerprint): if the
    group changed since, nothing is sent. `token` is the compose form's: the same form sent
    twice (a double click, the back button) sends once. Returns the record and whether it
    was sent now."""
    with transaction.atomic():
        already = CohortMessage.objects.filter(token=token).first()
        if already is not None:
            return already, False
        recipients = list(cohort_recipients(programme=programme, audience=audience, event=event))
        if recipients_fingerprint(recipients) != fingerprint:
            raise CohortMessageError(
                "The group changed since the preview: check who will receive the message again."
            )
        if not recipients:
            raise CohortMessageError("Nobody is in this group, so there is nobody to write to.")
        try:
            # The unique token is the claim: a second submit waits here for the first to
            # commit, then fails and sends nothing.
            with transaction.atomic():
                message = CohortMessage.objects.create(
                    programme=programme,
                    audience=audience,
                    event=event,
                    subject=subject,
                    body=body,
                    sent_by=sent_by,
                    recipient_count=len(recipients),
                    token=token,
                )
        except IntegrityError:
            return CohortMessage.objects.get(token=token), False
        office_email = programme.contact_email
        # One INSERT for everyone: the same queries for a group of two as of twenty.
        send_templated_mails(
            [
                TemplatedMail(
                    "mentoring/email/cohort_message",
                    to=person.email,
                    recipient=person,
                    context={
                        "person": person,
                        "programme": programme,
                        "subject": subject,
                        "body": body,
                        "office_email": office_email,
                    },
                )
                for person in recipients
            ]
        )
        return message, True
