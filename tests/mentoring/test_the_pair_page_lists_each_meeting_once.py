"""The pair page names each meeting to come once: the next booked one where the pair stands,
a time waiting for this person's answer with its buttons, and any others under "Meetings"."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories import MeetingFactory

pytestmark = pytest.mark.django_db


def test_each_meeting_to_come_is_linked_once(client, cast):
    soon = timezone.now() + timedelta(days=7)
    booked = MeetingFactory(match=cast.pair, starts_at=soon)
    later = MeetingFactory(match=cast.pair, starts_at=soon + timedelta(weeks=7))
    proposed = MeetingFactory(
        match=cast.pair,
        status="proposed",
        proposed_by=cast.board_member,
        starts_at=soon + timedelta(weeks=14),
    )
    client.force_login(cast.mentor)

    page = client.get(reverse("match")).content.decode()

    for meeting in (booked, later, proposed):
        assert page.count(f'href="{reverse("meeting_detail", args=[meeting.pk])}"') == 1
    assert "Also to come:" in page
