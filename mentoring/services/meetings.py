"""Booking, changing and logging the pair's meetings, and the action steps they produce.

Every change is a conditional update or a locked row, so two people acting at once (both
accepting, both logging) cannot both win; the loser gets a message, never a half-save.
"""

import json
import re
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime

from django.db import IntegrityError, transaction
from django.db.models import CharField, F, OuterRef, Subquery, Value
from django.db.models.functions import Cast, Coalesce, Concat
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac

from accounts import bounds
from accounts.mail import render_subject, render_templated_mail, send_templated_mail
from accounts.models import OutboxMessage, User
from accounts.outbox import CallOff, Composed, outbox_cancel, outbox_write_many
from mentoring.calendar import ics_status, meeting_ics
from mentoring.models import (
    ActionReview,
    ActionStatus,
    ActionStep,
    Match,
    Meeting,
    MeetingNote,
    MeetingStatus,
    Theme,
)
from mentoring.models.meetings import (
    MAX_MEETING_MINUTES,
    OUTSTANDING,
    REVIEW_STATUSES,
    action_due_problem,
)
from mentoring.selectors.pairs import (
    asking_to_end_now,
    not_accepting_said,
    not_proposing_now,
    pair_view,
    reviewed_after,
)


class MeetingError(Exception):
    """Why a meeting could not be booked, changed or logged, in words for the person."""


class NotHeldRefused(MeetingError):
    """A log saying the meeting did not take place, refused for what is recorded at it or
    sent with it: said beside "Did the meeting take place?" (`field`), where the answer is."""

    field = "held"


class MeetingChanged(MeetingError):
    """The meeting changed (its `sequence`) since the person's page showed it: acting on a
    time or state they never saw is refused; the page to show is the meeting as it is."""

    def __init__(self):
        super().__init__(
            "This meeting changed while you were looking at it; here is where it stands now."
        )


class LogChanged(MeetingError):
    """The meeting's log was saved after the person's page was built (`log_saved`), in words
    for `person`: by the partner, or by the person (another tab, a page opened before; the
    very log sent again by a second click on Save is not refused, `log_sent_again`), whose
    save did go through, so it is not said as a failure."""

    def __init__(self, meeting: Meeting, person: User):
        _, saver = log_saved(meeting)
        if saver == person.pk:
            super().__init__(
                "This meeting's log was saved meanwhile by you (in another tab or window, or "
                "from a page opened before). Open it as it is now to check it has everything "
                "you typed."
            )
        else:
            partner = meeting.match.partner_of(person).get_short_name()
            super().__init__(
                f"This meeting's log was saved meanwhile by {partner}. Open it as it is "
                "now, then add what is missing."
            )


@dataclass(frozen=True)
class When:
    starts_at: datetime
    minutes: int
    location: str = ""
    online_url: str = ""


def _check_member(match: Match, person: User) -> None:
    if person.pk not in (match.mentor.applicant_id, match.board_member.user_id):
        raise MeetingError("Only the two people in this pair can change its meetings.")


def _check_time(when: When) -> None:
    if when.starts_at <= timezone.now():
        raise MeetingError("Choose a time in the future.")
    if not 1 <= when.minutes <= MAX_MEETING_MINUTES:
        raise MeetingError("A meeting lasts between 1 minute and 8 hours.")


def _check_length(text: str, max_length: int, what: str) -> None:
    """The limit the form states, for any caller (the text is encrypted: no database check
    can hold it, accounts/bounds.py)."""
    if problem := bounds.length_problem(text, max_length, what):
        raise MeetingError(problem)


REASON = "The reason"
PAIRING_ENDED = "This pairing has ended, so no more meetings can be booked."
READ_ONLY = "This pairing has ended; its record is read-only."
ENDED_MEANWHILE = "This pairing has ended; its meetings still to come are already off."


def meeting_propose(*, match: Match, by: User, when: When) -> Meeting:
    """Either member proposes a time; the other accepts it or suggests another."""
    _check_member(match, by)
    if not match.is_active:
        raise MeetingError(PAIRING_ENDED)
    _check_time(when)
    with transaction.atomic():
        _check_may_propose(_lock_active_pair(match), by)
        _check_start_free(match, when.starts_at)
        meeting = Meeting.objects.create(
            match=match,
            starts_at=when.starts_at,
            minutes=when.minutes,
            location=when.location,
            online_url=when.online_url,
            proposed_by=by,
        )
        _tell_partner(meeting.pk, by.pk, "proposed")
    return meeting


