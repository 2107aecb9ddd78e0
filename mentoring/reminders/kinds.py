"""The reminder kinds of the core programme (registered in MentoringConfig.ready)."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from django.db.models import Count, Exists, Max, OuterRef, Q, Subquery
from django.template.defaultfilters import pluralize
from django.urls import reverse
from django.utils import timezone
from django.utils.text import get_text_list

from accounts.models import OutboxStatus
from accounts.outbox import CallOff, NotYet
from accounts.tokens import new_token
from mentoring.cadence import due_window
from mentoring.calendar import event_ics, meeting_ics
from mentoring.line_manager import line_manager_problem
from mentoring.models import (
    Event,
    LineManagerRequest,
    Match,
    MatchStatus,
    Meeting,
    MeetingStatus,
    PairRequest,
    Programme,
    ProgrammeStatus,
    Registration,
    RegistrationStatus,
    Reminder,
)
from mentoring.models.applications import LINE_MANAGER_STILL_ASKED
from mentoring.reminders import Due, ReminderKind, Run, register
from mentoring.reminders.rules import (
    PairDue,
    cancelled_twice_by,
    later_reminder_due,
    log_reminder_due,
    meeting_reminder_due,
    pair_reminders,
    reminder_day,
)
from mentoring.selectors.pairs import DATED, can_take_part, pair_view, plan_has_a_date_left

# "Please log your meeting" stops being asked after this long.
LOG_REMINDER_HORIZON = timedelta(days=60)
# The office is told of a line manager's silence counting as agreement this long after.
SILENCE_HORIZON = timedelta(days=14)
# Two cancellations in a row are looked for among cancellations this recent.
CANCELLATION_HORIZON = timedelta(days=30)


def _members(match: Match):
    return [person for person in (match.mentor.applicant, match.board_member.user) if person]


def _pair_dues(match: Match, due_on, **extra) -> list[Due]:
    return [
        Due(match.pk, due_on, person.email, person, match.programme_id, **extra)
        for person in _members(match)
    ]


def _switched_off(match: Match) -> list:
    """The pair's members who cannot take part (`can_take_part`: their account is switched
    off), by the rule of the pair's pages (`PairView.partner_can_take_part`)."""
    return [person for person in _members(match) if not can_take_part(person)]


def _switched_off_said(match: Match) -> dict[str, str]:
    """What the office's alerts about a pair say of members who cannot take part, once for
    their text and HTML: `switched_off`, "The account of Bola Board is switched off" (no
    full stop: an alert may say what follows from it), and `end_said`, what the office can
    do. Empty when both can take part."""
    off = _switched_off(match)
    if not off:
        return {"switched_off": "", "end_said": ""}
    names = get_text_list([person.full_name for person in off], "and")
    still_in = [person.full_name for person in _members(match) if person not in off]
    return {
        "switched_off": f"The account{pluralize(len(off))} of {names} "
        f"{pluralize(len(off), 'is,are')} switched off",
        "end_said": "You can end this pairing"
        + (f" and match {still_in[0]} with someone else." if still_in else "."),
    }


def _together(match: Match) -> bool:
    """Whether the pair can do something together (book a meeting, come to one): both its
    members can take part. The reminders that ask it of them leave out a pair that cannot,
    when they are written and again when they are sent (the office may switch an account
    off in between); the pages then say no meeting is due, and whom to write to."""
    return not _switched_off(match)


def _check_together(match: Match) -> None:
    if not _together(match):
        raise CallOff("The partner cannot take part: their account is switched off.")


def _check_member(reminder: Reminder, match: Match, *, to_the_pair: bool = True) -> None:
    """The pair is still active and, for a reminder to one of its members, they still are."""
    if match.status != MatchStatus.ACTIVE:
        raise CallOff("The pairing has ended.")
    if to_the_pair and reminder.recipient_id not in (
        match.mentor.applicant_id,
        match.board_member.user_id,
    ):
        raise CallOff("The person is no longer in this pair.")


