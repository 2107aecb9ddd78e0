"""The admin writes times as the participants' pages and the emails do, on the 24-hour clock
in the programme's time zone: "30 Nov 2026, 22:03", never "10:03 p.m."."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from accounts.models import OutboxMessage
from tests.cast import sign_in_as

pytestmark = pytest.mark.django_db


def test_the_outbox_list_shows_when_an_email_was_written_on_the_24_hour_clock(client, cast):
    written = datetime(2026, 11, 30, 22, 3, tzinfo=ZoneInfo("UTC"))  # 22:03 GMT in London
    OutboxMessage.objects.create(kind="x", to="a@example.org", subject="Hello", created_at=written)
    sign_in_as(client, cast, "coordinator")

    page = client.get(reverse("admin:accounts_outboxmessage_changelist")).content.decode()

    assert "30 Nov 2026, 22:03" in page
    assert "p.m." not in page
