"""A NUL character typed or pasted into a box is refused beside it once, in plain words, and
nothing else is said of that box: Django's "Null characters are not allowed." came with
whatever else its other checks found in the same text (a limit, "Enter a valid email
address."), two messages for one box, beside it and in the error summary
(`accounts.bounds.RefusesNulAlone`, given to every form's text fields)."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.bounds import NUL_REFUSED, NUL_REFUSED_TYPE_AGAIN
from tests.admin_pages import sign_in_for_real, words
from tests.applying import application_answers
from tests.cast import SIGN_UP
from tests.factories import MeetingFactory, agree_ground_rules
from tests.security.forms_under_fuzz import form_fields
from tests.survey_answers import answers, field, survey_of_each_kind
from tests.survey_answers import url as survey_url

pytestmark = pytest.mark.django_db

survey = survey_of_each_kind()

# Pasted text with a NUL in it, longer than any box takes: two things wrong with it.
PASTED = "Ada\x00Lovelace " * 600


def said_beside(page: str, box: str) -> list[str]:
    """The messages drawn beside the box named `box`."""
    found = re.search(rf'<div id="id_{re.escape(box)}_error"[^>]*>(.*?)</div>', page, re.S)
    assert found, f"nothing is said beside {box}"
    return [words(each) for each in re.findall(r"<strong>(.*?)</strong>", found.group(1), re.S)]


def summary_lines_for(page: str, box: str) -> list[str]:
    """The error summary's lines that lead to the box named `box`."""
    summary = page.split("data-error-summary", 1)[1].split("</ul>", 1)[0]
    return [
        words(text)
        for text in re.findall(rf'<a [^>]*href="#id_{re.escape(box)}">(.*?)</a>', summary, re.S)
    ]


def assert_said_once(page: str, box: str) -> None:
    assert said_beside(page, box) == [NUL_REFUSED]
    assert summary_lines_for(page, box) == [NUL_REFUSED]
    assert "Null characters" not in page


def posted(client, url: str, **typed) -> str:
    """The page's form as the browser sends it, with `typed` over it; the page answered."""
    data = form_fields(client.get(url).content.decode()) | {
        name: [value] for name, value in typed.items()
    }
    response = client.post(url, data)
    assert response.status_code == 200
    return response.content.decode()


def test_an_application_says_it_once(client, cast):
    client.force_login(cast.outsider)
    response = client.post(
        reverse("apply"), application_answers(cast.programme, bio=PASTED, submit="1")
    )
    assert_said_once(response.content.decode(), "bio")


def test_a_board_members_profile_says_it_once(client, cast):
    client.force_login(cast.board_member)
    assert_said_once(posted(client, reverse("profile"), bio=PASTED), "bio")


def test_a_meetings_notes_say_it_once(client, cast):
    agree_ground_rules(cast.pair)
    held = MeetingFactory(match=cast.pair, starts_at=timezone.now() - timedelta(hours=2))
    client.force_login(cast.mentor)
    url = reverse("meeting_log", args=[held.pk])
    assert_said_once(posted(client, url, held="yes", actual_minutes="60", note=PASTED), "note")


def test_a_reason_for_cancelling_says_it_once(client, cast):
    meeting = MeetingFactory(match=cast.pair, starts_at=timezone.now() + timedelta(days=9))
    client.force_login(cast.board_member)
    url = reverse("meeting_cancel", args=[meeting.pk])
    assert_said_once(posted(client, url, reason=PASTED), "reason")


def test_the_box_comes_back_without_it_and_sent_again_saves_the_text_clean(client, cast):
    """A browser shows a NUL drawn back as "\ufffd": sent again unchanged, that was saved.
    The box comes back without it, as the message says."""
    meeting = MeetingFactory(match=cast.pair, starts_at=timezone.now() + timedelta(days=9))
    client.force_login(cast.board_member)
    url = reverse("meeting_cancel", args=[meeting.pk])

    page = posted(client, url, reason="Away\x00 that week")

    assert re.search(r"<textarea[^>]*>\n?Away that week</textarea>", page)
    assert "\x00" not in page
    again = form_fields(page)
    assert client.post(url, again).status_code == 302
    meeting.refresh_from_db()
    assert (meeting.status, meeting.change_reason) == ("cancelled", "Away that week")


def test_a_written_survey_answer_says_it_once(client, cast, survey):
    client.force_login(cast.mentor)
    response = client.post(survey_url(survey), answers(survey, text=PASTED))
    assert_said_once(response.content.decode(), field(survey.asks["text"]))


def test_an_address_on_the_sign_up_page_says_it_once(client, db):
    """Not "Enter a valid email address." as well: the address is wrong for the NUL alone."""
    response = client.post(reverse("account_signup"), SIGN_UP | {"email": "nell\x00@example.org"})
    assert_said_once(response.content.decode(), "email")


def test_a_password_set_in_the_office_says_it_once(client, cast):
    """Django's admin makes the form setting someone's password itself, not through the
    admin's own forms: it is given the same words."""
    sign_in_for_real(client, cast, "superuser")
    url = reverse("admin:auth_user_password_change", args=[cast.outsider.pk])
    typed = "Lovelace\x00Babbage-1843"

    response = client.post(url, {"password1": typed, "password2": typed})

    assert response.status_code == 200
    page = response.content.decode()
    assert "Null characters" not in page
    assert words(page).count(NUL_REFUSED_TYPE_AGAIN) == 2  # once beside each of the two boxes
