"""Reads about pairs: where each pair stands, what is due, what is in a person's diary."""

from dataclasses import dataclass, field, replace
from datetime import date, datetime, time, timedelta
from functools import cached_property, partial
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import (
    Case,
    Exists,
    F,
    FilteredRelation,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    When,
)
from django.utils import timezone
from django.utils.html import format_html

from accounts.outbox import can_be_emailed, not_emailed_said, not_told_said
from accounts.statements import Statement
from config.queries import counted
from mentoring.availability import first_shared_slot
from mentoring.cadence import (
    Busy,
    LastDay,
    PairState,
    Placing,
    Window,
    after_the_due_date,
    at_local_time,
    clashes,
    due_in_words,
    due_window,
    midpoint_days,
    next_working_day,
    pair_state,
    placing,
    plan_dates,
)
from mentoring.links import url_with_id
from mentoring.models import (
    ActionReview,
    ActionStep,
    ApplicationStatus,
    BoardMember,
    GroundRules,
    GroundRulesAgreement,
    Match,
    MatchStatus,
    Meeting,
    MeetingStatus,
    MentorApplication,
    PairRequest,
    PairRequestKind,
    PairRequestOutcome,
    Programme,
    Registration,
    RegistrationStatus,
    Theme,
)
from mentoring.models.matches import PARTNER_DELETED_NOTE, partner_name, partner_short_name
from mentoring.models.meetings import LOGGED, OUTSTANDING, UPCOMING
from mentoring.models.pairs import DEFAULT_GROUND_RULES

DEFAULT_MEETING_TIME = time(10, 0)


def last_day_of(programme: Programme) -> LastDay | None:
    """The programme's last day (`ends_on`), as the pair's pages and the form proposing a
    meeting say it where a meeting may fall after it; None without one, or once the office
    has closed the programme (its pages say it has ended instead)."""
    if programme.ends_on is None or programme.has_ended:
        return None
    return LastDay(programme=programme.name, day=programme.ends_on)


def anchor_of(match: Match, meetings: list[Meeting]) -> tuple[date, bool]:
    """The day the next meeting's window counts from: the last meeting held (or booked and
    passed, not logged yet), or the day the pair was activated (then `first` is True)."""
    met = [m.starts_at for m in meetings if m.counts_as_met]
    if met:
        return timezone.localdate(max(met)), False
    return timezone.localdate(match.activated_at), True


def window_for_new(
    match: Match, meetings: list[Meeting], *, moving: Meeting | None = None
) -> tuple[Window | None, Meeting | None]:
    """The window a meeting proposed now is due in, and the meeting it counts from (None:
    from the day the pair was activated, for their first). A new meeting follows the last
    meeting held or booked (booked ones come first); a booked meeting being moved (`moving`,
    booked or a booking moved) follows the last one held or booked before it, whatever is
    booked after it. A time proposed and never booked is a new meeting wherever it falls:
    its own form (`meeting_new`), "Suggest another time" and the pair's pages
    (`PairView.placed`) all count it from the last meeting held or booked. A booked
    meeting moved is booked already, earlier than the rhythm or not: its window opens on the
    day of the meeting before it, as a first meeting's does, and closes as any other, so
    nothing asks to push it back, and the pages flag only a time after the close. No window
    in a programme the office has closed: it keeps no rhythm, so nothing is due
    (`pair_state`)."""
    if match.programme.has_ended:
        return None, None
    if moving is not None and not moving.moves_a_booking:
        moving = None
    dated = [
        m
        for m in meetings
        # Held, or booked (to come, or passed and not logged yet: `counts_as_met`).
        if m.status in (MeetingStatus.HELD, MeetingStatus.CONFIRMED)
        and (moving is None or (m.pk != moving.pk and m.starts_at < moving.starts_at))
    ]
    after = max(dated, key=lambda m: m.starts_at, default=None)
    anchor = timezone.localdate(after.starts_at if after else match.activated_at)
    window = _due_after(match, anchor, first=after is None or moving is not None)
    return (replace(window, booked_already=True) if moving else window), after


def window_for(match: Match, meetings: list[Meeting]) -> Window:
    """The window the pair's next meeting is due in, counted from the last one held."""
    anchor, first = anchor_of(match, meetings)
    return _due_after(match, anchor, first=first)


def _due_after(match: Match, anchor: date, *, first: bool) -> Window:
    programme = match.programme
    return due_window(
        anchor,
        gap_min_weeks=programme.gap_min_weeks,
        gap_max_weeks=programme.gap_max_weeks,
        first=first,
    )


def state_of(match: Match, meetings: list[Meeting], today: date) -> PairState:
    """Where the pair stands (`pair_state`) on `today`, its next meeting booked as the
    reminders and programme health count one (`Meeting.is_booked`)."""
    anchor, first = anchor_of(match, meetings)
    now = timezone.now()
    booked = [m.starts_at for m in meetings if m.is_booked(now)]
    return pair_state(
        today,
        anchor=anchor,
        next_booked=timezone.localdate(min(booked)) if booked else None,
        gap_min_weeks=match.programme.gap_min_weeks,
        gap_max_weeks=match.programme.gap_max_weeks,
        first=first,
        programme_closed=match.programme.has_ended,
    )


# How long the dashboard and the programme page say that the office closed a person's request
# to end their pairing with the pairing going on (`PairView.end_declined_lately`).
DECLINED_SAID_FOR = timedelta(weeks=4)


