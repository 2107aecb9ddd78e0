"""The pair's lifecycle. Matching (the app) decides who may be paired; this records it."""

import re
from collections.abc import Sequence

from django.db import IntegrityError, transaction
from django.db.models import Count, F, Q, QuerySet
from django.utils import timezone

from accounts import bounds
from accounts.audit import Audited, audit_record, audit_record_many
from accounts.mail import (
    TemplatedMail,
    render_subject,
    render_templated_mail,
    send_templated_mail,
    send_templated_mails,
)
from accounts.models import AuditAction, OutboxMessage, User
from accounts.outbox import (
    CallOff,
    Composed,
    can_be_emailed,
    not_told_said,
    outbox_cancel,
    outbox_write_many,
)
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
from mentoring.selectors.pairs import can_take_part
from mentoring.services.meetings import MEETING_UPDATE, meeting_about, pair_about


class MatchError(Exception):
    """Why a pair could not be proposed or activated, in words for the coordinator."""


def proposed_values(match: Match) -> dict:
    """What the audit trail records of a pair proposed (one by one or by the assignment)."""
    return {
        "status": (None, match.status),
        "mentor": (None, match.mentor),
        "board_member": (None, match.board_member),
        "score": (None, match.score),
    }


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
                values=proposed_values(match),
            )
            return match
    except IntegrityError:
        # Rolled back to its savepoint, the transaction may still read (on PostgreSQL too):
        # which rule refused the pair is read afresh rather than parsed from the error.
        raise MatchError(_why_not_proposed(mentor=mentor, board_member=board_member)) from None


def _why_not_proposed(*, mentor: MentorApplication, board_member: BoardMember) -> str:
    """Why the database refused to propose the pair, read after the refusal: the two are
    proposed or paired already (match_pair_once_at_a_time), or the board member is proposed
    with another mentor (match_one_proposal_per_board_member: one at a time)."""
    open_ = list(
        Match.objects.filter(
            board_member=board_member, status__in=[MatchStatus.PROPOSED, MatchStatus.ACTIVE]
        ).select_related("mentor__applicant")
    )
    same_pair = f"{mentor.applicant} and {board_member} are already proposed or paired."
    if any(match.mentor_id == mentor.pk for match in open_):
        return same_pair
    other = next((match for match in open_ if match.status == MatchStatus.PROPOSED), None)
    if other is None:
        return same_pair  # withdrawn or confirmed since: the refusal is all there is to say
    return (
        f"{board_member} is already proposed with {other.mentor.applicant}: "
        "accept or discard that proposal first."
    )


# Why a proposal chosen is not acted on: it was decided since it was shown. The one wording,
# which the match board's messages use too (matching.views, matching.services).
NO_LONGER_OPEN = "no longer open (accepted, discarded or replaced since)"

# The pair as confirming it, the trail and the introductions name it and its two people.
PAIR_WITH_PEOPLE = ("programme", "mentor__applicant", "board_member__user", "board_member__board")


def not_confirmed(match: Match, why: str) -> str:
    """What accepting says of each proposal it leaves, named in full (after "Accept all",
    the office reads which pair each is about), then why. The match board's messages say it
    the same way (matching.services)."""
    return f"The pairing of {match} was not confirmed and nobody was emailed: {why}."


def sides_lock(*, mentor_ids, member_ids) -> None:
    """Lock mentors' applications, then board members, each in id order: the order every
    service that pairs people or changes someone paired takes them (proposing a pair,
    confirming proposals, an assignment, deleting an account; deciding or withdrawing an
    application takes the first kind alone), each before anything else it locks, so that
    two at once wait for each other rather than deadlock, and what one checked stays true
    until it commits."""
    for side, ids in ((MentorApplication, mentor_ids), (BoardMember, member_ids)):
        list(
            side.objects.select_for_update()
            .filter(pk__in=sorted(set(ids)))
            .order_by("pk")
            .values("pk")
        )


