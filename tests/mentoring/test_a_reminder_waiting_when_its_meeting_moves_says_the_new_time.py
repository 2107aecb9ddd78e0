"""A meeting's reminder already waiting in the outbox (the worker busy, the broker away)
when the meeting moves is composed as it goes: moved later the same day, it goes once and
says the new time; moved to another day, it is called off and the reminder for the new day
comes when that one is due, once; cancelled, nothing is sent. One that falls due while a
new time awaits the partner's answer waits for it, then says the time agreed. Maya moves
the meeting and Bola accepts the new time, as they would on the site; the outbox delivers
as beat does."""

import re
from datetime import datetime, timedelta

import pytest
from django.contrib import admin

from accounts.admin import OutboxMessageAdmin
from accounts.models import OutboxMessage, OutboxStatus
from mentoring.models import Reminder
from mentoring.models.reminders import reminder_email_kind
from mentoring.services.meetings import When, meeting_accept, meeting_cancel, meeting_reschedule
from tests.factories import MeetingFactory
from tests.winter import LONDON, MONDAY

pytestmark = pytest.mark.django_db

# Half an hour after the week-before reminder of a meeting at 10:00 next Monday fell due.
NOW = MONDAY  # tests.winter: a Monday in winter, 10:30
BOOKED_FOR = datetime(2027, 1, 18, 10, 0, tzinfo=LONDON)
OLD_TIME = "Monday 18 January 2027, 10:00 GMT"
# The reminders of a meeting coming up (the pairs' nudges and the office's alerts are not
# this file's business: the cast's other pair has nothing booked).
COMING_UP = ["meeting_first_reminder", "meeting_last_reminder"]


@pytest.fixture
def meeting(clock, cast):
    """Maya and Bola's meeting next Monday at 10:00, booked three weeks ago."""
    return MeetingFactory(
        match=cast.pair,
        starts_at=BOOKED_FOR,
        confirmed_at=NOW - timedelta(days=21),
        online_url="https://meet.example.org/maya-bola",
    )


def suggested(send, cast, meeting, starts_at):
    """Maya suggests another time: the meeting awaits Bola's answer."""
    return send(
        meeting_reschedule,
        meeting=meeting,
        by=cast.mentor,
        when=When(starts_at, meeting.minutes, online_url=meeting.online_url),
        reason="A clash in the morning",
    )


def moved(send, cast, meeting, starts_at):
    """Maya suggests another time and Bola accepts it: the meeting is booked again."""
    proposal = suggested(send, cast, meeting, starts_at)
    return send(meeting_accept, meeting=proposal, by=cast.board_member)


def reminders_to(mailoutbox, address):
    """The meeting reminders delivered to `address` (their outbox row is in the Message-ID)."""
    reminders = set(meeting_reminders().values_list("pk", flat=True))
    return [
        mail
        for mail in mailoutbox
        if mail.to == [address]
        and int(re.match(r"<outbox-(\d+)@", mail.extra_headers["Message-ID"])[1]) in reminders
    ]


def calendar_file(mail) -> str:
    [(name, content, _mimetype)] = mail.attachments
    assert name == "meeting.ics"
    return content.decode() if isinstance(content, bytes) else content


def meeting_reminders():
    """The outbox's meeting reminders, whatever became of them."""
    return OutboxMessage.objects.filter(kind__in=[reminder_email_kind(k) for k in COMING_UP])


def test_a_reminder_waiting_when_the_meeting_moves_later_that_day_goes_once_with_the_new_time(
    cast, meeting, dispatch, send, deliver, clock, mailoutbox
):
    dispatch(send=False)  # the week-before reminders are written; they wait in the outbox
    assert meeting_reminders().filter(status=OutboxStatus.PENDING).count() == 2

    moved(send, cast, meeting, BOOKED_FOR.replace(hour=15))
    clock.move_to(NOW + timedelta(minutes=5), tick=False)
    deliver()
    # Beat runs on: at the moment the new time's reminder would fall due, and after.
    for later in (NOW.replace(hour=15, minute=5), NOW.replace(hour=18)):
        clock.move_to(later, tick=False)
        dispatch()
        deliver()

    for person, partner in ((cast.mentor, "Bola Board"), (cast.board_member, "Maya Mentor")):
        [reminder] = reminders_to(mailoutbox, person.email)
        assert reminder.subject == (
            f"In 7 days: your reverse mentoring meeting with {partner}, 18 January, 15:00 GMT"
        )
        html = reminder.alternatives[0][0]
        for body in (reminder.body, html):
            assert "Monday 18 January 2027, 15:00 GMT" in body
            assert OLD_TIME not in body
            assert "10:00" not in body
        assert "DTSTART;TZID=Europe/London:20270118T150000" in calendar_file(reminder)
        assert "20270118T100000" not in calendar_file(reminder)
    assert Reminder.objects.filter(kind__in=COMING_UP).count() == 2
    assert not meeting_reminders().filter(status=OutboxStatus.PENDING).exists()


