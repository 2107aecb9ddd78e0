"""Where a paired person stands, on the dashboard and the programme page: each pair's next
step (a mentor may mentor two), a board member's as a mentor's (asked to end, a meeting
booked), the first meeting called the first, a programme that closed with the pair still
meeting said once, and a pair ended saying what its email says of what comes next."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from mentoring.models import GroundRulesAgreement, Match, PairRequest, ProgrammeStatus
from mentoring.services.matches import match_end
from tests.admin_pages import words
from tests.factories import (
    MeetingFactory,
    agree_ground_rules,
)

pytestmark = pytest.mark.django_db
DASHBOARD = reverse("dashboard")
STILL_MEETING = "2026/27 pilot has ended: your pair can still meet"


def page(client, person, url) -> str:
    client.force_login(person)
    return words(client.get(url).content.decode())


def closed(programme):
    programme.status = ProgrammeStatus.CLOSED
    programme.recruitment_open = False
    programme.save(update_fields=["status", "recruitment_open"])


@pytest.mark.parametrize("who", ["mentor", "board_member"])
def test_a_pair_still_meeting_in_a_closed_programme_is_told_once_on_the_dashboard(
    client, cast, who
):
    """Closing ends no pair: each of the two reads on their dashboard, once, that the
    programme has ended and the pair may still meet; the board member is not told they
    "were" a board member beside a pair still going."""
    closed(cast.programme)

    shown = page(client, getattr(cast, who), DASHBOARD)

    assert shown.count(STILL_MEETING) == 1
    assert "you were a board member" not in shown


def test_the_programme_page_gives_the_next_step_with_each_board_member_of_a_mentor_with_two(
    client, cast, second_pair
):
    MeetingFactory(match=cast.pair)

    shown = page(client, cast.mentor, cast.programme.get_absolute_url())

    assert "Next: your next meeting with Bola Board is on" in shown
    assert "Next: propose your first meeting with Nia Newboard." in shown
    # The booking said as a sentence: no state badge run on at its end.
    booked = shown.split("Next: your next meeting with Bola Board is on", 1)[1].split(".")[0]
    assert "Booked" not in booked


def test_a_mentor_of_two_in_a_closed_programme_reads_it_once_and_a_board_member_still_takes_part(
    client, cast, second_pair
):
    closed(cast.programme)

    assert page(client, cast.mentor, DASHBOARD).count(STILL_MEETING) == 1
    shown = page(client, cast.board_member, cast.programme.get_absolute_url())
    assert "You take part as a board member" in shown
    assert "You were a board member" not in shown


def test_the_programme_page_asks_what_the_pair_still_has_to_set_up(client, cast):
    """As the dashboard's pair card does: the ground rules and the shared purpose."""
    GroundRulesAgreement.objects.filter(match=cast.pair).delete()
    Match.objects.filter(pk=cast.pair.pk).update(purpose="")

    shown = page(client, cast.mentor, cast.programme.get_absolute_url())

    assert (
        "Still to do together with Bola: agree the ground rules (you both do, before your "
        "first meeting is logged); write your shared purpose"
    ) in shown


def test_an_overdue_first_meeting_is_called_the_first(client, cast):
    cast.pair.activated_at = timezone.now() - timedelta(days=200)
    cast.pair.save(update_fields=["activated_at"])
    agree_ground_rules(cast.pair)

    shown = page(client, cast.mentor, DASHBOARD)

    assert "Your first meeting was due by" in shown
    assert "propose your first meeting" in shown


def test_a_board_member_who_asked_to_end_reads_so_on_the_programme_page(client, cast):
    PairRequest.objects.create(match=cast.pair, kind="end", raised_by=cast.board_member, note="")

    shown = page(client, cast.board_member, cast.programme.get_absolute_url())

    assert "You are paired with Maya Mentor, your reverse mentor." in shown
    assert "You asked the programme office to end the pairing" in shown


def test_a_board_members_programme_page_gives_the_pairs_next_meeting(client, cast):
    MeetingFactory(match=cast.pair)

    shown = page(client, cast.board_member, cast.programme.get_absolute_url())

    assert "Next: your next meeting with Maya Mentor is on" in shown


@pytest.mark.parametrize("who", ["mentor", "board_member"])
def test_a_pair_the_office_ended_says_what_its_email_says_comes_next(
    client, cast, who, mailoutbox, django_capture_on_commit_callbacks
):
    """The email asks them to write to the office to talk about what happens next; the
    pages say the same, not that the office will be in touch."""
    with django_capture_on_commit_callbacks(execute=True):
        match_end(match=cast.pair, reason="completed", tell_both=True)
    email = next(m for m in mailoutbox if getattr(cast, who).email in m.to)
    assert "If you would like to talk about what happens next, write to the programme" in (
        " ".join(email.body.split())
    )

    for url in (DASHBOARD, reverse("match")):
        shown = page(client, getattr(cast, who), url)
        assert "To talk about what happens next, write to the programme office" in shown
        assert "will be in touch" not in shown