def _lock_pair(match: Match) -> Match:
    """Lock the pair's row to the end of the transaction: of two people booking or moving
    the pair's meetings at once (a double click, both members), the second waits, then
    finds what the first did. Returns the pair as it stands once locked."""
    return Match.objects.select_for_update().get(pk=match.pk)


def _lock_active_pair(match: Match) -> Match:
    """`_lock_pair`, refusing a pairing ended meanwhile (ending it cancels the meetings to
    come, so a meeting booked while the end waited would outlive it)."""
    locked = _lock_pair(match)
    if not locked.is_active:
        raise MeetingError(PAIRING_ENDED)
    return locked


def _check_may_propose(locked: Match, by: User, *, moving: bool = False) -> None:
    """Refuse proposing a meeting, planning the year or moving a meeting (it asks the partner
    again) where the pair's pages do not offer it (`not_proposing_now`): once `by` asked the
    office to end the pairing, or to a partner whose account is switched off. `locked`, the
    pair as `_lock_pair` read it: a request to end takes the same lock, so it is as it
    stands. In the pages' words, the office's address a link (the error summary shows it)."""
    if why := not_proposing_now(locked, by, moving=moving):
        raise MeetingError(why)


def _starts_taken(
    match: Match, starts: Collection[datetime], *, moving: Meeting | None = None
) -> dict[datetime, Meeting]:
    """A pair has one meeting still to come at a given start: the pair's upcoming meeting at
    each of `starts` that has one (the first booked, should there be two), leaving out
    `moving`, the meeting being moved. Call it holding the pair's lock (`_lock_pair`)."""
    upcoming = Meeting.objects.upcoming().filter(match=match, starts_at__in=starts)
    if moving is not None:
        upcoming = upcoming.exclude(pk=moving.pk)
    # Latest first, so the earliest of two at one start is the one kept.
    return {meeting.starts_at: meeting for meeting in upcoming.order_by("-pk")}


def _check_start_free(match: Match, starts_at: datetime, *, moving: Meeting | None = None) -> None:
    taken = _starts_taken(match, [starts_at], moving=moving)
    if taken:
        raise MeetingError(_already_at(taken[starts_at], moving=moving is not None))


def _already_at(meeting: Meeting, *, moving: bool = False) -> str:
    state = "booked" if meeting.status == MeetingStatus.CONFIRMED else "proposed"
    done = "the meeting was not moved" if moving else "nothing new was proposed"
    return (
        f"Your pair already has a meeting {state} at this time "
        f"({timezone.localtime(meeting.starts_at):%A %-d %B, %H:%M}), so {done}: it is on "
        "your pair's page. To meet again, choose another time."
    )


def meetings_plan(*, match: Match, by: User, times: list[datetime]) -> list[Meeting]:
    """Propose a series at once ("Plan the year"); the partner takes each one by one."""
    _check_member(match, by)
    if not match.is_active:
        raise MeetingError(PAIRING_ENDED)
    if not times:
        raise MeetingError("Choose at least one date to propose.")
    for moment in times:
        _check_time(When(moment, match.programme.meeting_minutes))
    with transaction.atomic():
        # A second click waits for the first, then finds its times taken and leaves them.
        _check_may_propose(_lock_active_pair(match), by)
        taken = _starts_taken(match, times)
        meetings = [
            Meeting.objects.create(
                match=match,
                starts_at=moment,
                minutes=match.programme.meeting_minutes,
                proposed_by=by,
            )
            for moment in sorted(times)
            if moment not in taken
        ]
        if not meetings:
            raise MeetingError("These dates are already proposed or booked.")
        _tell_partner_of_plan(match, by, meetings)
    return meetings


def _check_still_proposed(meeting: Meeting) -> None:
    """Before refusing to accept `meeting`: one booked already (their own Accept, from
    another tab) or called off is said as it stands (`MeetingChanged`), not refused as
    though it still waited for their answer. Read only on the way to a refusal: an accept
    that goes ahead learns it from its conditional update."""
    if Meeting.objects.filter(pk=meeting.pk).exclude(status=MeetingStatus.PROPOSED).exists():
        raise MeetingChanged()


