"""The "Did your meeting take place?" reminder leads where the pair can act. Until both have
agreed the ground rules no meeting is logged, and no page offers the log: the email still
said "Log the meeting" and linked to a page that sent them back to /match/ with an error.
It now says the rules come first and links to the pair page; once both have agreed, to the
log."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from tests.factories import MeetingFactory, agree_ground_rules

pytestmark = pytest.mark.django_db


def followed(client, person, message, path: str) -> int:
    """The status of `path`, linked from `message`, as `person` opens it."""
    link = f"{settings.SITE_URL}{path}"
    assert link in message.body
    assert f'href="{link}"' in message.alternatives[0][0]
    client.force_login(person)
    return client.get(path).status_code


def test_before_both_agreed_it_leads_to_the_ground_rules(cast, client, dispatch, mailoutbox):
    agree_ground_rules(cast.pair, cast.mentor)  # Maya has, Bola not yet
    meeting = MeetingFactory(match=cast.pair, starts_at=timezone.now() - timedelta(days=3))

    assert dispatch()["meeting_not_logged"] == 2

    for message in mailoutbox:
        person = cast.mentor if message.to == [cast.mentor.email] else cast.board_member
        assert "both of you agree the programme's ground rules" in message.body
        assert reverse("meeting_log", args=[meeting.pk]) not in message.body
        assert followed(client, person, message, reverse("match")) == 200


def test_once_both_agreed_it_leads_to_the_log(cast, client, dispatch, mailoutbox):
    agree_ground_rules(cast.pair)
    meeting = MeetingFactory(match=cast.pair, starts_at=timezone.now() - timedelta(days=3))

    dispatch()

    [message] = [m for m in mailoutbox if m.to == [cast.mentor.email]]
    assert "ground rules" not in message.body
    assert followed(client, cast.mentor, message, reverse("meeting_log", args=[meeting.pk])) == 200
