"""The programme office's decisions on mentor applications: why one cannot be made
(`application_decision_problem`), making it for one application or many at once, and telling
each applicant."""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import OuterRef, Q
from django.utils import timezone

from accounts.audit import Audited, audit_record_many
from accounts.mail import TemplatedMail, send_templated_mails
from accounts.models import AuditAction, User
from accounts.outbox import can_be_emailed
from mentoring.approval import approves_own_application
from mentoring.models import (
    ApplicationStatus,
    EventKind,
    Match,
    MatchStatus,
    MentorApplication,
    Registration,
)
from mentoring.models.applications import (
    DECIDED,
    LINE_MANAGER_STILL_ASKED,
    STATUS_IN_WORDS,
    accepted_until_after,
    accepted_until_then,
)
from mentoring.selectors.mailboxes import on_a_board_at_mailbox_of
from mentoring.services.applications import (
    ApplicationError,
    held_as_a_mentor,
    line_manager_emails_call_off,
)
from mentoring.services.events import places_give_up
from mentoring.services.matches import proposals_withdraw

OWN_APPLICATION = "your own application: another coordinator decides it"
ON_THE_BOARD = (
    "a board member in this programme: nobody can be both mentor and board member in one "
    "programme, so it can only be declined"
)
# Sent before the programme asked for the line manager's agreement
# (`MentorApplication.line_manager_never_asked`).
LINE_MANAGER_NEVER_ASKED = (
    "sent before this programme asked for the line manager's agreement, so no line manager "
    "was asked and none can agree"
)


def application_decision_problem(
    *,
    application: MentorApplication,
    status: str,
    by: User,
    in_pair: bool | None = None,
    on_the_board: bool | None = None,
) -> str | None:
    """Why `by` cannot make this decision on the application as it stands, in words for the
    coordinator; None when they can. The confirmation pages and the service share it.
    `in_pair`: whether the applicant mentors in an active pair, and `on_the_board`: whether
    they are a board member of the application's programme, when read already for many
    applications at once (`applications_in_pair`, `applications_on_the_board`); asked here
    when not given."""
    if status not in DECIDED:
        raise ValueError(f"Not a decision: {status}")
    if approves_own_application(applicant=application.applicant, approver=by):
        return OWN_APPLICATION
    if application.status == status:
        return f"already {application.status_in_words}"
    if application.status in (ApplicationStatus.DRAFT, ApplicationStatus.WITHDRAWN):
        return f"{application.status_in_words}, so not the office's to decide"
    if status != ApplicationStatus.DECLINED and application.programme.has_ended:
        # Accepted or wait-listed, they would be promised a match or a place coming up.
        return "in a programme that has ended: it can only be declined"
    if status != ApplicationStatus.DECLINED:
        # Added to the board after this application was declined or withdrawn
        # (`board_member_invite_problem` refuses only one in the programme): accepted or
        # wait-listed, they would be on both sides of the match board.
        if on_the_board is None:
            on_the_board = bool(applications_on_the_board([application]))
        if on_the_board:
            return ON_THE_BOARD
    if status == ApplicationStatus.ACCEPTED:
        if not application.eligible:
            return "not eligible"
        if application.programme.line_manager_agreement and not application.line_manager_agreed:
            if application.line_manager_never_asked:
                return LINE_MANAGER_NEVER_ASKED
            if application.line_manager_declined:
                return "the line manager did not agree"
            because = application.line_manager_request.unanswerable_because
            if because:
                return (
                    f"the line manager has not agreed, and cannot through this request: "
                    f"{because}; send it again to the line manager's own address"
                )
            return "the line manager has not agreed"
        return None
    if status == ApplicationStatus.WAITLISTED and not application.eligible:
        # Accepting needs eligibility: the place the waiting list promises could never come.
        return "not eligible, so it can never be accepted"
    if status == ApplicationStatus.WAITLISTED and application.line_manager_never_asked:
        return f"{LINE_MANAGER_NEVER_ASKED}, so it can never be accepted"
    if status == ApplicationStatus.WAITLISTED and application.line_manager_declined:
        # Their answer is final, and accepting needs their agreement: a place coming up
        # could never be offered.
        return "the line manager did not agree, so it can never be accepted"
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