def matches_activate(
    *, matches: Sequence[Match], mentor_capacity: dict[int, int], by: User | None = None
) -> tuple[list[Match], dict[int, str]]:
    """Confirm the proposals among `matches`, in this order, and introduce each pair's two
    people to each other by email: the same queries however many there are. Called only by
    `matching.services` (`pair_activate`, `proposals_accept`), after the one rule for
    accepting (`proposals_review`: conflicts of interest, briefings, departments) with the
    same locks held, with only the proposals it found acceptable: the rule is matching's,
    which this app may not import (DESIGN.md). So nothing here confirms a pair on its own
    (no one-pair shortcut; tests confirm pairs through `pair_activate`). Each is checked
    with both sides locked, counting the pairs confirmed before it here: a proposal that may
    no longer be confirmed (decided meanwhile, its board member paired, its mentor full) is
    left as it is. `mentor_capacity`: how many a mentor may mentor, by programme id. The
    pairs confirmed (with their people), and why for each of the others, by id."""
    with transaction.atomic():
        # Both sides locked, so two coordinators cannot fill the same place at once.
        mentor_ids = {match.mentor_id for match in matches}
        member_ids = {match.board_member_id for match in matches}
        sides_lock(mentor_ids=mentor_ids, member_ids=member_ids)
        fresh = (
            Match.objects.select_for_update(of=("self",))
            .select_related(*PAIR_WITH_PEOPLE)
            .in_bulk([match.pk for match in matches])
        )
        paired = set(
            Match.objects.active()
            .filter(board_member_id__in=member_ids)
            .values_list("board_member_id", flat=True)
        )
        mentoring = dict(
            Match.objects.active()
            .filter(mentor_id__in=mentor_ids)
            .order_by()
            .values("mentor_id")
            .annotate(n=Count("pk"))
            .values_list("mentor_id", "n")
        )
        activated, problems = [], {}
        for match in matches:
            pair = fresh.get(match.pk)
            if pair is None or pair.status != MatchStatus.PROPOSED:
                problems[match.pk] = not_confirmed(pair or match, f"it is {NO_LONGER_OPEN}")
            elif pair.board_member_id in paired:
                problems[match.pk] = not_confirmed(
                    pair, f"{pair.board_member} is already in a pair"
                )
            elif mentoring.get(pair.mentor_id, 0) >= mentor_capacity[pair.programme_id]:
                problems[match.pk] = not_confirmed(
                    pair, f"{pair.mentor.applicant} already mentors as many people as allowed"
                )
            else:
                paired.add(pair.board_member_id)
                mentoring[pair.mentor_id] = mentoring.get(pair.mentor_id, 0) + 1
                activated.append(pair)
        if not activated:
            return [], problems
        now = timezone.now()
        Match.objects.filter(pk__in=[pair.pk for pair in activated]).update(
            status=MatchStatus.ACTIVE, activated_at=now
        )
        for pair in activated:
            pair.status, pair.activated_at = MatchStatus.ACTIVE, now
        _send_introductions(activated)
        audit_record_many(
            actor=by,
            action=AuditAction.PAIR_ACTIVATED,
            changes=[
                Audited(
                    pair,
                    values={
                        "status": (MatchStatus.PROPOSED, pair.status),
                        "activated_at": (None, pair.activated_at),
                    },
                )
                for pair in activated
            ],
        )
    return activated, problems


INTRODUCTION = "mentoring/email/match_introduction"
INTRODUCTION_COMPOSER = "pair_introduction"
_INTRODUCTION_ABOUT = re.compile(r"pair:(\d+)")


