"""Answering a survey at /surveys/<id>/: the questions, "check your answers", then submitted
once. Every bad input of issue 11 gets a clear message, keeps what was typed, and records
nothing: never a participation without its response, or a response without it."""

import dataclasses
import re
from datetime import datetime, time, timedelta
from html import unescape

import pytest
from django.db import DatabaseError
from django.utils import timezone

from accounts.bounds import NUL_REFUSED
from evaluation import access
from evaluation.forms import SurveyForm
from evaluation.models import (
    MAX_TEXT_ANSWER,
    Answer,
    Ballot,
    Participation,
    Question,
    QuestionKind,
    Response,
    Role,
)
from evaluation.services import (
    QUESTIONS_CHANGED,
    SurveyError,
    check_value,
    survey_answer,
    surveys_mark_asked,
)
from tests.factories import (
    SurveyFactory,
    add_one_question_of_each_kind,
    close_survey_and_open_ballots,
)
from tests.survey_answers import TYPED, answers, check, field, survey_of_each_kind, url

pytestmark = pytest.mark.django_db

survey = survey_of_each_kind()


@pytest.fixture
def mentor(client, cast):
    client.force_login(cast.mentor)
    return client


def submit(client, survey, **changes):
    return client.post(url(survey), {**answers(survey, **changes), "action": "submit"})


def page(response) -> str:
    return response.content.decode()


def summary(response) -> list[str]:
    """The error summary's messages, in order."""
    found = re.search(
        r'<div class="alert alert-danger error-summary".*?</div>', page(response), re.S
    )
    return (
        re.findall(r'<a class="alert-link" href="#[^"]+">([^<]+)</a>', found.group(0))
        if found
        else []
    )


def summary_lines(response) -> list[str]:
    """The error summary's lines, linked to a field or not, unescaped."""
    found = re.search(
        r'<div class="alert alert-danger error-summary".*?</div>', page(response), re.S
    )
    lines = re.findall(r"<li>(.*?)</li>", found.group(0), re.S) if found else []
    return [unescape(re.sub(r"<[^>]+>", "", line)) for line in lines]


def sent_by_the_check_page(checked) -> dict:
    """What the check page's form sends (its hidden fields), but for its buttons."""
    sent = {}
    for name, value in re.findall(
        r'<input type="hidden" name="([^"]+)" value="([^"]*)"', page(checked)
    ):
        sent.setdefault(name, []).append(unescape(value))
    return sent


def inputs(html, kind, question) -> int:
    """How many <input type=kind> the page has for the question."""
    return len(re.findall(rf'<input type="{kind}"[^>]*name="{field(question)}"', html))


def assert_nothing_recorded(survey):
    assert not Participation.objects.filter(survey=survey).exists()
    assert not Ballot.objects.filter(survey=survey).exists()
    assert not Response.objects.filter(survey=survey).exists()
    assert not Answer.objects.filter(response__survey=survey).exists()


def assert_whole(survey):
    """Each participation has its response, each response its answers, and no more (once
    the survey has closed and its sealed answers are opened)."""
    close_survey_and_open_ballots(survey)
    assert not survey.ballots.exists()
    assert Participation.objects.filter(survey=survey).count() == survey.responses.count()
    for response in survey.responses.all():
        assert response.answers.count() == len(survey.asks)


# --- the questions ----------------------------------------------------------------------------