def _meeting(reminder: Reminder) -> Meeting:
    meeting = (
        Meeting.objects.select_related(
            "match__programme", "match__mentor__applicant", "match__board_member__user"
        )
        .filter(pk=reminder.object_id)
        .first()
    )
    if meeting is None:
        raise CallOff("The meeting no longer exists.")
    _check_member(reminder, meeting.match)
    return meeting


# How often a reminder held back by a meeting's move (MeetingComingUp.compose) looks again
# for the partner's answer.
MOVE_ANSWER_CHECKED_EVERY = timedelta(minutes=15)


def _in_running_pairs(meetings):
    """Of `meetings`, those of active pairs in running programmes, with what an email says."""
    return meetings.filter(
        match__status=MatchStatus.ACTIVE, match__programme__status=ProgrammeStatus.ACTIVE
    ).select_related("match__programme", "match__mentor__applicant", "match__board_member__user")


def _booked_meetings(run: Run, *, until: datetime):
    """The meetings booked (`Meeting.is_booked`) at the run's time that start by `until`."""
    return _in_running_pairs(Meeting.objects.booked(run.now).filter(starts_at__lte=until))


def _not_logged_meetings(*, after: datetime, until: datetime):
    """The meetings still booked, not logged, that started after `after` and by `until`."""
    return _in_running_pairs(
        Meeting.objects.filter(
            status=MeetingStatus.CONFIRMED, starts_at__gt=after, starts_at__lte=until
        )
    )


class MeetingComingUp(ReminderKind):
    """A booked meeting, to both members: a week before and the day before, by default."""

    template = "mentoring/email/reminder_meeting"
    subject_hidden = "Meeting reminder"

    def __init__(self, name, label, days_field, until_field=None):
        self.name, self.label = name, label
        self.days_field, self.until_field = days_field, until_field

    def find(self, run):
        longest = run.memo(
            "longest_reminder",
            lambda: Programme.objects.active().aggregate(days=Max("remind_days_before"))["days"],
        )
        if not longest:
            return []
        # Both meeting reminders read the same meetings: once a run.
        coming_up = run.memo(
            "coming_up",
            lambda: list(_booked_meetings(run, until=run.now + timedelta(days=longest + 1))),
        )
        dues = []
        for meeting in coming_up:
            programme = meeting.match.programme
            due_on = meeting_reminder_due(
                starts_at=meeting.starts_at,
                booked_at=meeting.confirmed_at,
                now=run.now,
                days=getattr(programme, self.days_field),
                zone=run.zone,
                until_days=getattr(programme, self.until_field) if self.until_field else None,
            )
            if due_on is not None and _together(meeting.match):
                dues += [
                    Due(meeting.pk, due_on, person.email, person, programme.pk)
                    for person in _members(meeting.match)
                ]
        # One per booking and person: a changed setting moves its day, never reminds again;
        # a meeting booked again (moved) is reminded of anew.
        booked = {meeting.pk: meeting.confirmed_at for meeting in coming_up}
        return _not_reminded_yet(self.name, dues, since=booked)

    def compose(self, reminder, now):
        meeting = _meeting(reminder)
        if meeting.status == MeetingStatus.CANCELLED:
            raise CallOff("The meeting was cancelled.")
        if meeting.starts_at <= now:
            raise CallOff("The meeting has started.")
        if meeting.status == MeetingStatus.PROPOSED:
            # It was booked when the reminder was written (only booked meetings are): a new
            # time awaits the partner's answer. Called off now, the reminder could not be
            # written again once they accept a time on the same day (its key is that day's),
            # so it waits for the answer and then says the time agreed.
            raise NotYet(
                "A new time for the meeting awaits the partner's answer.",
                until=min(now + MOVE_ANSWER_CHECKED_EVERY, meeting.starts_at),
            )
        if meeting.status != MeetingStatus.CONFIRMED:
            raise CallOff("The meeting is no longer booked.")
        _check_together(meeting.match)
        programme = meeting.match.programme
        days = getattr(programme, self.days_field)
        if timezone.localdate(meeting.starts_at) - timedelta(days=days) != reminder.due_on:
            raise CallOff("The meeting has moved; its new date has reminders of its own.")
        if self.until_field and later_reminder_due(
            starts_at=meeting.starts_at,
            now=now,
            until_days=getattr(programme, self.until_field),
            zone=timezone.get_default_timezone(),
        ):
            # Held up (the mail server away, or sent again by the office) until the later
            # reminder is due: that one goes, not both.
            raise CallOff("A later reminder has taken its place.")
        person = reminder.recipient
        days_left = (timezone.localdate(meeting.starts_at) - timezone.localdate(now)).days
        return (
            {
                "meeting": meeting,
                "partner": meeting.match.partner_of(person),
                "days_left": days_left,
            },
            [("meeting.ics", meeting_ics(meeting, person), "text/calendar")],
        )