def _send_introductions(pairs: list[Match]) -> None:
    """Introduce each pair's two people to each other: one email each, written now and
    rendered as it goes (`introduction_compose`), so one that waits (the mail server away)
    or is sent again names the partner as they are then, at the address they have then.
    `pairs` read with their programme and people (PAIR_WITH_PEOPLE)."""
    messages = []
    for match in pairs:
        for recipient in (match.mentor.applicant, match.board_member.user):
            other_word, other, *_ = _partner_as_introduced(match, recipient)
            messages.append(
                OutboxMessage(
                    kind=INTRODUCTION,
                    to=recipient.email,
                    recipient=recipient,
                    # What the outbox's list shows until it goes (the office sees a word in
                    # its place: `hide_subjects_of`), without its body.
                    subject=render_subject(
                        INTRODUCTION, context={"other_word": other_word, "other": other}
                    ),
                    composer=INTRODUCTION_COMPOSER,
                    # Its pair's end calls it off by this (`pair_emails_call_off`).
                    about=pair_about(match.pk),
                )
            )
    outbox_write_many(messages)


def _partner_as_introduced(
    match: Match, recipient: User
) -> tuple[str, User, str, MentorApplication | BoardMember]:
    """`recipient`'s partner in `match` as their introduction names them: the word for
    their side, the person, their role, and their side's record, whose bio and themes they
    chose to share. Each learns only that of the other: name, role, bio and themes."""
    if match.side_of(recipient) == "mentor":
        member = match.board_member
        return "board member", member.user, _role(member.role_title, member.board), member
    mentor = match.mentor
    applicant = mentor.applicant
    return "reverse mentor", applicant, _role(applicant.job_title, applicant.department), mentor


