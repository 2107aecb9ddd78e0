"""A mentor's application: keeping a draft, submitting it (the first request to the line
manager going with it where the programme asks for agreement), withdrawing it, and telling
the programme office (`office_recipients`)."""

from collections.abc import Iterable

from django.conf import settings
from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from accounts.audit import Audited, audit_record_many
from accounts.mail import send_templated_mail
from accounts.models import AuditAction, OutboxMessage, User
from accounts.outbox import OfficeRecipient, outbox_cancel
from accounts.tokens import new_token
from mentoring.access import Refusal, why_cannot_apply
from mentoring.line_manager import line_manager_problem
from mentoring.models import (
    ApplicationStatus,
    Audience,
    BoardMember,
    LineManagerRequest,
    Match,
    MentorApplication,
    Programme,
    Registration,
    Theme,
)
from mentoring.models.applications import IN_PROGRAMME, accepted_until_after
from mentoring.services.events import places_give_up
from mentoring.services.matches import pair_left, proposals_withdraw


class ApplicationError(Exception):
    """Something the applicant (or coordinator) should be told, in these words."""


class OwnApplicationError(ApplicationError):
    """The applicant tried to approve their own application (mentoring.approval)."""


class AccountGoneError(Exception):
    """The account was deleted while its details were being saved."""


def department_follows(person: User, *, by: User | None = None) -> None:
    """One department per person: their account's, which their partner is shown, is also
    the one on each application of theirs in the running (and each draft), which the match
    board reads (never pairing them with a board member of their own). Called wherever the
    account's changes (the profile, the people admin) and on sending an application, which
    makes its department the account's; in the transaction that changed it. Called, not a
    receiver of the user's save: no business logic in signals (STYLE.md). An application sent keeps
    a department (`application_sent_is_complete`): the forms ask one of an applicant taking
    part (`DEPARTMENT_NEEDED`); one left blank all the same is not written to them.

    `by`, the coordinator, when the programme office made the change (the people admin):
    each sent application it changes is then in the audit trail, its department named, not
    kept: it is typed text, which the trail records by name only, as it would outlive the
    person's account. A person changing their own (their profile, their application) is not
    the office's change, and a draft is not yet the office's to audit."""
    if not person.department.strip():
        return
    # Drafts too: one sent as it stands would make its old department the account's again.
    following = MentorApplication.objects.filter(
        applicant=person, status__in=[ApplicationStatus.DRAFT, *IN_PROGRAMME]
    ).exclude(department=person.department)
    sent = []
    if by is not None:
        # Read (and locked) before the update, which makes them all alike.
        sent = list(
            following.exclude(status=ApplicationStatus.DRAFT)
            .select_related("applicant", "programme")
            .select_for_update(of=("self",))
        )
    following.update(department=person.department, updated_at=timezone.now())
    if by is not None:
        audit_record_many(
            actor=by,
            action=AuditAction.EDITED,
            changes=[Audited(application, names=["department"]) for application in sent],
        )


def account_details_save(*, person: User, fields: list[str]) -> None:
    """Write `fields` of `person` as a form set them, and only those: not to an account
    deleted since it was read (account_delete takes the same lock), whose other fields read
    before would write it back as it was. AccountGoneError if it was."""
    with transaction.atomic():
        locked = User.objects.select_for_update(no_key=True).only("deleted_at").get(pk=person.pk)
        if locked.is_deleted:
            raise AccountGoneError("This account has been deleted, so its details are gone.")
        person.save(update_fields=fields)
        if "department" in fields:
            department_follows(person)


def _submitted_on(application: MentorApplication) -> str:
    return date_format(timezone.localtime(application.submitted_at), "j F Y")


def application_save_draft(
    *, programme: Programme, applicant: User, answers: dict, themes: Iterable[Theme] | None
) -> MentorApplication:
    """Keep what the applicant typed: `answers`, the valid ones only (an answer left out
    keeps what the draft had), and `themes` unless None. Works while recruitment is closed,
    never after submitting, nor once the programme has ended."""
    if not programme.is_published:
        raise ApplicationError("This programme is not open for applications.")
    if programme.has_ended:
        raise ApplicationError(ended_message(programme))
    with transaction.atomic():
        application, _ = MentorApplication.objects.select_for_update().get_or_create(
            programme=programme, applicant=applicant
        )
        if not application.is_draft:
            raise ApplicationError(locked_message(application))
        for name, value in answers.items():
            setattr(application, name, value)
        application.save()
        if themes is not None:
            application.themes.set(themes)
    return application


def ended_message(programme: Programme) -> str:
    """Why nothing is saved in a programme the office has closed."""
    return f"{programme.name} has ended, so it takes no more applications."