@dataclass
class PairView:
    """One pair as one of its members sees it. What it works out from the meetings is worked
    out once (a page asks where the pair stands many times): a PairView is made for one
    request, and its meetings are not changed after."""

    match: Match
    me: object
    side: str
    partner: object
    meetings: list[Meeting]
    actions: list[ActionStep]
    rules: GroundRules | None = None
    # The newest version of the ground rules the person, and their partner, agreed to, if any
    # (`_newest_agreed`, read with the pair). A summary reads no versions: it says only
    # whether each agreed any (`i_agreed_any`, `both_agreed_any`).
    my_agreed_version: int | None = None
    partner_agreed_version: int | None = None
    # The partner's themes, in the order the programme lists them (`pairs_for` reads them).
    partner_themes: list[Theme] = field(default_factory=list)
    # When the person asked the programme office to end the pairing, or raised a concern,
    # if that request is still open (`pairs_for` reads them, `pair_view` with `requests`;
    # the partner never sees them). Not read (`requests_read` False), nothing that depends
    # on them answers (`asked_to_end`): a page would offer what the office should stop.
    end_requested_at: datetime | None = None
    concern_raised_at: datetime | None = None
    # When the office last closed the person's request to end the pairing with the pairing
    # going on (`PairRequestOutcome.CONTINUED`), read with them: the office emails nobody
    # then, so the person's pair page says it (`pair_page._office`).
    end_declined_at: datetime | None = None
    requests_read: bool = False
    # How many meetings the pair has held, when `meetings` are not all of them but what where
    # the pair stands is worked out from (`pairs_for` without `history`): the meetings not
    # logged and the last one held. None: `meetings` are all of them.
    held: int | None = None

    @property
    def asked_to_end(self) -> bool:
        """The person's request to end the pairing is with the office
        (`PairRequest.objects.asking_to_end`): their pages say so, and stop asking them to
        book meetings (those booked stay theirs to keep)."""
        self._check_requests_read()
        return self.end_requested_at is not None

    @property
    def end_declined_lately(self) -> bool:
        """The office closed the person's request to end the pairing, the pairing going on,
        in the last `DECLINED_SAID_FOR` (`end_declined_at`), and they have not asked again:
        the dashboard and the programme page say so meanwhile (the pair page always)."""
        self._check_requests_read()
        return (
            self.end_declined_at is not None
            and not self.asked_to_end
            and self.end_declined_at > timezone.now() - DECLINED_SAID_FOR
        )

    @property
    def raised_concern(self) -> bool:
        self._check_requests_read()
        return self.concern_raised_at is not None

    def _check_requests_read(self) -> None:
        """What follows the person's requests (whether they may propose, their next step)
        is never answered from requests left unread, as though they had none."""
        if not self.requests_read:
            raise RuntimeError(
                "This pair was read without the person's requests to the office "
                "(pair_view(..., requests=True))."
            )

    @property
    def i_mentor(self) -> bool:
        return self.side == "mentor"

    @property
    def may_be_paired_again(self) -> bool:
        """Once the pair has ended, whether the programme office may pair the person with
        someone new in its programme, which still runs: a pair ended as withdrawn or to
        rematch leaves a board member still to be matched there (`mentees._still_to_be_matched`,
        the match board's rule), and a mentor whose application still stands (accepted; one
        withdrawn ended its pairs). Not once the pairing ran its course: what comes next is
        said of it apart (`place_elsewhere`)."""
        match = self.match
        if not self.ended or match.ran_its_course or match.programme.has_ended:
            return False
        return not self.i_mentor or match.mentor.status == ApplicationStatus.ACCEPTED

    @property
    def profile_to_complete_first(self) -> bool:
        """A board member who may be paired again (`may_be_paired_again`) whose profile is
        not complete (the office reopened it, asking for a theme: `profile_completed_at`
        cleared): the match board lists her only once it is (`mentees._waiting_for_a_mentor`),
        so completing it is her next step."""
        return (
            self.may_be_paired_again
            and not self.i_mentor
            and not self.match.board_member.is_profile_complete
        )

    @property
    def partner_name(self) -> str:
        return partner_name(self.partner)

    @property
    def partner_short_name(self) -> str:
        return partner_short_name(self.partner)

    @property
    def partner_deleted_note(self) -> str:
        """Said of an ended pair whose partner has since deleted their account (what the
        person deleting it was promised), or nothing."""
        return PARTNER_DELETED_NOTE if self.partner.is_deleted else ""

    @property
    def partner_not_told(self) -> str:
        """What the pair's pages say, where they would say the partner is told, of a partner
        whose account is switched off (`partner_not_told_said`), or nothing: with a link to
        the private form that asks the office to end the pairing, unless already asked."""
        ask = "" if self.asked_to_end else f"{url_with_id('pair_request', self.match.pk)}?kind=end"
        return partner_not_told_said(self.partner, self.match.programme, done=False, ask_to_end=ask)

    @property
    def partner_can_take_part(self) -> bool:
        """Whether the partner can take part in the pair: their account is not switched off
        (`can_be_emailed`, the rule `not_proposing_said` keeps). Without them, the pair's pages
        offer nothing to do together (`to_set_up`, the ground rules to agree) and say no
        meeting is due (`pair_status`): nothing can be proposed; they say whom to write to
        (`partner_not_told`)."""
        return can_take_part(self.partner)

    @property
    def partner_profile(self):
        return self.match.board_member if self.i_mentor else self.match.mentor

    @cached_property
    def window(self) -> Window:
        return window_for(self.match, self.meetings)

    @cached_property
    def state(self) -> PairState:
        return state_of(self.match, self.meetings, timezone.localdate())

    @property
    def due_in_words(self) -> str:
        """When its next (or first) meeting is due, as where the pair stands and its next
        step both say it (`cadence.due_in_words`), with the programme's last day where the
        meeting may fall after it (`last_day_of`)."""
        return due_in_words(
            self.window,
            self.state,
            last_day=last_day_of(self.match.programme),
            today=timezone.localdate(),
        )

    @cached_property
    def upcoming(self) -> list[Meeting]:
        return [m for m in self.meetings if m.is_upcoming]

    @cached_property
    def next_meeting(self) -> Meeting | None:
        """The pair's next meeting booked (`Meeting.is_booked`), the soonest."""
        booked = [m for m in self.upcoming if m.is_booked()]
        return booked[0] if booked else None

    @property
    def ended(self) -> bool:
        """The programme office ended the pairing: its page keeps the history, read-only."""
        return self.match.status == MatchStatus.ENDED

    @property
    def next_step(self) -> str:
        """What its members do next, the most pressing first: "log" (log the meetings whose
        time has come, `to_log`; "rules_before_log" until both agreed the ground rules),
        "answer" (answer the partner's proposals, `awaiting_me`, where the person may accept
        them, `may_accept`),
        "booked" (come to `next_meeting`), "end_requested" (wait for the programme office,
        asked to end the pairing), "waiting" (wait for the partner to answer the person's
        proposal, `awaiting_partner`), "first" (agree the first meeting: none held or booked
        yet) or "book" (book the next one)."""
        if self.to_log:
            return "log" if self.both_agreed_any else "rules_before_log"
        if self.awaiting_me and self.may_accept:
            return "answer"
        if self.next_meeting is not None:
            return "booked"
        if self.asked_to_end:
            return "end_requested"
        if self.awaiting_partner:
            return "waiting"
        return "book" if self.held_count else "first"

    @property
    def to_set_up(self) -> list[str]:
        """What the person still has to do to set the pair up, for the dashboard's next step
        (read with `pairs_for(summary=True)`): "rules" (agree the ground rules) and "purpose"
        (write the shared purpose together); nothing once they asked to end the pairing, nor
        with a partner who cannot take part (`partner_can_take_part`: their account is
        switched off, which the pages say, with whom to write to)."""
        if self.asked_to_end or not self.partner_can_take_part:
            return []
        return [
            step
            for step, done in (
                ("rules", self.i_agreed_any),
                ("purpose", self.match.purpose),
            )
            if not done
        ]

    @property
    def may_propose(self) -> bool:
        """Whether the pair's pages offer to propose meetings, plan the year, or move a
        meeting to a new time (`not_proposing_said`, the rule the services keep)."""
        return not self.not_proposing_said

    @property
    def may_plan(self) -> bool:
        """Whether the pair's pages offer "Plan the year": where they offer to propose a
        meeting (`may_propose`) and the plan has a date left to offer (`plan_has_a_date_left`,
        the rule the "time to book" nudge follows too). No query."""
        return self.may_propose and plan_has_a_date_left(
            self.match,
            side=self.side,
            latest=max(dated_meetings(self), default=None),
            today=timezone.localdate(),
        )

    @property
    def not_proposing_said(self) -> str:
        """Why the pair's pages do not offer to propose meetings (`may_propose`), as the page
        refusing one sent from elsewhere says it; nothing where they offer it."""
        return not_proposing_said(
            self.partner, self.match.programme, asked_to_end=self.asked_to_end
        )

    @property
    def not_moving_said(self) -> str:
        """Why a meeting's page does not offer to move it (`may_propose`), in its words."""
        return not_proposing_said(
            self.partner, self.match.programme, asked_to_end=self.asked_to_end, moving=True
        )

    def may_move(self, meeting: Meeting) -> bool:
        """Whether the person may move `meeting`, one of the pair's, to a new time
        (`may_move`, the one rule, with the person's requests as read with the pair)."""
        return may_move(meeting, self.me, asked_to_end=self.asked_to_end)

    @property
    def may_accept(self) -> bool:
        """Whether the pair's pages offer to accept the partner's proposals
        (`not_accepting_said`, the rule `meeting_accept` keeps): not while the person's
        request to end the pairing is with the office. Their proposals are still listed,
        to drop from their pages."""
        return not self.not_accepting_said

    @property
    def not_accepting_said(self) -> str:
        """Why the pair's pages do not offer to accept the partner's proposals
        (`may_accept`), in their words; nothing where they offer it."""
        return not_accepting_said(self.match.programme, asked_to_end=self.asked_to_end)

    def status_label(self, meeting: Meeting) -> str:
        """`meeting.status_label` as this person reads it: a time the partner proposed that
        is not theirs to accept (`may_accept`) is "Proposed", not "Waiting for an answer",
        an answer they cannot give. The partner's own pages say it as before."""
        if self.awaits_me(meeting) and not self.may_accept:
            return "Proposed"
        return meeting.status_label

    @property
    def meeting_to_propose(self) -> bool:
        """Whether the next step is to propose a meeting (the first, or the next), where
        the pages offer it (`may_propose`)."""
        return self.next_step in ("first", "book") and self.may_propose

    def placed(self, meeting: Meeting) -> tuple[Placing, Window | None, LastDay | None]:
        """Where the time of `meeting`, proposed or booked and still to come, falls, as the
        form proposing it placed it (`cadence.placing`, the one rule): after the programme's
        last day while that day is still to come (`last_day_of`), or, for a time proposed and
        not accepted yet, after the window it is due in (`window_for_new`: a new meeting
        counts from the last meeting held or booked, a booking moved from the last one before
        it). The due date stays where the cadence puts it (DESIGN.md); the pages say the time
        is after it beside the time (`late_said`), and the form moving it how much later
        (`later_than_due_said`). With the window and the last day it was placed against."""
        if not meeting.is_upcoming:
            return Placing.FITS, None, None
        window = None
        if meeting.status == MeetingStatus.PROPOSED:
            window, _ = window_for_new(self.match, self.meetings, moving=meeting)
        last_day = last_day_of(self.match.programme)
        day, today = timezone.localdate(meeting.starts_at), timezone.localdate()
        return placing(day, today, window=window, last_day=last_day), window, last_day

    def later_than_due_said(self, meeting: Meeting) -> str:
        """How much later than its due date the time proposed for `meeting` is (`placed`), as
        the form moving it says it after the due date, which it names already
        (`cadence.due_in_words`' `then`): "; the time proposed is 1 day later". Nothing for
        a time in its window, one after the programme's last day (that alone is said of it,
        as beside the time: `late_said`), or any other meeting."""
        placed, window, _ = self.placed(meeting)
        if placed != Placing.LATE:
            return ""
        days = (meeting.day - window.closes).days
        return f"; the time proposed is {days} day{'' if days == 1 else 's'} later"

    def late_said(self, meeting: Meeting) -> str:
        """Where the time of `meeting` falls too late (`placed`), said after it beside the time
        (`mentoring.templatetags.meetings.late_note`): after the programme's last day, or
        else, proposed, after the date it is due by; one at most, as the form proposing it
        warns of one. Nothing for a time that is neither, or any other meeting."""
        placed, window, last_day = self.placed(meeting)
        if placed == Placing.AFTER_THE_LAST_DAY:
            return last_day.after_said()
        if placed == Placing.LATE:
            return after_the_due_date(window.closes)
        return ""

    def awaits_me(self, meeting: Meeting) -> bool:
        """Whether `meeting` is a time the partner proposed, still to come: this person's to
        answer (`awaiting_me`), or to read as "Proposed" where they may not (`status_label`)."""
        return (
            meeting.status == MeetingStatus.PROPOSED
            and meeting.proposed_by_id != self.me.pk
            and meeting.is_upcoming
        )

    @cached_property
    def awaiting_me(self) -> list[Meeting]:
        return [m for m in self.upcoming if self.awaits_me(m)]

    @cached_property
    def awaiting_partner(self) -> list[Meeting]:
        """The person's own proposals still to come, waiting for the partner's answer."""
        return [
            m
            for m in self.upcoming
            if m.status == MeetingStatus.PROPOSED and m.proposed_by_id == self.me.pk
        ]

    @cached_property
    def upcoming_listed(self) -> list[Meeting]:
        """The meetings to come that the schedule lists: all but the next one, which is said
        in where the pair stands."""
        return [m for m in self.upcoming if m is not self.next_meeting]

    @cached_property
    def upcoming_besides(self) -> list[Meeting]:
        """The meetings to come that the pair page lists under "Meetings": not the next
        one (said in where the pair stands) nor those waiting for this person's answer
        (listed with their buttons)."""
        awaiting = {m.pk for m in self.awaiting_me}
        return [m for m in self.upcoming_listed if m.pk not in awaiting]

    @cached_property
    def to_log(self) -> list[Meeting]:
        return [m for m in self.meetings if m.is_to_log]

    @cached_property
    def called_off(self) -> list[Meeting]:
        """Meetings cancelled or not taken up whose time is still to come, soonest first.
        Listed apart: they are neither to come nor past. The pair page and the schedule
        split the meetings by this one rule."""
        return [m for m in self.meetings if m.is_closed and not m.has_started]

    @cached_property
    def past(self) -> list[Meeting]:
        """Meetings whose time has gone, newest first: logged, cancelled or not taken up
        (those still to log are listed apart)."""
        if self.held is not None:
            raise RuntimeError("This pair was read without its history (pairs_for(history=...)).")
        apart = {m.pk for m in (*self.to_log, *self.called_off)}
        return [m for m in reversed(self.meetings) if not m.is_upcoming and m.pk not in apart]

    @cached_property
    def on_record(self) -> list[Meeting]:
        """The meetings an earlier pair's card lists (mentoring/pair_home.html): those logged,
        and those whose time came before it ended but were never logged (marked so)."""
        return [m for m in self.meetings if m.is_logged or m.is_to_log]

    @cached_property
    def held_count(self) -> int:
        if self.held is not None:
            return self.held
        return sum(1 for m in self.meetings if m.status == MeetingStatus.HELD)

    @property
    def has_met(self) -> bool:
        """A meeting held, or one past still to log (the windows count from it): the pair's
        next meeting is its next, not its first."""
        return bool(self.held_count or self.to_log)

    @property
    def open_actions(self) -> list[ActionStep]:
        return [a for a in self.actions if a.status in OUTSTANDING]

    @property
    def my_open_actions(self) -> list[ActionStep]:
        return [a for a in self.open_actions if a.owner == self.side]

    @property
    def rules_text(self) -> str:
        return self.rules.text if self.rules else DEFAULT_GROUND_RULES

    @property
    def rules_version(self) -> int:
        """The version shown; a programme with none shows the default, as version 1."""
        return self.rules.version if self.rules else 1

    @property
    def i_agreed_current(self) -> bool:
        return self.my_agreed_version == self.rules_version

    @property
    def i_agreed_earlier(self) -> bool:
        """Agreed to an earlier version; the rules have changed since."""
        return self.my_agreed_version is not None and not self.i_agreed_current

    @property
    def partner_agreed_current(self) -> bool:
        return self.partner_agreed_version == self.rules_version

    @property
    def i_agreed_any(self) -> bool:
        """Whether the person agreed any version of the ground rules: said by the pairs'
        query in a summary (`_pairs_of`), which reads no versions."""
        if hasattr(self.match, "i_agreed_rules"):
            return self.match.i_agreed_rules
        return self.my_agreed_version is not None

    @property
    def both_agreed_any(self) -> bool:
        """Both agreed some version of the ground rules, so meetings may be logged (the
        rule `meeting_log` keeps): read in a summary too, so that no page offers a log
        it would refuse."""
        if hasattr(self.match, "partner_agreed_rules"):
            return self.match.i_agreed_rules and self.match.partner_agreed_rules
        return self.my_agreed_version is not None and self.partner_agreed_version is not None

    @property
    def log_refused(self) -> str:
        """Why no meeting can be logged yet (`both_agreed_any` false), in words for the
        person: who has still to agree the ground rules. What the meeting log refuses with,
        as the pages' `rules_first` says it ahead."""
        if self.i_agreed_any:
            return (
                "You can log meetings once you have both agreed the ground rules: "
                f"{self.partner_short_name} has not yet."
            )
        return (
            "Agree the ground rules first: meetings can be logged once you have both agreed them."
        )


