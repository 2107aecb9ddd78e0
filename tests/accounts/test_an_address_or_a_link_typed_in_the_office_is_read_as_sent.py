"""The office's boxes of words drop the control characters nobody types, as they read them
(accounts.bounds.read_as_typed); an address, a link or a slug is not words, and is read as
sent: a control character pasted into one is refused beside the box, by the rules of its
kind (a link's path, which Django's rules let them into, by the site's own), with nothing
saved, instead of being quietly changed into another address or link. A NUL character is
refused there as everywhere, with a message, never a server error."""

from datetime import timedelta

import pytest
from django.utils import timezone

from accounts.bounds import NOT_TYPED_IN_A_LINK, NUL_REFUSED
from mentoring.models import ProgrammeStatus
from tests.admin_pages import change_url, save_change_form, signed_in_for_real, words
from tests.event_admin import as_posted
from tests.factories import EventFactory, ProgrammeFactory

pytestmark = pytest.mark.django_db

office = signed_in_for_real("coordinator")
NOT_AN_ADDRESS = "Enter a valid email address."


@pytest.fixture
def event(cast):
    return EventFactory(
        programme=cast.programme,
        starts_at=timezone.now() + timedelta(days=30),
        online_url="https://meet.example.org/briefing",
    )


def refused(page, message: str) -> bool:
    shown = words(page.content.decode())
    return page.status_code == 200 and "There is a problem" in shown and message in shown


@pytest.mark.parametrize("pasted", ["\x1b", "\x07", "\x7f"])
def test_a_control_character_in_an_events_link_is_refused_and_nothing_saved(office, event, pasted):
    data = as_posted(office, event, online_url=f"https://meet.example.org/brief{pasted}ing")

    page = office.post(change_url(event), data)

    assert refused(page, NOT_TYPED_IN_A_LINK)
    event.refresh_from_db()
    assert event.online_url == "https://meet.example.org/briefing"


def test_a_link_typed_plainly_is_still_saved(office, event):
    data = as_posted(office, event, online_url="https://meet.example.org/closing")

    assert office.post(change_url(event), data).status_code == 302
    event.refresh_from_db()
    assert event.online_url == "https://meet.example.org/closing"


def test_a_control_character_in_an_address_is_refused_and_nothing_saved(office, cast):
    programme = cast.programme
    before = programme.office_email

    page = save_change_form(office, change_url(programme), office_email="office\x1b@example.org")

    assert refused(page, NOT_AN_ADDRESS)
    programme.refresh_from_db()
    assert programme.office_email == before


def test_a_nul_character_in_an_address_gets_a_message_not_a_server_error(office, cast):
    programme = cast.programme
    before = programme.office_email
    office.raise_request_exception = False

    page = save_change_form(office, change_url(programme), office_email="office@example.org\x00")

    assert refused(page, NUL_REFUSED)
    programme.refresh_from_db()
    assert programme.office_email == before


def test_a_control_character_in_a_slug_is_refused_and_nothing_saved(office):
    """A programme still in draft: its slug may change until it is published."""
    programme = ProgrammeFactory(slug="next", status=ProgrammeStatus.DRAFT, recruitment_open=False)

    page = save_change_form(office, change_url(programme), slug="next\x1b")

    assert page.status_code == 200
    assert "There is a problem" in words(page.content.decode())
    programme.refresh_from_db()
    assert programme.slug == "next"


def test_the_events_place_is_still_read_as_typed(office, event):
    data = as_posted(office, event, location="Senate\x1b Room")

    assert office.post(change_url(event), data).status_code == 302
    event.refresh_from_db()
    assert event.location == "Senate Room"
