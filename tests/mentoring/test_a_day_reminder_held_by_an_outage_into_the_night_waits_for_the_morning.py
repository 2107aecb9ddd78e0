"""A reminder about a day goes from 08:00 to 21:00 (`ReminderKind.about_a_day`), and that
holds when it is sent, not only when it is written: "time to book" written at 20:50 while
the mail server is away, and the server back in the night, goes at 08:00, not at 02:00; so
does a survey's closing reminder. One of no use by the morning (an event that starts before
08:00) goes in the night instead, rather than not at all."""

from datetime import datetime, time, timedelta

import pytest

from accounts.models import OutboxMessage, OutboxStatus
from mentoring.models import Audience, Match
from mentoring.models.reminders import reminder_email_kind
from tests.closing_reminders import at, open_until_saturday
from tests.factories import EventFactory, HeldMeetingFactory, RegistrationFactory
from tests.winter import LONDON, MONDAY

pytestmark = pytest.mark.django_db

EVENING = datetime.combine(MONDAY.date(), time(20, 50), tzinfo=LONDON)
NIGHT = datetime.combine(MONDAY.date() + timedelta(days=1), time(2, 0), tzinfo=LONDON)
MORNING = datetime.combine(MONDAY.date() + timedelta(days=1), time(8, 0), tzinfo=LONDON)
TIME_TO_BOOK = [
    ("bola@example.org", "Time to book your next meeting with Maya Mentor"),
    ("maya@example.org", "Time to book your next meeting with Bola Board"),
]


def sent(mailoutbox) -> list[tuple[str, str]]:
    return sorted((mail.to[0], mail.subject) for mail in mailoutbox)


def test_time_to_book_held_by_an_outage_into_the_night_goes_in_the_morning(
    cast, clock, dispatch, deliver, mail_outage, mailoutbox
):
    Match.objects.filter(pk=cast.pair.pk).update(activated_at=EVENING - timedelta(days=120))
    Match.objects.filter(pk=cast.other_pair.pk).update(activated_at=EVENING)  # nothing due
    HeldMeetingFactory(match=cast.pair, starts_at=EVENING - timedelta(weeks=6, days=3))
    clock.move_to(EVENING, tick=False)
    assert dispatch()["window_open"] == 2
    assert len(mail_outage.attempts) == 2  # tried, and kept: the server is away

    mail_outage.ongoing = False
    clock.move_to(NIGHT, tick=False)
    deliver()

    assert sent(mailoutbox) == []
    waiting = OutboxMessage.objects.filter(kind=reminder_email_kind("window_open"))
    assert {(m.status, m.next_attempt_at) for m in waiting} == {(OutboxStatus.PENDING, MORNING)}
    assert {m.held_because for m in waiting} == {
        "Reminders like this go from 08:00 to 21:00: it waits for the morning."
    }

    clock.move_to(MORNING, tick=False)
    deliver()

    assert sent(mailoutbox) == TIME_TO_BOOK


def test_a_survey_reminder_held_by_an_outage_into_the_night_goes_in_the_morning(
    cast, clock, dispatch, deliver, mail_outage, mailoutbox
):
    """The survey reminders (evaluation.reminders) are sent by the same composer: the same
    rule holds for them."""
    open_until_saturday(cast)  # its closing reminder is due on Thursday 10 June
    clock.move_to(at(10, 20, 50), tick=False)
    assert dispatch()["survey_closing"] == 4

    mail_outage.ongoing = False
    clock.move_to(at(11, 2), tick=False)
    deliver()

    assert mailoutbox == []
    closing = OutboxMessage.objects.filter(kind=reminder_email_kind("survey_closing"))
    assert {m.next_attempt_at for m in closing} == {at(11, 8)}

    clock.move_to(at(11, 8), tick=False)
    deliver()

    assert {m.status for m in closing.all()} == {OutboxStatus.SENT}
    assert sorted(m.to[0] for m in mailoutbox if m.subject.startswith("Closes ")) == [
        "bola@example.org",
        "maya@example.org",
        "olive@example.org",
        "omar@example.org",
    ]


@pytest.mark.parametrize(
    ("starts", "goes_at"),
    [
        pytest.param(time(7, 30), NIGHT, id="before-the-morning-goes-in-the-night"),
        pytest.param(time(10, 0), MORNING, id="after-the-morning-waits-for-it"),
    ],
)
def test_an_event_reminder_held_into_the_night_goes_while_it_is_still_of_use(
    cast, clock, dispatch, deliver, mail_outage, mailoutbox, starts, goes_at
):
    event = EventFactory(
        programme=cast.programme,
        audience=Audience.BOARD_MEMBERS,
        title="Early board briefing",
        starts_at=datetime.combine(NIGHT.date(), starts, tzinfo=LONDON),
    )
    RegistrationFactory(
        event=event, person=cast.board_member, placed_at=EVENING - timedelta(days=7)
    )
    clock.move_to(EVENING, tick=False)
    assert dispatch()["event_tomorrow"] == 1
    mail_outage.ongoing = False

    for moment in (NIGHT, MORNING):
        clock.move_to(moment, tick=False)
        deliver()
        reminded = [mail for mail in mailoutbox if "Early board briefing" in mail.subject]
        if moment == goes_at:
            [mail] = reminded
            # Past midnight, on the event's own day: "Today".
            assert (mail.to, mail.subject) == (
                ["bola@example.org"],
                f"Today: Early board briefing, {starts:%H:%M} GMT",
            )
        else:
            assert reminded == []
        mailoutbox.clear()
