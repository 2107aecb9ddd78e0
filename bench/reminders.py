"""How long one reminders dispatcher run takes: `python -m bench.reminders`.

Creates a throwaway PostgreSQL database (reverse_mentoring_bench, on the server that
DATABASE_URL names; postgres://postgres@127.0.0.1:5432/reverse_mentoring when unset),
fills it with 20 active programmes x 250 active pairs x 20 meetings (100,000 meetings:
mostly held in the past, one cancelled per pair, two booked ahead in four pairs of five;
the fifth pair has nothing booked, its next meeting not due yet) and a few events with
registrations, then times `reminders_dispatch(now)`:

- with nothing due (every booked meeting is more than a week away), and
- with 1% due: 1,000 booked meetings moved so that their 7-day (500) or 1-day (500)
  reminder is due at `now`, and one event moved to tomorrow.

Each case runs RUNS times (the reminders written are deleted between runs, so each run
does the same work); the best and the worst are printed with the reminders written and
the SQL statements sent. Celery is not eager: the outbox hands its rows to the broker
after commit (Redis when REDIS_URL is set, else the in-memory transport) on a queue of the
bench's own that is emptied afterwards, so no worker sends anything and the time is the
dispatcher's. Then the PostgreSQL plans (EXPLAIN ANALYZE) of the booked-meetings query and
of the pairs query are printed, and whether any dispatcher query reads mentoring_meeting
with a Seq Scan. The database is dropped at the end. The target is under a second a run.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from datetime import time as clock
from zoneinfo import ZoneInfo

from bench.database import throwaway_database, unset_settings

BENCH_DATABASE = "reverse_mentoring_bench"
BENCH_QUEUE = "reverse-mentoring-bench"

PROGRAMMES = 20
PAIRS = 250  # per programme
MEETINGS = 20  # per pair
DUE = 1_000  # meetings with a reminder due, 1%
RUNS = 3
TARGET_MS = 1_000

# Every pair's history, relative to `now`: a meeting held every six weeks, the last two
# weeks ago; one cancellation (a recent one in one pair of RECENT_CANCELLATION_EVERY);
# two meetings booked, the first 9 to 22 days ahead (no reminder due), then six weeks on;
# or, in one pair of NOTHING_BOOKED_EVERY, nothing booked (and its window not open yet).
GAP = timedelta(weeks=6)
LAST_HELD = timedelta(days=14)
RECENT_CANCELLATION_EVERY = 10
NOTHING_BOOKED_EVERY = 5
FIRST_BOOKED = timedelta(days=9)
BOOKED_AT = timedelta(days=20)
# Who is registered for each programme's small session in five days (moved to tomorrow).
SOON_EVENT_PLACES = 20


@dataclass
class Filled:
    """What `fill` made: counts, and the rows `make_due` moves."""

    now: datetime
    counts: dict[str, int] = field(default_factory=dict)
    first_booked: list[int] = field(default_factory=list)  # per pair, in order
    soon_events: list[int] = field(default_factory=list)  # per programme


# Filling


def fill(*, programmes: int, pairs: int, meetings: int, now: datetime) -> Filled:
    """Active programmes, each with `pairs` active pairs of `meetings` meetings, with bulk
    inserts. Nothing is due at `now`: `make_due` then makes some reminders due."""
    from bench import builders as build
    from mentoring.models import ApplicationStatus

    if meetings < 3:
        raise ValueError("A pair needs at least 3 meetings: one held, two booked.")
    cancelled = 1 if meetings >= 4 else 0
    history = LAST_HELD + GAP * (meetings - cancelled)
    filled = Filled(now=now)

    programme_rows = build.programmes_create(programmes, newest_starts=now - history)
    people = build.people_create(
        programmes, {"mentor": pairs, "board": pairs}, joined=now - history
    )
    mentors_of = {p: people.of("mentor", p) for p in range(programmes)}
    boards_of = {p: people.of("board", p) for p in range(programmes)}
    applications = build.applications_create(
        (
            (programme, person, ApplicationStatus.ACCEPTED)
            for p, programme in enumerate(programme_rows)
            for person in mentors_of[p]
        ),
        submitted_at=now - history - timedelta(days=60),
        decided_at=now - history - timedelta(days=30),
    )
    board_members = build.board_members_create(
        (
            (programme, person)
            for p, programme in enumerate(programme_rows)
            for person in boards_of[p]
        ),
        completed_at=now - history - timedelta(days=30),
    )
    matches = build.pairs_create(
        zip(applications, board_members, strict=True),
        proposed_at=now - history - timedelta(days=14),
        activated_at=now - history - timedelta(days=7),
    )

    rows, first_booked_at = [], []
    for index, match in enumerate(matches):
        booked = 0 if index % NOTHING_BOOKED_EVERY == NOTHING_BOOKED_EVERY - 1 else 2
        if booked:
            first_booked_at.append(len(rows) + meetings - booked)  # after the past ones
        held = meetings - booked - cancelled
        rows += _history(match, index, held=held, cancelled=cancelled, booked=booked, now=now)
    created = build.meetings_create(rows)
    filled.first_booked = [created[position].pk for position in first_booked_at]

    events, registrations = build.events_create(
        (
            (programme, _gatherings(mentors_of[p], boards_of[p]))
            for p, programme in enumerate(programme_rows)
        ),
        now=now,
    )
    filled.soon_events = [event.pk for event in events if event.title == "Learning set"]

    filled.counts = {
        "programmes": len(programme_rows),
        "people": len(people.everyone),
        "pairs": len(matches),
        "meetings": len(created),
        "events": len(events),
        "registrations": len(registrations),
    }
    return filled


def _gatherings(mentors: list, members: list) -> list:
    """A programme's two briefings (attended), a joint evaluation ahead, and a small session
    in five days (what `make_due` moves to tomorrow)."""
    from bench.builders import briefings, session

    both = mentors + members
    return [
        *briefings(mentors, members),
        session("Evaluation", 30, both),
        session("Learning set", 5, both[:SOON_EVENT_PLACES]),
    ]


def _history(match, index: int, *, held: int, cancelled: int, booked: int, now: datetime):
    """A pair's meetings: `held` held (the most recent first), `cancelled` (0 or 1) called
    off, then `booked` ahead. Each was proposed, confirmed and written BOOKED_AT before it
    starts, or, for those ahead, BOOKED_AT ago."""
    from bench.builders import meeting, stagger
    from mentoring.models import MeetingStatus

    offset = stagger(index)
    # Recent: called off 24 days ago, then a meeting held; else weeks further back.
    recent = index % RECENT_CANCELLATION_EVERY == 0
    called_off = now - (timedelta(days=20) if recent else LAST_HELD + GAP // 2) - offset
    past = [(now - LAST_HELD - GAP * j - offset, MeetingStatus.HELD) for j in range(held)]
    past += [(called_off, MeetingStatus.CANCELLED)] * cancelled
    ahead = [now + FIRST_BOOKED + GAP * k + offset for k in range(booked)]
    return [
        meeting(
            match,
            starts_at=starts,
            status=status,
            proposed_at=at,
            confirmed_at=at,
            created_at=at,
        )
        for starts, status, at in [
            *((starts, status, starts - BOOKED_AT) for starts, status in past),
            *((starts, MeetingStatus.CONFIRMED, now - BOOKED_AT) for starts in ahead),
        ]
    ]


def make_due(filled: Filled, count: int) -> dict[str, int]:
    """Move `count` booked meetings (spread over the pairs) into the reminder window at
    `now`, half a week-before and half a day-before one, and one event to tomorrow.
    Returns the reminders each kind should then write."""
    from mentoring.models import Event, Meeting, Registration, RegistrationStatus
    from mentoring.reminders import Run
    from mentoring.reminders.rules import reminder_day

    now = filled.now
    step = max(len(filled.first_booked) // count, 1)
    chosen = filled.first_booked[::step][:count]
    week, day = chosen[: len(chosen) // 2], chosen[len(chosen) // 2 :]
    Meeting.objects.filter(pk__in=week).update(starts_at=now + timedelta(days=3))
    Meeting.objects.filter(pk__in=day).update(starts_at=now + timedelta(hours=12))

    run = Run(now)
    tomorrow = reminder_day(now, run.zone) + timedelta(days=1)
    starts = datetime.combine(tomorrow, clock(10), tzinfo=run.zone)
    event = filled.soon_events[0]
    Event.objects.filter(pk=event).update(
        starts_at=starts, ends_at=starts + timedelta(hours=3, minutes=30)
    )
    # Its places taken last week: one taken since its reminder fell due is not reminded of
    # (its confirmation has just said when).
    Registration.objects.filter(event=event).update(updated_at=now - timedelta(days=7))
    registered = Registration.objects.filter(
        event=event, status=RegistrationStatus.REGISTERED
    ).count()
    # Both members of each pair hear about a booked meeting.
    return {
        "meeting_first_reminder": 2 * len(week),
        "meeting_last_reminder": 2 * len(day),
        "event_tomorrow": registered,
    }


def forget_reminders() -> None:
    """Delete the reminders (and their emails) a run wrote, so the next run writes them
    again."""
    from accounts.models import OutboxMessage
    from mentoring.models import Reminder

    Reminder.objects.all().delete()
    OutboxMessage.objects.all().delete()


def local_now(hour: int = 10) -> datetime:
    """Today at `hour` o'clock in the site's time zone (day reminders go from 08:00)."""
    from django.conf import settings
    from django.utils import timezone

    zone = ZoneInfo(settings.TIME_ZONE)
    return datetime.combine(timezone.localdate(timezone=zone), clock(hour), tzinfo=zone)


# Measuring


@dataclass
class Timing:
    ms: float
    queries: int
    written: dict[str, int]

    @property
    def total(self) -> int:
        return sum(self.written.values())


def timed_dispatch(now: datetime) -> Timing:
    """One dispatcher run: its time, the SQL statements it sent, what it wrote."""
    from django.db import connection

    from mentoring.reminders import reminders_dispatch

    statements = 0

    def count(execute, sql, params, many, context):
        nonlocal statements
        statements += 1
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        started = time.perf_counter()
        written = reminders_dispatch(now)
        ms = (time.perf_counter() - started) * 1000
    return Timing(ms, statements, written)


def repeat(runs: int, work: Callable[[], Timing], between: Callable[[], None]) -> list[Timing]:
    timings = []
    for run in range(runs):
        if run:
            between()
        timings.append(work())
    return timings


def explain(queryset) -> str:
    return queryset.explain(analyze=True, buffers=True)


def seq_scans_on_meetings(plan: str) -> list[str]:
    return [line.strip() for line in plan.splitlines() if "Seq Scan on mentoring_meeting" in line]


def dispatcher_selects(now: datetime) -> list[str]:
    """The SELECTs one dispatcher run sends (as sent, parameters inlined)."""
    from django.db import connection, transaction
    from django.test.utils import CaptureQueriesContext

    from mentoring.reminders import reminders_dispatch

    with transaction.atomic(), CaptureQueriesContext(connection) as captured:
        reminders_dispatch(now)
        transaction.set_rollback(True)
    return [query["sql"] for query in captured if query["sql"].lstrip().startswith("SELECT")]


def seq_scans_in_dispatcher(now: datetime) -> list[str]:
    """Lines of the plans of every dispatcher SELECT that read mentoring_meeting whole."""
    from django.db import connection

    found = []
    with connection.cursor() as cursor:
        for sql in dispatcher_selects(now):
            cursor.execute(f"EXPLAIN {sql}")
            plan = "\n".join(row[0] for row in cursor.fetchall())
            found += [f"{line}  <- {sql[:80]}..." for line in seq_scans_on_meetings(plan)]
    return found


# The command


def _environment() -> list[str]:
    """Settings for the bench, before Django starts. Returns what it assumed."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    chosen = unset_settings()
    os.environ.update(chosen)
    if "DATABASE_URL" not in chosen:
        return []
    return [f"DATABASE_URL unset: using {chosen['DATABASE_URL']}"]