class MeetingNotLogged(ReminderKind):
    name = "meeting_not_logged"
    label = "Meeting not logged yet"
    subject_hidden = "Reminder to log a meeting"

    def find(self, run):
        dues = []
        for meeting in _not_logged_meetings(
            after=run.now - LOG_REMINDER_HORIZON, until=run.now - timedelta(hours=12)
        ):
            programme = meeting.match.programme
            due_on = log_reminder_due(
                ends_at=meeting.ends_at,
                now=run.now,
                days=programme.log_reminder_days_after,
                zone=run.zone,
            )
            if due_on is not None:
                dues += [
                    Due(meeting.pk, due_on, person.email, person, programme.pk)
                    for person in _members(meeting.match)
                ]
        # One per meeting and person: a changed setting moves its day, never asks again.
        return _not_reminded_yet(self.name, dues, since={})

    def compose(self, reminder, now):
        meeting = _meeting(reminder)
        if meeting.status != MeetingStatus.CONFIRMED:
            raise CallOff("The meeting has been logged, or is off.")
        # Until both have agreed the ground rules no meeting is logged (`meeting_log`): the
        # email leads to them, not to a log page that would send the person back.
        rules_first = not pair_view(meeting.match, reminder.recipient).both_agreed_any
        return {
            "meeting": meeting,
            "partner": meeting.match.partner_of(reminder.recipient),
            "rules_first": rules_first,
        }, []


def _not_reminded_yet(kind: str, dues: list[Due], *, since: dict) -> list[Due]:
    """Of `dues`, one per thing (a meeting, a pair) and person, those this kind has not
    reminded the person of already: since `since[its id]` (when the meeting was booked,
    when the pair last met), or ever. The day
    a reminder is due follows the programme's settings, and is part of its key: without
    this, a setting changed while the programme runs would send again what was sent. One
    query, when anything is due; a reminder whose email was called off does not count."""
    if not dues:
        return dues
    written = Reminder.objects.filter(
        kind=kind, object_id__in={due.object_id for due in dues}
    ).exclude(message__status=OutboxStatus.CANCELLED)
    done = {
        (object_id, person)
        for object_id, person, created_at in written.values_list(
            "object_id", "recipient_id", "created_at"
        )
        if since.get(object_id) is None or created_at >= since[object_id]
    }
    return [due for due in dues if (due.object_id, due.recipient_id) not in done]


def _booked(meetings, now):
    """What counts as booked for the pair reminders: the rule of the pair's pages and
    programme health (`Meeting.is_booked`). Neither a proposal nobody has accepted nor a
    booking moved to a time not accepted yet silences the office's alerts."""
    return meetings.booked(now)


def _proposed(meetings, now):
    """A meeting still to come that one member proposed and the other has not answered: the
    members' own nudges wait for the answer (nobody who has just proposed a time is told
    to propose one), while the office's alerts, about meetings agreed, do not."""
    return meetings.filter(status=MeetingStatus.PROPOSED, starts_at__gt=now)


def _asked_to_end(pair):
    """What counts as asked to end for the pair reminders: a member's request to end the
    pairing is with the office (`PairRequest.objects.asking_to_end`, the rule the pair page
    follows). Nobody is asked to book meanwhile, nor the office alerted that nothing is."""
    return PairRequest.objects.asking_to_end().filter(match=pair)


