"""The schedule (/meetings/) names the next booked meeting once, where the pair stands, and
lists the others below it."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories import MeetingFactory

pytestmark = pytest.mark.django_db


def schedule(client, person) -> str:
    client.force_login(person)
    return " ".join(client.get(reverse("meetings")).content.decode().split())


def test_the_next_meeting_is_named_once_and_the_others_listed(client, cast):
    soon = timezone.now() + timedelta(days=7)
    booked = MeetingFactory(match=cast.pair, starts_at=soon)
    MeetingFactory(
        match=cast.pair, status="proposed", proposed_by=cast.mentor, starts_at=soon + timedelta(50)
    )

    maya, bola = schedule(client, cast.mentor), schedule(client, cast.board_member)

    for page in (maya, bola):
        assert page.count(f'href="{reverse("meeting_detail", args=[booked.pk])}"') == 1
        assert "Also coming up" in page
