"""Where a pair stands with its meetings, each page says what comes next: a meeting whose time
has come is to log (the schedule lists it with its log link), a partner's proposal is to
answer, the person's own proposal waits for the partner, and once nothing else is asked, the
next meeting is to propose. A proposal whose time came unanswered is no longer "waiting"."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from mentoring.links import apply_url
from mentoring.models import PairRequestKind
from mentoring.services.pairs import pair_request_raise
from tests.admin_pages import words
from tests.factories import HeldMeetingFactory, MeetingFactory, agree_ground_rules

pytestmark = pytest.mark.django_db


def said(client, person, url: str) -> str:
    client.force_login(person)
    response = client.get(url)
    assert response.status_code == 200
    return words(response.content.decode())


def programme_page(cast) -> str:
    return reverse("programme_detail", args=[cast.programme.slug])


def proposal(pair, by, *, starts_in: timedelta):
    """A meeting `by` proposed, not answered yet, starting `starts_in` from now."""
    return MeetingFactory(
        match=pair,
        status="proposed",
        proposed_by=by,
        confirmed_at=None,
        starts_at=timezone.now() + starts_in,
    )


@pytest.fixture
def settled(cast):
    """A pair that agreed the rules and wrote its purpose: nothing asked of them but
    meetings."""
    agree_ground_rules(cast.pair)
    cast.pair.purpose = "Bola wants to hear how promotions feel from below."
    cast.pair.save(update_fields=["purpose"])
    return cast


def test_a_meeting_whose_time_came_is_to_log_on_the_schedule_and_in_the_next_step(client, settled):
    met = MeetingFactory(match=settled.pair, starts_at=timezone.now() - timedelta(days=2))
    day = f"{timezone.localtime(met.starts_at):%-d %B %Y}"

    client.force_login(settled.mentor)
    html = client.get(reverse("meetings")).content.decode()
    assert "To log" in words(html)
    assert f'href="{reverse("meeting_log", args=[met.pk])}"' in html

    programme = said(client, settled.mentor, programme_page(settled))
    assert f"Next: log your meeting with Bola Board of {day}" in programme
    assert "propose your first meeting" not in programme


def test_a_partners_proposal_is_to_answer(client, settled):
    proposal(settled.pair, settled.board_member, starts_in=timedelta(days=9))

    programme = said(client, settled.mentor, programme_page(settled))
    assert "Next: answer Bola Board's proposal to meet on" in programme
    schedule = said(client, settled.mentor, reverse("meetings"))
    assert "Waiting for an answer from you" in schedule


def test_several_proposals_are_named_one_after_another(client, settled):
    days = [
        proposal(settled.pair, settled.board_member, starts_in=timedelta(days=n)).starts_at
        for n in (9, 16, 23)
    ]
    first, second, third = (f"{timezone.localtime(day):%A %-d %B %Y, %H:%M}" for day in days)

    programme = said(client, settled.mentor, programme_page(settled))

    assert f"answer Bola Board's proposals to meet on {first} , {second} and {third} ." in (
        programme
    )


def test_the_persons_own_proposal_waits_for_the_partner_on_every_page(client, settled):
    proposed = proposal(settled.pair, settled.mentor, starts_in=timedelta(days=9))
    when = f"{timezone.localtime(proposed.starts_at):%A %-d %B %Y, %H:%M}"

    dashboard = said(client, settled.mentor, reverse("dashboard"))
    assert f"You proposed to meet on {when}" in dashboard  # the day, a link to the meeting
    assert "waiting for Bola to answer." in dashboard
    assert "propose your first meeting" not in dashboard
    programme = said(client, settled.mentor, programme_page(settled))
    assert f"Next: nothing for now. You proposed to meet on {when}" in programme
    assert "Bola Board is asked to accept it or suggest another time." in programme
    assert "propose your first meeting" not in programme
    schedule = said(client, settled.mentor, reverse("meetings"))
    assert "Waiting for an answer from Bola" in schedule
    # The partner is asked to answer it, not told to wait.
    assert "You proposed" not in said(client, settled.board_member, reverse("dashboard"))


def test_once_nothing_else_is_asked_the_dashboard_says_to_propose_the_next_meeting(client, settled):
    HeldMeetingFactory(match=settled.pair, starts_at=timezone.now() - timedelta(days=20))

    dashboard = said(client, settled.board_member, reverse("dashboard"))

    assert "Next: propose your next meeting with Maya." in dashboard


def test_a_proposal_whose_time_came_unanswered_is_no_longer_waiting(client, settled):
    missed = proposal(settled.pair, settled.mentor, starts_in=-timedelta(hours=3))
    url = reverse("meeting_detail", args=[missed.pk])

    for person, proposer in ((settled.mentor, "you"), (settled.board_member, "Maya Mentor")):
        page = said(client, person, url)
        assert "waiting for" not in page
        assert f"Proposed by {proposer}" in page
        assert "its time came before it was accepted. If you met, log it; if not," in page
        assert "Accept this time" not in page


def test_a_partners_proposal_behind_a_meeting_to_log_is_still_said_to_answer(client, settled):
    met = MeetingFactory(match=settled.pair, starts_at=timezone.now() - timedelta(days=2))
    waiting = proposal(settled.pair, settled.board_member, starts_in=timedelta(days=9))
    met_on = f"{timezone.localtime(met.starts_at):%-d %B %Y}"
    when = f"{timezone.localtime(waiting.starts_at):%A %-d %B %Y, %H:%M}"

    for url in (programme_page(settled), apply_url(settled.programme)):
        page = said(client, settled.mentor, url)
        assert f"Next: log your meeting with Bola Board of {met_on}" in page
        assert f"Also: answer Bola Board's proposal to meet on {when} ." in page
    # The dashboard's card lists both, in the same order.
    dashboard = said(client, settled.mentor, reverse("dashboard"))
    assert dashboard.index("1 meeting to log") < dashboard.index("waiting for your answer")


def test_a_request_to_end_is_said_behind_a_booked_meeting(client, settled):
    booked = MeetingFactory(match=settled.pair, starts_at=timezone.now() + timedelta(days=5))
    pair_request_raise(
        match=settled.pair, person=settled.board_member, kind=PairRequestKind.END, note=""
    )

    page = said(client, settled.board_member, programme_page(settled))

    assert "Next: your next meeting with Maya Mentor is on" in page
    assert f"{timezone.localtime(booked.starts_at):%A %-d %B %Y, %H:%M}" in page
    assert (
        "You asked the programme office to end the pairing; they will be in touch with you." in page
    )
    # Said once: where nothing else is asked, the next step says it alone.
    booked.delete()
    page = said(client, settled.board_member, programme_page(settled))
    assert page.count("asked the programme office to end the pairing") == 1