def test_the_form_asks_each_kind_of_question_the_way_it_is_answered(mentor, survey):
    response = mentor.get(url(survey))

    html = page(response)
    assert response.status_code == 200
    assert "<h1>Pilot evaluation</h1>" in html
    assert "This helps us decide how the programme continues." in html
    labels = re.findall(r'<label for="[^"]+" class="form-check-label">\s*([^<]+?)\s*</label>', html)
    assert labels[:5] == [
        "Strongly disagree",
        "Disagree",
        "Neither agree nor disagree",
        "Agree",
        "Strongly agree",
    ]
    assert inputs(html, "radio", survey.asks["likert"]) == 5
    assert inputs(html, "radio", survey.asks["single"]) == 3
    assert inputs(html, "checkbox", survey.asks["multiple"]) == 2
    assert inputs(html, "radio", survey.asks["scale"]) == 11
    scale = field(survey.asks["scale"])
    assert html.count("form-check form-check-inline") == 11  # 0 to 10 in a row
    scale_labels = re.findall(rf'for="id_{scale}_\d+">([^<]+)</label>', html)
    assert scale_labels == ["0 (lowest)", *map(str, range(1, 10)), "10 (highest)"]
    assert f'<textarea name="{field(survey.asks["text"])}"' in html
    assert f"Up to {MAX_TEXT_ANSWER:,} characters." in html


def test_what_the_office_writes_is_shown_as_text_never_as_markup(mentor, survey):
    for question in survey.asks.values():
        question.help_text = "<script>alert('hi')</script> Be <b>honest</b>."
        question.save()

    html = page(mentor.get(url(survey)))

    assert "<script>alert" not in html
    assert html.count("&lt;script&gt;alert(&#x27;hi&#x27;)&lt;/script&gt; Be &lt;b&gt;") == 5


def test_required_questions_go_unmarked_and_the_optional_one_says_so(mentor, survey):
    html = page(mentor.get(url(survey)))

    assert "Every question needs an answer unless it says “(optional)”." in html
    assert html.count("(optional)</span>") == 1
    assert re.search(r"What should we change\?\s*<span class=\"fw-normal\">\(optional\)", html)


def test_before_answering_the_person_is_told_answers_are_anonymous_and_final(mentor, survey):
    html = page(mentor.get(url(survey)))

    assert "Your answers are anonymous" in html
    assert "We record that you answered apart from what you answered" in html
    assert "Results are shown only for groups of at least 5 people" in html
    assert "after you submit, your answers cannot be changed" in html


def test_enter_in_a_field_does_not_send_the_form(mentor, survey):
    html = page(mentor.get(url(survey)))

    assert '<form method="post" novalidate data-enter-does-not-submit>' in html


# --- check, then submit -----------------------------------------------------------------------


def test_valid_answers_are_shown_back_to_check_and_nothing_is_recorded_yet(mentor, survey):
    response = check(mentor, survey)

    html = page(response)
    assert response.status_code == 200
    assert "<h1>Check your answers</h1>" in html
    assert "<dt>We built a relationship of trust.</dt>" in html
    assert re.search(r"<dd>\s*Agree\s*</dd>", html)
    assert re.search(r"<dd>\s*2 or 3 times\s*</dd>", html)
    assert "<li>A new contact</li><li>A changed policy</li>" in html
    assert re.search(r"<dd>\s*9\s*</dd>", html)
    assert TYPED in html
    assert "Your answers are anonymous" in html  # the notice again
    # The answers travel in hidden fields to the confirming POST.
    assert f'<input type="hidden" name="{field(survey.asks["likert"])}" value="4"' in html
    assert html.count(f'type="hidden" name="{field(survey.asks["multiple"])}"') == 2
    assert re.search(
        r'name="action" value="submit" class="btn btn-primary">Submit my answers', html
    )
    assert re.search(
        r'name="action" value="change" class="btn btn-outline-secondary">Change my', html
    )
    assert_nothing_recorded(survey)


def test_an_optional_question_left_empty_shows_as_not_answered(mentor, survey):
    html = page(check(mentor, survey, text=""))

    assert re.search(
        r"<dt>What should we change\?</dt>\s*<dd>\s*<span[^>]*>Not answered</span>", html
    )