def meeting_accept(*, meeting: Meeting, by: User) -> Meeting:
    """Accept the time the partner proposed. Claimed with a conditional update: of two
    acceptances at once, one wins and the other is told. Refused while `by`'s request to
    end the pairing is with the office (`not_accepting_said`), as their pages offer it; but a
    meeting no longer proposed (booked by their own accepting in another tab, called off) is
    said as it stands first, as to anyone, whatever their request: nothing is accepted now."""
    _check_member(meeting.match, by)
    if not meeting.match.is_active:
        raise MeetingError("This pairing has ended.")
    if meeting.proposed_by_id == by.pk:
        raise MeetingError("You proposed this time; your partner accepts it or suggests another.")
    if meeting.has_started:
        raise MeetingError("This time has passed. Log the meeting if it took place.")
    now = timezone.now()
    with transaction.atomic():
        # The pair first, then the meeting and its emails waiting to go: the order ending a
        # pair takes (`_matches_end`), so accepting as the pair ends waits, never deadlocks,
        # and one accepted after it ended is refused.
        locked = _lock_active_pair(meeting.match)
        # Not while their request to end is with the office (it takes the same lock).
        if why := not_accepting_said(
            meeting.match.programme, asked_to_end=asking_to_end_now(locked, by)
        ):
            _check_still_proposed(meeting)
            raise MeetingError(why)
        changed = (
            Meeting.objects.filter(
                pk=meeting.pk, status=MeetingStatus.PROPOSED, sequence=meeting.sequence
            )
            .exclude(proposed_by=by)
            # A new SEQUENCE, so calendars replace the tentative entry with the confirmed one.
            # `update` skips `auto_now`: LAST-MODIFIED, which calendars read beside it, too.
            .update(
                status=MeetingStatus.CONFIRMED,
                confirmed_at=now,
                # The new time stands now: nothing is said of the one it was moved from.
                moved_from=None,
                moved_by=None,
                updated_at=now,
                sequence=F("sequence") + 1,
            )
        )
        if not changed:
            raise MeetingChanged()
        meeting.refresh_from_db()
        _tell_partner(meeting.pk, by.pk, "accepted")
    return meeting


def meeting_reschedule(*, meeting: Meeting, by: User, when: When, reason: str) -> Meeting:
    """Suggest another time. The meeting goes back to the partner to accept."""
    _check_member(meeting.match, by)
    if not meeting.match.is_active:
        raise MeetingError("This pairing has ended.")
    _check_time(when)
    _check_length(reason, bounds.MEETING_REASON, REASON)
    with transaction.atomic():
        # The pair first, then the meeting (the order proposing and ending a pair take).
        pair = _lock_pair(meeting.match)
        locked = Meeting.objects.select_for_update().get(pk=meeting.pk)
        if locked.status not in (MeetingStatus.PROPOSED, MeetingStatus.CONFIRMED):
            raise MeetingError("Only a meeting that is still to happen can be moved.")
        if locked.sequence != meeting.sequence:
            raise MeetingChanged()
        _check_may_propose(pair, by, moving=True)
        _check_start_free(locked.match, when.starts_at, moving=locked)
        was = locked.starts_at
        if locked.status == MeetingStatus.CONFIRMED:
            # The booked time no longer stands: its pages say so until the new one is
            # accepted. Moved again before that (by either), it still names the time that
            # was booked and who moved it: calling it off cancels their booking, counted
            # against them (`cancels_a_booking`).
            locked.moved_from, locked.moved_by = was, by
        locked.starts_at = when.starts_at
        locked.minutes = when.minutes
        locked.location = when.location
        locked.online_url = when.online_url
        locked.status = MeetingStatus.PROPOSED
        locked.proposed_by = by
        locked.proposed_at = timezone.now()
        locked.change_reason = reason.strip()
        locked.sequence += 1
        locked.save()
        _tell_partner(meeting.pk, by.pk, "rescheduled", was=was)
    return locked


def who_called_off(meeting: Meeting, person: User) -> str:
    """Who called off a cancelled or dropped meeting, in a clause for `person`, a member of
    its pair: "You cancelled this meeting", "Bola withdrew this proposal" (hers,
    `was_withdrawn`), "Bola declined this time" (proposed to her, `was_declined`), "Bola
    dropped this proposal" (Maya's, whose time came unanswered), or "It was called off" (by
    nobody: its pair ended), as `Meeting.called_off_as` says what was done."""
    kind = meeting.called_off_as
    if kind is None or meeting.cancelled_by_id is None:
        return "It was called off"
    if meeting.cancelled_by_id == person.pk:
        who = "You"
    else:
        who = meeting.match.partner_of(person).get_short_name()
    return f"{who} {kind.words.done}"