def _pairs_of(person: int, *, summary: bool, history: bool = True) -> QuerySet[Match]:
    """The person's pairs (`Match.objects.visible_to`) with what `pairs_for` shows of them;
    without `history`, with how many meetings each has held (`meetings_held`), which its
    meetings read then do not say."""
    joined = ["programme", "mentor__applicant", "board_member__user"]
    # The dashboard says whether the person has agreed any ground rules of the pair (its
    # next step) without reading the agreements; the pair page, which versions each of them
    # agreed and the version in force. And whether the partner has, for whether meetings may
    # be logged yet (`both_agreed_any`).
    said = {
        "i_agreed_rules": Exists(_agreed().filter(person=person)),
        "partner_agreed_rules": Exists(_agreed().filter(person=OuterRef("partner"))),
    }
    if not summary:
        joined += ["board_member__board", "purpose_updated_by", "rules"]
        said = _newest_agreed(person)
    if not history:
        said["meetings_held"] = counted(
            Meeting.objects.held().filter(match=OuterRef("pk")), "match"
        )
    return (
        _as_read_by(Match.objects.visible_to(person), person)
        .select_related(*joined)
        .annotate(**_requests_of(person), **said)
        .order_by("status", "-activated_at")  # "active" sorts before "ended"
    )


def _as_read_by(matches: QuerySet[Match], person: int) -> QuerySet[Match]:
    """`matches` as `person`, one of each pair, reads them (`pairs_for`, `pair_view`): with
    their partner's account (`partner`, `_partner_of`) for what the partner agreed, and the
    ground rules in force to select_related (`rules`, `_rules_in_force`)."""
    return matches.alias(partner=_partner_of(person), rules=_rules_in_force())


