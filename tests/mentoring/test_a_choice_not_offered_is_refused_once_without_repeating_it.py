"""A choice sent that the page did not offer (a page left open while the options changed, or
a forged value) is refused once, in the site's words, without repeating what was sent: an
action step's "Who does it" got two messages for its one box (Django's "Select a valid
choice…" and the form's own), and a note to the office sent with 100 KB for its kind came
back with the 100 KB twice, in the summary and beside the radios (`bounds.NOT_OFFERED`)."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.bounds import NOT_OFFERED
from tests.admin_pages import words
from tests.factories import MeetingFactory, agree_ground_rules
from tests.security.forms_under_fuzz import form_fields

pytestmark = pytest.mark.django_db


def summary(page: str) -> str:
    return words(page.split("data-error-summary", 1)[1].split("</ul>", 1)[0])


def test_a_who_does_it_not_offered_is_asked_for_once(client, cast):
    agree_ground_rules(cast.pair)
    held = MeetingFactory(match=cast.pair, starts_at=timezone.now() - timedelta(hours=2))
    client.force_login(cast.mentor)
    url = reverse("meeting_log", args=[held.pk])
    data = form_fields(client.get(url).content.decode())
    data |= {
        "held": ["yes"],
        "actual_minutes": ["60"],
        "action-0-text": ["Read the staff survey"],
        "action-0-owner": ["someone_else"],
    }

    page = client.post(url, data).content.decode()

    said = summary(page)
    assert said.count("Say who will do this: Maya (you) or Bola.") == 1
    assert "Select a valid choice" not in page
    assert "someone_else" not in said


def test_a_kind_not_offered_is_refused_without_repeating_it(client, cast):
    client.force_login(cast.mentor)
    url = reverse("pair_request", args=[cast.pair.pk])

    response = client.post(url, {"kind": "x" * 100_000, "note": "A concern."})

    page = response.content.decode()
    assert response.status_code == 200
    assert "x" * 100 not in page
    assert summary(page).count(NOT_OFFERED) == 1