def _celery_not_eager() -> str:
    """Tasks go to a broker, on the bench's own queue, instead of running in process."""
    from django.conf import settings

    from config.celery import app

    app.conf.task_always_eager = False
    if not settings.REDIS_URL:
        app.conf.broker_url = "memory://localhost/"
    app.conf.task_default_queue = BENCH_QUEUE
    app.conf.task_routes = {"accounts.tasks.outbox_send": {"queue": BENCH_QUEUE}}
    return "Redis (REDIS_URL)" if settings.REDIS_URL else "memory://"


def _empty_queue(delete: bool = False) -> int:
    """Empty the bench's queue (and delete it, with its bindings, at the end): nothing it
    held is ever sent. Returns how many messages it held."""
    from config.celery import app

    with app.connection_for_write() as connection:
        queue = app.amqp.queues[BENCH_QUEUE].bind(connection.default_channel)
        queue.declare()
        emptied = queue.purge() or 0
        if delete:
            queue.delete()
    return emptied


def _start_again() -> None:
    """As before the first run: no reminders, and no dead rows in their tables (which
    would slow the next run's INSERT … ON CONFLICT)."""
    from django.db import connection

    forget_reminders()
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE mentoring_reminder, accounts_outboxmessage")


def _line(label: str, timings: list[Timing]) -> str:
    best = min(timings, key=lambda t: t.ms)
    worst = max(timings, key=lambda t: t.ms)
    queries = sorted({t.queries for t in timings})
    written = sorted({t.total for t in timings})
    return (
        f"  {label:<12} best {best.ms:7.1f} ms   worst {worst.ms:7.1f} ms   "
        f"queries {'/'.join(map(str, queries))}   reminders written "
        f"{'/'.join(f'{n:,}' for n in written)}"
    )


