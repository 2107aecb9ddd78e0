"""The pair's lifecycle. Matching (the app) decides who may be paired; this records it."""

from django.db import IntegrityError, transaction
from django.db.models import F, QuerySet
from django.utils import timezone

from accounts.audit import audit_record
from accounts.mail import send_templated_mail
from accounts.models import AuditAction, User
from mentoring.calendar import feed_ics
from mentoring.models import (
    BoardMember,
    EndReason,
    Match,
    MatchStatus,
    Meeting,
    MeetingStatus,
    MentorApplication,
    PairRequest,
    PairRequestOutcome,
)


class MatchError(Exception):
    """Why a pair could not be proposed or activated, in words for the coordinator."""


def match_propose(
    *,
    mentor: MentorApplication,
    board_member: BoardMember,
    score: int,
    reasons: list[str],
    proposed_by: User | None,
) -> Match:
    if mentor.programme_id != board_member.programme_id:
        raise MatchError("A mentor and a board member can only be paired within one programme.")
    try:
        with transaction.atomic():
            match = Match.objects.create(
                programme_id=mentor.programme_id,
                mentor=mentor,
                board_member=board_member,
                score=score,
                reasons=reasons,
                proposed_by=proposed_by,
            )
            audit_record(
                actor=proposed_by,
                action=AuditAction.PAIR_PROPOSED,
                obj=match,
                values={
                    "status": (None, match.status),
                    "mentor": (None, mentor),
                    "board_member": (None, board_member),
                    "score": (None, score),
                },
            )
            return match
    except IntegrityError:
        raise MatchError(
            f"{mentor.applicant} and {board_member} are already proposed or paired."
        ) from None


def match_activate(*, match: Match, mentor_capacity: int, by: User | None = None) -> Match:
    """Confirm a proposed pair and introduce the two people to each other by email."""
    with transaction.atomic():
        # Lock both sides, so two coordinators cannot fill the same place at once.
        mentor = MentorApplication.objects.select_for_update().get(pk=match.mentor_id)
        BoardMember.objects.select_for_update().get(pk=match.board_member_id)
        match = Match.objects.select_for_update().get(pk=match.pk)
        if match.status != MatchStatus.PROPOSED:
            raise MatchError("This pair is no longer a proposal.")
        if Match.objects.active().filter(board_member_id=match.board_member_id).exists():
            raise MatchError(f"{match.board_member} is already in a pair.")
        if Match.objects.active().filter(mentor=mentor).count() >= mentor_capacity:
            raise MatchError(f"{mentor.applicant} already mentors as many people as allowed.")
        match.status = MatchStatus.ACTIVE
        match.activated_at = timezone.now()
        match.save(update_fields=["status", "activated_at"])
        _send_introductions(match.pk)
        audit_record(
            actor=by,
            action=AuditAction.PAIR_ACTIVATED,
            obj=match,
            values={
                "status": (MatchStatus.PROPOSED, match.status),
                "activated_at": (None, match.activated_at),
            },
        )
    return match


def _send_introductions(match_id: int) -> None:
    match = Match.objects.select_related(
        "programme", "mentor__applicant", "board_member__user", "board_member__board"
    ).get(pk=match_id)
    mentor, member = match.mentor, match.board_member
    # Each learns only what the other chose to share: name, role, bio and themes.
    sides = [
        (
            mentor.applicant,
            "board member",
            member.user,
            _role(member.role_title, member.board),
            member.bio,
            member.themes.all(),
        ),
        (
            member.user,
            "reverse mentor",
            mentor.applicant,
            _role(mentor.applicant.job_title, mentor.applicant.department),
            mentor.bio,
            mentor.themes.all(),
        ),
    ]
    for recipient, other_word, other, other_role, other_bio, other_themes in sides:
        send_templated_mail(
            "mentoring/email/match_introduction",
            to=recipient.email,
            recipient=recipient,
            context={
                "match": match,
                "recipient": recipient,
                "other": other,
                "other_word": other_word,
                "other_role": other_role,
                # Bounded by the model and a database check (accounts.bounds.BIO).
                "other_bio": other_bio,
                "other_themes": [theme.name for theme in other_themes],
            },
        )


def _role(*parts) -> str:
    return ", ".join(str(part) for part in parts if part)


def match_discard(*, match: Match, by: User | None = None) -> bool:
    """Drop a proposal that was not taken up."""
    return proposals_withdraw(matches=Match.objects.filter(pk=match.pk), by=by) == 1


def proposals_withdraw(*, matches: QuerySet[Match], by: User | None) -> int:
    """Delete the open proposals among `matches` (discarded, replaced or made stale), each
    recorded in the audit trail. The number withdrawn."""
    with transaction.atomic():
        # The two people read with the pair (for the trail's label), only the pair locked.
        proposals = list(
            matches.proposed()
            .select_related("mentor__applicant", "board_member__user")
            .select_for_update(of=("self",))
        )
        for proposal in proposals:
            audit_record(
                actor=by,
                action=AuditAction.PAIR_WITHDRAWN,
                obj=proposal,
                values={
                    "status": (MatchStatus.PROPOSED, None),
                    # Who was in it, by number (the label names them).
                    "mentor": (MentorApplication(pk=proposal.mentor_id), None),
                    "board_member": (BoardMember(pk=proposal.board_member_id), None),
                },
            )
        Match.objects.filter(pk__in=[proposal.pk for proposal in proposals]).delete()
    return len(proposals)