def test_changing_the_answers_shows_the_questions_again_with_them_kept(mentor, survey):
    response = mentor.post(url(survey), {**answers(survey), "action": "change"})

    html = page(response)
    assert response.status_code == 200
    assert "<h1>Pilot evaluation</h1>" in html
    assert "There is a problem" not in html
    assert re.search(rf'name="{field(survey.asks["likert"])}" value="4"[^>]*checked', html)
    assert re.search(rf'name="{field(survey.asks["multiple"])}" value="0"[^>]*checked', html)
    assert re.search(rf'name="{field(survey.asks["multiple"])}" value="1"[^>]*checked', html)
    assert re.search(rf'name="{field(survey.asks["scale"])}" value="9"[^>]*checked', html)
    assert f">\n{TYPED}</textarea>" in html
    assert_nothing_recorded(survey)


def test_submitting_records_that_they_answered_and_apart_what_then_says_thank_you(
    mentor, survey, cast
):
    response = submit(mentor, survey)

    assert response.status_code == 302
    assert response.url == url(survey)
    assert Participation.objects.filter(survey=survey, person=cast.mentor).count() == 1
    # Sealed while the survey is open; read once it has closed.
    assert not Response.objects.filter(survey=survey).exists()
    assert Ballot.objects.filter(survey=survey).count() == 1
    close_survey_and_open_ballots(survey)
    recorded = Response.objects.get(survey=survey)
    assert recorded.role == Role.MENTOR
    assert recorded.submitted_on == timezone.localdate()
    by_kind = {answer.question.kind: answer for answer in recorded.answers.all()}
    assert by_kind["likert"].number == 4
    assert by_kind["single"].number == 1
    assert by_kind["multiple"].picks == [0, 1]
    assert by_kind["scale"].number == 9
    assert by_kind["text"].text == TYPED

    thanks = mentor.get(response.url)
    html = page(thanks)
    assert "<h1>Thank you for answering</h1>" in html
    assert "Your answers to “Pilot evaluation” are in. They are anonymous" in html
    assert "Continue to check your answers" not in html


def test_the_answers_recorded_are_acknowledged_once(mentor, survey):
    html = page(mentor.get(submit(mentor, survey).url))
    body = html.split("<body", 1)[1]

    assert body.count("Thank you") == 1
    assert body.count("are in") == 1
    assert 'role="status"' not in body


def test_a_board_member_answers_as_a_board_member(client, cast, survey):
    client.force_login(cast.board_member)

    submit(client, survey)
    close_survey_and_open_ballots(survey)

    assert Response.objects.get(survey=survey).role == Role.BOARD_MEMBER


def test_line_breaks_in_free_text_are_kept_as_one_character_each(mentor, survey):
    submit(mentor, survey, text="First line\r\nSecond line")
    close_survey_and_open_ballots(survey)

    assert Answer.objects.get(question=survey.asks["text"]).text == "First line\nSecond line"


# --- bad input: a clear message, what was typed kept, nothing recorded -------------------------


def test_a_missing_required_answer_is_named_and_what_was_typed_is_kept(mentor, survey):
    response = check(mentor, survey, likert=None)

    html = page(response)
    assert response.status_code == 200
    assert summary(response) == ["Answer “We built a relationship of trust.”"]
    likert = field(survey.asks["likert"])
    assert f'href="#id_{likert}_0"' in html  # the summary links to the first radio
    assert f">\n{TYPED}</textarea>" in html
    assert re.search(rf'name="{field(survey.asks["scale"])}" value="9"[^>]*checked', html)
    assert re.search(rf'name="{field(survey.asks["multiple"])}" value="1"[^>]*checked', html)
    assert_nothing_recorded(survey)


def test_every_missing_answer_is_listed_once(mentor, survey):
    response = mentor.post(url(survey), {"action": "check"})

    assert summary(response) == [
        "Answer “We built a relationship of trust.”",
        "Answer “How many times did you meet?”",
        "Answer “Which of these came out of it?”",
        "Answer “How likely are you to recommend the programme?”",
    ]
    assert_nothing_recorded(survey)


