"""A pair reminder about booking (the next-meeting nudge, the office's "overdue" alert)
written, then held by the mail server, is called off when the pair has met since it was
written: their rhythm starts anew from that meeting, as the first-meeting nudge's does."""

from datetime import datetime, time, timedelta

import pytest

from mentoring.models import Match, Reminder
from tests.factories import HeldMeetingFactory, MeetingFactory
from tests.winter import LONDON, MONDAY

pytestmark = pytest.mark.django_db

MORNING = datetime.combine(MONDAY.date(), time(9), tzinfo=LONDON)


def met_long_ago(cast, clock, *, weeks):
    clock.move_to(MORNING - timedelta(hours=1), tick=False)
    Match.objects.filter(pk=cast.pair.pk).update(activated_at=MORNING - timedelta(days=120))
    HeldMeetingFactory(match=cast.pair, starts_at=MORNING - timedelta(weeks=weeks, days=3))


def written_then_met_while_the_mail_server_was_away(cast, clock, dispatch, deliver, kind):
    clock.move_to(MORNING, tick=False)
    assert dispatch(send=False)[kind] >= 1
    clock.move_to(MORNING + timedelta(minutes=10), tick=False)
    MeetingFactory(match=cast.pair, starts_at=MORNING + timedelta(hours=1))
    clock.move_to(MORNING + timedelta(hours=3), tick=False)
    deliver()


def reasons(cast, kind):
    return set(
        Reminder.objects.filter(kind=kind, object_id=cast.pair.pk).values_list(
            "message__cancelled_reason", flat=True
        )
    )


def test_the_next_meeting_nudge_is_called_off(cast, clock, dispatch, deliver, mailoutbox):
    met_long_ago(cast, clock, weeks=6)

    written_then_met_while_the_mail_server_was_away(cast, clock, dispatch, deliver, "window_open")

    assert [m.subject for m in mailoutbox if "Time to book" in m.subject] == []
    assert reasons(cast, "window_open") == {"The pair has met since."}


def test_the_offices_overdue_alert_is_called_off(cast, clock, dispatch, deliver, mailoutbox):
    met_long_ago(cast, clock, weeks=8)

    written_then_met_while_the_mail_server_was_away(cast, clock, dispatch, deliver, "window_passed")

    assert [m.subject for m in mailoutbox if "Maya Mentor and Bola Board" in m.subject] == []
    assert reasons(cast, "window_passed") == {"The pair has met since."}


def test_a_nudge_held_while_the_pair_has_not_met_still_goes(
    cast, clock, dispatch, deliver, mailoutbox
):
    """Their last meeting, long before the nudge was written, does not call it off."""
    met_long_ago(cast, clock, weeks=6)
    clock.move_to(MORNING, tick=False)
    dispatch(send=False)
    clock.move_to(MORNING + timedelta(hours=3), tick=False)
    deliver()

    assert [m.subject for m in mailoutbox if m.to == ["maya@example.org"]] == [
        "Time to book your next meeting with Bola Board"
    ]
