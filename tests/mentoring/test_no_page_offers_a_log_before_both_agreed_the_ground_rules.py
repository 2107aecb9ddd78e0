"""A meeting is logged once both members have agreed the ground rules (`meeting_log` refuses
it before). Until then no page offers "Log this meeting": the schedule, the dashboard and its
next step say what comes first instead, and offer the log once both have agreed."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from mentoring.selectors.pairs import pairs_for
from tests.admin_pages import words
from tests.cast import browser_of
from tests.factories import MeetingFactory, agree_ground_rules

pytestmark = pytest.mark.django_db


@pytest.fixture
def met(cast):
    """Maya and Bola met yesterday at the time they booked; only Maya agreed the rules."""
    agree_ground_rules(cast.pair, cast.mentor)
    return MeetingFactory(match=cast.pair, starts_at=timezone.now() - timedelta(days=1))


def log_link(meeting) -> str:
    return f'href="{reverse("meeting_log", args=[meeting.pk])}"'


@pytest.mark.parametrize("page", ["meetings", "dashboard"])
def test_before_the_partner_agreed_no_page_offers_the_log(maya, met, page):
    shown = maya.get(reverse(page)).content.decode()

    assert log_link(met) not in shown
    assert "once you have both agreed the" in shown


@pytest.mark.parametrize("page", ["meetings", "dashboard"])
def test_once_both_agreed_the_log_is_offered(cast, maya, met, page):
    agree_ground_rules(cast.pair, cast.board_member)

    assert log_link(met) in maya.get(reverse(page)).content.decode()


def test_the_next_step_is_the_rules_then_the_log(cast, met):
    [pair] = pairs_for(cast.mentor, summary=True, actions=False)
    assert (pair.next_step, pair.both_agreed_any) == ("rules_before_log", False)

    agree_ground_rules(cast.pair, cast.board_member)

    [pair] = pairs_for(cast.mentor, summary=True, actions=False)
    assert (pair.next_step, pair.both_agreed_any) == ("log", True)


def test_the_programme_page_names_no_step_maya_cannot_take_while_bola_has_not_agreed(
    cast, maya, met
):
    cast.pair.purpose = "To see the organisation from where Maya stands."
    cast.pair.save(update_fields=["purpose"])

    shown = words(maya.get(cast.programme.get_absolute_url()).content.decode())

    assert (
        "Next: nothing for you yet. Your meeting with Bola Board can be logged once you have "
        "both agreed the ground rules"
    ) in shown
    assert "Bola has not yet" in shown
    assert "Next: log" not in shown


def test_with_something_else_to_do_meanwhile_the_page_does_not_say_nothing(cast, maya, met):
    """The shared purpose still to write (the cast's pair has none yet)."""
    shown = words(maya.get(cast.programme.get_absolute_url()).content.decode())

    assert "Your meeting with Bola Board can be logged once you have both agreed" in shown
    assert "nothing for you yet" not in shown
    assert "Still to do together with Bola: write your shared purpose" in shown


def test_the_programme_page_asks_for_the_rules_then_the_log_before_either_agreed(cast, maya):
    MeetingFactory(match=cast.pair, starts_at=timezone.now() - timedelta(days=1))

    shown = words(maya.get(cast.programme.get_absolute_url()).content.decode())

    assert "Next: log your meeting with Bola Board once you have both agreed the ground" in shown
    assert "Still to do together with Bola: agree the ground rules" in shown


@pytest.mark.parametrize("page", ["dashboard", "programme"])
def test_with_a_meeting_booked_maya_is_told_ahead_that_bola_has_not_agreed(cast, maya, page):
    """Said before the meeting, so that it is not held and then found not loggable."""
    agree_ground_rules(cast.pair, cast.mentor)
    MeetingFactory(match=cast.pair, starts_at=timezone.now() + timedelta(days=3))
    url = reverse("dashboard") if page == "dashboard" else cast.programme.get_absolute_url()

    shown = words(maya.get(url).content.decode())

    assert "meeting with Bola Board is on" in shown or "Next meeting:" in shown
    assert "You can log your meetings once you have both agreed the ground rules" in shown
    assert "Bola has not yet." in shown


def test_nor_is_it_said_once_both_agreed_or_to_bola_who_has_the_rules_to_agree(cast, maya):
    agree_ground_rules(cast.pair, cast.mentor)
    MeetingFactory(match=cast.pair, starts_at=timezone.now() + timedelta(days=3))
    bola = browser_of(cast.board_member)

    assert "You can log your meetings once" not in words(
        bola.get(reverse("dashboard")).content.decode()
    )
    agree_ground_rules(cast.pair, cast.board_member)
    assert "You can log your meetings once" not in words(
        maya.get(reverse("dashboard")).content.decode()
    )
