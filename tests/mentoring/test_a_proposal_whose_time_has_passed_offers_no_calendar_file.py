"""A time proposed and never accepted, whose time has come and gone, offers no calendar file
on its page: there is nothing left to add to a calendar as tentative. A proposal still to
come offers it."""

import pytest
from django.urls import reverse

from tests.pages import page_html

pytestmark = pytest.mark.django_db


def test_a_proposal_whose_time_has_passed_offers_no_calendar_file(cast, maya, bola, past_proposal):
    for browser in (maya, bola):
        page = page_html(browser.get(reverse("meeting_detail", args=[past_proposal.pk])))

        assert "its time came before it was accepted" in page
        assert "tentative" not in page
        assert reverse("meeting_calendar", args=[past_proposal.pk]) not in page


def test_a_proposal_still_to_come_offers_its_calendar_file_as_tentative(
    cast, maya, proposed_by_the_board_member
):
    page = page_html(maya.get(reverse("meeting_detail", args=[proposed_by_the_board_member.pk])))

    assert "Add to your calendar as tentative, not accepted yet (.ics)" in page
    assert reverse("meeting_calendar", args=[proposed_by_the_board_member.pk]) in page