def _partner_of(person: int) -> Case:
    """The account of the pair's other person, for `person` in it, in SQL (`Match.partner_of`
    says the same of a pair read, in Python): the board member's for the mentor, else the
    mentor's. None for a board member without an account, who has agreed nothing:
    agreements are matched to it with `=`, which NULL never is. Another account's agreement
    to the pair's rules is neither of theirs."""
    return Case(
        When(mentor__applicant=person, then=F("board_member__user")),
        default=F("mentor__applicant"),
    )


def _agreed() -> QuerySet[GroundRulesAgreement]:
    """The agreements to the ground rules of the pair (the outer query's)."""
    return GroundRulesAgreement.objects.filter(match=OuterRef("pk"))


# What the pairs' query reads with each pair besides its own columns, as PairView's fields
# of the same names (`_read_with_pair`): the versions of the ground rules each of the two
# agreed (`_newest_agreed`), and the person's requests still open, with the last request to
# end that the office closed with the pairing going on (`_requests_of`).
_AGREED = ("my_agreed_version", "partner_agreed_version")
_ASKED = ("end_requested_at", "concern_raised_at", "end_declined_at")


def _newest_agreed(person: int) -> dict[str, Subquery]:
    """The newest version of the pair's ground rules that the person, and their partner
    (`_as_read_by`), agreed to (`_AGREED`)."""

    def newest(agreements: QuerySet) -> Subquery:
        return Subquery(agreements.order_by("-rules__version").values("rules__version")[:1])

    return {
        "my_agreed_version": newest(_agreed().filter(person=person)),
        "partner_agreed_version": newest(_agreed().filter(person=OuterRef("partner"))),
    }


