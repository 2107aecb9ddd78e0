"""A line manager whose request bounced is not reminded, and the applicant is not told a
reminder reached them (they are told to send the office the right address)."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine

from mentoring.reminders import reminders_dispatch
from tests.factories import bounced, line_manager_emailed

pytestmark = pytest.mark.django_db
LONDON = ZoneInfo("Europe/London")


def line_manager_mails(mailoutbox, address):
    return [mail for mail in mailoutbox if address in mail.to]


def test_after_a_bounce_the_applicant_is_not_told_a_reminder_reached_their_manager(
    cast, mailoutbox, django_capture_on_commit_callbacks
):
    """The request to lee.manger@ (mistyped) bounced; /apply/ tells Olu so and to send the
    office the right address. A week later the reminder goes anyway: to the bounced address
    once more, and to Olu saying "We asked lee.manger@... and have sent them a reminder
    today. You may want to mention it to them": what README says Olu is not told."""
    start = datetime(2027, 3, 1, 10, 0, tzinfo=LONDON)
    with time_machine.travel(start, tick=False):
        request = line_manager_emailed(cast.programme, cast.outsider, silence_days=20)
        bounced(request.message)
    with (
        time_machine.travel(start + timedelta(days=8), tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        reminders_dispatch()

    to_applicant = [m for m in mailoutbox if m.to == [cast.outsider.email]]
    to_bounced = line_manager_mails(mailoutbox, "lee.manger@example.org")
    said = " ".join(m.body for m in to_applicant)
    assert "sent them a reminder today" not in said
    assert to_bounced == [], "reminded again at the address that bounced"
