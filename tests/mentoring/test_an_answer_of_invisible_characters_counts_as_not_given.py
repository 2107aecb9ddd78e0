"""An answer made only of characters that show nothing (a zero-width space and blanks, a
byte-order mark, a Hangul filler) passed as given: `str.strip`, Django's too, removes only
whitespace. Every box now reads such an answer as empty (accounts.bounds.shows_nothing), so
an answer needed is refused in the form's own words, and one that may be left out is saved
empty. Text with anything visible in it is kept exactly as typed, zero-width joiners
included (an emoji sequence needs them)."""

import pytest
from django.urls import reverse

from mentoring.eligibility import MIN_STATEMENT_LENGTH
from mentoring.forms.meetings import LogForm
from mentoring.models import ApplicationStatus, MentorApplication, Theme
from tests.applying import application_answers
from tests.factories import profile_answers
from tests.opened_now import post_opened_now

pytestmark = pytest.mark.django_db

APPLY = f"{reverse('apply')}?programme=pilot"
PROFILE = reverse("profile")

# What a reviewer pasted, and two more that show nothing.
SHOWING_NOTHING = {
    "a zero-width space and blanks": "\u200b  \u200b ",
    "a byte-order mark": "\ufeff",
    "a Hangul filler": "\u3164",
}
NOTHING = pytest.mark.parametrize("typed", SHOWING_NOTHING.values(), ids=SHOWING_NOTHING.keys())
# A woman technologist (woman, zero-width joiner, laptop), and a joiner between two words.
WITH_JOINERS = "\U0001f469\u200d\U0001f4bb likes pairing; \u0915\u094d\u200d\u0937 too."


@pytest.fixture
def applicant(client, cast):
    client.force_login(cast.outsider)
    return cast.outsider


def sent_with(cast, client, **changes) -> str:
    answers = application_answers(cast.programme, submit="1", **changes)
    return client.post(APPLY, answers).content.decode()


@NOTHING
def test_a_reflection_that_shows_nothing_is_asked_for_in_its_own_words(
    client, cast, applicant, typed
):
    page = sent_with(cast, client, qualities_reflection=typed)

    assert "Write a short reflection on the key qualities." in page
    application = MentorApplication.objects.get(applicant=applicant)
    assert application.status == ApplicationStatus.DRAFT
    assert application.qualities_reflection == ""


@NOTHING
def test_a_statement_that_shows_nothing_is_asked_for_in_its_own_words(
    client, cast, applicant, typed
):
    page = sent_with(cast, client, experience_statement=typed)

    assert (
        f"Write at least {MIN_STATEMENT_LENGTH} characters about the experiences or "
        "perspectives you would bring."
    ) in page
    application = MentorApplication.objects.get(applicant=applicant)
    assert application.status == ApplicationStatus.DRAFT
    assert application.experience_statement == ""


def test_a_reflection_with_an_emoji_sequence_is_kept_byte_for_byte(client, cast, applicant):
    client.post(
        APPLY,
        application_answers(cast.programme, save="1", qualities_reflection=WITH_JOINERS),
    )

    saved = MentorApplication.objects.get(applicant=applicant).qualities_reflection
    assert saved.encode() == WITH_JOINERS.encode()


@NOTHING
def test_a_board_members_bio_that_shows_nothing_is_saved_empty(client, cast, typed):
    client.force_login(cast.board_member)

    response = post_opened_now(client, PROFILE, profile_answers(cast.programme, bio=typed))

    assert response.status_code == 302
    member = cast.pair.board_member
    member.refresh_from_db()
    assert member.bio == ""


@NOTHING
def test_learning_goals_that_show_nothing_are_asked_for(client, cast, typed):
    client.force_login(cast.board_member)
    member = cast.pair.board_member
    goals_before = member.learning_goals

    page = post_opened_now(client, PROFILE, profile_answers(cast.programme, learning_goals=typed))

    assert page.status_code == 200
    assert "Tell us, in a sentence or two, what you hope to learn." in page.content.decode()
    member.refresh_from_db()
    assert member.learning_goals == goals_before


@NOTHING
def test_a_meeting_note_that_shows_nothing_is_no_note(typed):
    form = LogForm(
        {"held": "yes", "actual_minutes": "60", "note": typed}, themes=Theme.objects.none()
    )

    assert form.is_valid(), form.errors
    assert form.cleaned_data["note"] == ""


def test_a_meeting_note_with_an_emoji_sequence_is_kept_as_typed():
    form = LogForm(
        {"held": "yes", "actual_minutes": "60", "note": WITH_JOINERS},
        themes=Theme.objects.none(),
    )

    assert form.is_valid(), form.errors
    assert form.cleaned_data["note"] == WITH_JOINERS
