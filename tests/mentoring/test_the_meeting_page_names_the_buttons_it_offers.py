"""The meeting page names only buttons it offers: a proposal of the partner's without a place
sends the person to "Suggest another time", the button it shows them."""

import pytest
from django.urls import reverse

from tests.factories import MeetingFactory

pytestmark = pytest.mark.django_db


def _text(response) -> str:
    return " ".join(response.content.decode().split())


def test_a_placeless_proposal_from_the_partner_names_the_button_the_page_offers(client, cast):
    proposal = MeetingFactory(
        match=cast.pair, status="proposed", proposed_by=cast.mentor, location="", online_url=""
    )
    client.force_login(cast.board_member)

    page = _text(client.get(reverse("meeting_detail", args=[proposal.pk])))

    # Bola is offered "Suggest another time" (the proposal is Maya's), not "Change the time".
    assert ">Suggest another time</a>" in page
    assert ">Change the time</a>" not in page
    assert 'Agree it with Maya, or add it with "Suggest another time".' in page
