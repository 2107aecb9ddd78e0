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


def _heading_and_title(response) -> tuple[str, str]:
    page = _text(response)
    heading = page.split("<h1>", 1)[1].split("</h1>", 1)[0]
    title = page.split("<title>", 1)[1].split("</title>", 1)[0]
    return heading, title


def test_change_the_time_leads_to_a_page_headed_change_the_time(client, cast):
    booked = MeetingFactory(match=cast.pair)
    client.force_login(cast.mentor)

    detail = _text(client.get(reverse("meeting_detail", args=[booked.pk])))
    heading, title = _heading_and_title(client.get(reverse("meeting_change", args=[booked.pk])))

    assert ">Change the time</a>" in detail
    assert heading == "Change the time"
    assert title.startswith("Change the time")
    assert "Suggest another time" not in title


def test_suggest_another_time_leads_to_a_page_headed_suggest_another_time(
    client, cast, proposed_by_the_board_member
):
    client.force_login(cast.mentor)
    url = reverse("meeting_change", args=[proposed_by_the_board_member.pk])

    detail = _text(client.get(reverse("meeting_detail", args=[proposed_by_the_board_member.pk])))
    heading, title = _heading_and_title(client.get(url))

    assert ">Suggest another time</a>" in detail
    assert heading == "Suggest another time"
    assert title.startswith("Suggest another time")


def test_the_cancel_page_offers_to_change_a_booked_meeting_s_time_by_the_same_name(client, cast):
    booked = MeetingFactory(match=cast.pair)
    client.force_login(cast.mentor)

    page = _text(client.get(reverse("meeting_cancel", args=[booked.pk])))

    assert "if you can, <a" in page
    assert ">change the time</a> instead." in page
    assert "suggest another time" not in page