def _pairs_query(run: Run):
    """The pairs whose reminders go out (`MatchQuerySet.reminded`, which the profile's offer
    of the nudges follows too) with nothing booked ahead (a pair with a meeting booked has no
    pair reminder due) and no request to end with the office, with their last meeting held:
    plain values, no model instances."""
    meetings = Meeting.objects.filter(match=OuterRef("pk"))
    return (
        Match.objects.reminded()
        .filter(~Exists(_booked(meetings, run.now)))
        .filter(~Exists(_asked_to_end(OuterRef("pk"))))
        .annotate(
            last_met=Subquery(meetings.met(run.now).order_by("-starts_at").values("starts_at")[:1]),
            proposed=Exists(_proposed(meetings, run.now)),
        )
        .order_by("pk")
        .values_list(
            "pk",
            "proposed",
            "activated_at",
            "last_met",
            "programme__gap_min_weeks",
            "programme__gap_max_weeks",
            "programme__first_contact_days",
        )
    )


def _active_pairs(run: Run) -> list:
    """The active pairs with a pair reminder due today, each with what is due, whether a
    meeting proposed awaits an answer, and the moment its rhythm counts from (the last
    meeting, or the pairing): one query for all the pair kinds, and one more for the pairs,
    when any is due."""

    def compute():
        day = reminder_day(run.now, run.zone)
        due, proposed, anchors = {}, set(), {}
        for pk, waiting, activated_at, last_met, gap_min, gap_max, first_contact in _pairs_query(
            run
        ):
            anchors[pk] = last_met or activated_at
            found = pair_reminders(
                day,
                anchor=_anchor_day(anchors[pk], run.zone),
                first=last_met is None,
                gap_min_weeks=gap_min,
                gap_max_weeks=gap_max,
                first_contact_days=first_contact,
            )
            if found != PairDue():
                due[pk] = found
                if waiting:
                    proposed.add(pk)
        if not due:
            return []
        pairs = Match.objects.select_related(
            "programme", "mentor__applicant", "board_member__user"
        ).in_bulk(due)
        return [
            (pairs[pk], found, pk in proposed, anchors[pk])
            for pk, found in due.items()
            if pk in pairs
        ]

    return run.memo("pairs", compute)


def _met(meetings, moment: datetime, now: datetime) -> dict:
    """Of the meetings that count as met at `now`: when the last began (`last`, the rhythm's
    anchor, as `find` counts it), and how many did not count at `moment` (`since`: begun
    since, or logged as held since, a time proposed and never accepted, logged afterwards).
    One query."""
    return meetings.met(now).aggregate(
        last=Max("starts_at"),
        since=Count("pk", filter=Q(starts_at__gt=moment) | Q(logged_at__gt=moment)),
    )


def _anchor_day(moment: datetime, zone: ZoneInfo):
    """The day a pair's rhythm counts from (its last meeting, or its pairing), in `zone`,
    the programme's time zone (`Run.zone`): the cadence rule takes dates."""
    return moment.astimezone(zone).date()


def _nothing_booked_yet(
    reminder: Reminder, *, to_the_pair: bool = True
) -> tuple[Match, datetime | None]:
    """The pair a pair reminder is about, if it still applies: nothing booked or proposed,
    no request to end with the office, and the pair has not met since it was written (its
    rhythm, counted from the last meeting, is then a new one, with reminders of its own).
    With it, when its last meeting that counts as met began (`_met`), or None."""
    match = (
        Match.objects.select_related("programme", "mentor__applicant", "board_member__user")
        .filter(pk=reminder.object_id)
        .first()
    )
    if match is None:
        raise CallOff("The pairing no longer exists.")
    _check_member(reminder, match, to_the_pair=to_the_pair)
    meetings = Meeting.objects.filter(match=match)
    now = timezone.now()
    if _booked(meetings, now).exists():
        raise CallOff("A meeting has been booked since.")
    if to_the_pair and _proposed(meetings, now).exists():
        raise CallOff("A meeting has been proposed since.")
    if _asked_to_end(match.pk).exists():
        raise CallOff("A request to end the pairing is with the programme office.")
    met = _met(meetings, reminder.created_at, now)
    if met["since"]:
        raise CallOff("The pair has met since.")
    return match, met["last"]


