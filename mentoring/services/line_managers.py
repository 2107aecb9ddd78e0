"""The line manager's part in an application: asking them again with a new link (the
office's resend, at a corrected address if need be) and recording their answer, once."""

from django.db import transaction
from django.utils import timezone

from accounts.audit import audit_record
from accounts.mail import with_zone
from accounts.models import AuditAction, OutboxMessage, User
from accounts.outbox import outbox_cancel
from accounts.tokens import new_token
from mentoring.approval import approves_own_application, mailbox_in_sql
from mentoring.line_manager import answer_refused, resend_problem
from mentoring.links import office_list_url
from mentoring.models import LineManagerRequest, MentorApplication, Programme
from mentoring.models.applications import LINE_MANAGER_STILL_ASKED, LineManagerDecision
from mentoring.selectors.mailboxes import own_mailboxes
from mentoring.services.applications import (
    ApplicationError,
    OwnApplicationError,
    mentor_places_ahead,
    send_line_manager_request,
    send_to_office,
)
from mentoring.services.events import places_give_up


def line_manager_request_resend(
    *, request: LineManagerRequest, by: User, email: str | None = None, seen: str | None = None
) -> bool:
    """Ask the line manager again with a new link (the old one stops working), at `email`
    when the office corrects the address. False when the question is no longer open
    (answered, or the application decided or withdrawn: `LineManagerRequest.is_open`).

    `seen` is the request as the office's page showed it (`LineManagerRequest.sent_mark`):
    if it was sent again since (the same button pressed twice, or a colleague's), nothing is
    sent, the line manager's time to answer runs on, and ApplicationError says so."""
    with transaction.atomic():
        # The application's lock first, as an answer and a decision take it.
        application = (
            MentorApplication.objects.select_for_update(of=("self",))
            .select_related("programme", "applicant")
            .get(pk=request.application_id)
        )
        current = LineManagerRequest.objects.select_for_update().get(pk=request.pk)
        current.application = application
        if not current.is_open or not application.programme.line_manager_agreement:
            return False
        if seen is not None and current.sent_mark != seen:
            raise ApplicationError(
                f"The line manager of {application.applicant.full_name} was sent a new link "
                f"at {with_zone(current.sent_at, 'j F Y, H:i')}, after the page you confirmed "
                "was shown; that link still works, and no other was sent."
            )
        email = (email or current.email).strip()
        # Asked of the address kept as much as of one corrected: the rule holds at every
        # sending (one kept from before it, in quotation marks, or become the applicant's
        # own since, is not sent to again).
        problem = resend_problem(current, email)
        if problem:
            raise ApplicationError(
                f"The line manager of {application.applicant.full_name} was not asked again. "
                f"{problem}"
            )
        token, token_hash = new_token()
        was_email = current.email
        # Sent now: silence and reminders count from the new link.
        current.email, current.token, current.token_hash = email, token, token_hash
        current.sent_at = timezone.now()
        # Not an address of the applicant's (`line_manager_problem`): answerable again.
        current.applicants_own = False
        if application.line_manager_email != email:
            application.line_manager_email = email
            application.save(update_fields=["line_manager_email", "updated_at"])
        # The email with the old link, still waiting or failed, is not to go: its link no
        # longer works, and "send again" must not send it (as for invitations).
        outbox_cancel(
            OutboxMessage.objects.filter(pk=current.message_id),
            reason="A new link was sent; this one no longer works.",
            failed_too=True,
        )
        current.message = send_line_manager_request(application, token)
        current.save(
            update_fields=["email", "token", "token_hash", "sent_at", "message", "applicants_own"]
        )
        # The address changed is named, not kept: it is a person's (the trail keeps values
        # only of plain facts).
        audit_record(
            actor=by,
            action=AuditAction.LINE_MANAGER_ASKED_AGAIN,
            obj=current,
            names=["email", "sent_at", "token"] if was_email != email else ["sent_at", "token"],
        )
    return True


