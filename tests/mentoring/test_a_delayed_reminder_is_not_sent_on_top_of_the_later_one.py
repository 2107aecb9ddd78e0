"""A meeting's week-before reminder held up in the outbox (the mail server away for days, or
failed and sent again by the office) until its day-before reminder is due does not go on
top of it: the members are told "Tomorrow" once, and the outbox says why the first one was
not sent. The dispatcher writes no first reminder once the last one is due
(`meeting_reminder_due`); sending follows the same rule (`later_reminder_due`)."""

from datetime import datetime, timedelta

import pytest

from accounts.models import OutboxMessage, OutboxStatus
from accounts.outbox import outbox_send_again
from tests.factories import MeetingFactory
from tests.winter import LONDON, MONDAY

pytestmark = pytest.mark.django_db

# Next Monday, 10:00: its first reminder is due today (10:00), its last on Sunday (10:00).
STARTS = datetime(2027, 1, 18, 10, 0, tzinfo=LONDON)
SUNDAY = STARTS - timedelta(hours=23, minutes=30)
FIRST = "reminder: meeting_first_reminder"
REPLACED = "A later reminder has taken its place."


@pytest.fixture
def first_reminders_waiting(cast, clock, dispatch):
    """Maya and Bola's meeting next Monday, booked three weeks ago; its week-before reminders
    are written this morning and wait in the outbox (the mail server away)."""
    MeetingFactory(match=cast.pair, starts_at=STARTS, confirmed_at=MONDAY - timedelta(days=21))
    dispatch(send=False)
    waiting = OutboxMessage.objects.filter(kind=FIRST)
    assert sorted(waiting.values_list("to", "status")) == [
        ("bola@example.org", OutboxStatus.PENDING),
        ("maya@example.org", OutboxStatus.PENDING),
    ]
    return waiting


def meeting_emails(mailoutbox, address):
    return [
        mail.subject
        for mail in mailoutbox
        if mail.to == [address] and "your reverse mentoring meeting" in mail.subject
    ]


def test_a_week_before_reminder_still_waiting_on_the_day_before_is_called_off(
    cast, clock, dispatch, deliver, mailoutbox, first_reminders_waiting
):
    # Sunday 10:30: the mail server is back; beat writes the day-before reminders, and the
    # sweep sends what waited.
    clock.move_to(SUNDAY, tick=False)
    dispatch()
    deliver()

    for person in (cast.mentor, cast.board_member):
        subjects = meeting_emails(mailoutbox, person.email)
        assert len(subjects) == 1, subjects
        assert subjects[0].startswith("Tomorrow: your reverse mentoring meeting")
    assert sorted(first_reminders_waiting.values_list("status", "cancelled_reason")) == [
        (OutboxStatus.CANCELLED, REPLACED),
        (OutboxStatus.CANCELLED, REPLACED),
    ]


def test_a_week_before_reminder_sent_again_by_the_office_after_the_day_before_is_called_off(
    cast, clock, dispatch, deliver, mailoutbox, first_reminders_waiting
):
    # The mail server refused them until they failed; on Sunday, after the day-before
    # reminders went, the office presses "send again".
    first_reminders_waiting.update(status=OutboxStatus.FAILED)
    clock.move_to(SUNDAY, tick=False)
    dispatch()
    outbox_send_again(OutboxMessage.objects.filter(kind=FIRST), by=cast.coordinator)
    deliver()

    for person in (cast.mentor, cast.board_member):
        assert len(meeting_emails(mailoutbox, person.email)) == 1
    assert set(first_reminders_waiting.values_list("cancelled_reason", flat=True)) == {REPLACED}


def test_a_week_before_reminder_delayed_a_day_still_goes(
    cast, clock, dispatch, deliver, mailoutbox, first_reminders_waiting
):
    # Tuesday: the mail server is back long before the day-before reminder is due.
    clock.move_to(MONDAY + timedelta(days=1), tick=False)
    deliver()

    for person in (cast.mentor, cast.board_member):
        assert meeting_emails(mailoutbox, person.email) == [
            "In 6 days: your reverse mentoring meeting with "
            f"{cast.pair.partner_of(person).full_name}, 18 January, 10:00 GMT"
        ]