class PairReminder(ReminderKind):
    """About a pair with nothing booked (see `pair_reminders`): a nudge to both members, or
    an alert to the programme office."""

    about_a_day = True

    def __init__(self, name, label, due, *, to_office):
        self.name, self.label, self.due = name, label, due
        self.to_office = to_office
        self.optional = not to_office
        # The office's own alert names the pair, as the office knows it.
        self.subject_hidden = "" if to_office else "Reminder to book a meeting"

    def find(self, run):
        dues, since = [], {}
        for pair, found, proposed, anchor in _active_pairs(run):
            due_on = getattr(found, self.due)
            if due_on is None or (proposed and not self.to_office):
                continue
            since[pair.pk] = anchor
            if self.to_office:
                dues += run.office_dues(pair.programme, pair.pk, due_on)
            elif _together(pair):
                # Nobody is asked to book with a partner who cannot take part: the office's
                # alert says so instead (`compose`).
                dues += _pair_dues(pair, due_on)
        # One per rhythm (the last meeting, or the pairing) and person: a gap or first-nudge
        # setting changed meanwhile moves the day, never sends again.
        return _not_reminded_yet(self.name, dues, since=since)

    def compose(self, reminder, now):
        match, last_met = _nothing_booked_yet(reminder, to_the_pair=not self.to_office)
        context = {"match": match, "due_by": reminder.due_on - timedelta(days=1)}
        if self.to_office:
            # Neither member is nudged when one cannot take part (`find`): the office is told
            # who, and that it can end the pairing.
            context.update(_switched_off_said(match))
        else:
            _check_together(match)
            context["partner"] = match.partner_of(reminder.recipient)
        if self.due == "window_open":
            # The window this nudge opens, by the rule `find` follows (`pair_reminders`):
            # from the pair's last meeting as it counts it (`_met`, read with the checks
            # above, in the programme's time zone). No meeting only if the one it counted
            # from was since re-logged as not held: then no dates.
            context["last_met"] = last_met and _anchor_day(last_met, Run(now).zone)
            context["due_by"] = last_met and (
                due_window(
                    context["last_met"],
                    gap_min_weeks=match.programme.gap_min_weeks,
                    gap_max_weeks=match.programme.gap_max_weeks,
                ).closes
            )
            # "Plan the year" is offered while it has a date left to offer, by the rule the
            # pair's pages offer it by (`plan_has_a_date_left`): none after the programme's
            # last day (`ends_on`), while the nudge itself goes on as long as the pair's page
            # says a meeting is due (until the office closes the programme). One query: the
            # pair's latest meeting held or to come, a time proposed and never taken up
            # included, as the plan counts from it.
            latest = Meeting.objects.filter(match=match, status__in=DATED).aggregate(
                latest=Max("starts_at")
            )["latest"]
            context["plan"] = plan_has_a_date_left(
                match,
                side=match.side_of(reminder.recipient),
                latest=latest,
                today=timezone.localdate(now),
            )
        else:
            # A time proposed and not yet answered holds the members' nudges back (`find`):
            # the office is told that, not that they are nudged.
            context["proposed"] = _proposed(match.meetings, now).exists()
        return context, []