def line_manager_requests_at_own_address(user_id: int) -> int:
    """Mark the unanswered requests of the applications of the account `user_id` whose
    address is now one of its own mailboxes (`approval.is_own_address`: an address confirmed
    on the account since the request was sent, or a `+` alias of it) as such
    (`LineManagerRequest.applicants_own`: no answer nor silence there counts), whatever the
    application's state (one declined or accepted may be wait-listed again), and tell the
    office of each still asked, which sends it again to the line manager's own address.
    Called whenever an account's addresses may have changed (mentoring.receivers): two
    queries for an account with no unanswered request. How many were marked."""
    # Not a deleted account's: its requests keep the anonymised address it is given too
    # (mentoring.personal_data), and what its statistics say.
    unanswered = LineManagerRequest.objects.filter(
        application__applicant=user_id,
        application__applicant__deleted_at__isnull=True,
        decision="",
        applicants_own=False,
    )
    with transaction.atomic():
        # The account first, as sending an application locks it (`application_submit`): a
        # request it writes meanwhile is committed, and so found, before this reads.
        User.objects.select_for_update(no_key=True).filter(pk=user_id).first()
        applications = list(unanswered.values_list("application", flat=True))
        if not applications:
            return 0
        # Locked as an answer and the office's resending lock them (the application, then
        # the request), in id order: an answer or a new link committed meanwhile is read
        # below, never marked over.
        list(
            MentorApplication.objects.select_for_update()
            .filter(pk__in=applications)
            .order_by("pk")
            .values_list("pk")
        )
        found = list(
            unanswered.alias(box=mailbox_in_sql("email"))
            .filter(box__in=own_mailboxes(user_id))
            .select_related("application__programme", "application__applicant")
        )
        if not found:
            return 0
        LineManagerRequest.objects.filter(pk__in=[asked.pk for asked in found]).update(
            applicants_own=True
        )
        # An email with the link still waiting to go (or failed, to be sent again) goes no
        # more: the link takes no answer.
        outbox_cancel(
            OutboxMessage.objects.filter(pk__in=[asked.message_id for asked in found]),
            reason="The address became the applicant's own; this link takes no answer.",
            failed_too=True,
        )
        for asked in found:
            if asked.is_open and asked.application.programme.line_manager_agreement:
                send_to_office(
                    asked.application,
                    "mentoring/email/line_manager_address_now_applicants",
                    asked_at=asked.email,
                    requests_path=office_list_url(
                        "mentoring.linemanagerrequest", q=asked.application.applicant.email
                    ),
                )
    return len(found)


LINE_MANAGER_QUESTION_CLOSED = (
    "This application is no longer under review, so your answer is not needed. "
    "Nothing was recorded."
)


def line_manager_agreement_emails_office(programme: Programme) -> bool:
    """Whether a line manager's "Yes" emails the programme office (the moment the office can
    decide the application): when the programme tells the office of applications."""
    return programme.notify_office_of_applications


def line_manager_answer(
    *, request: LineManagerRequest, agreed: bool, reason: str, answered_by: User | None
) -> None:
    """Record the line manager's answer, once. `answered_by` is whoever is signed in where
    the link was opened (None when nobody is): never the applicant, and the link's address
    must not have become one of the applicant's own since it was sent, nor be one whose
    mailbox cannot be told (`LineManagerRequest.unanswerable_because`, `answer_refused`),
    as it stands when the answer is written."""
    refused = answer_refused(request)
    if refused:
        raise OwnApplicationError(refused)
    if approves_own_application(applicant=request.application.applicant, approver=answered_by):
        raise OwnApplicationError(
            "This request is for the applicant's line manager, and an applicant cannot agree "
            "to their own application. Nothing was recorded; please contact the programme "
            "office."
        )
    now = timezone.now()
    with transaction.atomic():
        # Locked as the office's decision locks it: an answer and a decision go one at a time.
        application = (
            MentorApplication.objects.select_for_update(of=("self",))
            .select_related("programme", "applicant")
            .get(pk=request.application_id)
        )
        if application.status not in LINE_MANAGER_STILL_ASKED:
            raise ApplicationError(LINE_MANAGER_QUESTION_CLOSED)
        # Not if its address became the applicant's own since the page was read.
        changed = (
            LineManagerRequest.objects.filter(pk=request.pk, decision="")
            .filter(LineManagerRequest.ANSWERABLE)
            .update(
                decision=LineManagerDecision.AGREED if agreed else LineManagerDecision.DECLINED,
                reason=reason,
                answered_at=now,
            )
        )
        if not changed:
            # Answered meanwhile, or its address confirmed as the applicant's own meanwhile.
            refused = answer_refused(LineManagerRequest.objects.get(pk=request.pk))
            if refused:
                raise OwnApplicationError(refused)
            raise ApplicationError("This request has already been answered. Thank you.")
        if agreed and line_manager_agreement_emails_office(application.programme):
            # The moment the office can decide it.
            send_to_office(application, "mentoring/email/line_manager_agreed")
        if not agreed:
            # Only if the refusal rules the application out: one the office has accepted
            # meanwhile (silence may count as agreement) goes on, places and all; one on the
            # waiting list can never be accepted now, so its places go back.
            application = (
                MentorApplication.objects.select_for_update(of=("self",))
                .select_related("programme", "line_manager_request__message")
                .get(pk=request.application_id)
            )
            if not application.takes_part:
                places_give_up(
                    registrations=mentor_places_ahead(application),
                    because="as your application cannot go any further",
                )