def test_a_reminder_waiting_when_the_meeting_moves_to_a_later_day_gives_way_to_the_new_days(
    cast, meeting, dispatch, send, deliver, clock, mailoutbox
):
    dispatch(send=False)
    thursday = datetime(2027, 1, 21, 10, 0, tzinfo=LONDON)

    moved(send, cast, meeting, thursday)
    clock.move_to(NOW + timedelta(minutes=5), tick=False)
    deliver()

    assert reminders_to(mailoutbox, cast.mentor.email) == []
    assert reminders_to(mailoutbox, cast.board_member.email) == []
    assert {(m.status, m.cancelled_reason) for m in meeting_reminders()} == {
        (OutboxStatus.CANCELLED, "The meeting has moved; its new date has reminders of its own.")
    }

    # Beat runs on: before the new date's reminder is due, when it is, after, and when the
    # old date's day-before reminder would have gone.
    for later in (
        NOW + timedelta(days=1),
        thursday - timedelta(days=7, minutes=5),
        thursday - timedelta(days=7) + timedelta(minutes=5),
        thursday - timedelta(days=7) + timedelta(hours=3),
        BOOKED_FOR - timedelta(hours=23),
    ):
        clock.move_to(later, tick=False)
        dispatch()
        deliver()

    for person, partner in ((cast.mentor, "Bola Board"), (cast.board_member, "Maya Mentor")):
        [reminder] = reminders_to(mailoutbox, person.email)
        assert reminder.subject == (
            f"In 7 days: your reverse mentoring meeting with {partner}, 21 January, 10:00 GMT"
        )
        html = reminder.alternatives[0][0]
        for body in (reminder.body, html):
            assert "Thursday 21 January 2027, 10:00 GMT" in body
            assert "18 January" not in body
        assert "DTSTART;TZID=Europe/London:20270121T100000" in calendar_file(reminder)
    assert sorted(Reminder.objects.filter(kind__in=COMING_UP).values_list("due_on", flat=True)) == [
        NOW.date(),
        NOW.date(),
        thursday.date() - timedelta(days=7),
        thursday.date() - timedelta(days=7),
    ]


def test_a_reminder_waiting_when_the_meeting_is_cancelled_is_not_sent(
    cast, meeting, dispatch, send, deliver, clock, mailoutbox
):
    dispatch(send=False)

    send(meeting_cancel, meeting=meeting, by=cast.board_member, reason="Clash with Senate")
    clock.move_to(NOW + timedelta(minutes=5), tick=False)
    deliver()
    # Nor later, when the day-before reminder would have been due.
    clock.move_to(BOOKED_FOR - timedelta(hours=23), tick=False)
    dispatch()
    deliver()

    # Maya hears that it is off; neither is reminded of it.
    assert reminders_to(mailoutbox, cast.mentor.email) == []
    assert reminders_to(mailoutbox, cast.board_member.email) == []
    assert [mail.subject for mail in mailoutbox if "18 January" in mail.subject] == [
        "Meeting on 18 January is off"
    ]
    assert {(m.status, m.cancelled_reason) for m in meeting_reminders()} == {
        (OutboxStatus.CANCELLED, "The meeting was cancelled.")
    }


