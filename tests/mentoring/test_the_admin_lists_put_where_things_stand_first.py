"""On a laptop's screen the admin's wide lists are cut off at the right: what the office
opens them for comes first. Programme health: each pair's state and any request or concern
before the counts; the outbox: how each email went before whom it was to."""

import pytest
from django.urls import reverse

from accounts.models import OutboxMessage
from tests.admin_pages import rows
from tests.cast import sign_in_as

pytestmark = pytest.mark.django_db


def columns(client, url) -> list[str]:
    """The list's columns, left to right, by field name."""
    [first, *_] = rows(client.get(url))
    return list(first)


def test_programme_health_shows_state_and_requests_right_after_the_pair(client, cast):
    sign_in_as(client, cast, "coordinator")

    shown = columns(client, reverse("admin:mentoring_pairhealth_changelist"))

    assert shown[:3] == ["pair", "state", "request"]
    assert shown[-1] == "programme"


def test_the_outbox_shows_how_each_email_went_before_whom_it_was_to(client, cast):
    OutboxMessage.objects.create(kind="x", to="a@example.org", subject="Hello")
    sign_in_as(client, cast, "coordinator")

    shown = columns(client, reverse("admin:accounts_outboxmessage_changelist"))

    assert shown.index("state") < shown.index("addressed_to")
    assert shown.index("last_error_shown") < shown.index("subject_shown")