def _read_with_pair(read: Match, *, agreed: bool, asked: bool) -> dict:
    """What the pairs' query read with the pair `read` (the ground rules in force and the
    versions agreed, with `agreed`; the person's open requests, with `asked`), as the
    PairView's fields."""
    fields = {
        name: getattr(read, name)
        for name in (_AGREED if agreed else ()) + (_ASKED if asked else ())
    }
    if agreed:
        fields["rules"] = _rules_read(read)
    return {**fields, "requests_read": asked}


def _rules_in_force() -> FilteredRelation:
    """The newest version of the ground rules of the pair's programme (`PairView.rules`; None
    before the office published any), joined by its id, which one subquery finds: read
    with the pair, rather than by a query of their own or a subquery per column."""
    newest = GroundRules.objects.filter(programme=OuterRef("programme")).order_by("-version")
    return FilteredRelation(
        "programme__ground_rules",
        condition=Q(programme__ground_rules__id=Subquery(newest.values("pk")[:1])),
    )


def _rules_read(match: Match) -> GroundRules | None:
    """The ground rules in force as read with the pair (`_rules_in_force`): None before the
    office published any, where Django, joining none, sets nothing."""
    return getattr(match, "rules", None)


def _meetings_of(person: int) -> QuerySet[Meeting]:
    return Meeting.objects.filter(match__in=Match.objects.visible_to(person)).order_by("starts_at")


def _standing_meetings_of(person: int) -> QuerySet[Meeting]:
    """What where each pair stands is worked out from (`PairView` with `held`): its meetings
    not logged (to come, to log, called off) and the last one held, not the history."""
    last_held = (
        Meeting.objects.held()
        .filter(match=OuterRef("match"))
        .order_by("-starts_at")
        .values("pk")[:1]
    )
    return _meetings_of(person).filter(~Q(status__in=LOGGED) | Q(pk=Subquery(last_held)))


def _action_steps_of(person: int) -> QuerySet[ActionStep]:
    return ActionStep.objects.filter(match__in=Match.objects.visible_to(person)).order_by(
        "due_on", "created_at"
    )


def _themes_of(person: int, *, profiles):
    """The themes of the `profiles` (BoardMember or MentorApplication) in the person's
    pairs, as rows of the profiles' themes table (`theme` joined), in the order shown."""
    through = profiles.themes.through
    side = "board_member" if profiles is BoardMember else "mentor"
    in_pairs = Match.objects.visible_to(person).values(side)
    return (
        through.objects.filter(**{f"{profiles._meta.model_name}__in": in_pairs})
        .select_related("theme")
        .order_by("theme__position", "theme__name")
    )


# The pair pages' reads (the pairs, with their joins and subqueries, among them on the pair page
# the ground rules in force and the versions each of the two agreed; their meetings, action
# steps, the partners' themes), their SQL worked out once per process (accounts.statements).
_PAIRS = {summary: Statement(partial(_pairs_of, summary=summary)) for summary in (False, True)}
_STANDING_PAIRS = Statement(partial(_pairs_of, summary=True, history=False))
_MEETINGS = Statement(_meetings_of)
_STANDING_MEETINGS = Statement(_standing_meetings_of)
_ACTION_STEPS = Statement(_action_steps_of)
_THEMES = {
    profiles: Statement(partial(_themes_of, profiles=profiles))
    for profiles in (BoardMember, MentorApplication)
}


def _by_pair(matches: list[Match], rows: list) -> dict[int, list]:
    """`rows` (meetings or action steps) of each pair, in their order, each knowing its pair
    (as a prefetch would leave them: the pair cached by the row's key, whose value is the
    pair's already, as `prefetch_related` caches it, without the checks of assigning a new
    one)."""
    by_pk = {match.pk: match for match in matches}
    found = {pk: [] for pk in by_pk}
    if not rows:
        return found
    cache_pair = rows[0]._meta.get_field("match").set_cached_value
    for row in rows:
        if row.match_id in by_pk:  # a pair that became visible between the two reads
            cache_pair(row, by_pk[row.match_id])
            found[row.match_id].append(row)
    return found


def pairs_for(
    user, *, summary: bool = False, actions: bool = True, history: bool = True
) -> list[PairView]:
    """Every pair the person is or was in, current first, with what the pair page shows (or,
    with `summary`, only what the dashboard needs: meetings and action steps; without
    `actions`, no action steps, for the pages that say only where the pair stands; without
    `history`, a summary's meetings only as far as where the pair stands needs them, and how
    many were held: not the past meetings, which the schedule lists). A fixed number of
    queries, whatever the number of pairs and meetings; one for someone in none."""
    if not (summary or history):
        raise ValueError("Only a summary is read without its history.")
    matches = (_PAIRS[summary] if history else _STANDING_PAIRS).fetch(person=user.pk)
    if not matches:
        return []
    read = _MEETINGS if history else _STANDING_MEETINGS
    meetings = _by_pair(matches, read.fetch(person=user.pk))
    steps = _by_pair(matches, _ACTION_STEPS.fetch(person=user.pk)) if actions else {}
    views = [
        PairView(
            match=m,
            me=user,
            side=m.side_of(user),
            partner=m.partner_of(user),
            meetings=meetings[m.pk],
            actions=steps.get(m.pk, []),
            held=None if history else m.meetings_held,
            **_read_with_pair(m, agreed=not summary, asked=True),
        )
        for m in matches
    ]
    if not summary:
        _partner_themes(views, user)
    return views


def _partner_themes(views: list[PairView], user) -> None:
    """The pair page shows the partner's themes (pair_page's `_partner`), never the person's
    own: read for the partners' side alone, one query for each kind of profile."""
    for profiles in (BoardMember, MentorApplication):
        partners = [v for v in views if isinstance(v.partner_profile, profiles)]
        if not partners:
            continue
        themes = {}
        for row in _THEMES[profiles].fetch(person=user.pk):
            themes.setdefault(getattr(row, f"{profiles._meta.model_name}_id"), []).append(row.theme)
        for view in partners:
            view.partner_themes = themes.get(view.partner_profile.pk, [])


def _requests_of(person: int) -> dict[str, Subquery]:
    """When the person asked the office to end the pair, and raised a concern about it, of
    their requests still open: `PairView.end_requested_at` and `concern_raised_at`; and when
    the office last decided their request to end with the pairing going on
    (`end_declined_at`). In the pairs' own query."""
    declined = PairRequest.objects.filter(
        match=OuterRef("pk"),
        raised_by=person,
        kind=PairRequestKind.END,
        outcome=PairRequestOutcome.CONTINUED,
    )
    return {
        "end_requested_at": _asked_at(PairRequest.objects.asking_to_end(), person),
        "concern_raised_at": _asked_at(
            PairRequest.objects.open().filter(kind=PairRequestKind.CONCERN), person
        ),
        "end_declined_at": Subquery(declined.order_by("-resolved_at").values("resolved_at")[:1]),
    }


