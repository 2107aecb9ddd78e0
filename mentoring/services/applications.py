from collections.abc import Iterable

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from accounts.mail import send_templated_mail
from accounts.models import User
from accounts.tokens import new_token
from mentoring.models import (
    ApplicationStatus,
    EndReason,
    LineManagerRequest,
    Match,
    MatchStatus,
    MentorApplication,
    Programme,
    Theme,
)
from mentoring.models.applications import DECIDED, IN_PROGRAMME, LineManagerDecision
from mentoring.services.matches import meetings_drop_upcoming


class ApplicationError(Exception):
    """Something the applicant (or coordinator) should be told, in these words."""


def _submitted_on(application: MentorApplication) -> str:
    return date_format(timezone.localtime(application.submitted_at), "j F Y")


def application_save_draft(
    *, programme: Programme, applicant: User, answers: dict, themes: Iterable[Theme]
) -> MentorApplication:
    """Keep what the applicant typed. Works while recruitment is closed, never after submitting."""
    if not programme.is_published:
        raise ApplicationError("This programme is not open for applications.")
    with transaction.atomic():
        application, _ = MentorApplication.objects.select_for_update().get_or_create(
            programme=programme, applicant=applicant
        )
        if not application.is_draft:
            raise ApplicationError(_locked_message(application))
        for name, value in answers.items():
            setattr(application, name, value)
        application.save()
        application.themes.set(themes)
    return application


def _locked_message(application: MentorApplication) -> str:
    if application.status == ApplicationStatus.WITHDRAWN:
        return "You withdrew this application, so it can no longer be changed."
    return (
        f"You submitted this application on {_submitted_on(application)}, so it can no "
        "longer be changed. If something important has changed, please contact the "
        "programme office."
    )


def application_submit(*, application: MentorApplication) -> MentorApplication:
    """Send a complete draft to the programme office and record its eligibility."""
    with transaction.atomic():
        application = (
            MentorApplication.objects.select_for_update()
            .select_related("programme", "applicant")
            .get(pk=application.pk)
        )
        programme = application.programme
        if not application.is_draft:
            raise ApplicationError(_locked_message(application))
        if not programme.is_recruiting:
            raise ApplicationError(
                f"{programme.recruitment_closed_message} Your answers are saved as a draft."
            )
        verdict = application.eligibility
        if verdict.eligible is None:
            raise ApplicationError("Please answer every question before submitting.")
        application.status = ApplicationStatus.SUBMITTED
        application.submitted_at = timezone.now()
        application.eligible = verdict.eligible
        application.save(update_fields=["status", "submitted_at", "eligible", "updated_at"])

        token = None
        if programme.line_manager_agreement:
            token, token_hash = new_token()
            LineManagerRequest.objects.create(
                application=application,
                email=application.line_manager_email,
                token_hash=token_hash,
                token=token,
            )
        _send_submitted(application, token)
    return application


def _send_submitted(application: MentorApplication, line_manager_token: str | None) -> None:
    send_templated_mail(
        "mentoring/email/application_submitted",
        to=application.applicant.email,
        recipient=application.applicant,
        context={"application": application, "eligibility": application.eligibility},
    )
    if line_manager_token:
        send_templated_mail(
            "mentoring/email/line_manager_request",
            to=application.line_manager_email,
            context={
                "application": application,
                "answer_path": reverse("line_manager_answer", args=[line_manager_token]),
            },
        )


def application_withdraw(*, application: MentorApplication) -> bool:
    """Withdraw a submitted application, ending the mentor's pairs and telling the
    programme office so the board members can be rematched. False if it was no longer in
    the running."""
    with transaction.atomic():
        changed = MentorApplication.objects.filter(
            pk=application.pk, status__in=IN_PROGRAMME
        ).update(status=ApplicationStatus.WITHDRAWN, withdrawn_at=timezone.now())
        if not changed:
            return False
        ended = list(
            Match.objects.active().filter(mentor=application).select_related("board_member")
        )
        Match.objects.proposed().filter(mentor=application).delete()
        Match.objects.filter(pk__in=[m.pk for m in ended]).update(
            status=MatchStatus.ENDED,
            ended_at=timezone.now(),
            end_reason=EndReason.WITHDRAWN,
            end_note="The mentor withdrew their application.",
        )
        meetings_drop_upcoming(match_ids=[m.pk for m in ended])
        if ended:
            _send_withdrawal_to_office(application, ended)
    return True


def _send_withdrawal_to_office(application: MentorApplication, ended) -> None:
    for coordinator in User.objects.coordinators():
        send_templated_mail(
            "mentoring/email/mentor_withdrew",
            to=coordinator.email,
            recipient=coordinator,
            context={"application": application, "ended": ended, "coordinator": coordinator},
        )


def application_decide(*, application: MentorApplication, status: str) -> bool:
    """Accept, wait-list or decline, and tell the applicant. False when nothing changed.

    Only eligible applications can be accepted; drafts and withdrawn applications
    are not the coordinator's to decide.
    """
    if status not in DECIDED:
        raise ValueError(f"Not a decision: {status}")
    decidable = MentorApplication.objects.filter(pk=application.pk).exclude(
        status__in=[ApplicationStatus.DRAFT, ApplicationStatus.WITHDRAWN, status]
    )
    if status == ApplicationStatus.ACCEPTED:
        decidable = decidable.filter(eligible=True)
        if application.programme.line_manager_agreement and not application.line_manager_agreed:
            return False
    else:
        # A mentor in a pair keeps their place until the pair is ended on the match board.
        decidable = decidable.exclude(matches__status=MatchStatus.ACTIVE)
    with transaction.atomic():
        changed = decidable.update(status=status, decided_at=timezone.now())
        if changed:
            application.refresh_from_db()
            _send_decision(application)
    return changed == 1


def _send_decision(application: MentorApplication) -> None:
    send_templated_mail(
        f"mentoring/email/application_{application.status}",
        to=application.applicant.email,
        recipient=application.applicant,
        context={"application": application, "programme": application.programme},
    )


def line_manager_answer(*, request: LineManagerRequest, agreed: bool, reason: str) -> None:
    """Record the line manager's answer, once."""
    changed = LineManagerRequest.objects.filter(pk=request.pk, decision="").update(
        decision=LineManagerDecision.AGREED if agreed else LineManagerDecision.DECLINED,
        reason=reason,
        answered_at=timezone.now(),
    )
    if not changed:
        raise ApplicationError("This request has already been answered. Thank you.")
