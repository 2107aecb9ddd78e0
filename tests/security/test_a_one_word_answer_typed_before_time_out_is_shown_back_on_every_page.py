"""A form sent after the session ended shows back what was typed, a one-word answer too (a
place, a reason, a name), under the label its box has on the page, on every page where a
person types something worth keeping: each page's view names its forms, so the page that
says nothing was saved reads them, and guesses nothing (a guess drops one-word answers, as it
drops ids, choices and the page's hidden marks)."""

import re
import time
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.sessions import SIGNED_IN_AT
from mentoring.models import ProgrammeStatus
from tests.admin_pages import words
from tests.factories import MeetingFactory, ProgrammeFactory, QuestionFactory, SurveyFactory

pytestmark = pytest.mark.django_db


def shown_back(response) -> list[tuple[str, str]]:
    """What the page shows back: each label with its text."""
    page = response.content.decode()
    return [
        (words(label), words(text))
        for label, text in re.findall(r"<dt>(.*?)</dt>\s*<dd[^>]*>(.*?)</dd>", page, re.S)
    ]


def sent_after_time_out(client, person, url: str, typed: dict):
    """`person` signed in 13 hours ago (12 hours end anyone's session) and sends `typed`."""
    client.force_login(person)
    session = client.session
    session[SIGNED_IN_AT] = time.time() - 13 * 60 * 60
    session.save()
    response = client.post(url, typed)
    assert response.status_code == 403
    assert "Nothing was saved" in words(response.content.decode())
    return response


def a_note_to_the_office(**typed):
    """Asking to end the pairing and raising a concern: one page of Maya's, its note one box."""
    return (
        "mentor",
        lambda cast: reverse("pair_request", args=[cast.pair.pk]),
        typed,
        ("A note for the programme office", typed["note"]),
    )


# Each page: who sends it, its address, what is sent, and the one word shown back, by label.
PAGES = {
    "proposing a meeting": (
        "mentor",
        lambda cast: reverse("meeting_new", args=[cast.pair.pk]),
        {"day": "2030-05-02", "start": "10:00", "end": "", "location": "Library"},
        ("Place", "Library"),
    ),
    "moving a meeting": (
        "mentor",
        lambda cast: reverse("meeting_change", args=[MeetingFactory(match=cast.pair).pk]),
        {"sequence": "3", "day": "2030-05-02", "start": "10:00", "reason": "Illness."},
        ("Why the change", "Illness."),
    ),
    "cancelling a meeting": (
        "board_member",
        lambda cast: reverse("meeting_cancel", args=[MeetingFactory(match=cast.pair).pk]),
        {"sequence": "3", "reason": "Illness."},
        ("Why are you cancelling?", "Illness."),
    ),
    "the shared purpose": (
        "board_member",
        lambda cast: reverse("pair_purpose", args=[cast.pair.pk]),
        {"purpose": "Listening.", "stamp": "2030-01-01T09:00:00+00:00"},
        ("Your shared purpose", "Listening."),
    ),
    "asking to end the pairing": a_note_to_the_office(
        kind="end", note="Workload.", confirmed="yes"
    ),
    "raising a concern": a_note_to_the_office(kind="concern", note="Cancellations."),
    "applying": (
        "outsider",
        lambda cast: f"{reverse('apply')}?programme={cast.programme.slug}",
        {"department": "Estates", "bio": "Technician.", "save": "Save my draft"},
        ("A short bio for the board member you will mentor", "Technician."),
    ),
    "a board member's profile": (
        "board_member",
        lambda cast: reverse("profile"),
        {"section": "profile", "role_title": "Provost", "learning_style": "discussion"},
        ("Your role", "Provost"),
    ),
    "one's details": (
        "mentor",
        lambda cast: reverse("profile_details"),
        {"section": "details", "full_name": "Maya Mentor", "job_title": "Technician"},
        ("Job title", "Technician"),
    ),
    # A board member also applying to mentor elsewhere: her details are named apart from her
    # programme profile's ("account-department"), and said under their section's heading.
    "one's details beside a programme profile": (
        "board_member",
        lambda cast: reverse("profile_details"),
        {"section": "details", "department": "Governance", "account-department": "Estates"},
        ("Your details: Department", "Estates"),
    ),
    "a line manager's answer": (
        "outsider",
        lambda cast: reverse("line_manager_answer", args=["a-link-from-the-email"]),
        {"decision": "no", "reason": "Staffing."},
        ("Reason (needed if you do not agree)", "Staffing."),
    ),
    "accepting an invitation": (
        "outsider",
        lambda cast: reverse("invitation_accept", args=["a-link-from-the-email"]),
        {"full_name": "Nell", "password1": "a new staple", "password2": "a new staple"},
        ("Full name", "Nell"),
    ),
}


