"""The statement an applicant writes about what they would bring must be at least
MIN_STATEMENT_LENGTH characters long, and two letters followed by a hundred zero-width
spaces, or soft hyphens, passed: the length counted characters nobody sees. A minimum now
counts only the characters a reader sees (accounts.bounds.visible_length): a format
character or another that a font draws as nothing is left out; spaces between words and
combining marks (an accent, a vowel sign), which show, still count. The message states the
minimum and what was counted, the application stays a draft, and the box keeps what was
typed."""

import pytest
from django.urls import reverse

from accounts.bounds import visible_length
from mentoring.eligibility import MIN_STATEMENT_LENGTH
from mentoring.models import ApplicationStatus, MentorApplication
from tests.applying import application_answers, sent
from tests.factories import STATEMENT
from tests.pages import page_html

pytestmark = pytest.mark.django_db

APPLY = f"{reverse('apply')}?programme=pilot"

PADDED = {
    "zero-width spaces": "ab" + "\u200b" * 120,
    "soft hyphens": "a\u00ad" * 60,
    "word joiners and a byte-order mark": "Yes." + "\u2060" * 110 + "\ufeff",
}


@pytest.fixture
def applicant(client, cast):
    client.force_login(cast.outsider)
    return cast.outsider


@pytest.mark.parametrize("typed", PADDED.values(), ids=PADDED.keys())
def test_a_statement_padded_with_characters_nobody_sees_is_too_short(
    client, cast, applicant, typed
):
    shown = visible_length(typed)
    assert shown < MIN_STATEMENT_LENGTH <= len(typed)

    response = client.post(
        APPLY, application_answers(cast.programme, submit="1", experience_statement=typed)
    )

    page = page_html(response)
    assert f"Write at least {MIN_STATEMENT_LENGTH} characters (you have written {shown})." in page
    application = MentorApplication.objects.get(applicant=applicant)
    assert application.status == ApplicationStatus.DRAFT
    assert application.submitted_at is None
    assert typed in page  # the box keeps what was typed, invisible characters and all


def test_a_statement_long_enough_to_read_with_a_joiner_in_it_is_sent(client, cast, applicant):
    # Spaces between words count; a zero-width joiner (an emoji sequence) does not, nor harm.
    statement = STATEMENT + " \U0001f469\u200d\U0001f4bb"
    assert visible_length(statement) >= MIN_STATEMENT_LENGTH

    sent(client, APPLY, application_answers(cast.programme, experience_statement=statement))

    application = MentorApplication.objects.get(applicant=applicant)
    assert application.experience_statement == statement
    assert application.status != ApplicationStatus.DRAFT


@pytest.mark.parametrize(
    ("text", "counted"),
    [
        ("ab" + "\u200b" * 40, 2),
        ("co\u00adoperate", 9),
        ("  two words  ", 9),
        ("cafe\u0301", 5),  # a combining accent shows: counted
        ("\u0915\u093f", 2),  # Devanagari "ki": a consonant and its vowel sign
        ("\ufeff\u200b \u200b", 0),
    ],
    ids=["zero-width spaces", "a soft hyphen", "spaces", "an accent", "a vowel sign", "nothing"],
)
def test_visible_length_counts_what_a_reader_sees(text, counted):
    assert visible_length(text) == counted