def why_not_loggable(meeting: Meeting, person: User) -> str:
    """Why a meeting that cannot be logged cannot, in a sentence for `person`: called off
    (by whom), or its time not come yet."""
    if meeting.is_closed:
        return f"{who_called_off(meeting, person)}, so it cannot be logged."
    return "A meeting can be logged once its time has come."


def meeting_cancel(*, meeting: Meeting, by: User, reason: str) -> Meeting:
    """Cancel a booked meeting (counted, by who cancelled) or drop a proposal: the one its
    `sequence` says the person saw (MeetingChanged if it has moved since)."""
    _check_member(meeting.match, by)
    if not meeting.match.is_active:
        raise MeetingError(ENDED_MEANWHILE)
    _check_length(reason, bounds.MEETING_REASON, REASON)
    with transaction.atomic():
        # The pair first, then the meeting (the order moving a meeting and ending a pair
        # take): a pair ended meanwhile emails nobody about its meetings.
        if not _lock_pair(meeting.match).is_active:
            raise MeetingError(ENDED_MEANWHILE)
        locked = Meeting.objects.select_for_update().get(pk=meeting.pk)
        if locked.status not in (MeetingStatus.PROPOSED, MeetingStatus.CONFIRMED):
            raise MeetingError("This meeting is no longer to happen, so it cannot be cancelled.")
        if locked.sequence != meeting.sequence:
            raise MeetingChanged()
        if locked.has_started and locked.status == MeetingStatus.CONFIRMED:
            raise MeetingError("This meeting has started. Log whether it took place instead.")
        was_booked = locked.cancels_a_booking(by)
        locked.status = MeetingStatus.CANCELLED if was_booked else MeetingStatus.DROPPED
        locked.cancelled_by = by
        locked.cancelled_at = timezone.now()
        locked.change_reason = reason.strip()
        locked.sequence += 1
        locked.save()
        # A booked meeting (or one booked, then moved) is called off; a proposal, never
        # booked, is dropped.
        _tell_partner(meeting.pk, by.pk, "cancelled" if was_booked else "dropped")
    return locked


@dataclass(frozen=True)
class NewAction:
    text: str
    owner: str
    due_on: date | None = None
    needs: str = ""


@dataclass(frozen=True)
class ActionCorrection:
    """An action step agreed at the meeting being logged, as it should read now."""

    action_id: int
    action: NewAction


@dataclass(frozen=True)
class Review:
    action_id: int
    status: str
    note: str = ""


NOT_HELD_KEEPS_NOTHING = (
    "Action steps were agreed at this meeting, and a meeting that did not take place agrees "
    "none: tick “Remove this action step” on each of them, or keep it as held."
)
NOT_HELD_STEP_REVIEWED_LATER = (
    "An action step agreed at this meeting was reviewed at a later meeting, so this meeting "
    "has to stay logged as held."
)
NOT_HELD_REVIEWS_NOTHING = (
    "Earlier action steps were reviewed at this meeting, and a meeting that did not take "
    "place has no reviews: tick “Clear the reviews recorded at this meeting”, or keep it as "
    "held."
)


def not_held_refused(
    *, steps_kept: bool, kept_reviewed_later: bool, reviewed_here: bool, clear_reviews: bool
) -> list[str]:
    """Why a meeting logged as held may not be logged as not held, the one rule the log page
    says beside "Did the meeting take place?" (all at once, before saving) and the log
    (`meeting_log`) holds to as it saves: a meeting that never was keeps no step agreed at it
    (`steps_kept`: not ticked "Remove", or, `kept_reviewed_later`, reviewed at a later
    meeting, which it cannot be removed from), and no review of an earlier step
    (`reviewed_here`) unless the person ticked to clear them (`clear_reviews`)."""
    refused = []
    if kept_reviewed_later:
        refused.append(NOT_HELD_STEP_REVIEWED_LATER)
    elif steps_kept:
        refused.append(NOT_HELD_KEEPS_NOTHING)
    if reviewed_here and not clear_reviews:
        refused.append(NOT_HELD_REVIEWS_NOTHING)
    return refused