@pytest.mark.parametrize(
    ("kind", "value"),
    [
        ("likert", "0"),
        ("likert", "6"),
        ("likert", "-1"),
        ("likert", "4.5"),
        ("likert", "strongly"),
        ("scale", "11"),
        ("scale", "9" * 5000),
        ("single", "3"),
        ("single", "Once"),
        ("multiple", ["1", "2"]),
        ("multiple", ["1", "banana"]),
    ],
)
def test_a_value_out_of_range_or_not_offered_is_refused_clearly(mentor, survey, kind, value):
    question = survey.asks[kind]

    response = check(mentor, survey, **{kind: value})

    assert response.status_code == 200
    # Each question ends with its own full stop or question mark, and no other is added.
    assert summary(response) == [f"Choose among the options offered for “{question.text}”"]
    assert f">\n{TYPED}</textarea>" in page(response)
    assert_nothing_recorded(survey)


def test_free_text_over_the_limit_is_refused_with_the_limit_and_kept(mentor, survey):
    too_long = "x" * (MAX_TEXT_ANSWER + 1)

    response = check(mentor, survey, text=too_long)

    assert summary(response) == ["Keep “What should we change?” to 2,000 characters."]
    assert too_long in page(response)
    assert_nothing_recorded(survey)


def test_free_text_at_the_limit_is_accepted(mentor, survey):
    submit(mentor, survey, text="x" * MAX_TEXT_ANSWER)
    close_survey_and_open_ballots(survey)

    assert len(Answer.objects.get(question=survey.asks["text"]).text) == MAX_TEXT_ANSWER


def test_a_null_character_in_free_text_is_refused_clearly(mentor, survey):
    response = check(mentor, survey, text="Fine\x00")

    assert summary(response) == [NUL_REFUSED]
    assert_nothing_recorded(survey)


def test_a_huge_post_is_refused_without_a_crash(mentor, survey):
    response = check(mentor, survey, text="x" * 3_000_000)

    assert response.status_code == 400  # over DATA_UPLOAD_MAX_MEMORY_SIZE
    assert_nothing_recorded(survey)


def test_a_forged_confirmation_is_checked_again_and_records_nothing(mentor, survey):
    response = submit(mentor, survey, likert="7")

    assert response.status_code == 200
    assert summary(response) == [
        "Choose among the options offered for “We built a relationship of trust.”"
    ]
    assert_nothing_recorded(survey)


def test_a_second_submission_is_refused_and_the_first_answers_stand(mentor, survey, cast):
    submit(mentor, survey)

    response = submit(mentor, survey, likert="1", text="Something else entirely")

    assert response.status_code == 409
    html = page(response)
    assert summary_lines(response) == [
        "You have already answered this survey, so these answers were not recorded. Your "
        "first answers stand."
    ]
    assert '<dd class="text-break">Something else entirely</dd>' in html  # shown back to copy
    assert "<h1>Thank you for answering</h1>" in page(mentor.get(url(survey)))
    assert Participation.objects.filter(survey=survey, person=cast.mentor).count() == 1
    close_survey_and_open_ballots(survey)
    assert Answer.objects.get(question=survey.asks["likert"]).number == 4
    assert not Answer.objects.filter(text="Something else entirely").exists()
    assert_whole(survey)


def test_a_submission_that_loses_the_race_is_told_so_by_the_service(mentor, survey, monkeypatch):
    """Another tab answered between this page's check and the service's: the service's own
    refusal is shown, and nothing more is recorded."""
    submit(mentor, survey)
    read = access.survey_for_person
    monkeypatch.setattr(
        "evaluation.views.survey_for_person",
        lambda person, pk: dataclasses.replace(read(person, pk), answered=False),
    )

    response = submit(mentor, survey, likert="1", text="Written in the other tab.")

    assert response.status_code == 409
    assert summary_lines(response) == [
        "You have already answered this survey. Thank you. These answers were not recorded."
    ]
    assert "Written in the other tab." in page(response)
    assert survey.ballots.count() == 1
    assert_whole(survey)