def introduction_compose(message: OutboxMessage) -> Composed:
    """The outbox's composer for an introduction (`INTRODUCTION_COMPOSER`): the partner as
    they are when it goes (name, role, bio, themes and address, corrected meanwhile or not).
    Called off once the pairing is no longer under way, is not its recipient's, or has a
    partner who cannot take part (`can_take_part`: their account switched off meanwhile),
    whom it would ask them to write to. Two queries: the pair with its people, and the
    partner's themes."""
    about = _INTRODUCTION_ABOUT.fullmatch(message.about)
    if about is None:
        raise CallOff("It does not name a pairing.")
    match = Match.objects.select_related(*PAIR_WITH_PEOPLE).filter(pk=int(about[1])).first()
    if match is None or not match.is_active:
        raise CallOff("The pairing is no longer under way.")
    people = {person.pk: person for person in (match.mentor.applicant, match.board_member.user)}
    recipient = people.get(message.recipient_id)
    if recipient is None:
        raise CallOff("The person is not in this pairing.")
    other_word, other, other_role, side = _partner_as_introduced(match, recipient)
    if not can_take_part(other):
        raise CallOff(f"The {other_word}'s account is switched off.")
    return render_templated_mail(
        INTRODUCTION,
        context={
            "match": match,
            "recipient": recipient,
            "other": other,
            "other_word": other_word,
            "other_role": other_role,
            # Bounded by the model and a database check (accounts.bounds.BIO).
            "other_bio": side.bio,
            "other_themes": [theme.name for theme in side.themes.all()],
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
        audit_record_many(
            actor=by,
            action=AuditAction.PAIR_WITHDRAWN,
            changes=[
                Audited(
                    proposal,
                    values={
                        "status": (MatchStatus.PROPOSED, None),
                        # Who was in it, by number (the label names them).
                        "mentor": (MentorApplication(pk=proposal.mentor_id), None),
                        "board_member": (BoardMember(pk=proposal.board_member_id), None),
                    },
                )
                for proposal in proposals
            ],
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
    ended = matches_end(matches=[match], reason=reason, note=note, by=by, tell_both=tell_both)
    return bool(ended)


def matches_end(
    *,
    matches: Sequence[Match],
    reason: str,
    note: str = "",
    by: User | None = None,
    tell_both: bool = False,
) -> list[Match]:
    """`match_end` for each of `matches`, in one go: the same queries however many there are.
    The pairs that were active and are now ended, with their programme and people."""
    with transaction.atomic():  # the emails are written to the outbox with the change
        ended = _matches_end(
            match_ids=[match.pk for match in matches], reason=reason, note=note, by=by
        )
        if tell_both:
            _send_pairs_ended(ended)
    return [match for match, _ in ended]


def _end_note(saved: str, note: str) -> str:
    """The note an ending leaves: the one saved on the pair's page while it ran (the office
    may write why before pressing "End"), then `note` (said by whatever ended it), within
    the field's bound."""
    joined = "\n\n".join(part for part in (saved.strip(), note.strip()) if part)
    return joined[: bounds.SHORT_TEXT]


def _matches_end(
    *, match_ids: list[int], reason: str, note: str, by: User | None
) -> list[tuple[Match, list[Meeting]]]:
    """`matches_end` without the emails: each pair that was active, read with its programme
    and people and now ended, with the meetings it dropped, earliest first."""
    if reason not in EndReason.values:
        raise ValueError(f"Not an end reason: {reason}")
    now = timezone.now()
    with transaction.atomic():
        # Locked first, so that no meeting is booked between listing them and dropping them;
        # read with the people, whom the trail's name and the emails say.
        active = list(
            Match.objects.active()
            .filter(pk__in=match_ids)
            .select_related("programme", "mentor__applicant", "board_member__user")
            .select_for_update(of=("self",))
            .order_by("pk")
        )
        if not active:
            return []
        ids = [match.pk for match in active]
        upcoming = list(
            Meeting.objects.upcoming().filter(match_id__in=ids).values_list("pk", flat=True)
        )
        for match in active:
            match.status, match.ended_at = MatchStatus.ENDED, now
            match.end_reason, match.end_note = reason, _end_note(match.end_note, note)
        # One statement, each pair's own note: one the office saved on its page while it
        # ran is kept, with `note` after it.
        Match.objects.bulk_update(active, ["status", "ended_at", "end_reason", "end_note"])
        pair_emails_call_off(match_ids=ids)
        meetings_drop_upcoming(match_ids=ids)
        # A member's open request to end it is answered by its ending, in the trail as the
        # office's answer to it; a concern stays with the office, which may still need to
        # follow it up.
        settled = list(
            PairRequest.objects.asking_to_end().filter(match_id__in=ids).select_for_update()
        )
        PairRequest.objects.filter(pk__in=[request.pk for request in settled]).update(
            resolved_at=now, resolved_by=by, outcome=PairRequestOutcome.ENDED
        )
        pairs = {match.pk: match for match in active}
        for request in settled:
            request.match = pairs[request.match_id]  # the trail names a request by its pair
        audit_record_many(
            actor=by,
            action=AuditAction.PAIR_ENDED,
            changes=[
                Audited(
                    match,
                    values={
                        "status": (MatchStatus.ACTIVE, MatchStatus.ENDED),
                        "ended_at": (None, now),
                        "end_reason": (None, reason),
                    },
                    names=["end_note"] if note else [],
                )
                for match in active
            ],
        )
        audit_record_many(
            actor=by,
            action=AuditAction.REQUEST_ANSWERED,
            changes=[
                Audited(request, {"outcome": ("", PairRequestOutcome.ENDED)}, ())
                for request in settled
            ],
        )
    dropped = {match.pk: [] for match in active}
    if upcoming:
        for meeting in Meeting.objects.filter(pk__in=upcoming).order_by("starts_at"):
            meeting.match = pairs[meeting.match_id]  # what their calendar file reads
            dropped[meeting.match_id].append(meeting)
    return [(match, dropped[match.pk]) for match in active]


def pair_left(
    *,
    match: Match,
    leaver: User,
    note: str = "",
    by: User | None = None,
    tell_leaver: bool = False,
    account_deleted: bool = False,
) -> bool:
    """`leaver` leaves an active pair (withdrawing, or their account deleted): the pair
    ends (`match_end`: an open request to end it is settled), and the partner is emailed
    that it ended because the other is no longer taking part, with the meetings that are
    now off. Never why, nor anything else. `tell_leaver` (withdrawing): the leaver is sent
    the calendar file that takes those meetings out of their own calendar too. `by`: the
    coordinator acting for them, for the audit trail. False when the pair was no longer
    active. `match` with its programme and both people.

    The subject names the leaver, as every pair email's names the partner, unless
    `account_deleted`: deleting an account takes its name out of every email not yet sent,
    and "Deleted account" in the subject would say why the pairing ended."""
    with transaction.atomic():
        ended = _matches_end(match_ids=[match.pk], reason=EndReason.WITHDRAWN, note=note, by=by)
        if not ended:
            return False
        [(ended_match, dropped)] = ended
        partner = match.partner_of(leaver)
        send_templated_mail(
            "mentoring/email/partner_left",
            to=partner.email,
            recipient=partner,
            context={
                "match": ended_match,  # ended: when its notes go
                "programme": match.programme,
                "person": partner,
                "partner": leaver,
                "partner_named": not account_deleted,
                "dropped": dropped,
                "office_email": match.programme.contact_email,
            },
            attachments=_cancelling(partner, dropped),
        )
        if tell_leaver and dropped:
            send_templated_mail(
                "mentoring/email/left_pair_meetings_off",
                to=leaver.email,
                recipient=leaver,
                context={
                    "match": ended_match,
                    "programme": match.programme,
                    "person": leaver,
                    "partner": partner,
                    "partner_not_told": not_told_said([partner]),
                    "dropped": dropped,
                    "office_email": match.programme.contact_email,
                },
                attachments=_cancelling(leaver, dropped),
            )
    return True


def _send_pairs_ended(ended: list[tuple[Match, list[Meeting]]]) -> None:
    """Both people of each pair `_matches_end` ended, in one INSERT."""
    send_templated_mails(
        [
            TemplatedMail(
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
            for match, dropped in ended
            for person in (match.mentor.applicant, match.board_member.user)
            if can_be_emailed(person)  # as the confirmation named them (`pair_recipients`)
        ]
    )


def _cancelling(person: User, dropped: list[Meeting]):
    """The calendar file that shows `dropped` cancelled in calendars that took them from
    earlier emails; none when nothing was dropped."""
    if not dropped:
        return None
    return [("meetings.ics", feed_ics(person, dropped, []), "text/calendar")]


def pair_emails_call_off(*, match_ids: list[int]) -> int:
    """What the members of pairs now ended were told of them and still waits to go (the
    mail server away), or failed, is called off: it would come after the email saying the
    pair ended, or in its stead when nobody is told. Their introduction ("book your first
    meeting"), and what was said of their meetings still to come, one by one or planned
    together (`pair_about`, `meeting_about`). Call it before `meetings_drop_upcoming`, which
    changes what "still to come" finds."""
    pairs = [pair_about(match_id) for match_id in match_ids]
    dropping = Meeting.objects.left_open().filter(match_id__in=match_ids)
    of_meetings = Q(
        about__in=dropping.annotate(about=meeting_about(F("pk"))).values("about")
    ) | Q.create([("about__startswith", f"{pair}:") for pair in pairs], connector=Q.OR)
    return outbox_cancel(
        OutboxMessage.objects.filter(
            Q(kind=INTRODUCTION, about__in=pairs) | Q(of_meetings, kind=MEETING_UPDATE)
        ),
        reason="The pair ended.",
        failed_too=True,
    )


def meetings_drop_upcoming(*, match_ids: list[int]) -> int:
    """An ended pair's meetings still to come are off: calendars see them cancelled, and
    nobody's diary keeps them (nobody could cancel them once the pair is read-only). So is a
    proposal never answered whose time has passed: left tentative, nobody could drop or log
    it any more. A reason once given for moving one stays, its giver's (its page no longer
    shows it)."""
    dropping = Meeting.objects.left_open().filter(match_id__in=match_ids)
    return dropping.update(
        status=MeetingStatus.DROPPED,
        cancelled_at=timezone.now(),
        updated_at=timezone.now(),  # calendars read LAST-MODIFIED beside SEQUENCE
        sequence=F("sequence") + 1,
    )