NOT_HELD_AGREES_NOTHING = (
    "A meeting that did not take place agrees no new action step and reviews none: leave "
    "them empty (“Not discussed”), or say that it took place."
)


def meeting_log(
    *,
    meeting: Meeting,
    by: User,
    held: bool,
    actual_minutes: int | None,
    themes: list[Theme],
    note: str,
    new_actions: list[NewAction],
    reviews: list[Review],
    corrections: Sequence[ActionCorrection] = (),
    removals: Sequence[int] = (),
    clear_reviews: bool = False,
    seen_logged_at: str | None = None,
    sent: str = "",
) -> Meeting:
    """Record whether the meeting took place, what was covered, the person's own notes, new
    action steps (and corrections or removals of those agreed at it before) and the review
    of earlier ones. All of it, or nothing. `clear_reviews`: a meeting logged held and now
    not held drops the reviews recorded at it (the person was told, and ticked it); without
    it, such a log is refused. `sent` is the log's `log_fingerprint`: the same log sent
    again once saved (a second press on Save) records nothing and is not refused."""
    match = meeting.match
    _check_member(match, by)
    if not match.is_active:
        raise MeetingError(READ_ONLY)
    pair = pair_view(match, by)
    if not pair.both_agreed_any:
        raise MeetingError(pair.log_refused)
    if held and not (actual_minutes and 1 <= actual_minutes <= MAX_MEETING_MINUTES):
        raise MeetingError("Say how long the meeting lasted, between 1 minute and 8 hours.")
    if not held and (new_actions or reviews):
        # Its page would say a step was reviewed, or agreed, at a meeting that never was.
        raise NotHeldRefused(NOT_HELD_AGREES_NOTHING)
    if any(theme.programme_id != match.programme_id for theme in themes):
        raise MeetingError("Choose themes from your programme.")
    _check_length(note, bounds.MEETING_NOTE, "Your notes")
    for action in [*new_actions, *(c.action for c in corrections)]:
        _check_length(action.text, bounds.ACTION_STEP, "An action step")
        _check_length(action.needs, bounds.ACTION_NEEDS, "What an action step will take")
        problem = action_due_problem(action.due_on, meeting_day=meeting.day)
        if problem:
            raise MeetingError(problem)
    for review in reviews:
        _check_length(review.note, bounds.ACTION_REVIEW, "The note on how an action step went")
    with transaction.atomic():
        # The pair first, then the meeting, as ending it (and deleting an account) takes
        # them: a log saved while the pairing ends waits for it and is refused, so nothing
        # written in it outlives the end (notes of a deleted account included).
        if not _lock_pair(match).is_active:
            raise MeetingError(READ_ONLY)
        locked = Meeting.objects.select_for_update().get(pk=meeting.pk)
        if not locked.can_be_logged:
            raise MeetingError(why_not_loggable(locked, by))
        if log_changed_since(locked, seen_logged_at):
            # Nothing is recorded twice: the log this very one saved (a second press on
            # Save) stands; a different one sent meanwhile (the partner's, another tab's)
            # is refused.
            if log_sent_again(locked, sent):
                return locked
            raise LogChanged(locked, by)
        if not held:
            # Corrected to "not held": what it agreed or reviewed would read as done at a
            # meeting that never was (`not_held_refused`, as its page said before sending).
            kept = ActionStep.objects.filter(meeting=locked).exclude(pk__in=removals)
            reviewed_here = ActionReview.objects.filter(meeting=locked).exists()
            refused = not_held_refused(
                steps_kept=kept.exists(),
                kept_reviewed_later=kept.filter(reviews__isnull=False).exists(),
                reviewed_here=reviewed_here,
                clear_reviews=clear_reviews,
            )
            if refused:
                raise NotHeldRefused(refused[0])
            if reviewed_here:
                _reviews_clear(locked)
        if locked.is_logged:
            locked.last_changed_by, locked.last_changed_at = by, timezone.now()
        else:
            locked.logged_by, locked.logged_at = by, timezone.now()
        was = ics_status(locked.status)
        locked.status = MeetingStatus.HELD if held else MeetingStatus.NOT_HELD
        # Logged at the time it was moved to: that time is what was kept, or not.
        locked.moved_from = locked.moved_by = None
        if ics_status(locked.status) != was:
            # Out of the calendar files it goes (or back it comes), or a proposal never
            # accepted is now held: a calendar that compares SEQUENCE alone takes the change
            # only with a higher one.
            locked.sequence += 1
        locked.actual_minutes = actual_minutes if held else None
        locked.log_fingerprint = sent
        locked.save()
        locked.themes.set(themes if held else [])
        _save_note(locked, by, note)
        _review(locked, by, reviews)
        _correct(locked, corrections, removals)
        ActionStep.objects.bulk_create(
            ActionStep(
                match=match,
                meeting=locked,
                text=action.text.strip(),
                owner=action.owner,
                due_on=action.due_on,
                needs=action.needs.strip(),
                created_by=by,
            )
            for action in new_actions
        )
    return locked


