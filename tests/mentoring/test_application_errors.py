"""What an applicant is told when an answer is missing or too short, and the one rule of
completeness that the form, the service and the database share."""

import re

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse

from accounts.bounds import NOT_OFFERED
from mentoring.eligibility import MIN_STATEMENT_LENGTH
from mentoring.models import ApplicationStatus, MentorApplication
from mentoring.models.applications import NEEDED_TO_SEND, missing_answers
from mentoring.services.applications import ApplicationError, application_submit
from tests.applying import application_answers
from tests.factories import (
    DraftApplicationFactory,
    MentorApplicationFactory,
)

pytestmark = pytest.mark.django_db

APPLY = f"{reverse('apply')}?programme=pilot"
TOO_SHORT = "Write at least 100 characters (you have written 13)."


def answers(cast, **changes):
    return application_answers(cast.programme, **{"submit": "1", **changes})


def summary(page: str) -> str:
    match = re.search(r'<div class="alert alert-danger error-summary".*?</div>', page, re.S)
    assert match, "no error summary on the page"
    return match.group(0)


@pytest.fixture
def applicant(client, cast):
    client.force_login(cast.outsider)
    return cast.outsider


def test_the_length_rule_is_stated_beside_the_question_before_anyone_breaks_it(
    client, applicant, cast
):
    page = client.get(APPLY).content.decode()
    assert f"Needed if you answered yes: at least {MIN_STATEMENT_LENGTH} characters." in page
    assert "There is a problem" not in page


def test_a_short_statement_is_an_answer_to_lengthen_not_a_reason_to_be_ineligible(
    client, applicant, cast
):
    page = client.post(APPLY, answers(cast, experience_statement="I have views.")).content.decode()

    assert TOO_SHORT in summary(page)
    assert "do not meet the criteria" not in page
    assert MentorApplication.objects.get(applicant=applicant).status == ApplicationStatus.DRAFT


def test_each_message_is_shown_once_in_the_summary_and_once_beside_its_field(
    client, applicant, cast
):
    page = client.post(APPLY, answers(cast, experience_statement="I have views.")).content.decode()

    # The GOV.UK pattern: a link in the summary, and the same words beside the field;
    # never a third time in a box of its own.
    assert page.count(TOO_SHORT) == 2
    assert f'<a class="alert-link" href="#id_experience_statement">{TOO_SHORT}</a>' in page
    assert 'class="alert alert-block alert-danger"' not in page


def test_the_summary_comes_first_and_takes_the_focus(client, applicant, cast):
    page = client.post(APPLY, answers(cast, bio="")).content.decode()

    assert page.index("There is a problem") < page.index('<form method="post" novalidate>')
    assert "data-error-summary" in summary(page)
    assert 'tabindex="-1"' in summary(page)
    assert "<title>Error: Apply to be a reverse mentor" in page
    assert "Your draft is saved. To submit, fix the answers below." in summary(page)


@pytest.mark.parametrize(
    ("missing", "message", "anchor"),
    [
        (
            "can_commit_time",
            "Please answer whether you can commit the time.",
            "id_can_commit_time_0",
        ),
        ("grade", "Choose your grade or level.", "id_grade"),
        ("themes", "Choose at least one theme you care about.", "id_themes_0"),
        (
            "availability",
            "Tick at least one time when you could usually meet.",
            "id_availability_monday_morning",
        ),
        ("bio", "Write a few lines about yourself for the board member you will mentor.", "id_bio"),
    ],
)
def test_each_missing_answer_links_from_the_summary_to_its_question(
    client, applicant, cast, missing, message, anchor
):
    page = client.post(APPLY, answers(cast, **{missing: None})).content.decode()
    assert f'<a class="alert-link" href="#{anchor}">{message}</a>' in summary(page)
    assert page.count(message) == 2


def test_a_refusal_from_the_service_is_said_once(client, applicant, cast):
    cast.programme.recruitment_open = False
    cast.programme.recruitment_closed_message = "Recruitment is paused."
    cast.programme.save(update_fields=["recruitment_open", "recruitment_closed_message"])

    page = client.post(APPLY, answers(cast), follow=True).content.decode()

    said = "Your draft is saved, but it was not sent: recruitment has closed"
    assert page.count(said) == 1
    assert page.count("Recruitment is paused.") == 1, "said once, in its own box"
    assert "error-summary" not in page, "no answer is to fix"


def test_saving_a_draft_with_a_short_statement_is_not_an_error(client, applicant, cast):
    response = client.post(
        APPLY,
        answers(cast, experience_statement="I have views.", submit=None, save="1"),
        follow=True,
    )
    page = response.content.decode()
    assert "There is a problem" not in page
    assert "Your draft is saved" in page