def _asked_at(requests, user) -> Subquery:
    """When `user` sent the one of `requests` (open requests of one kind: one open per kind,
    a unique constraint) about the pair, in the pairs' own query."""
    asked = requests.filter(match=OuterRef("pk"), raised_by=user)
    return Subquery(asked.order_by().values("created_at")[:1])


def pair_view(match: Match, user, *, requests: bool = False) -> PairView:
    """One pair, for its member `user` (the match comes from mentoring.access): its meetings,
    its action steps, and what the pair page reads with its pairs (`_pairs_of`) in one query:
    the ground rules in force, the version each of the two agreed, and, with `requests`, the
    person's requests still with the office (`asked_to_end`, `raised_concern`) and the last
    request to end closed with the pairing going on (`end_declined_at`), for the pages that
    follow them. Three queries."""
    said = (
        _as_read_by(Match.objects.filter(pk=match.pk), user.pk)
        .select_related("rules")
        .annotate(**_newest_agreed(user.pk), **(_requests_of(user.pk) if requests else {}))
        .only("pk")  # the pair itself is `match`, read already
        .get()
    )
    return PairView(
        match=match,
        me=user,
        side=match.side_of(user),
        partner=match.partner_of(user),
        meetings=list(match.meetings.order_by("starts_at")),
        actions=list(match.action_steps.all()),
        **_read_with_pair(said, agreed=True, asked=requests),
    )


def can_take_part(person) -> bool:
    """Whether `person` can take part in their pair: their account is not switched off (no
    email reaches them, `can_be_emailed`, and they cannot sign in). The one rule of the pair's
    pages (`PairView.partner_can_take_part`) and of the reminders that ask a pair to do
    something together (mentoring.reminders.kinds: `_together`).
    Asks "can this person take part in the pair?", not "are they emailed?" (`can_be_emailed`)."""
    return can_be_emailed(person)


def pair_recipients(matches) -> list[dict]:
    """Both people of each pair, as a confirmation page names whom it will email: each
    person once, a mentor of two with both partners ("paired with Bola Board; paired with
    Nia Newboard"), so that the count of people is the count of people. Not one whose account
    is switched off: no email reaches them (`can_be_emailed`, `not_emailed`).
    Asks "is this person emailed?", not "can they take part in the pair?" (`can_take_part`)."""
    recipients: dict[str, dict] = {}
    for match in matches:
        mentor, member = match.mentor.applicant, match.board_member.user
        for person, partner in ((mentor, member), (member, mentor)):
            if not can_be_emailed(person):
                continue
            named = recipients.setdefault(
                person.email, {"name": person.full_name, "email": person.email, "note": ""}
            )
            named["note"] += f"{'; ' if named['note'] else ''}paired with {partner}"
    return list(recipients.values())


def told_of_the_end(matches, *, both: str) -> str:
    """What the office is told of the emails saying these pairs ended: `both` ("both people
    in each were told by email") when everyone was, else who was not, their account being
    switched off (`pair_recipients` left them out), and that the others were.
    Asks "is this person emailed?", not "can they take part in the pair?" (`can_take_part`)."""
    closed = sorted(
        {
            person.full_name
            for match in matches
            for person in (match.mentor.applicant, match.board_member.user)
            if not can_be_emailed(person)
        }
    )
    if not closed:
        return both
    pairs = "it" if len(matches) == 1 else "them"
    return f"{not_emailed_said(closed)}; everyone else in {pairs} was told by email"


def partner_not_told_said(partner, programme, *, done: bool = True, ask_to_end: str = "") -> str:
    """What a pair member's message or page says, in place of "Bola Board has been told",
    of a partner whose account is switched off, so no email reaches them
    (`can_be_emailed`): "Bola Board, whose account is switched off, was not emailed and
    cannot sign in" ("is not emailed" before the action, `done`), and whom to write to, or,
    with `ask_to_end` (the URL of the private form), a link to ask there. Nothing when the
    partner can be told.
    Asks "is this person emailed?", not "can they take part in the pair?" (`can_take_part`)."""
    not_told = not_told_said([partner], done=done)
    if not not_told:
        return ""
    if ask_to_end:
        return format_html(
            '{} and cannot sign in. <a href="{}" class="alert-link">Ask the programme office, '
            "privately, to end this pairing</a>: they can match you with someone else.",
            not_told,
            ask_to_end,
        )
    return format_html(
        '{} and cannot sign in. Write to the programme office at <a href="mailto:{}" '
        'class="alert-link">{}</a>: they can end this pairing and match you with someone '
        "else.",
        not_told,
        programme.contact_email,
        programme.contact_email,
    )


def not_proposing_said(partner, programme, *, asked_to_end: bool, moving: bool = False) -> str:
    """Why a pair member proposes no meeting (nor, `moving`, a new time for one): they asked
    the programme office to end the pairing (`asked_to_end`: those booked stand, so moving
    one, which asks the partner again, waits too), or their partner cannot answer
    (`can_take_part`). Nothing when they may. The one rule: the pair's pages
    offer proposing, planning and moving by it (`PairView.may_propose`), and the services
    refuse by it under the pair's lock (`not_proposing_now`)."""
    if asked_to_end:
        what = "new time for a meeting" if moving else "new meeting"
        return _asked_to_end_said(programme, f"no {what} is proposed")
    if not can_take_part(partner):
        return format_html(
            "No {} can be proposed to a partner who cannot answer it. {}",
            "new time" if moving else "meeting",
            partner_not_told_said(partner, programme, done=False),
        )
    return ""


# The pair page's warning (`PairView.partner_can_take_part`) says the rest: who cannot take
# part and what the office can do. Where that warning is shown, this alone is said.
PURPOSE_NOT_WRITTEN = "No shared purpose can be written with a partner who cannot take part."


def not_writing_purpose_said(partner, programme) -> str:
    """Why a pair member writes no shared purpose: it is written together, and their partner
    cannot take part (`can_take_part`, as `PairView.partner_can_take_part`). Nothing when
    they can. The pair page offers writing or editing it by this rule, and the purpose page
    and `pair_purpose_save` refuse by it."""
    if can_take_part(partner):
        return ""
    return format_html(
        "{} {}", PURPOSE_NOT_WRITTEN, partner_not_told_said(partner, programme, done=False)
    )