class CancelledTwice(ReminderKind):
    name = "cancelled_twice"
    label = "Two cancellations in a row (to the office)"
    to_office = True

    def find(self, run):
        recent = set(
            Meeting.objects.filter(
                status=MeetingStatus.CANCELLED,
                cancelled_at__gte=run.now - CANCELLATION_HORIZON,
                match__status=MatchStatus.ACTIVE,
                match__programme__status=ProgrammeStatus.ACTIVE,
            ).values_list("match_id", flat=True)
        )
        if not recent:
            return []
        # Plain values: these pairs' whole history is read, model instances would cost. A
        # meeting booked and gone by, not logged yet, counts as met (`met`), as everywhere.
        history = {}
        met = Meeting.objects.met(run.now)
        for meeting in (
            (
                met
                | Meeting.objects.filter(
                    status__in=[MeetingStatus.NOT_HELD, MeetingStatus.CANCELLED]
                )
            )
            .filter(match_id__in=recent)
            .order_by()
            .values_list(
                "match_id",
                "pk",
                "status",
                "cancelled_by_id",
                "cancelled_at",
                "starts_at",
                "match__programme_id",
                named=True,
            )
        ):
            history.setdefault(meeting.match_id, []).append(meeting)
        twice = []
        for meetings in history.values():
            meetings.sort(key=lambda m: m.cancelled_at or m.starts_at)
            if cancelled_twice_by(
                [
                    (
                        MeetingStatus.HELD if m.status == MeetingStatus.CONFIRMED else m.status,
                        m.cancelled_by_id,
                    )
                    for m in meetings
                ]
            ):
                twice.append(meetings[-1])
        if not twice:
            return []
        programmes = Programme.objects.in_bulk({last.match__programme_id for last in twice})
        return [
            due
            for last in twice
            for due in run.office_dues(
                programmes[last.match__programme_id],
                last.pk,
                last.cancelled_at.astimezone(run.zone).date(),
            )
        ]

    def compose(self, reminder, now):
        meeting = (
            Meeting.objects.select_related(
                "cancelled_by",
                "match__programme",
                "match__mentor__applicant",
                "match__board_member__user",
            )
            .filter(pk=reminder.object_id)
            .first()
        )
        if meeting is None:
            raise CallOff("The meeting no longer exists.")
        _check_member(reminder, meeting.match, to_the_pair=False)
        return {"match": meeting.match, "cancelled_by": meeting.cancelled_by}, []


class EventTomorrow(ReminderKind):
    name = "event_tomorrow"
    label = "Event tomorrow"
    # From 08:00 on the day before (or on the day, missed then): never in the night.
    about_a_day = True

    def find(self, run):
        """Places held at events tomorrow, due today; and at events later today, due
        yesterday: a dispatcher that was down all the day before catches up once (their
        key, yesterday's, is taken when they went), and the email says "today". Only places
        held since before the day the reminder is due (the day before the event): one taken
        since has just had its confirmation, with the time, and is not reminded of it on
        top, minutes later."""
        today = datetime.combine(run.today, datetime.min.time(), tzinfo=run.zone)
        yesterday = datetime.combine(
            run.today - timedelta(days=1), datetime.min.time(), tzinfo=run.zone
        )
        tomorrow = today + timedelta(days=1)
        # Places held at events going ahead: none at an event called off. (Not `held_ahead`:
        # "to come" here is by the run's clock.)
        registrations = (
            Registration.objects.going_ahead()
            .filter(
                status=RegistrationStatus.REGISTERED,
                event__starts_at__gt=run.now,
                event__starts_at__lt=tomorrow + timedelta(days=1),
                event__programme__status=ProgrammeStatus.ACTIVE,
            )
            .filter(
                Q(event__starts_at__gte=tomorrow, updated_at__lt=today)
                | Q(event__starts_at__lt=tomorrow, updated_at__lt=yesterday)
            )
            .select_related("event", "person")
        )
        return [
            Due(
                r.event_id,
                timezone.localdate(r.event.starts_at, run.zone) - timedelta(days=1),
                r.person.email,
                r.person,
                r.event.programme_id,
            )
            for r in registrations
        ]

    def useful_until(self, reminder):
        # An event early in the morning: a reminder held into the night goes before it.
        return (
            Event.objects.filter(pk=reminder.object_id).values_list("starts_at", flat=True).first()
        )

    def compose(self, reminder, now):
        event = Event.objects.filter(pk=reminder.object_id).first()
        if event is None or event.starts_at <= now:
            raise CallOff("The event has taken place or no longer exists.")
        if event.is_called_off:
            raise CallOff("The programme office called the event off.")
        if timezone.localdate(event.starts_at) != reminder.due_on + timedelta(days=1):
            # Moved since (its people were told, with a new calendar file): "tomorrow"
            # would be wrong, and a reminder the day before its new date follows.
            raise CallOff("The event has moved to another day.")
        registration = Registration.objects.filter(
            event=event, person=reminder.recipient_id, status=RegistrationStatus.REGISTERED
        ).first()
        if registration is None:
            raise CallOff("The person is no longer registered.")
        # Held back until the event's own day (the mail server away overnight): "today".
        today = timezone.localdate(now) == timezone.localdate(event.starts_at)
        attached = [("event.ics", event_ics(event, registration), "text/calendar")]
        return {"event": event, "today": today}, attached