def locked_message(application: MentorApplication) -> str:
    """Why a sent or withdrawn application's answers are not saved."""
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
        return locked_message(application)
    if not programme.is_recruiting:
        return f"{programme.recruitment_closed_message} Your answers are saved as a draft."
    if application.missing_answers():
        # The form marks each missing answer; this guards every other way in.
        return "Please answer every question before submitting."
    if programme.line_manager_agreement:
        return line_manager_problem(
            applicant=application.applicant,
            manager_email=application.line_manager_email,
        )
    return None


def not_sent_message(refusal: Refusal, programme: Programme) -> str:
    """Why a draft was not sent, by who may not apply (`why_cannot_apply`): what
    `application_submit` refuses it with, the draft kept as it was."""
    name = programme.name
    why = {
        "coordinator": f"You run {name} as a coordinator, so you cannot also apply to it "
        "as a mentor.",
        "board member": f"You are now a board member in {name}, so you will be mentored "
        "rather than mentor, and cannot also apply to it.",
        "board member at another address": f"{name} now has a board member's place at an "
        "address that reaches your own mailbox, so you cannot also apply to it as a mentor.",
        "board member elsewhere": "You are now a board member in another programme, and "
        "board members are mentored rather than mentor, so you cannot apply.",
    }[refusal.reason]
    return f"{why} Your application was not sent; your answers are kept as a draft."


def application_submit(
    *, application: MentorApplication, shown: str | None = None
) -> MentorApplication:
    """Send a complete draft to the programme office and record its eligibility. With
    `shown`, only the draft as the confirmation page showed it (its `updated_at`): not one
    changed since in another tab.

    Locks the applicant's row, then the application, before anything is checked, and no
    address after them (`address_lock`): the order adding a board member takes them in
    (mentoring.services.mentees.board_member_invite: the address, then each account it may
    be, her own by a `+` alias or a second account too), so that either waits for the other
    and the second is refused, as it would be a minute later."""
    with transaction.atomic():
        # The applicant first, as making someone a coordinator, or adding an address of
        # theirs to a board, locks them: one made a coordinator or a board member meanwhile is
        # found, and does not apply (the roles are kept apart).
        User.objects.select_for_update(no_key=True).filter(pk=application.applicant_id).first()
        application = (
            MentorApplication.objects.select_for_update()
            .select_related("programme", "applicant")
            .get(pk=application.pk)
        )
        programme = application.programme
        # Who may apply, as /apply/ asked before showing the confirmation, asked again now
        # from the database (never the navigation's kept facts): one made a coordinator, or
        # invited to a board, since is found, whoever calls.
        refusal = why_cannot_apply(application.applicant, programme)
        if refusal:
            raise ApplicationError(not_sent_message(refusal, programme))
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
        applicant = application.applicant
        if applicant.department != application.department:
            applicant.department = application.department
            applicant.save(update_fields=["department"])
            department_follows(applicant)

        _send_submitted(application)
        if application.asks_line_manager:
            token, token_hash = new_token()
            request = LineManagerRequest.objects.create(
                application=application,
                email=application.line_manager_email,
                token_hash=token_hash,
                token=token,
            )
            request.message = send_line_manager_request(application, token)
            request.save(update_fields=["message"])
        if programme.notify_office_of_applications:
            _send_arrived_to_office(application)
    return application


def _send_arrived_to_office(application: MentorApplication) -> None:
    """Tell the programme office that an application is waiting for review: who and whether
    eligible, with a link."""
    send_to_office(application, "mentoring/email/application_arrived")


def send_to_office(application: MentorApplication, template_prefix: str, **context) -> None:
    """Tell the programme office about an application, with a link to review it (and
    `context`, for the template). The answers stay in the admin, behind its two-factor
    sign-in."""
    review_path = reverse("admin:mentoring_mentorapplication_change", args=[application.pk])
    for office in office_recipients(application.programme):
        send_templated_mail(
            template_prefix,
            to=office,
            context={
                "application": application,
                "programme": application.programme,
                "review_path": review_path,
                **context,
            },
            about=_application_about(application.pk),
        )


def _application_about(application_id: int) -> str:
    """What the office's emails about an application are about (`OutboxMessage.about`)."""
    return f"application:{application_id}"


def office_emails_call_off(application_ids: Iterable[int], *, reason: str) -> int:
    """The office's emails about these applications (`send_to_office`: a new one, a line
    manager's yes), still waiting or failed, go no more: called when the applicant's account
    is deleted, as each says who applied and from which department, and points to an
    application that no longer says either. Called off rather than scrubbed: a department is
    no one person's, so taking it out of every email waiting would change other people's.
    `reason`: why, for the outbox."""
    return outbox_cancel(
        OutboxMessage.objects.filter(
            about__in=[_application_about(pk) for pk in application_ids], for_the_office=True
        ),
        reason=reason,
        failed_too=True,
    )


