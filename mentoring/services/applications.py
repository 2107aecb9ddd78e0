from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from accounts.audit import Audited, audit_record, audit_record_many
from accounts.mail import TemplatedMail, send_templated_mail, send_templated_mails, with_zone
from accounts.models import AuditAction, User
from accounts.tokens import new_token
from mentoring.approval import approves_own_application
from mentoring.line_manager import line_manager_problem
from mentoring.models import (
    ApplicationStatus,
    Audience,
    LineManagerRequest,
    Match,
    MatchStatus,
    MentorApplication,
    Programme,
    Registration,
    Theme,
)
from mentoring.models.applications import (
    DECIDED,
    IN_PROGRAMME,
    LINE_MANAGER_STILL_ASKED,
    STATUS_IN_WORDS,
    LineManagerDecision,
)
from mentoring.services.events import places_give_up
from mentoring.services.matches import pair_left


class ApplicationError(Exception):
    """Something the applicant (or coordinator) should be told, in these words."""


class OwnApplicationError(ApplicationError):
    """The applicant tried to approve their own application (mentoring.approval)."""


def _submitted_on(application: MentorApplication) -> str:
    return date_format(timezone.localtime(application.submitted_at), "j F Y")


def application_save_draft(
    *, programme: Programme, applicant: User, answers: dict, themes: Iterable[Theme] | None
) -> MentorApplication:
    """Keep what the applicant typed: `answers`, the valid ones only (an answer left out
    keeps what the draft had), and `themes` unless None. Works while recruitment is closed,
    never after submitting."""
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
        if themes is not None:
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


def draft_stamp(application: MentorApplication) -> str:
    """Which version of a draft a confirmation page showed."""
    return application.updated_at.isoformat()


def submit_problem(application: MentorApplication) -> str | None:
    """Why this draft cannot be sent now, or None: what the applicant is told before they
    are asked to confirm, and what `application_submit` checks again under its lock.
    `application` with its programme and applicant."""
    programme = application.programme
    if not application.is_draft:
        return _locked_message(application)
    if not programme.is_recruiting:
        return f"{programme.recruitment_closed_message} Your answers are saved as a draft."
    if application.missing_answers():
        # The form marks each missing answer; this guards every other way in.
        return "Please answer every question before submitting."
    if programme.line_manager_agreement:
        return line_manager_problem(
            applicant=application.applicant,
            manager_email=application.line_manager_email,
            allowed_domains=settings.ALLOWED_SIGNUP_DOMAINS,
        )
    return None


def application_submit(
    *, application: MentorApplication, shown: str | None = None
) -> MentorApplication:
    """Send a complete draft to the programme office and record its eligibility. With
    `shown`, only the draft as the confirmation page showed it (its `updated_at`): not one
    changed since in another tab."""
    with transaction.atomic():
        application = (
            MentorApplication.objects.select_for_update()
            .select_related("programme", "applicant")
            .get(pk=application.pk)
        )
        programme = application.programme
        if shown is not None and application.is_draft and shown != draft_stamp(application):
            raise ApplicationError(
                "Your draft has changed since you confirmed it: check it, then submit again."
            )
        problem = submit_problem(application)
        if problem:
            raise ApplicationError(problem)
        verdict = application.eligibility
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
        if programme.notify_office_of_applications:
            _send_arrived_to_office(application)
    return application


def _send_arrived_to_office(application: MentorApplication) -> None:
    """Tell the programme office that an application is waiting for review: who and whether
    eligible, with a link."""
    _send_to_office(application, "mentoring/email/application_arrived")


def _send_to_office(application: MentorApplication, template_prefix: str) -> None:
    """Tell the programme office about an application, with a link to review it. The answers
    stay in the admin, behind its two-factor sign-in."""
    review_path = reverse("admin:mentoring_mentorapplication_change", args=[application.pk])
    for email, person in office_recipients(application.programme):
        send_templated_mail(
            template_prefix,
            to=email,
            recipient=person,
            context={
                "application": application,
                "programme": application.programme,
                "review_path": review_path,
            },
        )


def office_recipients(programme: Programme) -> list[tuple[str, User | None]]:
    """The programme office: its address, or else each coordinator, or else the site's
    office address (PROGRAMME_OFFICE_EMAIL), so that news always reaches someone."""
    if programme.office_email:
        return [(programme.office_email, None)]
    coordinators = [(person.email, person) for person in User.objects.coordinators()]
    return coordinators or [(settings.PROGRAMME_OFFICE_EMAIL, None)]


def _send_submitted(application: MentorApplication, line_manager_token: str | None) -> None:
    send_templated_mail(
        "mentoring/email/application_submitted",
        to=application.applicant.email,
        recipient=application.applicant,
        context={"application": application, "eligibility": application.eligibility},
    )
    if line_manager_token:
        _send_line_manager_request(application, line_manager_token)