def not_accepting_said(programme, *, asked_to_end: bool) -> str:
    """Why a pair member accepts no time their partner proposed: they asked the programme
    office to end the pairing (`asked_to_end`): accepting books a new meeting, as proposing
    one would, so it waits too, and so does suggesting another time; those booked stand.
    Nothing when they may (a partner whose account is switched off is no bar: the pages say
    they are not told). The one rule: the pair's pages offer "Accept" by it
    (`PairView.may_accept`), and `meeting_accept` refuses by it under the pair's lock. The
    partner's pages are unchanged: they learn of the request nothing (DESIGN.md)."""
    if not asked_to_end:
        return ""
    return _asked_to_end_said(programme, "no new time is accepted or proposed")


def _asked_to_end_said(programme, nothing: str) -> str:
    """That the person asked the programme office to end the pairing, so `nothing` ("no new
    meeting is proposed") meanwhile, and whom to write to to carry on."""
    office = programme.contact_email
    return format_html(
        "You asked the programme office to end this pairing, so {} meanwhile; those booked "
        "still stand. To carry on meeting, write to the programme office at "
        '<a href="mailto:{}" class="alert-link">{}</a>.',
        nothing,
        office,
        office,
    )


def not_proposing_now(match: Match, person, *, moving: bool = False) -> str:
    """`not_proposing_said` for `person` in `match` as it stands: whether their request to
    end it is with the office (one query), and their partner's account as read now."""
    return not_proposing_said(
        match.partner_of(person),
        match.programme,
        asked_to_end=asking_to_end_now(match, person),
        moving=moving,
    )


def asking_to_end_now(match: Match, person) -> bool:
    """Whether `person`'s request to end `match` is with the office, as it stands: one query
    (`PairView.asked_to_end` reads it with the pair)."""
    return PairRequest.objects.asking_to_end().filter(match=match, raised_by=person).exists()


def may_move(meeting: Meeting, person, *, asked_to_end: bool) -> bool:
    """Whether `person` may move `meeting`, one of their pair's, to a new time: the one rule
    by which its page offers "Change the time", the pair page "Suggest another time", the
    cancel page suggests another time instead (`may_move_now`), and the move page opens
    (`PairView.may_move`). A meeting still to come in a pair that runs
    (`Meeting.is_movable`), where the pages offer proposing (`not_proposing_said`: the new
    time asks the partner again), `asked_to_end` saying whether the person's request to end
    the pairing is with the office."""
    if not meeting.is_movable:
        return False
    match = meeting.match
    return not not_proposing_said(
        match.partner_of(person), match.programme, asked_to_end=asked_to_end
    )


def may_move_now(meeting: Meeting, person) -> bool:
    """`may_move` for a page that reads nothing else of the pair (the cancel page): whether
    the person's request to end it is with the office is read here (`asking_to_end_now`, one
    query), only for a meeting that could be moved at all."""
    return meeting.is_movable and may_move(
        meeting, person, asked_to_end=asking_to_end_now(meeting.match, person)
    )


def told_or_not(partner, programme, *, told: str, done: str = "") -> str:
    """What a pair member's message says of their partner once they acted: `told` ("Bola
    Board has been told."), or, when no email reaches the partner, `done` (what was done,
    where `told` said it too: "The meeting is cancelled.") then `partner_not_told_said`."""
    not_told = partner_not_told_said(partner, programme)
    if not not_told:
        return told
    return format_html("{} {}", done, not_told) if done else not_told


def meetings_called_off(matches) -> list[dict]:
    """The meetings still to come of the pairs about to end, each with its pair, as a
    confirmation page lists them ("also"): ending a pair calls them off. One query."""
    by_pk = {match.pk: match for match in matches}
    upcoming = Meeting.objects.upcoming().filter(match__in=list(by_pk)).order_by("starts_at")
    return [
        {
            "name": str(by_pk[meeting.match_id]),  # "Maya Mentor and Bola Board"
            "note": f"{timezone.localtime(meeting.starts_at):%A %-d %B %Y, %H:%M}",
            "pk": meeting.pk,  # carried by the page (`meetings_booked_since`)
        }
        for meeting in upcoming
    ]


def meetings_booked_since(matches, shown: set[int]) -> bool:
    """Whether a pair about to end has a meeting still to come that its confirmation did not
    list (`meetings_called_off`, its ids `shown`): one booked since the page was shown, which
    "Yes" would call off unsaid. One query."""
    return (
        Meeting.objects.upcoming()
        .filter(match__in=[match.pk for match in matches])
        .exclude(pk__in=shown)
        .exists()
    )


def actions_to_review(meeting: Meeting) -> list[ActionStep]:
    """Action steps recorded at an earlier meeting of the pair and still outstanding, unless
    a later meeting has reviewed them (`reviewed_after`: a meeting logged late does not
    overrule where a later one left a step), or already reviewed at this one (so the log
    page shows what was said)."""
    return list(
        ActionStep.objects.filter(
            match_id=meeting.match_id, meeting__starts_at__lt=meeting.starts_at
        )
        .alias(reviewed_later=reviewed_after(meeting))
        .filter(Q(status__in=OUTSTANDING, reviewed_later=False) | Q(reviews__meeting=meeting))
        .prefetch_related(
            Prefetch(
                "reviews", queryset=ActionReview.objects.filter(meeting=meeting), to_attr="here"
            )
        )
        .distinct()
        .order_by("due_on", "created_at")
    )


def reviewed_after(meeting: Meeting) -> Exists:
    """Whether an action step (the outer query's) was reviewed at a meeting of its pair
    after `meeting`."""
    return Exists(
        ActionReview.objects.filter(action=OuterRef("pk"), meeting__starts_at__gt=meeting.starts_at)
    )


def actions_agreed_at(meeting: Meeting) -> list[ActionStep]:
    """The action steps agreed at this meeting, each saying whether a later meeting has
    reviewed it (`reviewed`: then it keeps that history and is not removed). One query."""
    return list(
        ActionStep.objects.filter(meeting=meeting)
        .annotate(reviewed=Exists(ActionReview.objects.filter(action=OuterRef("pk"))))
        .order_by("created_at", "pk")
    )


def _diary_meetings_of(person: int, since: datetime) -> QuerySet[Meeting]:
    """The person's meetings booked or proposed, in every pair, starting after `since`."""
    return (
        Meeting.objects.for_user(person)
        .filter(status__in=UPCOMING, starts_at__gt=since)
        .select_related("match__mentor__applicant", "match__board_member__user")
    )


def _diary_events_of(person: int, now: datetime) -> QuerySet[Registration]:
    """The events not called off, not over by `now`, where the person holds a place."""
    return (
        Registration.objects.going_ahead()
        .filter(person=person, status=RegistrationStatus.REGISTERED, event__ends_at__gt=now)
        .select_related("event")
    )


# What is in a person's diary, read before accepting or proposing a time: their SQL worked
# out once per process (accounts.statements); building it cost more than the pair page.
_DIARY_MEETINGS = Statement(_diary_meetings_of)
_DIARY_EVENTS = Statement(_diary_events_of)