def match_end(
    *,
    match: Match,
    reason: str,
    note: str = "",
    by: User | None = None,
    tell_both: bool = False,
) -> bool:
    """End an active pair; its meetings still to come are dropped. With `tell_both`, both
    people are emailed that the pair has ended (only that: not why, nor who asked), with
    the meetings now off and a calendar file that cancels them. False when the pair was not
    active (ended meanwhile, or never confirmed)."""
    with transaction.atomic():  # the emails are written to the outbox with the change
        dropped = _match_end(match=match, reason=reason, note=note, by=by)
        if dropped is not None and tell_both:
            _send_pair_ended(match.pk, dropped)
    return dropped is not None


def _match_end(*, match: Match, reason: str, note: str, by: User | None) -> list[Meeting] | None:
    """`match_end` without the emails: the meetings it dropped, earliest first, or None
    when the pair was not active."""
    if reason not in EndReason.values:
        raise ValueError(f"Not an end reason: {reason}")
    now = timezone.now()
    with transaction.atomic():
        # Locked first, so that no meeting is booked between listing them and dropping them.
        Match.objects.select_for_update().filter(pk=match.pk).first()
        upcoming = list(Meeting.objects.upcoming().filter(match=match).values_list("pk", flat=True))
        changed = Match.objects.filter(pk=match.pk, status=MatchStatus.ACTIVE).update(
            status=MatchStatus.ENDED, ended_at=now, end_reason=reason, end_note=note
        )
        if not changed:
            return None
        meetings_drop_upcoming(match_ids=[match.pk])
        # A member's open request to end it is answered by its ending; a concern stays
        # with the office, which may still need to follow it up.
        PairRequest.objects.asking_to_end().filter(match=match).update(
            resolved_at=now, resolved_by=by, outcome=PairRequestOutcome.ENDED
        )
        audit_record(
            actor=by,
            action=AuditAction.PAIR_ENDED,
            obj=match,
            values={
                "status": (MatchStatus.ACTIVE, MatchStatus.ENDED),
                "ended_at": (None, now),
                "end_reason": (None, reason),
            },
            names=["end_note"] if note else [],
        )
    dropped = list(Meeting.objects.filter(pk__in=upcoming).order_by("starts_at"))
    for meeting in dropped:
        meeting.match = match  # what their calendar file reads, without a query each
    return dropped


def pair_left(*, match: Match, leaver: User, note: str = "", by: User | None = None) -> bool:
    """`leaver` leaves an active pair (withdrawing, or their account deleted): the pair
    ends (`match_end`: an open request to end it is settled), and the partner is emailed
    that it ended because the other is no longer taking part, with the meetings that are
    now off. Never why, nor anything else. `by`: the coordinator acting for them, for the
    audit trail. False when the pair was no longer active. `match` with its programme and
    both people."""
    with transaction.atomic():
        dropped = _match_end(match=match, reason=EndReason.WITHDRAWN, note=note, by=by)
        if dropped is None:
            return False
        partner = match.partner_of(leaver)
        send_templated_mail(
            "mentoring/email/partner_left",
            to=partner.email,
            recipient=partner,
            context={
                "programme": match.programme,
                "person": partner,
                "partner": leaver,
                "dropped": dropped,
                "office_email": match.programme.office_email,
            },
            attachments=_cancelling(partner, dropped),
        )
    return True


def _send_pair_ended(match_id: int, dropped: list[Meeting]) -> None:
    match = Match.objects.select_related(
        "programme", "mentor__applicant", "board_member__user"
    ).get(pk=match_id)
    for meeting in dropped:
        meeting.match = match
    for person in (match.mentor.applicant, match.board_member.user):
        send_templated_mail(
            "mentoring/email/pair_ended",
            to=person.email,
            recipient=person,
            context={
                "match": match,
                "person": person,
                "partner": match.partner_of(person),
                "dropped": dropped,
            },
            attachments=_cancelling(person, dropped),
        )


def _cancelling(person: User, dropped: list[Meeting]):
    """The calendar file that shows `dropped` cancelled in calendars that took them from
    earlier emails; none when nothing was dropped."""
    if not dropped:
        return None
    return [("meetings.ics", feed_ics(person, dropped, []), "text/calendar")]


def meetings_drop_upcoming(*, match_ids: list[int]) -> int:
    """An ended pair's meetings still to come are off: calendars see them cancelled, and
    nobody's diary keeps them (nobody could cancel them once the pair is read-only)."""
    return (
        Meeting.objects.upcoming()
        .filter(match_id__in=match_ids)
        .update(
            status=MeetingStatus.DROPPED,
            cancelled_at=timezone.now(),
            updated_at=timezone.now(),  # calendars read LAST-MODIFIED beside SEQUENCE
            sequence=F("sequence") + 1,
        )
    )