def _send_line_manager_request(application: MentorApplication, token: str) -> None:
    send_templated_mail(
        "mentoring/email/line_manager_request",
        to=application.line_manager_email,
        context={
            "application": application,
            "answer_path": reverse("line_manager_answer", args=[token]),
        },
    )


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
        if email.lower() != current.email.lower():
            problem = line_manager_problem(
                applicant=application.applicant,
                manager_email=email,
                allowed_domains=settings.ALLOWED_SIGNUP_DOMAINS,
            )
            if problem:
                raise ApplicationError(problem)
        token, token_hash = new_token()
        was_email = current.email
        # Sent now: silence and reminders count from the new link.
        current.email, current.token, current.token_hash = email, token, token_hash
        current.sent_at = timezone.now()
        current.save(update_fields=["email", "token", "token_hash", "sent_at"])
        if application.line_manager_email != email:
            application.line_manager_email = email
            application.save(update_fields=["line_manager_email", "updated_at"])
        _send_line_manager_request(application, token)
        audit_record(
            actor=by,
            action=AuditAction.EDITED,
            obj=current,
            values={"email": (was_email, email)} if was_email != email else None,
            names=["sent_at", "token"],
        )
    return True


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
        Match.objects.proposed().filter(mentor=application).delete()
        ended = [
            match
            for match in Match.objects.active()
            .filter(mentor=application)
            .select_related("programme", "board_member__user")
            if pair_left(
                match=match,
                leaver=application.applicant,
                note="The mentor withdrew their application.",
            )
        ]
        if ended:
            _send_withdrawal_to_office(application, ended)
        places_give_up(
            registrations=mentor_places_ahead(application),
            because="as you have withdrawn your application",
        )
    return True


def mentor_places_ahead(application: MentorApplication):
    """The applicant's places still held at the programme's mentor and joint events to
    come: given up (`places_give_up`) once the application no longer takes part, for others
    to take, and no reminder of them is sent (reminders look for a place still held)."""
    return Registration.objects.filter(
        person_id=application.applicant_id,
        event__programme_id=application.programme_id,
        event__audience__in=[Audience.MENTORS, Audience.JOINT],
    ).held_ahead()


def _send_withdrawal_to_office(application: MentorApplication, ended) -> None:
    for email, person in office_recipients(application.programme):
        send_templated_mail(
            "mentoring/email/mentor_withdrew",
            to=email,
            recipient=person,
            context={"application": application, "ended": ended, "coordinator": person},
        )


OWN_APPLICATION = "your own application: another coordinator decides it"


def application_decision_problem(
    *, application: MentorApplication, status: str, by: User, in_pair: bool | None = None
) -> str | None:
    """Why `by` cannot make this decision on the application as it stands, in words for the
    coordinator; None when they can. The confirmation pages and the service share it.
    `in_pair`: whether the applicant mentors in an active pair, when read already for many
    applications at once (`applications_in_pair`); asked here when not given."""
    if status not in DECIDED:
        raise ValueError(f"Not a decision: {status}")
    if approves_own_application(applicant=application.applicant, approver=by):
        return OWN_APPLICATION
    if application.status == status:
        return f"already {application.status_in_words}"
    if application.status in (ApplicationStatus.DRAFT, ApplicationStatus.WITHDRAWN):
        return f"{application.status_in_words}, so not the office's to decide"
    if status == ApplicationStatus.ACCEPTED:
        if not application.eligible:
            return "not eligible"
        if application.programme.line_manager_agreement and not application.line_manager_agreed:
            return "the line manager has not agreed"
        return None
    if in_pair is None:
        in_pair = bool(applications_in_pair([application]))
    if in_pair:
        # A mentor in a pair keeps their place until the pair is ended on the match board.
        return "in an active pair: end the pairing first"
    return None


def applications_in_pair(applications: Iterable[MentorApplication]) -> set[int]:
    """The ids of those of `applications` whose mentor is in an active pair: one query."""
    return set(
        Match.objects.filter(
            mentor__in=[application.pk for application in applications],
            status=MatchStatus.ACTIVE,
        ).values_list("mentor_id", flat=True)
    )


def application_decide(
    *, application: MentorApplication, status: str, by: User, seen_status: str | None = None
) -> bool:
    """`by` accepts, wait-lists or declines, and the applicant is told. False when the
    decision cannot be made (application_decision_problem says why: for one, nobody
    decides their own application).

    `seen_status` is the state the coordinator saw when they chose: if the application has
    changed since (another coordinator decided, the applicant withdrew, or the same button
    was pressed twice), nothing changes, nobody is emailed, and ApplicationError says so.
    """
    seen = {application.pk: seen_status} if seen_status is not None else {}
    outcome = applications_decide(applications=[application], status=status, by=by, seen=seen)
    if outcome.refused:
        raise ApplicationError(outcome.refused[0])
    return bool(outcome.decided)


