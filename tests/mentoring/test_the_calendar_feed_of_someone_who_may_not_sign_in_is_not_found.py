"""The secret calendar address answers only for someone who may sign in: a demo account's
(its password is published) finds nothing under production settings, and says so exactly as
an unknown address does; in the embedded demo (DEBUG on) it works."""

import pytest
from django.urls import reverse

from mentoring.services.pairs import calendar_feed_for
from tests.cast import switch_off
from tests.factories import MeetingFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def mayas_feed(cast):
    """Maya's calendar address, with a meeting of hers in it."""
    MeetingFactory(match=cast.pair)
    return calendar_feed_for(cast.mentor).token


def make_demo(person):
    person.is_demo = True
    person.save(update_fields=["is_demo"])


def fetch(client, token):
    return client.get(reverse("calendar_feed"), {"token": token})


def test_a_demo_accounts_calendar_is_not_found_under_production_settings(
    client, cast, mayas_feed, settings
):
    settings.DEBUG = False
    make_demo(cast.mentor)

    response = fetch(client, mayas_feed)
    unknown = fetch(client, "not-a-real-token")

    assert response.status_code == unknown.status_code == 404
    assert response.content == unknown.content
    assert b"Maya" not in response.content


def test_a_demo_accounts_calendar_answers_in_the_embedded_demo(client, cast, mayas_feed, settings):
    settings.DEBUG = True
    make_demo(cast.mentor)

    response = fetch(client, mayas_feed)

    assert response.status_code == 200
    assert b"BEGIN:VCALENDAR" in response.content


def test_a_switched_off_accounts_calendar_is_not_found(client, cast, mayas_feed):
    switch_off(cast.mentor)

    assert fetch(client, mayas_feed).content == fetch(client, "not-a-real-token").content
    assert fetch(client, mayas_feed).status_code == 404


def test_someone_who_may_sign_in_gets_their_calendar(client, cast, mayas_feed):
    response = fetch(client, mayas_feed)

    assert response.status_code == 200
    assert b"Reverse mentoring with Bola Board" in response.content