def test_written_answers_sent_after_the_survey_closed_are_shown_back_to_copy(mentor, survey):
    """Maya checks her answers, and the survey closes before she submits them from the check
    page: her page says so and shows back what she wrote, as written, read-only, to copy.
    Nothing is recorded, nor kept for her, and nothing offers to send them again."""
    surveys_mark_asked()  # beat, while it was open
    written = "Fewer forms, <b>more</b> time\r\nto talk."
    checked = check(mentor, survey, text=written)
    survey.refresh_from_db()
    survey.opens_at = timezone.now() - timedelta(days=20)
    survey.closes_at = timezone.now() - timedelta(minutes=1)
    survey.save()

    response = mentor.post(url(survey), {**sent_by_the_check_page(checked), "action": "submit"})

    html = page(response)
    assert response.status_code == 409
    assert "no-store" in response["Cache-Control"]
    assert "<h1>Your answers were not recorded</h1>" in html
    assert summary_lines(response) == [
        "This survey closed before you submitted, so your answers were not recorded."
    ]
    assert "Your written answers" in html
    assert re.search(
        r"<dt>What should we change\?</dt>\s*"
        r'<dd class="text-break">Fewer forms, &lt;b&gt;more&lt;/b&gt; time<br>to talk\.</dd>',
        html,
    )
    # Their own words only: no choice given back, nothing to send, no box to type in.
    assert "2 or 3 times" not in html
    assert "Submit my answers" not in html
    assert field(survey.asks["text"]) not in html
    assert "Fewer forms" not in str(dict(mentor.session))
    assert_nothing_recorded(survey)
    assert "so it can no longer be answered" in page(mentor.get(url(survey)))


def test_an_answer_refused_as_the_questions_change_keeps_what_was_typed(
    mentor, survey, monkeypatch
):
    """The office's change comes in between this page's check and the service's: the
    questions are shown again as they are now, with the answers as typed."""
    checked = check(mentor, survey)
    monkeypatch.setattr("evaluation.services.questions_seen", lambda *args: "changed meanwhile")

    response = mentor.post(url(survey), {**sent_by_the_check_page(checked), "action": "submit"})

    assert response.status_code == 200
    assert summary_lines(response) == [QUESTIONS_CHANGED]
    assert f">\n{TYPED}</textarea>" in page(response)
    assert_nothing_recorded(survey)


def test_a_survey_opening_at_the_start_of_a_day_names_the_day_alone(mentor, cast):
    first_day = timezone.localdate() + timedelta(days=3)
    opens = timezone.make_aware(datetime.combine(first_day, time.min))
    survey = SurveyFactory(
        programme=cast.programme, opens_at=opens, closes_at=opens + timedelta(days=14)
    )

    html = page(mentor.get(url(survey)))
    assert f"It opens on <strong>{first_day:%A %-d %B %Y}</strong>" in html
    assert "00:00" not in html


def test_a_survey_not_yet_open_says_when_it_opens_and_takes_no_answers(mentor, cast):
    opens = timezone.now() + timedelta(days=3)
    survey = SurveyFactory(
        programme=cast.programme, opens_at=opens, closes_at=opens + timedelta(days=14)
    )
    survey.asks = add_one_question_of_each_kind(survey)

    html = page(mentor.get(url(survey)))
    assert "This survey is not open yet." in html
    assert (
        f"It opens on <strong>{timezone.localtime(opens):%A %-d %B %Y at %H:%M %Z}</strong>" in html
    )
    assert "We will email you when it opens" in html
    assert "Continue to check your answers" not in html

    response = submit(mentor, survey)
    assert response.status_code == 409
    assert summary_lines(response) == [
        "This survey is not open yet, so your answers were not recorded."
    ]
    # It has asked nobody yet: its questions, the labels of what was sent, are not shown.
    assert TYPED not in page(response)
    assert "What should we change?" not in page(response)
    assert_nothing_recorded(survey)


def test_a_closed_survey_says_it_closed_and_shows_no_questions(mentor, cast):
    survey = SurveyFactory(
        programme=cast.programme,
        opens_at=timezone.now() - timedelta(days=30),
        closes_at=timezone.now() - timedelta(days=16),
        asked_at=timezone.now() - timedelta(days=30),  # as beat kept it, asking while open
    )
    survey.asks = add_one_question_of_each_kind(survey)

    html = page(mentor.get(url(survey)))

    assert "so it can no longer be answered" in html
    assert "Continue to check your answers" not in html
    assert "We built a relationship of trust." not in html