@dataclass
class Decided:
    decided: list[MentorApplication] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)  # changed since seen: why, in words
    unchanged: int = 0  # that cannot be decided so (application_decision_problem)


def applications_decide(
    *,
    applications: Sequence[MentorApplication],
    status: str,
    by: User,
    seen: dict[int, str] | None = None,
) -> Decided:
    """`application_decide` for each of `applications`, in one go: the same queries however
    many there are. `seen`: the state the coordinator saw of each, by id; one changed since is
    left as it is, nobody emailed, with why in `refused`."""
    if status not in DECIDED:
        raise ValueError(f"Not a decision: {status}")
    seen = seen or {}
    outcome = Decided()
    with transaction.atomic():
        # Locked, so that two coordinators (or two clicks) deciding at once go one at a time:
        # the second sees the first's decision.
        current = (
            MentorApplication.objects.select_for_update(of=("self",))
            .select_related("programme", "applicant", "line_manager_request")
            .in_bulk([application.pk for application in applications])
        )
        in_pair = applications_in_pair(current.values())
        deciding = []
        for application in applications:
            now = current.get(application.pk)
            seen_status = seen.get(application.pk)
            if now is None:
                outcome.unchanged += 1
            elif seen_status is not None and now.status != seen_status:
                outcome.refused.append(_changed_since_seen(now, seen_status, status))
            elif application_decision_problem(
                application=now, status=status, by=by, in_pair=now.pk in in_pair
            ):
                outcome.unchanged += 1
            else:
                deciding.append((application, now, now.status, now.decided_at))
        if not deciding:
            return outcome
        decided_at = timezone.now()
        MentorApplication.objects.filter(pk__in=[now.pk for _, now, *_ in deciding]).update(
            status=status, decided_at=decided_at, updated_at=decided_at
        )
        for application, now, *_ in deciding:
            now.status, now.decided_at, now.updated_at = status, decided_at, decided_at
            application.status, application.decided_at = status, decided_at
            outcome.decided.append(now)
        send_templated_mails([_decision_mail(now) for now in outcome.decided])
        audit_record_many(
            actor=by,
            action=AuditAction.APPLICATION_DECIDED,
            changes=[
                Audited(
                    now,
                    values={
                        "status": (was_status, status),
                        "decided_at": (was_decided_at, decided_at),
                    },
                )
                for _, now, was_status, was_decided_at in deciding
            ],
        )
    return outcome


def _changed_since_seen(application: MentorApplication, seen_status: str, status: str) -> str:
    if application.status == status:
        return (
            f"{application.applicant.full_name}'s application is already "
            f"{application.status_in_words}: nothing changed and nobody was emailed again."
        )
    return application_changed_message(application, seen_status)


def application_changed_message(application: MentorApplication, seen_status: str) -> str:
    now = application.status_in_words
    if seen_status not in ApplicationStatus.values:
        seen_status = ApplicationStatus.DRAFT  # a tampered form: treat it as out of date
    seen = STATUS_IN_WORDS[ApplicationStatus(seen_status)]
    return (
        f"{application.applicant.full_name}'s application changed after you opened the page "
        f"(it was {seen}, it is now {now}), so your decision was not applied and nobody was "
        "emailed. Look at it again before deciding."
    )


def _decision_mail(application: MentorApplication) -> TemplatedMail:
    return TemplatedMail(
        f"mentoring/email/application_{application.status}",
        to=application.applicant.email,
        recipient=application.applicant,
        context={"application": application, "programme": application.programme},
    )


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
    must not have become one of the applicant's own since it was sent."""
    if approves_own_application(
        applicant=request.application.applicant, approver=answered_by, address=request.email
    ):
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
        changed = LineManagerRequest.objects.filter(pk=request.pk, decision="").update(
            decision=LineManagerDecision.AGREED if agreed else LineManagerDecision.DECLINED,
            reason=reason,
            answered_at=now,
        )
        if not changed:
            raise ApplicationError("This request has already been answered. Thank you.")
        if agreed and line_manager_agreement_emails_office(application.programme):
            # The moment the office can decide it.
            _send_to_office(application, "mentoring/email/line_manager_agreed")
        if not agreed:
            # Only if the refusal rules the application out: one the office has accepted or
            # wait-listed meanwhile (silence may count as agreement) goes on, places and all.
            application = (
                MentorApplication.objects.select_for_update(of=("self",))
                .select_related("programme", "line_manager_request")
                .get(pk=request.application_id)
            )
            if not application.takes_part:
                places_give_up(
                    registrations=mentor_places_ahead(application),
                    because="as your application cannot go any further",
                )