def log_saved(meeting: Meeting) -> tuple[datetime | None, int | None]:
    """When the meeting's log was last saved, and by whom (their id): its latest addition
    or correction, else its first logging; (None, None) before it is logged. The version a
    page was built from (`log_stamp`) and who saved it since (`LogChanged`) both read it."""
    if meeting.last_changed_at:
        return meeting.last_changed_at, meeting.last_changed_by_id
    return meeting.logged_at, meeting.logged_by_id


def log_stamp(meeting: Meeting) -> str:
    """Which version of the log a form was built from: it changes with every save."""
    saved, _ = log_saved(meeting)
    return saved.isoformat() if saved else ""


def log_changed_since(meeting: Meeting, seen: str | None) -> bool:
    """The log was saved after the page that sent `seen` (its `log_stamp`) was built."""
    return seen is not None and seen != log_stamp(meeting)


def log_fingerprint(*, meeting: Meeting, by: User, sent: Iterable[tuple[str, list[str]]]) -> str:
    """Which log `by` sent for `meeting`: a keyed hash of everything the page sent (each
    field's name and values, the version it was built from, `log_stamp`, among them), so
    that the same form sent twice has the same fingerprint and any difference another.
    The form's CSRF token is left out: it is not what was logged."""
    fields = sorted((name, values) for name, values in sent if name != "csrfmiddlewaretoken")
    value = json.dumps([meeting.pk, by.pk, fields], ensure_ascii=False)
    return salted_hmac("mentoring.meeting_log", value, algorithm="sha256").hexdigest()


def log_sent_again(meeting: Meeting, sent: str) -> bool:
    """The log last saved is this one (`sent`, its `log_fingerprint`), sent again from the
    same page: a second press on Save, answered as saved."""
    return bool(sent) and constant_time_compare(sent, meeting.log_fingerprint)


def _save_note(meeting: Meeting, author: User, text: str) -> None:
    text = text.strip()
    if text:
        MeetingNote.objects.update_or_create(
            meeting=meeting, author=author, defaults={"text": text}
        )
    else:
        MeetingNote.objects.filter(meeting=meeting, author=author).delete()


def _correct(
    meeting: Meeting, corrections: Sequence[ActionCorrection], removals: Sequence[int]
) -> None:
    """Correct or remove action steps agreed at `meeting`. A step reviewed at a later
    meeting keeps that history: it can be corrected, not removed."""
    if not (corrections or removals):
        return
    ids = [c.action_id for c in corrections] + list(removals)
    steps = ActionStep.objects.select_for_update().in_bulk(ids)
    # Each step once (not both corrected and removed), and each one of this meeting's.
    if len(steps) != len(ids) or any(s.meeting_id != meeting.pk for s in steps.values()):
        raise MeetingError("That action step was not agreed at this meeting.")
    reviewed = set(
        ActionReview.objects.filter(action_id__in=removals).values_list("action_id", flat=True)
    )
    if reviewed:
        text = steps[min(reviewed)].text
        raise MeetingError(f"“{text}” was reviewed at a later meeting, so it stays; correct it.")
    ActionStep.objects.filter(pk__in=removals).delete()
    for correction in corrections:
        step, action = steps[correction.action_id], correction.action
        step.text, step.owner = action.text.strip(), action.owner
        step.due_on, step.needs = action.due_on, action.needs.strip()
        step.save(update_fields=["text", "owner", "due_on", "needs"])


