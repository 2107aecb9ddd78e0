"""A meeting called off (a proposal the partner dropped) cannot be logged, and the page says
who called it off, not that its time has not come; a log being written when it was called
off keeps what was typed."""

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from tests.meetings import log_answers

pytestmark = pytest.mark.django_db


def _text(response) -> str:
    return " ".join(response.content.decode().split())


def _messages(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def test_a_log_link_for_a_proposal_the_partner_dropped_says_it_was_dropped(
    cast, maya, bola, past_proposal
):
    # Maya's schedule still lists it "To log"; Bola drops it ("it did not happen").
    bola.post(
        reverse("meeting_cancel", args=[past_proposal.pk]),
        {"reason": "We never met", "sequence": past_proposal.sequence},
    )

    response = maya.get(reverse("meeting_log", args=[past_proposal.pk]))

    said = " ".join(_messages(response))
    # Its time has come: the message gives a reason that is not true.
    assert "once its time has come" not in said
    assert "Bola" in said


def test_logging_a_proposal_the_partner_drops_meanwhile_keeps_the_notes_typed(
    cast, maya, bola, past_proposal
):
    url = reverse("meeting_log", args=[past_proposal.pk])
    maya.get(url)
    bola.post(
        reverse("meeting_cancel", args=[past_proposal.pk]),
        {"reason": "We never met", "sequence": past_proposal.sequence},
    )

    response = maya.post(
        url,
        log_answers(note="We met in the canteen after all; we talked about rotas."),
        follow=True,
    )

    assert "We met in the canteen after all; we talked about rotas." in _text(response)