def main() -> None:
    notes = _environment()
    import django

    django.setup()
    for note in notes:
        print(note)
    broker = _celery_not_eager()
    with throwaway_database(BENCH_DATABASE, bench="reminders bench") as took:
        print(f"database {BENCH_DATABASE} created and migrated in {took:.1f} s")
        try:
            _measure(broker)
        finally:
            _empty_queue(delete=True)


def _measure(broker: str) -> None:
    """Fill the throwaway database, time the dispatcher, print the plans."""
    from django.db import connection
    from django.db.models import Max

    from mentoring.models import Programme
    from mentoring.reminders import Run
    from mentoring.reminders.kinds import _booked_meetings, _pairs_query

    now = local_now()
    started = time.perf_counter()
    filled = fill(programmes=PROGRAMMES, pairs=PAIRS, meetings=MEETINGS, now=now)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    counts = ", ".join(f"{n:,} {name}" for name, n in filled.counts.items())
    print(f"filled in {time.perf_counter() - started:.1f} s: {counts}")
    print(f"now: {now:%Y-%m-%d %H:%M %Z}; Celery not eager, broker {broker}")
    print(f"dispatcher runs, {RUNS} each (target under {TARGET_MS:,} ms):")

    quiet = repeat(RUNS, lambda: timed_dispatch(now), _start_again)
    print(_line("nothing due", quiet))
    queued_quiet = _empty_queue()

    expected = make_due(filled, DUE)
    due = repeat(RUNS, lambda: timed_dispatch(now), _start_again)
    print(_line(f"{DUE / filled.counts['meetings']:.0%} due", due))
    print(f"    expected {expected}")
    print(f"    written  { {k: n for k, n in due[-1].written.items() if n} }")
    queued = _empty_queue(delete=True)
    print(f"    outbox tasks queued on {BENCH_QUEUE} and discarded: {queued_quiet + queued}")
    met = max(t.ms for t in quiet + due) < TARGET_MS
    print(f"target (every run under {TARGET_MS:,} ms): {'met' if met else 'NOT met'}")

    # The meeting reminders' query, over the window MeetingComingUp.find reads.
    run = Run(now)
    longest = Programme.objects.active().aggregate(days=Max("remind_days_before"))["days"]
    plans = {
        "booked meetings (meeting reminders: _booked_meetings)": _booked_meetings(
            run, after=now, until=now + timedelta(days=longest + 1)
        ),
        "active pairs (pair reminders: _active_pairs)": _pairs_query(run),
    }
    for title, queryset in plans.items():
        plan = explain(queryset)
        scans = seq_scans_on_meetings(plan)
        print(f"\nEXPLAIN ANALYZE, {title}:")
        print("\n".join(f"  {line}" for line in plan.splitlines()))
        print(f"  -> Seq Scan on mentoring_meeting: {'YES' if scans else 'none'}")
    others = seq_scans_in_dispatcher(now)
    print(f"\nSeq Scan on mentoring_meeting in any dispatcher SELECT: {len(others) or 'none'}")
    for line in others:
        print(f"  {line}")


if __name__ == "__main__":
    main()
