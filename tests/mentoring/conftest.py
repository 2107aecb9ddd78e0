"""Who is signed in, for the pages of tests/mentoring: the shared cast's people; the
reminders' dispatcher and the outbox's sweep, run as beat runs them; a service run as a
request runs it; and the scenes more than one module of tests/mentoring starts from (a
first meeting proposed, a past proposal, Maya's request to end the pairing)."""

from datetime import datetime, timedelta

import pytest
from django.test import Client
from django.utils import timezone

from accounts.outbox import outbox_sweep
from mentoring.models import Match
from mentoring.services.pairs import pair_request_raise
from tests.factories import HeldMeetingFactory, MeetingFactory, agree_ground_rules
from tests.winter import JUNE, LONDON, MONDAY, WINTER_MORNING


@pytest.fixture
def june(time_machine):
    """The clock at JUNE (tests/winter.py), running: pages that refuse a time already past
    see the minutes go by."""
    time_machine.move_to(JUNE, tick=True)
    return JUNE


@pytest.fixture
def first_meeting_proposed(cast):
    """Maya and Bola, paired 8 days ago: Maya has proposed a first meeting, 12 days on, that
    Bola has not answered."""
    cast.pair.activated_at = timezone.now() - timedelta(days=8)
    cast.pair.save(update_fields=["activated_at"])
    return MeetingFactory(
        match=cast.pair,
        status="proposed",
        proposed_by=cast.mentor,
        starts_at=timezone.now() + timedelta(days=12),
    )


@pytest.fixture
def maya(client, cast):
    """Maya, the cast's mentor (paired with Bola), signed in."""
    client.force_login(cast.mentor)
    return client


@pytest.fixture
def bola(cast):
    """Bola, the cast's board member (Maya's partner), signed in on a browser of her own."""
    browser = Client()
    browser.force_login(cast.board_member)
    return browser


@pytest.fixture
def office(client, cast):
    """The cast's coordinator, signed in (tests of the authenticator step sign in for real)."""
    client.force_login(cast.coordinator)
    return client


@pytest.fixture
def deliver(django_capture_on_commit_callbacks):
    """The outbox's sweep, as beat runs it every minute: what waits and is due is handed to
    the worker (eager in tests) and sent."""

    def run():
        with django_capture_on_commit_callbacks(execute=True):
            outbox_sweep()

    return run


@pytest.fixture
def send(django_capture_on_commit_callbacks):
    """Run a service as a request would: its emails go once its transaction commits."""

    def run(service, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return service(**kwargs)

    return run


@pytest.fixture
def clock(time_machine):
    """Time stopped on a Monday in winter (tests.winter.MONDAY), before the cast is made;
    the test moves it on."""
    time_machine.move_to(MONDAY, tick=False)
    return time_machine


@pytest.fixture
def december(time_machine):
    """1 December 2026, mid-morning, before the cast is made (a module that wants it asks for
    it before the cast: `pytest.mark.usefixtures`)."""
    time_machine.move_to(datetime(2026, 12, 1, 10, 0, tzinfo=LONDON), tick=False)


@pytest.fixture
def met_six_weeks_ago(cast, clock):
    """Maya and Bola last met six weeks ago and have nothing booked: "time to book" is due
    this morning (WINTER_MORNING). The other pair was paired this morning: nothing is due."""
    clock.move_to(WINTER_MORNING, tick=False)
    Match.objects.filter(pk=cast.pair.pk).update(activated_at=WINTER_MORNING - timedelta(days=120))
    Match.objects.filter(pk=cast.other_pair.pk).update(activated_at=WINTER_MORNING)
    HeldMeetingFactory(match=cast.pair, starts_at=WINTER_MORNING - timedelta(weeks=6, days=3))


@pytest.fixture
def met_three_weeks_ago(cast):
    """Maya and Bola last met three weeks ago (on `december`'s clock, 10 November 2026): at six
    to eight weeks, a plan's first date is seven weeks after that, four weeks from today."""
    HeldMeetingFactory(match=cast.pair, starts_at=timezone.now() - timedelta(weeks=3))


@pytest.fixture
def past_proposal(cast):
    """A meeting Bola proposed for two hours ago, never accepted in the app (the pair agreed
    the ground rules, so it may be logged)."""
    agree_ground_rules(cast.pair)
    return MeetingFactory(
        match=cast.pair,
        status="proposed",
        proposed_by=cast.board_member,
        starts_at=timezone.now() - timedelta(hours=2),
    )


@pytest.fixture
def asked_to_end(cast):
    """Maya asked the programme office to end the pairing; the office has not decided."""
    return pair_request_raise(match=cast.pair, person=cast.mentor, kind="end", note="")