def _reviews_clear(meeting: Meeting) -> None:
    """Remove the reviews recorded at `meeting` (logged as not held after all): each step
    reviewed there goes back to where the review before it left it, or open, so it comes
    up again at the next meeting. A later meeting's review of it stands (its status then
    is that one's)."""
    here = ActionReview.objects.filter(meeting=meeting)
    # Locked as reviewing them locks them (`_review`): a review saved at once waits.
    ids = list(
        ActionStep.objects.select_for_update()
        .filter(pk__in=here.values("action_id"))
        .values_list("pk", flat=True)
    )
    here.delete()
    last = (
        ActionReview.objects.filter(action=OuterRef("pk"))
        .order_by("-meeting__starts_at", "-reviewed_at")
        .values("status")[:1]
    )
    ActionStep.objects.filter(pk__in=ids).update(
        status=Coalesce(Subquery(last), Value(ActionStatus.OPEN))
    )


def _review(meeting: Meeting, by: User, reviews: list[Review]) -> None:
    """Record each review of an earlier action step at `meeting`, and the step's new
    status: the same few queries however many steps are reviewed."""
    if not reviews:
        return
    ids = [r.action_id for r in reviews]
    actions = (
        ActionStep.objects.select_for_update(of=("self",))
        .select_related("meeting")
        .annotate(reviewed_later=reviewed_after(meeting))
        .in_bulk(ids)
    )
    # Before the "closed" check: a step closed at this very meeting was not closed at an
    # earlier review.
    reviewed = set(
        ActionReview.objects.filter(meeting=meeting, action_id__in=ids).values_list(
            "action_id", flat=True
        )
    )
    rows, statuses = [], {}
    for review in reviews:
        action = actions.get(review.action_id)
        if (
            action is None
            or action.match_id != meeting.match_id
            or action.meeting.starts_at >= meeting.starts_at
        ):
            raise MeetingError("That action step is not one of this pair's to review here.")
        if review.status not in REVIEW_STATUSES:
            raise MeetingError("Say whether the action step is done, in progress or dropped.")
        if action.pk in reviewed:
            raise MeetingError(f"“{action.text}” has already been reviewed at this meeting.")
        if action.status not in OUTSTANDING:
            raise MeetingError(f"“{action.text}” was already closed at an earlier review.")
        if action.reviewed_later:
            # Logged late, this meeting does not overrule where a later one left the step.
            raise MeetingError(f"“{action.text}” was reviewed at a later meeting.")
        reviewed.add(action.pk)
        rows.append(
            ActionReview(
                action=action,
                meeting=meeting,
                status=review.status,
                note=review.note.strip(),
                reviewed_by=by,
            )
        )
        statuses.setdefault(review.status, []).append(action.pk)
    try:
        with transaction.atomic():
            ActionReview.objects.bulk_create(rows)
    except IntegrityError:  # the steps are locked: only if the checks above were bypassed
        raise MeetingError("An action step has already been reviewed at this meeting.") from None
    for status, pks in statuses.items():
        ActionStep.objects.filter(pk__in=pks).update(status=status)


MEETING_UPDATE = "mentoring/email/meeting_update"


def meeting_about(meeting_id) -> str:
    """What a meeting's update emails are about (`OutboxMessage.about`): a str, or an
    expression of a meeting's pk."""
    if isinstance(meeting_id, int):
        return f"meeting:{meeting_id}"
    return Concat(Value("meeting:"), Cast(meeting_id, CharField()))


def meeting_updates_call_off(messages, *, reason: str) -> int:
    """Of `messages`, the emails telling a member of a change to a meeting that still wait
    to go, or failed, are called off: out of date once a later change is written. After an
    outage they would otherwise go after it (the older backed off longer), and the last word
    a person read of the meeting would be wrong ("booked" after "it is off")."""
    return outbox_cancel(messages.filter(kind=MEETING_UPDATE), reason=reason, failed_too=True)


def pair_about(match_id: int) -> str:
    """What emails about a pair are about (`OutboxMessage.about`): its introduction, and,
    after a colon, what else of it ("pair:<id>:plan:…"). Its end calls them off
    (`mentoring.services.matches.pair_emails_call_off`)."""
    return f"pair:{match_id}"


PLAN_COMPOSER = "meeting_plan"
_PLAN_ABOUT = re.compile(r"pair:(\d+):plan:(\d+)-(\d+)")