def test_a_survey_for_the_other_group_says_who_it_is_for(client, cast):
    for_mentors = SurveyFactory(programme=cast.programme, audience="mentors")
    for_board = SurveyFactory(programme=cast.programme, audience="board_members")
    add_one_question_of_each_kind(for_mentors)
    add_one_question_of_each_kind(for_board)

    client.force_login(cast.board_member)
    response = client.get(url(for_mentors))
    assert response.status_code == 403
    assert "<h1>This survey is for mentors</h1>" in page(response)
    assert "You take part as a board member" in page(response)

    client.force_login(cast.mentor)
    response = client.get(url(for_board))
    assert response.status_code == 403
    assert "<h1>This survey is for board members</h1>" in page(response)
    assert "You take part as a mentor" in page(response)

    response = client.post(url(for_board), {"action": "submit"})
    assert response.status_code == 403
    assert_nothing_recorded(for_board)


@pytest.mark.parametrize(
    ("kind", "required", "value", "expected"),
    [
        (QuestionKind.LIKERT, True, "5", 5),
        (QuestionKind.LIKERT, True, " 2 ", 2),
        (QuestionKind.LIKERT, True, None, "Answer"),
        (QuestionKind.LIKERT, False, None, None),
        (QuestionKind.LIKERT, True, "five", "Choose"),
        (QuestionKind.LIKERT, True, ["5"], "Choose"),
        (QuestionKind.SCALE, True, "0", 0),
        (QuestionKind.SCALE, True, "1" * 5000, "Choose"),
        (QuestionKind.SINGLE, True, "1", 1),
        (QuestionKind.SINGLE, True, "2", "Choose"),
        (QuestionKind.MULTIPLE, True, ["1", "0", "1"], [0, 1]),
        (QuestionKind.MULTIPLE, True, [], "Answer"),
        (QuestionKind.MULTIPLE, True, ["0", ""], "Choose"),
        (QuestionKind.MULTIPLE, True, 1, "Choose"),
        (QuestionKind.TEXT, True, "  Thank you.  ", "Thank you."),
        (QuestionKind.TEXT, True, "   ", "Answer"),
        (QuestionKind.TEXT, False, "   ", None),
        (QuestionKind.TEXT, False, "x" * (MAX_TEXT_ANSWER + 1), "Keep"),
    ],
)
def test_the_one_rule_for_an_answer_refuses_anything_forged_and_never_crashes(
    kind, required, value, expected
):
    choices = ["Yes", "No"] if kind in (QuestionKind.SINGLE, QuestionKind.MULTIPLE) else []
    question = Question(text="Q", kind=kind, choices=choices, required=required)

    if isinstance(expected, str) and expected in ("Answer", "Choose", "Keep"):
        with pytest.raises(SurveyError, match=f"^{expected} "):
            check_value(question, value)
    else:
        assert check_value(question, value) == expected


def test_a_failure_midway_leaves_nothing_half_saved(survey, cast, monkeypatch):
    """The participation and the sealed answers are written together or not at all."""

    def broken(*args, **kwargs):
        raise DatabaseError("the disk is full")

    monkeypatch.setattr("evaluation.models.Ballot.save", broken)
    form = SurveyForm(answers(survey), questions=list(survey.questions.all()))
    assert form.is_valid()

    with pytest.raises(DatabaseError):
        survey_answer(survey=survey, person=cast.mentor, answers=form.answers)

    assert_nothing_recorded(survey)


def test_a_question_without_its_own_full_stop_is_ended_with_one():
    question = Question(text="Your name", kind=QuestionKind.TEXT, required=True)

    with pytest.raises(SurveyError, match=r"^Answer “Your name”\.$"):
        check_value(question, "")