def test_a_reminder_due_while_a_new_time_awaits_an_answer_waits_for_it_and_says_the_time_agreed(
    cast, meeting, dispatch, send, deliver, clock, mailoutbox
):
    dispatch(send=False)
    proposal = suggested(send, cast, meeting, BOOKED_FOR.replace(hour=15))
    clock.move_to(NOW + timedelta(minutes=5), tick=False)
    deliver()
    # Neither the old time nor the one suggested is said while Bola has not answered; the
    # reminders wait, none called off.
    assert reminders_to(mailoutbox, cast.mentor.email) == []
    assert reminders_to(mailoutbox, cast.board_member.email) == []
    assert set(meeting_reminders().values_list("status", flat=True)) == {OutboxStatus.PENDING}
    # The office's outbox says why they wait.
    outbox = OutboxMessageAdmin(OutboxMessage, admin.site)
    assert {outbox.state(message) for message in meeting_reminders()} == {
        "Waiting to be sent: A new time for the meeting awaits the partner's answer."
    }

    clock.move_to(NOW.replace(hour=11, minute=30), tick=False)
    send(meeting_accept, meeting=proposal, by=cast.board_member)
    # Beat runs on, every minute as it does, until the day's end.
    for minutes in range(0, 8 * 60, 7):
        clock.move_to(NOW.replace(hour=11, minute=31) + timedelta(minutes=minutes), tick=False)
        dispatch()
        deliver()

    for person in (cast.mentor, cast.board_member):
        [reminder] = reminders_to(mailoutbox, person.email)
        for body in (reminder.body, reminder.alternatives[0][0]):
            assert "Monday 18 January 2027, 15:00 GMT" in body
            assert "10:00" not in body
    assert set(meeting_reminders().values_list("status", flat=True)) == {OutboxStatus.SENT}
    assert set(meeting_reminders().values_list("held_because", flat=True)) == {""}
    # The wait counted no attempt: each went at its first.
    assert set(meeting_reminders().values_list("attempts", flat=True)) == {1}


def test_a_reminder_held_for_an_answer_that_never_comes_is_called_off_when_the_meeting_starts(
    cast, meeting, dispatch, send, deliver, clock, mailoutbox
):
    dispatch(send=False)
    suggested(send, cast, meeting, BOOKED_FOR.replace(hour=15))
    for later in (NOW + timedelta(minutes=5), NOW + timedelta(days=3)):
        clock.move_to(later, tick=False)
        deliver()
        assert set(meeting_reminders().values_list("status", flat=True)) == {OutboxStatus.PENDING}

    clock.move_to(BOOKED_FOR.replace(hour=15, minute=1), tick=False)
    deliver()

    assert reminders_to(mailoutbox, cast.mentor.email) == []
    assert {(m.status, m.cancelled_reason) for m in meeting_reminders()} == {
        (OutboxStatus.CANCELLED, "The meeting has started.")
    }


def test_a_meeting_booked_again_after_its_reminders_moment_is_not_reminded_of_by_that_one(
    cast, dispatch, send, deliver, clock, mailoutbox
):
    """Bola agrees Maya's new time at 16:00, after the moment the week-before reminder of
    either time was due: the two have just agreed it, as a meeting booked six days ahead is
    not reminded of a week before. The day-before reminder comes."""
    booked = MeetingFactory(
        match=cast.pair,
        starts_at=BOOKED_FOR.replace(hour=11),
        confirmed_at=NOW - timedelta(days=21),
    )
    proposal = suggested(send, cast, booked, BOOKED_FOR.replace(hour=15))
    for later in (NOW.replace(hour=11, minute=5), NOW.replace(hour=15, minute=5)):
        clock.move_to(later, tick=False)
        dispatch()
        deliver()
    clock.move_to(NOW.replace(hour=16), tick=False)
    send(meeting_accept, meeting=proposal, by=cast.board_member)
    for later in (NOW.replace(hour=16, minute=5), NOW.replace(hour=18)):
        clock.move_to(later, tick=False)
        dispatch()
        deliver()
    assert reminders_to(mailoutbox, cast.mentor.email) == []

    clock.move_to(BOOKED_FOR.replace(hour=15, minute=5) - timedelta(days=1), tick=False)
    dispatch()
    deliver()

    [reminder] = reminders_to(mailoutbox, cast.mentor.email)
    assert reminder.subject.startswith("Tomorrow: your reverse mentoring meeting with Bola")
    assert "Monday 18 January 2027, 15:00 GMT" in reminder.body