def office_recipients(
    programme: Programme, *, coordinators: list[User] | None = None
) -> list[OfficeRecipient]:
    """The programme office: its address, or else each coordinator (`coordinators`, when the
    caller has read them already), or else the site's office address
    (PROGRAMME_OFFICE_EMAIL), so that news always reaches someone. An email written to them
    is the office's, whatever its kind: one waiting in the outbox for a coordinator who
    leaves the office meanwhile does not go to them (`OfficeRecipient`)."""
    if programme.office_email:
        return [OfficeRecipient(programme.office_email)]
    if coordinators is None:
        coordinators = list(User.objects.coordinators())
    return [OfficeRecipient(person.email, person) for person in coordinators] or [
        OfficeRecipient(settings.PROGRAMME_OFFICE_EMAIL)
    ]


def _send_submitted(application: MentorApplication) -> None:
    send_templated_mail(
        "mentoring/email/application_submitted",
        to=application.applicant.email,
        recipient=application.applicant,
        # The verdict just recorded, as the status page and the office read it.
        context={"application": application, "eligibility": application.verdict},
    )


def send_line_manager_request(application: MentorApplication, token: str) -> OutboxMessage:
    """The email asking the line manager, with the link `token` opens: the request keeps it
    (`LineManagerRequest.message`), as their silence counts from its delivery."""
    return send_templated_mail(
        "mentoring/email/line_manager_request",
        to=application.line_manager_email,
        context={
            "application": application,
            "answer_path": reverse("line_manager_answer", args=[token]),
        },
    )


def application_withdraw(*, application: MentorApplication) -> bool:
    """Withdraw a submitted application, ending the mentor's pairs and telling the
    programme office so the board members can be rematched. False if it was no longer in
    the running, or its programme has ended (`MentorApplication.can_withdraw`)."""
    if not application.can_withdraw:  # its programme has ended, say
        return False
    now = timezone.now()
    with transaction.atomic():
        # Still in the running as it is written: not withdrawn meanwhile (another tab).
        changed = MentorApplication.objects.filter(
            pk=application.pk, status__in=IN_PROGRAMME
        ).update(
            status=ApplicationStatus.WITHDRAWN,
            withdrawn_at=now,
            accepted_until=accepted_until_after(ApplicationStatus.WITHDRAWN, now),
        )
        if not changed:
            return False
        # As every proposal that goes, each in the trail; by nobody of the office, as the
        # pairs this ends (the trail keeps its actors' names for good).
        proposals_withdraw(matches=Match.objects.filter(mentor=application), by=None)
        ended = [
            match
            for match in Match.objects.active()
            .filter(mentor=application)
            .select_related("programme", "board_member__user")
            if pair_left(
                match=match,
                leaver=application.applicant,
                note="The mentor withdrew their application.",
                tell_leaver=True,
            )
        ]
        if ended:
            _send_withdrawal_to_office(application, ended)
        places_give_up(
            registrations=mentor_places_ahead(application),
            because="as you have withdrawn your application",
        )
        line_manager_emails_call_off([application.pk], reason="The application was withdrawn.")
    return True


def line_manager_emails_call_off(application_ids: Iterable[int], *, reason: str) -> int:
    """The email asking the line manager of each of these applications to agree, still
    waiting (the mail server away) or failed (to be sent again), goes no more: called once
    the question is closed (`LineManagerRequest.is_open`), it would ask them to agree to what
    can no longer be, through a link that records nothing. `reason`: why, for the outbox."""
    asked = LineManagerRequest.objects.filter(application_id__in=list(application_ids))
    return outbox_cancel(
        OutboxMessage.objects.filter(pk__in=asked.values("message_id")),
        reason=f"{reason} The line manager's question is closed.",
        failed_too=True,
    )


def held_as_a_mentor() -> Q:
    """A place (a Registration) its person holds as a mentor of the event's programme: at a
    mentors' event, or a joint one unless they are a board member there too (declined as a
    mentor, then added to the board), who needs it as one."""
    on_the_board = BoardMember.objects.filter(
        programme=OuterRef("event__programme"), user=OuterRef("person")
    )
    return Q(event__audience=Audience.MENTORS) | Q(
        Q(event__audience=Audience.JOINT) & ~Exists(on_the_board)
    )


def mentor_places_ahead(application: MentorApplication):
    """The applicant's places still held as a mentor (`held_as_a_mentor`) at the programme's
    events to come: given up (`places_give_up`) once the application no longer takes part,
    for others to take, and no reminder of them is sent (reminders look for a place still
    held)."""
    return Registration.objects.filter(
        held_as_a_mentor(),
        person_id=application.applicant_id,
        event__programme_id=application.programme_id,
    ).held_ahead()


def _send_withdrawal_to_office(application: MentorApplication, ended) -> None:
    for office in office_recipients(application.programme):
        send_templated_mail(
            "mentoring/email/mentor_withdrew",
            to=office,
            context={"application": application, "ended": ended, "coordinator": office.person},
        )
