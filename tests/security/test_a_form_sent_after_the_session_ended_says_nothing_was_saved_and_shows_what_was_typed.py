"""A form sent after the session ended (12 hours after signing in, for anyone; 30 idle minutes,
for the programme office) saves nothing and signs the person out, as before; but instead of a
bare redirect to the sign-in page, it is answered with a page that says why, that nothing was
saved, and shows back what was typed, to copy, with a link to sign in again and come back."""

import uuid
from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from accounts import bounds
from mentoring.models import CohortMessage
from tests.admin_pages import group_message_sent_after_31_idle_minutes, sign_in_for_real, words
from tests.every_page import inline_code
from tests.factories import MeetingFactory, agree_ground_rules

pytestmark = pytest.mark.django_db

START = timezone.now().replace(microsecond=0)
NOTES = "Private: the night-shift rota <story>, & what Bola promised to raise at the board."
BODY = "Dear mentors, the mid-point evaluation opens on Monday. " * 40


@pytest.fixture
def clock():
    with time_machine.travel(START, tick=False) as traveller:
        yield traveller


def _meeting_log(cast):
    agree_ground_rules(cast.pair)
    meeting = MeetingFactory(match=cast.pair, starts_at=START - timedelta(hours=1))
    return meeting, reverse("meeting_log", args=[meeting.pk])


def _log(note: str) -> dict:
    """The log form as the browser sends it, its token among it."""
    return {
        "csrfmiddlewaretoken": "a-token-nobody-should-see " * 2,
        "held": "yes",
        "actual_minutes": "55",
        "note": note,
        "action-TOTAL_FORMS": "3",
        "action-INITIAL_FORMS": "0",
        "action-MIN_NUM_FORMS": "0",
        "action-MAX_NUM_FORMS": "3",
        "action-0-text": "Ask the rota team how swaps are agreed",
        "action-0-owner": "mentee",
    }


def _signed_out(client, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 302  # to the sign-in page
    assert not response.wsgi_request.user.is_authenticated


def test_notes_sent_12_hours_after_signing_in_are_shown_back_not_saved(client, cast, clock):
    """Maya signed in at nine and presses Save on the meeting log at nine in the evening."""
    meeting, url = _meeting_log(cast)
    sign_in_for_real(client, cast, "mentor")
    page_url = f"http://testserver{url}"

    clock.shift(timedelta(hours=12))
    response = client.post(url, _log(NOTES), HTTP_REFERER=page_url)

    assert response.status_code == 403
    meeting.refresh_from_db()
    assert not meeting.notes.exists()
    page = response.content.decode()
    said = words(page)
    assert "You were signed out: nothing was saved" in said
    assert "because you signed in more than 12 hours ago" in said
    assert "What you had typed, not saved" in said
    assert "the night-shift rota &lt;story&gt;, &amp; what Bola promised" in page  # escaped
    assert NOTES in said
    assert "Ask the rota team how swaps are agreed" in said
    assert "nobody should see" not in page, "the CSRF token is shown back"
    sign_in = f"{reverse('account_login')}?next={page_url.replace(':', '%3A')}"
    assert f'href="{sign_in}"' in page, "no way to sign in again and come back to the log"
    assert client.get(sign_in).status_code == 200
    _signed_out(client, url)


def test_the_page_is_never_stored_and_has_nothing_inline(client, cast, clock):
    _, url = _meeting_log(cast)
    sign_in_for_real(client, cast, "mentor")
    clock.shift(timedelta(hours=12))

    response = client.post(url, _log(NOTES))

    assert "no-store" in response["Cache-Control"]
    assert "unsafe-inline" not in response["Content-Security-Policy"]
    assert inline_code(response.content.decode()) == []


def test_a_coordinators_group_message_sent_after_31_idle_minutes_is_shown_back(client, cast, clock):
    """Carmen spends 31 minutes writing to the mentors in the programme office, then presses
    Preview: the office's page answers as the site's do, without its hidden marks."""
    token = str(uuid.uuid4())

    response = group_message_sent_after_31_idle_minutes(
        client, cast, clock, BODY, token=token, _save="Save and continue editing"
    )

    assert response.status_code == 403
    assert not CohortMessage.objects.exists()
    said = words(response.content.decode())
    assert "after 30 minutes without activity" in said
    assert "Nothing was saved" in said
    assert "Subject Mid-point evaluation" in said
    assert BODY.strip() in said
    for hidden in (token, "preview", "Step", "Programme", "Save and continue editing"):
        assert hidden not in said
    _signed_out(client, reverse("admin:index"))


def test_a_password_sent_after_the_session_ended_is_never_shown_back(client, cast, clock):
    sign_in_for_real(client, cast, "board_member")
    clock.shift(timedelta(hours=12))

    response = client.post(
        reverse("account_change_password"),
        {"oldpassword": "correct horse battery", "password1": "a new staple", "password2": "x y"},
    )

    assert response.status_code == 403
    page = response.content.decode()
    assert "Nothing was saved" in words(page)
    assert "horse" not in page
    assert "staple" not in page


def test_what_is_shown_back_stops_at_the_longest_box(client, cast, clock):
    _, url = _meeting_log(cast)
    sign_in_for_real(client, cast, "mentor")
    clock.shift(timedelta(hours=12))

    response = client.post(url, _log("xyzzy " * bounds.PAGE))

    assert response.content.decode().count("xyzzy") == bounds.PAGE // len("xyzzy ")


def test_signing_out_after_the_session_ended_still_leads_to_the_sign_in_page(client, cast, clock):
    sign_in_for_real(client, cast, "mentor")
    clock.shift(timedelta(hours=12))

    response = client.post(reverse("account_logout"))

    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))