# --- the one rule ---------------------------------------------------------------------------


COMPLETE = {
    "can_commit_time": True,
    "flexible_availability": True,
    "will_attend_briefing": True,
    "has_experiences": True,
    "experience_statement": "x" * MIN_STATEMENT_LENGTH,
    "has_conflict": False,
    "conflict_details": "",
    "department": "Estates",
    "grade": 1,
    "learning_style": "reflector",
    "interaction_approach": "direct",
    "availability": 2,
    "bio": "A bio.",
    "qualities_reflection": "A reflection.",
    "line_manager_name": "Lee",
    "line_manager_email": "lee@example.org",
}


@pytest.mark.parametrize(
    ("changes", "missing"),
    [
        ({}, []),
        ({"can_commit_time": None}, ["can_commit_time"]),
        ({"experience_statement": "x" * (MIN_STATEMENT_LENGTH - 1)}, ["experience_statement"]),
        (
            {"experience_statement": "  " + "x" * (MIN_STATEMENT_LENGTH - 2) + "  "},
            ["experience_statement"],
        ),
        ({"has_experiences": False, "experience_statement": ""}, []),
        ({"has_conflict": True}, ["conflict_details"]),
        ({"has_conflict": True, "conflict_details": "A grievance."}, []),
        ({"grade": None}, ["grade"]),
        ({"availability": 0}, ["availability"]),
        ({"bio": "   "}, ["bio"]),
    ],
)
def test_the_completeness_rule_names_what_is_missing(changes, missing):
    assert (
        missing_answers({**COMPLETE, **changes}, has_themes=True, needs_line_manager=False)
        == missing
    )


def test_the_rule_needs_themes_and_the_line_manager_only_where_asked():
    assert missing_answers(COMPLETE, has_themes=False, needs_line_manager=False) == ["themes"]
    no_manager = {**COMPLETE, "line_manager_name": "", "line_manager_email": ""}
    assert missing_answers(no_manager, has_themes=True, needs_line_manager=False) == []
    assert missing_answers(no_manager, has_themes=True, needs_line_manager=True) == [
        "line_manager_name",
        "line_manager_email",
    ]


BLANK = {"set": None, "text": "", "slots": 0}


@pytest.mark.parametrize("needed", NEEDED_TO_SEND, ids=lambda needed: needed.name)
def test_the_service_refuses_a_draft_the_rule_finds_incomplete(cast, mailoutbox, needed):
    draft = DraftApplicationFactory(programme=cast.programme, applicant=cast.outsider)
    if needed.when:
        setattr(draft, needed.when, True)
    setattr(draft, needed.name if needed.name != "grade" else "grade_id", BLANK[needed.kind])
    draft.save()

    with pytest.raises(ApplicationError, match="Please answer every question"):
        application_submit(application=draft)

    draft.refresh_from_db()
    assert draft.status == ApplicationStatus.DRAFT
    assert mailoutbox == []


@pytest.mark.parametrize("needed", NEEDED_TO_SEND, ids=lambda needed: needed.name)
def test_the_database_refuses_a_sent_application_the_rule_finds_incomplete(cast, needed):
    application = MentorApplicationFactory(programme=cast.programme, applicant=cast.outsider)
    changes = {needed.name if needed.name != "grade" else "grade_id": BLANK[needed.kind]}
    if needed.when:
        changes[needed.when] = True
    if needed.name == "experience_statement":
        changes[needed.name] = "x" * (MIN_STATEMENT_LENGTH - 1)

    with pytest.raises(IntegrityError), transaction.atomic():
        MentorApplication.objects.filter(pk=application.pk).update(**changes)


def test_the_database_keeps_drafts_free_to_be_incomplete(cast):
    draft = DraftApplicationFactory(programme=cast.programme, applicant=cast.outsider)
    MentorApplication.objects.filter(pk=draft.pk).update(bio="", grade=None, availability=0)


def test_sending_lists_every_problem_at_once_not_in_two_rounds(client, applicant, cast):
    """An answer refused as it stands (a grade that is not on the list) and a statement
    too short to send are both in the one summary, not the second after fixing the first."""
    page = client.post(
        APPLY, answers(cast, grade="999999", experience_statement="I have views.")
    ).content.decode()

    assert NOT_OFFERED in summary(page)
    assert TOO_SHORT in summary(page)
    assert page.count(TOO_SHORT) == 2
    # Only the answer refused is left out of the draft.
    draft = MentorApplication.objects.get(applicant=applicant)
    assert (draft.grade, draft.experience_statement) == (None, "I have views.")
    assert "except your answer to “Grade or level”: it was not saved." in summary(page)