@pytest.mark.parametrize("page", list(PAGES))
def test_a_one_word_answer_is_shown_back_under_its_label(client, cast, page):
    role, url, typed, (label, word) = PAGES[page]

    response = sent_after_time_out(client, cast.person(role), url(cast), typed)

    assert (label, word) in shown_back(response)


def test_the_pages_hidden_marks_and_choices_are_not_shown_back(client, cast):
    """Moving a meeting: the version of it the page showed, the date and time are not what
    was typed in words; the reason is."""
    role, url, typed, _shown = PAGES["moving a meeting"]

    response = sent_after_time_out(client, cast.person(role), url(cast), typed)

    assert shown_back(response) == [("Why the change", "Illness.")]


def test_a_one_word_survey_answer_is_shown_back_under_its_question(client, cast):
    """The survey's boxes are built from its questions as its page opens: the question is
    the label. Its page's marks (what the questions asked, the step) are not shown back."""
    survey = SurveyFactory(programme=cast.programme)
    question = QuestionFactory(survey=survey, kind="text", text="What should we change?")
    choice = QuestionFactory(survey=survey, text="We built a relationship of trust.")
    url = reverse("survey_answer", args=[survey.pk])
    typed = {
        f"question_{choice.pk}": "agree",
        f"question_{question.pk}": "Nothing.",
        "seen": "0123456789abcdef",
        "action": "submit",
    }

    response = sent_after_time_out(client, cast.mentor, url, typed)

    assert shown_back(response) == [("What should we change?", "Nothing.")]


def test_a_survey_answer_is_labelled_only_by_a_question_of_that_survey(client, cast):
    """A box naming another survey's question, or none, is no box of this page's."""
    survey = SurveyFactory(programme=cast.programme)
    elsewhere = QuestionFactory(kind="text", text="A question of another survey?")
    url = reverse("survey_answer", args=[survey.pk])

    response = sent_after_time_out(
        client, cast.mentor, url, {f"question_{elsewhere.pk}": "Nothing.", "question_x": "No."}
    )

    assert shown_back(response) == []
    assert "another survey" not in response.content.decode()


def test_a_survey_that_does_not_exist_is_answered_too(client, cast):
    for pk in (10**6, 10**20):
        response = sent_after_time_out(
            client, cast.mentor, f"/surveys/{pk}/", {"question_1": "Two words"}
        )

        assert shown_back(response) == []


@pytest.mark.parametrize("when", ["draft", "closed"])
def test_a_survey_not_asking_anyone_lends_no_question_as_a_label(client, cast, when):
    """Who sent the answers is not known once the session is over: a survey the office is
    still preparing, or one closed, shows nobody its questions by being posted to."""
    if when == "draft":
        survey = SurveyFactory(
            programme=ProgrammeFactory(
                slug="cohort-2", status=ProgrammeStatus.DRAFT, recruitment_open=False
            )
        )
    else:
        survey = SurveyFactory(
            programme=cast.programme, opens_at=timezone.now() - timedelta(days=30)
        )
    question = QuestionFactory(survey=survey, kind="text", text="A question still in draft?")
    url = reverse("survey_answer", args=[survey.pk])

    response = sent_after_time_out(
        client, cast.mentor, url, {f"question_{question.pk}": "Nothing."}
    )

    assert shown_back(response) == []
    assert "still in draft" not in response.content.decode()