def applications_on_the_board(applications: Iterable[MentorApplication]) -> set[int]:
    """The ids of those of `applications` whose applicant is a board member of the
    application's programme, joined or only invited: an address the board place reaches
    (`approval.board_place_addresses`: the one invited, or one its account holds, those
    added and confirmed too) is the applicant's own mailbox (the address they sign in with,
    one added on their account and confirmed, or a `+` alias of either):
    `mailboxes.on_a_board_at_mailbox_of`, which reads only the places that may reach them,
    not the whole board. One query."""
    on_the_board = MentorApplication.objects.filter(
        on_a_board_at_mailbox_of(
            OuterRef("applicant"), programme=OuterRef("programme"), theirs_too=True
        ),
        pk__in=[application.pk for application in applications],
    )
    return set(on_the_board.values_list("pk", flat=True))


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
        # the second sees the first's decision. Then read again, with what comes with them:
        # a row joined to the locking statement is as it was when that statement began, so a
        # line manager's "No" committed while it waited would not be seen.
        ids = [application.pk for application in applications]
        # In id order, as every service locks applications (`sides_lock`): never a deadlock
        # with the match board locking the same mentors.
        list(
            MentorApplication.objects.select_for_update()
            .filter(pk__in=ids)
            .order_by("pk")
            .values_list("pk")
        )
        current = MentorApplication.objects.select_related(
            "programme", "applicant", "line_manager_request__message"
        ).in_bulk(ids)
        in_pair = applications_in_pair(current.values())
        on_the_board = (
            applications_on_the_board(current.values())
            if status != ApplicationStatus.DECLINED  # a board member's may be declined
            else set()
        )
        deciding = []
        for application in applications:
            now = current.get(application.pk)
            seen_status = seen.get(application.pk)
            if now is None:
                outcome.unchanged += 1
            elif seen_status is not None and now.status != seen_status:
                outcome.refused.append(_changed_since_seen(now, seen_status, status))
            elif application_decision_problem(
                application=now,
                status=status,
                by=by,
                in_pair=now.pk in in_pair,
                on_the_board=now.pk in on_the_board,
            ):
                outcome.unchanged += 1
            else:
                deciding.append((application, now, now.status, now.decided_at))
        if not deciding:
            return outcome
        decided_at = timezone.now()
        MentorApplication.objects.filter(pk__in=[now.pk for _, now, *_ in deciding]).update(
            status=status,
            decided_at=decided_at,
            updated_at=decided_at,
            accepted_until=accepted_until_after(status, decided_at),
        )
        for application, now, *_ in deciding:
            now.accepted_until = accepted_until_then(
                was_status=now.status, was_until=now.accepted_until, status=status, at=decided_at
            )
            now.status, now.decided_at, now.updated_at = status, decided_at, decided_at
            application.status, application.decided_at = status, decided_at
            application.accepted_until = now.accepted_until
            outcome.decided.append(now)
        send_templated_mails(
            [_decision_mail(now) for now in outcome.decided if can_be_emailed(now.applicant)]
        )
        _give_up_places_no_longer_theirs(outcome.decided, status)
        if status not in LINE_MANAGER_STILL_ASKED:
            line_manager_emails_call_off(
                [now.pk for now in outcome.decided],
                reason=f"The application was {status}.",
            )
        if status != ApplicationStatus.ACCEPTED:
            # A pairing proposed for a mentor who is now declined or wait-listed could never
            # be confirmed, and would hold their board member back from another proposal.
            proposals_withdraw(matches=Match.objects.filter(mentor__in=outcome.decided), by=by)
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


# What the office's confirmation says of the places a decision gives back
# (`_give_up_places_no_longer_theirs`) and of the pairings proposed for them
# (`places_given_back_said`).
PLACES_GIVEN_BACK = {
    ApplicationStatus.DECLINED: (
        "Any place they hold at the programme's events to come is given back for others to "
        "take{emailed}. A pairing proposed for them on the match board is withdrawn."
    ),
    ApplicationStatus.WAITLISTED: (
        "Any place they hold at the cohort's own sessions to come (not the briefings) is "
        "given back for others to take{emailed}. A pairing proposed for them on the match "
        "board is withdrawn."
    ),
}


def places_given_back_said(status, *, emailing: bool) -> str:
    """What deciding applications as `status` gives back, for the office's confirmation;
    the calendar file that removes a place is named only when someone is to be emailed."""
    if status not in PLACES_GIVEN_BACK:
        return ""
    emailed = ", and they are emailed a calendar file that removes it" if emailing else ""
    return PLACES_GIVEN_BACK[status].format(emailed=emailed)


# Why a decided applicant's places are given up, in the email that tells them.
NO_LONGER_THEIRS = {
    ApplicationStatus.DECLINED: "as your application did not get a place this time",
    ApplicationStatus.WAITLISTED: (
        "as you are on the waiting list, and the cohort's own sessions are for accepted mentors"
    ),
}


def _give_up_places_no_longer_theirs(decided: list[MentorApplication], status: str) -> None:
    """The places the decided applicants hold as mentors (`held_as_a_mentor`) at their
    programme's events to come that are no longer theirs to come to, given back
    (`places_give_up`, each person emailed): declined, every one (the events page shows them
    none, so they could not give one up themselves, and would be reminded of it);
    wait-listed, those at the cohort's own sessions (an applicant on the waiting list is
    offered only the briefings). The same queries however many were decided."""
    because = NO_LONGER_THEIRS.get(status)
    if because is None or not decided:
        return
    theirs = Q()
    for application in decided:
        theirs |= Q(
            person_id=application.applicant_id, event__programme_id=application.programme_id
        )
    places = Registration.objects.filter(theirs, held_as_a_mentor())
    if status == ApplicationStatus.WAITLISTED:
        places = places.exclude(event__kind=EventKind.BRIEFING)
    places_give_up(registrations=places, because=because)


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