def busy_for(user, *, exclude_meeting: Meeting | None = None) -> list[Busy]:
    """What is already in the person's diary: their upcoming meetings in every pair (but
    `exclude_meeting`, the one being moved) and the events they registered for. Two
    queries."""
    now = timezone.now()
    meetings = _DIARY_MEETINGS.fetch(person=user.pk, since=now - timedelta(hours=8))
    registrations = _DIARY_EVENTS.fetch(person=user.pk, now=now)
    return [
        *(
            Busy(
                m.starts_at,
                m.ends_at,
                f"your meeting with {m.match.partner_of(user).full_name}",
                meeting_id=m.pk,
            )
            for m in meetings
            if exclude_meeting is None or m.pk != exclude_meeting.pk
        ),
        *(Busy(r.event.starts_at, r.event.ends_at, r.event.title) for r in registrations),
    ]


def overlaps_before_accepting(user, proposals: list[Meeting]) -> dict[int, list[Busy]]:
    """For each proposal waiting for `user`'s answer, what it overlaps in their own diary
    (their meeting in another pair, an event), said beside "Accept" wherever it is offered,
    as proposing a time says it. Two queries, none without proposals."""
    if not proposals:
        return {}
    busy = busy_for(user)
    return {
        meeting.pk: clashes(
            meeting.starts_at,
            meeting.ends_at,
            [item for item in busy if item.meeting_id != meeting.pk],
        )
        for meeting in proposals
    }


# The meetings "Plan the year" goes on from (`dated_meetings`): held, or proposed or booked.
DATED = (*UPCOMING, MeetingStatus.HELD)


def dated_meetings(pair: PairView) -> list[datetime]:
    """When the pair's meetings held or still to come start: "Plan the year" goes on from
    the latest."""
    return [m.starts_at for m in pair.meetings if m.status in DATED]


def planned_times(pair: PairView, today: date) -> list[datetime]:
    """ "Plan the year": dates at the programme's cadence from the pair's latest meeting, at
    the same time of day (or, before they have met, from next week on the first day and
    part of the day the person planning said they could meet), skipping weekends and public
    holidays, up to a year ahead or the programme's end."""
    span = _plan_span(
        pair.match, side=pair.side, latest=max(dated_meetings(pair), default=None), today=today
    )
    if not span.has_a_date:
        return []
    zone = ZoneInfo(settings.TIME_ZONE)
    return [
        at_local_time(day, span.clock, zone)
        for day in plan_dates(
            span.first, until=span.until, every_days=span.every, is_closed=span.is_closed
        )
    ]


def plan_has_a_date_left(match: Match, *, side: str, latest: datetime | None, today: date) -> bool:
    """Whether "Plan the year" has a date left to offer the pair (`planned_times` is not
    empty), for its member on `side`, whose latest meeting held or to come (`DATED`) starts
    at `latest` (None: none yet): none after the programme's last day (`ends_on`). The one
    rule of the pair page and the schedule, which offer the link by it, and of the "time to
    book" nudge, which offers planning by it. No query: the pair's programme and profiles
    as read with it."""
    return _plan_span(match, side=side, latest=latest, today=today).has_a_date


def plan_starts_after_the_last_day(pair: PairView, today: date) -> date | None:
    """The day "Plan the year" would start on, where the programme's last day (`ends_on`)
    comes before it: why the plan has no date to offer, which the plan page says ("a plan
    would start on …, after the last day …"), whether the pair has met or not. None where
    the plan has dates, or has none because the pair's meetings already reach a year
    ahead. No query."""
    span = _plan_span(
        pair.match, side=pair.side, latest=max(dated_meetings(pair), default=None), today=today
    )
    if span.ends_on_the_last_day and not span.has_a_date:
        return span.starts_on
    return None


@dataclass
class _PlanSpan:
    """Where "Plan the year" starts and ends for one member of a pair (`_plan_span`): the
    one place its dates (`planned_times`), whether it has one (`plan_has_a_date_left`) and
    where it would start past the last day (`plan_starts_after_the_last_day`) come from."""

    first: date  # as the cadence counts from it (`plan_dates`), before a holiday moves it
    clock: time
    every: int  # days between its dates
    until: date  # a year ahead, or the programme's last day if that comes sooner
    programme: Programme

    def is_closed(self, day: date) -> bool:
        """`day` is a public holiday, which the plan skips (weekends too: `plan_dates`)."""
        return self.programme.is_public_holiday(day)

    @property
    def starts_on(self) -> date:
        """The plan's first date: `first`, or the first working day after it."""
        return next_working_day(self.first, is_closed=self.is_closed)

    @property
    def has_a_date(self) -> bool:
        """The plan's first date is by its end. Its first is its earliest (a later one,
        moved off a weekend or holiday too, never comes before it), so it alone decides; a
        plan that would start after its end is known to have none before any holiday is
        read."""
        return self.first <= self.until and self.starts_on <= self.until

    @property
    def ends_on_the_last_day(self) -> bool:
        """The programme's last day, not a year ahead, ends the plan."""
        return self.until == self.programme.ends_on


def _plan_span(match: Match, *, side: str, latest: datetime | None, today: date) -> _PlanSpan:
    """Where "Plan the year" starts and ends for the member on `side` whose latest meeting
    held or to come starts at `latest`, its time of day, and the days between its dates."""
    programme = match.programme
    first, clock, every = _plan_start(match, side=side, latest=latest, today=today)
    until = today + timedelta(days=365)
    if programme.ends_on:
        until = min(until, programme.ends_on)
    return _PlanSpan(first=first, clock=clock, every=every, until=until, programme=programme)


def _plan_start(
    match: Match, *, side: str, latest: datetime | None, today: date
) -> tuple[date, time, int]:
    """The day "Plan the year" starts on for the member on `side` (before a weekend or
    public holiday moves it), its time of day, and the days between its dates."""
    programme = match.programme
    every = midpoint_days(
        gap_min_weeks=programme.gap_min_weeks, gap_max_weeks=programme.gap_max_weeks
    )
    if latest is not None:
        latest = timezone.localtime(latest)
        first, clock = latest.date() + timedelta(days=every), latest.time()
    else:
        # Not met yet: from next week, on the first day and time the person planning said
        # they could meet. Their own alone: the partner's answer (a mentor's application, a
        # board member's profile) is the programme office's, and dates worked out from it
        # would tell it, one slot at a time.
        first, clock = today + timedelta(weeks=1), DEFAULT_MEETING_TIME
        own = getattr(match, side).availability
        found = first_shared_slot(own, on_or_after=first)
        if found is not None:
            first, clock = found
    return max(first, today + timedelta(days=1)), clock, every
