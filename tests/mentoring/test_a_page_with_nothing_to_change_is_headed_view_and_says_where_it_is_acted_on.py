"""A place at an event and a pair member's request to the office are acted on elsewhere (the
list's actions; the buttons at the top of the request's page): their pages offer no Save, so
they are headed "View …", not "Change …", and say where the row is acted on."""

import re

import pytest

from mentoring.services.pairs import pair_request_raise
from tests.admin_pages import change_url, words
from tests.factories import EventFactory, RegistrationFactory

pytestmark = pytest.mark.django_db


def title_and_heading(page: str) -> tuple[str, str]:
    title = re.search(r"<title>(.*?)</title>", page, re.S).group(1)
    heading = re.search(r"<h1[^>]*>(.*?)</h1>", page, re.S).group(1)
    return words(title), words(heading)


def test_a_places_page_is_headed_view_and_says_attendance_is_marked_from_the_list(office, cast):
    place = RegistrationFactory(event=EventFactory(programme=cast.programme), person=cast.mentor)

    page = office.get(change_url(place)).content.decode()

    title, heading = title_and_heading(page)
    assert heading == "View registration"
    assert title.startswith(f"{place} | View registration |"), title
    assert "Change" not in title
    assert "Attendance is marked from the list's actions." in words(page)


def test_a_requests_page_is_headed_view_and_keeps_its_decision_buttons(office, cast):
    request = pair_request_raise(match=cast.pair, person=cast.board_member, kind="end", note="")

    page = office.get(change_url(request)).content.decode()

    title, heading = title_and_heading(page)
    assert heading == "View request from a pair member"
    assert "Change" not in title
    shown = words(page)
    assert (
        "A request waiting for a decision is decided with the buttons at the top of this page."
        in shown
    )
    assert "End the pairing…" in shown
    assert "Decide the pairing continues (nobody is emailed)…" in shown