def _tell_partner_of_plan(match: Match, actor: User, meetings: list[Meeting]) -> None:
    """Email the other member the dates `actor` planned ("Plan the year"), in one email
    written now and rendered as it goes (`plan_compose`). Its `about` names the pair and the
    plan's meetings: the pair's meetings from the first to the last id, as no other can be
    booked between them (the pair is locked while they are written)."""
    ids = [meeting.pk for meeting in meetings]
    about = f"{pair_about(match.pk)}:plan:{min(ids)}-{max(ids)}"
    partner = match.partner_of(actor)
    outbox_write_many(
        [
            OutboxMessage(
                kind=MEETING_UPDATE,
                to=partner.email,
                recipient=partner,
                # What the outbox's list shows until it goes: the subject the email
                # (`_plan_composed`) has now, all its dates waiting, without its body.
                subject=render_subject(
                    MEETING_UPDATE,
                    context={"change": "planned", "count": len(meetings), "actor": actor},
                ),
                composer=PLAN_COMPOSER,
                about=about,
            )
        ]
    )


def _plan_composed(about: str, partner_id: int | None) -> Composed | None:
    """The plan email as it would go now: the plan's dates still to come that still wait
    for the partner's answer (not dropped, accepted, nor moved by them since; at their new
    time if the proposer moved them); None when there are none (all of them off, or the
    pair ended, which drops them). It asks the partner to accept them only where they may
    (`not_accepting_said`): not once their request to end the pairing is with the office,
    even if they asked after the dates were planned."""
    match_id, first, last = map(int, _PLAN_ABOUT.fullmatch(about).groups())
    dates = list(
        Meeting.objects.upcoming()
        .filter(match_id=match_id, pk__range=(first, last), status=MeetingStatus.PROPOSED)
        .exclude(proposed_by_id=partner_id)
        .select_related(
            "proposed_by",
            "match__programme",
            "match__mentor__applicant",
            "match__board_member__user",
        )
        .order_by("starts_at")
    )
    if not dates:
        return None
    match, actor = dates[0].match, dates[0].proposed_by
    person = match.partner_of(actor)
    return render_templated_mail(
        MEETING_UPDATE,
        context={
            "change": "planned",
            "count": len(dates),
            "dates": dates,
            "actor": actor,
            "person": person,
            "programme": match.programme,
            "may_accept": not not_accepting_said(
                match.programme, asked_to_end=asking_to_end_now(match, person)
            ),
        },
    )


def plan_compose(message: OutboxMessage) -> Composed:
    """The outbox's composer for a plan email (`PLAN_COMPOSER`): called off when none of its
    dates is still proposed."""
    composed = _plan_composed(message.about, message.recipient_id)
    if composed is None:
        raise CallOff("None of its dates is still proposed: they were dropped, moved or taken.")
    return composed


def _tell_partner(meeting_id: int, actor_id: int, change: str, was=None) -> None:
    """Email the other member: when, where, and who changed it. Never a reason or a note.
    `was`: when a moved meeting started before, for the subject to say which it is."""
    meeting = Meeting.objects.select_related(
        "match__programme", "match__mentor__applicant", "match__board_member__user"
    ).get(pk=meeting_id)
    if change in ("cancelled", "dropped"):
        # The email words the call-off by what it did: never guessed for a meeting not off.
        meeting.called_off_by_a_member()
    match = meeting.match
    actor = (
        match.mentor.applicant if match.mentor.applicant_id == actor_id else match.board_member.user
    )
    partner = match.partner_of(actor)
    # A partner whose request to end the pairing is with the office is not asked to book,
    # nor to accept a time (`not_accepting_said`).
    asked_to_end = change != "accepted" and asking_to_end_now(match, partner)
    # What either member was told of this meeting and still waits to go (the mail server
    # away) is out of date: sent after this, it would be their last word on it. A plan that
    # named it says, as it goes, what of it still stands (`plan_compose`).
    about = meeting_about(meeting.pk)
    meeting_updates_call_off(
        OutboxMessage.objects.filter(about=about),
        reason="A later change to the meeting replaces it.",
    )
    send_templated_mail(
        MEETING_UPDATE,
        to=partner.email,
        recipient=partner,
        about=about,
        context={
            "meeting": meeting,
            "change": change,
            "was": was,
            "asked_to_end": asked_to_end,
            "actor": actor,
            "person": partner,
            "programme": match.programme,
        },
        attachments=[("meeting.ics", meeting_ics(meeting, partner), "text/calendar")],
    )
