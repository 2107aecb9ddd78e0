"""The pair's lifecycle. Matching (the app) decides who may be paired; this records it."""

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.text import Truncator

from accounts import bounds
from accounts.mail import send_templated_mail
from accounts.models import User
from mentoring.models import (
    BoardMember,
    EndReason,
    Match,
    MatchStatus,
    Meeting,
    MeetingStatus,
    MentorApplication,
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
            return Match.objects.create(
                programme_id=mentor.programme_id,
                mentor=mentor,
                board_member=board_member,
                score=score,
                reasons=reasons,
                proposed_by=proposed_by,
            )
    except IntegrityError:
        raise MatchError(
            f"{mentor.applicant} and {board_member} are already proposed or paired."
        ) from None


def match_activate(*, match: Match, mentor_capacity: int) -> Match:
    """Confirm a proposed pair and introduce the two people to each other by email."""
    with transaction.atomic():
        # Lock both sides, so two coordinators cannot fill the same place at once.
        mentor = MentorApplication.objects.select_for_update().get(pk=match.mentor_id)
        BoardMember.objects.select_for_update().get(pk=match.board_member_id)
        match = Match.objects.select_for_update().get(pk=match.pk)
        if match.status != MatchStatus.PROPOSED:
            raise MatchError("This pair is no longer a proposal.")
        if Match.objects.active().filter(board_member_id=match.board_member_id).exists():
            raise MatchError(f"{match.board_member} already has an active match.")
        if Match.objects.active().filter(mentor=mentor).count() >= mentor_capacity:
            raise MatchError(f"{mentor.applicant} already mentors as many people as allowed.")
        match.status = MatchStatus.ACTIVE
        match.activated_at = timezone.now()
        match.save(update_fields=["status", "activated_at"])
        _send_introductions(match.pk)
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
                # Bounded by the model already; cut here too, so that no row written
                # before the bound existed can send a letter of any length.
                "other_bio": Truncator(other_bio).chars(bounds.BIO),
                "other_themes": [theme.name for theme in other_themes],
            },
        )


def _role(*parts) -> str:
    return ", ".join(str(part) for part in parts if part)


def match_discard(*, match: Match) -> bool:
    """Drop a proposal that was not taken up."""
    deleted, _ = Match.objects.filter(pk=match.pk, status=MatchStatus.PROPOSED).delete()
    return deleted == 1


def match_end(*, match: Match, reason: str, note: str = "") -> bool:
    if reason not in EndReason.values:
        raise ValueError(f"Not an end reason: {reason}")
    with transaction.atomic():
        changed = Match.objects.filter(pk=match.pk, status=MatchStatus.ACTIVE).update(
            status=MatchStatus.ENDED, ended_at=timezone.now(), end_reason=reason, end_note=note
        )
        if changed:
            meetings_drop_upcoming(match_ids=[match.pk])
    return changed == 1


def meetings_drop_upcoming(*, match_ids: list[int]) -> int:
    """An ended pair's meetings still to come are off: calendars see them cancelled, and
    nobody's diary keeps them (nobody could cancel them once the pair is read-only)."""
    return (
        Meeting.objects.upcoming()
        .filter(match_id__in=match_ids)
        .update(
            status=MeetingStatus.DROPPED, cancelled_at=timezone.now(), sequence=F("sequence") + 1
        )
    )
