"""A line manager's reminder waiting when the programme closes is not sent."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from accounts.models import OutboxMessage, OutboxStatus
from tests.factories import line_manager_emailed

pytestmark = pytest.mark.django_db
LONDON = ZoneInfo("Europe/London")
from accounts.outbox import send_one  # noqa: E402
from mentoring.models import ProgrammeStatus  # noqa: E402


def test_a_reminder_waiting_when_the_programme_closes_does_not_ask_the_line_manager(
    cast, mailoutbox, time_machine, dispatch
):
    """Written at 08:05 and held in the outbox (a worker outage), the reminder to Lee goes
    after the office has closed the programme: Lee is asked to answer a question whose link
    now says "This question is closed". README: a closed programme's line managers are not
    asked again."""
    start = datetime(2027, 3, 1, 10, 0, tzinfo=LONDON)
    time_machine.move_to(start, tick=False)
    request = line_manager_emailed(cast.programme, cast.outsider, silence_days=None)
    OutboxMessage.objects.filter(pk=request.message_id).update(
        status=OutboxStatus.SENT, sent_at=start
    )
    time_machine.move_to(start + timedelta(days=8), tick=False)
    assert dispatch(send=False)["line_manager_waiting"] == 2  # Lee and the applicant
    cast.programme.status, cast.programme.recruitment_open = ProgrammeStatus.CLOSED, False
    cast.programme.save(update_fields=["status", "recruitment_open"])
    mailoutbox.clear()

    pending = list(
        OutboxMessage.objects.filter(
            kind="reminder: line_manager_waiting", status=OutboxStatus.PENDING
        )
    )
    assert len(pending) == 2
    for message in pending:
        send_one(message.pk)

    assert [m.to for m in mailoutbox if "lee.manger@example.org" in m.to] == []


from tests.production import (  # noqa: E402
    only_the_hourly_tasks,  # noqa: F401
)