class LineManagerWaiting(ReminderKind):
    """An application waiting on the line manager: the manager and the applicant hear."""

    name = "line_manager_waiting"
    label = "Line manager yet to answer"
    about_a_day = True

    def find(self, run):
        day = reminder_day(run.now, run.zone)
        requests = LineManagerRequest.objects.filter(
            decision="",
            # Wait-listed too: accepting it later needs the agreement.
            application__status__in=LINE_MANAGER_STILL_ASKED,
            application__programme__status=ProgrammeStatus.ACTIVE,
            application__programme__line_manager_agreement=True,
            sent_at__lte=run.now - timedelta(days=1),
        )
        # Not one no answer can come through (`unanswerable_because`): the office sends it
        # again instead.
        requests = requests.filter(LineManagerRequest.ANSWERABLE).select_related(
            "application__programme", "application__applicant", "message"
        )
        dues, since = [], {}
        for request in requests:
            programme = request.application.programme
            if request.silence_counts(programme.line_manager_silence_days, run.now):
                continue
            delivered = request.silence_from
            if delivered is None:
                # Its email waits to go, or bounced (the applicant is told to send the office
                # the right address): nobody is reminded of what never reached them.
                continue
            due_on = delivered.astimezone(run.zone).date() + timedelta(
                days=programme.line_manager_reminder_days
            )
            if due_on <= day:
                applicant = request.application.applicant
                since[request.pk] = delivered
                dues += [
                    Due(request.pk, due_on, request.email, None, programme.pk),
                    Due(request.pk, due_on, applicant.email, applicant, programme.pk),
                ]
        # Once per sending of the request and person (the manager has no account: theirs is
        # the one without): a reminder setting changed meanwhile moves the day, never sends
        # again; a request sent again (a corrected address) is reminded of anew.
        return _not_reminded_yet(self.name, dues, since=since)

    def compose(self, reminder, now):
        request = (
            LineManagerRequest.objects.select_related(
                "application__applicant", "application__programme", "message"
            )
            .filter(pk=reminder.object_id)
            .first()
        )
        if request is None or request.decision:
            raise CallOff("The line manager has answered.")
        if request.application.status not in LINE_MANAGER_STILL_ASKED:
            raise CallOff("The application is no longer waiting.")
        if request.undelivered:
            raise CallOff("The request's email could not be delivered.")
        if request.unanswerable_because:
            raise CallOff(f"No answer can be taken: {request.unanswerable_because}.")
        problem = line_manager_problem(
            applicant=request.application.applicant,
            manager_email=request.email,
            to_office=True,
        )
        if problem:
            # Not an address a request goes to now (one in quotation marks kept from before
            # the rule, one become the applicant's own since): no link is sent to it again,
            # and the applicant is not told of a reminder. The office corrects it by sending
            # the request again.
            raise CallOff(problem)
        for_manager = reminder.recipient_id is None
        if for_manager and reminder.to.lower() != request.email.lower():
            # The office sent the request to a corrected address meanwhile: the link is the
            # manager's now, never the old address's.
            raise CallOff("The line manager's address has changed since.")
        if request.sent_at and request.sent_at > reminder.created_at:
            # The office sent it again since (to a corrected address, say): the manager was
            # just asked, not reminded, and their time to answer counts anew.
            raise CallOff("The request was sent again since this reminder was written.")
        context = {"application": request.application, "for_manager": for_manager}
        if for_manager:
            context["answer_request"] = request
        return context, []

    def sending(self, context):
        if context["for_manager"]:
            context["answer_path"] = _answer_path(context.pop("answer_request"))
        return context


class LineManagerSilent(ReminderKind):
    """A line manager's silence has come to count as agreement (the programme's
    `line_manager_silence_days`): the office is told that the application can be decided,
    as it is when a line manager says yes (`line_manager_agreement_emails_office`). Where no
    answer through the request can count (`unanswerable_because`), the office is told to
    send it again instead (told at once too when the address became the applicant's own:
    this says it again, while it has not been)."""

    name = "line_manager_silent"
    label = "Line manager silent: counts as agreement, or send again (to the office)"
    to_office = True

    def find(self, run):
        requests = LineManagerRequest.objects.filter(
            decision="",
            application__status__in=LINE_MANAGER_STILL_ASKED,
            application__programme__status=ProgrammeStatus.ACTIVE,
            application__programme__line_manager_agreement=True,
            application__programme__line_manager_silence_days__isnull=False,
            application__programme__notify_office_of_applications=True,
        ).select_related("application__programme", "message")
        dues, since = [], {}
        for request in requests:
            programme = request.application.programme
            # Told too when no answer through it can count: then to send it again.
            if not request.silence_passed(programme.line_manager_silence_days, run.now):
                continue
            counts_from = request.silence_from + timedelta(days=programme.line_manager_silence_days)
            if counts_from < run.now - SILENCE_HORIZON:
                continue  # long past (before this alert existed): not told now
            due_on = counts_from.astimezone(run.zone).date()
            # Once per sending of the request: the day follows the setting, which may
            # change after the office was told.
            since[request.pk] = request.silence_from
            dues += run.office_dues(programme, request.pk, due_on)
        return _not_reminded_yet(self.name, dues, since=since)

    def compose(self, reminder, now):
        request = (
            LineManagerRequest.objects.select_related(
                "application__applicant", "application__programme", "message"
            )
            .filter(pk=reminder.object_id)
            .first()
        )
        if request is None or request.decision:
            raise CallOff("The line manager has answered.")
        application = request.application
        if application.status not in LINE_MANAGER_STILL_ASKED:
            raise CallOff("The application has been decided or withdrawn.")
        days = application.programme.line_manager_silence_days
        if not request.silence_passed(days, now):
            raise CallOff("The request was sent again: the line manager's silence counts anew.")
        return {
            "application": application,
            "days": days,
            # Silence where no answer can be the line manager's is no agreement: the office
            # is told to send the request again instead.
            "refused": request.unanswerable_because,
            "review_path": reverse(
                "admin:mentoring_mentorapplication_change", args=[application.pk]
            ),
        }, []


def _answer_path(request: LineManagerRequest) -> str:
    """The manager's link to answer. Called only as the email goes (`sending`)."""
    if not request.token:
        # Asked before links were kept: a new link (the old one stops working), written
        # only as the email that carries it goes.
        token, token_hash = new_token()
        LineManagerRequest.objects.filter(pk=request.pk).update(token=token, token_hash=token_hash)
        request.token = token
    return reverse("line_manager_answer", args=[request.token])


KINDS = [
    MeetingComingUp(
        "meeting_first_reminder",
        "Meeting coming up (first reminder)",
        "remind_days_before",
        "remind_days_before_last",
    ),
    MeetingComingUp(
        "meeting_last_reminder", "Meeting coming up (last reminder)", "remind_days_before_last"
    ),
    MeetingNotLogged(),
    PairReminder(
        "window_open",
        "Next meeting due, nothing booked",
        "window_open",
        to_office=False,
    ),
    PairReminder(
        "window_passed",
        "Meeting overdue (to the office)",
        "window_passed",
        to_office=True,
    ),
    PairReminder(
        "first_contact",
        "First meeting still to book",
        "first_contact",
        to_office=False,
    ),
    PairReminder(
        "first_contact_office",
        "First meeting still to book (to the office)",
        "first_contact",
        to_office=True,
    ),
    CancelledTwice(),
    EventTomorrow(),
    LineManagerWaiting(),
    LineManagerSilent(),
]


def register_all() -> None:
    for kind in KINDS:
        register(kind)
