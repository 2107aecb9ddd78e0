"""Surveys in the programme office: built from a template or copied, questions that lock once
the survey has opened with them, and results that protect each person, on screen and in the CSV.
Nothing per response, answer or participation is reachable.

The office signs in for real here, with password and authenticator code."""

import csv
import io
import re
from datetime import timedelta

import pytest
from django.contrib import admin
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.html import escape

from accounts.bounds import NOT_OFFERED
from evaluation.models import Answer, Participation, Question, Response, Survey
from tests.admin_pages import change_url, messages_shown, rows, sign_in_for_real, signed_in_for_real
from tests.cast import ROLES
from tests.factories import (
    BoardMemberFactory,
    MentorFactory,
    ProgrammeFactory,
    QuestionFactory,
    SurveyFactory,
    close_survey,
)
from tests.query_counts import queries_for
from tests.surveys import ADD, answer, coming_survey, form_data, pilot_survey

pytestmark = pytest.mark.django_db

SURVEYS = reverse("admin:evaluation_survey_changelist")
FROM_TEMPLATE = reverse("admin:evaluation_survey_from_template")
STAFF = ["coordinator", "superuser"]
LOCKED = (
    "This survey has asked its questions, so they cannot change, nor whom it asks or its "
    "minimum group size, and once it has closed it cannot open again. Copy the survey to ask "
    "again."
)
WITHHELD = "so its results are withheld to protect them"  # under one question
ALL_WITHHELD = "Each question was answered by fewer than 5 people, so all the results are withheld"
NOT_APART = "Mentors and board members are not shown apart: one of the groups is smaller than 5."
# Under a question whose reason is said once above them all.
WITHHELD_BRIEFLY = "<strong>Withheld.</strong></p>"


def results_url(survey):
    return reverse("admin:evaluation_survey_results", args=[survey.pk])


def csv_url(survey):
    return reverse("admin:evaluation_survey_results_csv", args=[survey.pk])


office = signed_in_for_real("coordinator")  # Carmen: password, then authenticator code


def results_page(office, survey) -> str:
    """The results as the office sees them once the survey has closed."""
    close_survey(survey)
    return office.get(results_url(survey)).content.decode()


def more_mentors(cast, count):
    return [MentorFactory(programme=cast.programme, briefed=False).applicant for _ in range(count)]


def five_answer(cast, survey) -> list[str]:
    """Five mentors answer, each with their own suggestion; the suggestions, in that order."""
    people = [cast.mentor, cast.other_mentor, *more_mentors(cast, 3)]
    suggestions = [f"Suggestion only {person.full_name} would make." for person in people]
    for n, (person, suggestion) in enumerate(zip(people, suggestions, strict=True)):
        answer(survey, person, suggestion, agree=n % 5 + 1)
    return suggestions


# --- who may look -----------------------------------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
def test_only_the_office_opens_surveys_their_results_and_the_csv(client, cast, role):
    survey = pilot_survey(cast)
    answer(survey, cast.mentor)
    urls = [SURVEYS, ADD, FROM_TEMPLATE, change_url(survey), results_url(survey), csv_url(survey)]
    sign_in_for_real(client, cast, role)

    for url in urls:
        response = client.get(url)
        if role in STAFF:
            assert response.status_code == 200, url
        elif role == "anonymous":
            assert response.status_code == 302, url
            final, _ = client.get(url, follow=True).redirect_chain[-1]
            assert final.startswith(reverse("account_login")), url
        else:
            assert response.status_code == 302, url
            assert client.get(url, follow=True).status_code == 403, url


def test_the_results_of_a_survey_that_does_not_exist_are_not_found(office):
    assert office.get(reverse("admin:evaluation_survey_results", args=[999999])).status_code == (
        404
    )
    assert office.get(
        reverse("admin:evaluation_survey_results_csv", args=[999999])
    ).status_code == (404)


def test_someone_in_the_office_without_view_survey_is_refused_the_results(client, cast):
    survey = pilot_survey(cast)
    sign_in_for_real(client, cast, "coordinator")
    cast.coordinator.groups.clear()  # still staff, no longer a coordinator

    assert client.get(results_url(survey)).status_code == 403
    assert client.get(csv_url(survey)).status_code == 403


# --- the list ---------------------------------------------------------------------------------


def three_surveys(cast):
    now = timezone.now()
    open_ = pilot_survey(cast)
    answer(open_, cast.mentor)
    answer(open_, cast.board_member)
    coming = SurveyFactory(
        programme=cast.programme,
        title="Mid-point pulse",
        audience="mentors",
        opens_at=now + timedelta(days=3),
    )
    closed = SurveyFactory(
        programme=ProgrammeFactory(name="2025 cohort"),
        title="Last year's evaluation",
        audience="board_members",
        opens_at=now - timedelta(days=60),
        closes_at=now - timedelta(days=30),
    )
    return open_, coming, closed


def test_an_open_survey_asking_nothing_yet_is_listed_as_seen_by_nobody(office, cast):
    """Open by its dates but with no question, it is on nobody's page and nobody is
    emailed: the list does not call it plainly "Open"."""
    SurveyFactory(
        programme=cast.programme,
        title="Still being written",
        opens_at=timezone.now() - timedelta(days=1),
    )

    [row] = rows(office.get(SURVEYS))

    assert row["state"] == "Open, but asking nothing yet: nobody sees it"


def titles(response) -> list[str]:
    return sorted(row["title"] for row in rows(response))


def test_the_list_shows_each_survey_with_its_state_and_links_its_results(office, cast):
    """How many answered is the results page's to say, or to withhold (a survey asked of
    fewer than its minimum): the list counts nobody's answers. A survey not yet open has
    none to see: neither its row nor its page links to them."""
    open_, coming, closed = three_surveys(cast)

    shown = {row["title"]: row for row in rows(office.get(SURVEYS))}

    assert shown["Spring pilot evaluation"]["state"] == "Open"
    assert "responses" not in shown["Spring pilot evaluation"]
    assert shown["Spring pilot evaluation"]["programme"] == "2026/27 pilot"
    assert shown["Spring pilot evaluation"]["audience"] == "Mentors and board members"
    assert shown["Mid-point pulse"]["state"] == "Coming up"
    assert shown["Last year's evaluation"]["state"] == "Closed"
    assert shown["Mid-point pulse"]["results"] == "None before it opens"
    content = office.get(SURVEYS).content.decode()
    for survey in (open_, closed):
        assert f'href="{results_url(survey)}"' in content
        assert "See the results" in office.get(change_url(survey)).content.decode()
    assert f'href="{results_url(coming)}"' not in content
    assert "See the results" not in office.get(change_url(coming)).content.decode()


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("state=open", ["Spring pilot evaluation"]),
        ("state=coming", ["Mid-point pulse"]),
        ("state=closed", ["Last year's evaluation"]),
        ("audience=mentors", ["Mid-point pulse"]),
        ("audience=board_members", ["Last year's evaluation"]),
        ("q=pulse", ["Mid-point pulse"]),
        ("q=evaluation", ["Last year's evaluation", "Spring pilot evaluation"]),
        (
            "state=nonsense",
            ["Last year's evaluation", "Mid-point pulse", "Spring pilot evaluation"],
        ),
    ],
)
def test_the_list_filters_by_state_and_audience_and_searches_titles(office, cast, query, expected):
    three_surveys(cast)

    assert titles(office.get(f"{SURVEYS}?{query}")) == expected


def test_the_list_filters_by_programme(office, cast):
    three_surveys(cast)

    response = office.get(f"{SURVEYS}?programme__id__exact={cast.programme.pk}")

    assert titles(response) == ["Mid-point pulse", "Spring pilot evaluation"]


def test_the_list_costs_the_same_for_3_surveys_as_for_30(office, cast):
    three_surveys(cast)
    few = queries_for(office, SURVEYS)

    for _ in range(27):
        survey = SurveyFactory(programme=cast.programme)
        QuestionFactory(survey=survey)

    assert queries_for(office, SURVEYS) == few


# --- building a survey ------------------------------------------------------------------------


def test_the_office_starts_a_survey_from_the_pilot_template(office, cast):
    assert f'href="{FROM_TEMPLATE}"' in office.get(SURVEYS).content.decode()
    opens_on = timezone.localdate() + timedelta(days=7)
    closes_on = opens_on + timedelta(days=20)

    response = office.post(
        FROM_TEMPLATE,
        {
            "programme": cast.programme.pk,
            "template": "pilot",
            "opens_on": opens_on.isoformat(),
            "closes_on": closes_on.isoformat(),
        },
    )

    survey = Survey.objects.get()
    assert response.status_code == 302
    assert response.url == change_url(survey)
    assert survey.title == "Pilot evaluation"
    assert survey.programme == cast.programme
    assert survey.audience == "both"
    assert survey.min_group_size == cast.programme.survey_min_group_size == 5
    assert timezone.localtime(survey.opens_at).date() == opens_on
    assert timezone.localtime(survey.opens_at).time().hour == 0
    assert timezone.localtime(survey.closes_at).date() == closes_on + timedelta(days=1)
    assert survey.questions.count() == 13
    assert survey.questions.first().text == "My partner and I built a relationship of trust."
    page = office.get(response.url)
    assert messages_shown(page) == [
        "“Pilot evaluation” created for 2026/27 pilot with 13 questions. Check them before it "
        "opens: they cannot change once it has opened with them."
    ]
    assert 'name="questions-12-text"' in page.content.decode()  # each question editable


def test_the_mid_point_pulse_has_three_questions(office, cast):
    opens_on = timezone.localdate() + timedelta(days=1)
    office.post(
        FROM_TEMPLATE,
        {
            "programme": cast.programme.pk,
            "template": "pulse",
            "opens_on": opens_on.isoformat(),
            "closes_on": opens_on.isoformat(),
        },
    )

    survey = Survey.objects.get()
    assert survey.title == "Mid-point pulse"
    assert [question.kind for question in survey.questions.all()] == ["likert", "scale", "text"]


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"opens_on": 0}, "Choose a day from tomorrow."),
        ({"opens_on": -3}, "Choose a day from tomorrow."),
        ({"opens_on": 10, "closes_on": 9}, "The survey closes on or after the day it opens."),
        ({"closes_on": "9999-12-31"}, "Choose a date in the next five years."),
        ({"opens_on": "not a date"}, "Enter a valid date."),
        ({"template": "nonsense"}, NOT_OFFERED),
        ({"programme": "999999"}, NOT_OFFERED),
        ({"programme": "x"}, NOT_OFFERED),
    ],
)
def test_starting_from_a_template_refuses_what_cannot_be_and_says_why(
    office, cast, fields, message
):
    today = timezone.localdate()
    data = {"programme": cast.programme.pk, "template": "pilot", "opens_on": 7, "closes_on": 21}
    data |= fields
    for name in ("opens_on", "closes_on"):
        if isinstance(data[name], int):
            data[name] = (today + timedelta(days=data[name])).isoformat()

    response = office.post(FROM_TEMPLATE, data)

    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Survey.objects.exists()


def test_copying_makes_an_unanswered_survey_with_the_same_questions_that_opens_later(office, cast):
    survey = pilot_survey(cast)
    answer(survey, cast.mentor)

    response = office.post(SURVEYS, {"action": "copy_surveys", "_selected_action": [survey.pk]})

    copy = Survey.objects.exclude(pk=survey.pk).get()
    assert copy.title == "Spring pilot evaluation (copy)"
    assert [(q.position, q.text, q.kind, q.choices, q.required) for q in copy.questions.all()] == [
        (q.position, q.text, q.kind, q.choices, q.required) for q in survey.questions.all()
    ]
    assert not copy.responses.exists()
    # Nobody is asked (or reminded) before the office has checked the copy.
    assert copy.opens_at >= survey.closes_at + timedelta(days=7)
    # As many days, at the same times of day in the programme's time zone (`copy_dates`).
    local = timezone.localtime
    assert (local(copy.closes_at) - local(copy.opens_at)).days == (
        local(survey.closes_at) - local(survey.opens_at)
    ).days
    assert local(copy.closes_at).time() == local(survey.closes_at).time()
    shown = messages_shown(office.get(response.url))
    assert shown[-1] == "1 survey copied."
    assert shown[0].endswith("check its dates and questions before then.")
    assert change_url(copy) in shown[0]
    assert survey.questions.count() == 3
    assert survey.ballots.count() == 1


def test_a_copy_of_a_closed_survey_opens_a_week_from_now(office, cast):
    now = timezone.now()
    closed = pilot_survey(
        cast, opens_at=now - timedelta(days=40), closes_at=now - timedelta(days=10)
    )

    office.post(SURVEYS, {"action": "copy_surveys", "_selected_action": [closed.pk]})

    copy = Survey.objects.exclude(pk=closed.pk).get()
    assert copy.opens_at >= now + timedelta(days=7)
    assert not copy.is_open


def test_before_it_opens_the_office_edits_the_questions(office, cast):
    survey = coming_survey(cast)
    data = form_data(survey)
    data["questions-0-text"] = "My partner and I trusted each other."
    data["questions-1-choices"] = "Once\n  Twice \n\nThree times or more\n"

    response = office.post(change_url(survey), data)

    assert response.status_code == 302
    trust, meetings, _change = survey.questions.all()
    assert trust.text == "My partner and I trusted each other."
    assert meetings.choices == ["Once", "Twice", "Three times or more"]
    content = office.get(change_url(survey)).content.decode()
    assert LOCKED not in content
    assert "Once\nTwice\nThree times or more</textarea>" in content


@pytest.mark.parametrize(
    ("kind", "options", "message"),
    [
        ("single", "Only one", "Give at least two options to choose from."),
        ("multiple", "", "Give at least two options to choose from."),
        ("single", "Yes\nNo\nYes", "Each option appears once."),
        ("likert", "Red\nBlue", "Only questions with choices have options."),
    ],
)
def test_a_question_with_options_that_cannot_work_is_refused_and_says_why(
    office, cast, kind, options, message
):
    survey = coming_survey(cast)
    data = form_data(survey)
    data["questions-TOTAL_FORMS"] = 4
    data |= {
        "questions-3-position": 3,
        "questions-3-text": "Which session helped most?",
        "questions-3-help_text": "",
        "questions-3-kind": kind,
        "questions-3-choices": options,
        "questions-3-required": "on",
        "questions-3-survey": survey.pk,
    }

    response = office.post(change_url(survey), data)

    assert response.status_code == 200
    assert message in response.content.decode()
    assert survey.questions.count() == 3


@pytest.mark.parametrize("answered", [True, False], ids=["answered", "nobody-answered"])
def test_once_it_has_opened_with_them_the_questions_are_read_only(office, cast, answered):
    """Whether or not anyone has answered: a page that changed with the first answer would
    tell the office, of a survey asking one or two people, who had."""
    survey = pilot_survey(cast)
    if answered:
        answer(survey, cast.mentor)

    content = office.get(change_url(survey)).content.decode()

    assert LOCKED in content
    assert 'name="questions-0-text"' not in content
    assert 'name="questions-0-DELETE"' not in content
    assert 'name="questions-__prefix__-text"' not in content  # no blank question to add
    assert 'name="questions-MAX_NUM_FORMS" value="0"' in content
    assert "My partner and I built trust." in content  # still shown
    assert "Once; 2 or 3 times; 4 times or more" in content
    assert f'href="{results_url(survey)}"' in content


def test_once_someone_has_answered_a_forged_post_changes_no_question(office, cast):
    survey = pilot_survey(cast)
    answer(survey, cast.mentor)
    before = list(survey.questions.values_list("pk", "text", "kind", "choices"))
    data = form_data(survey, title="Spring pilot evaluation (closing soon)")
    data["questions-0-text"] = "Forged: a different question after the answers are in."
    data["questions-1-choices"] = "Forged\nOptions"
    data["questions-2-DELETE"] = "on"
    data["questions-TOTAL_FORMS"] = 4
    data |= {
        "questions-3-position": 9,
        "questions-3-text": "Forged new question",
        "questions-3-kind": "likert",
        "questions-3-required": "on",
        "questions-3-survey": survey.pk,
    }

    response = office.post(change_url(survey), data)

    assert response.status_code == 302
    assert list(survey.questions.values_list("pk", "text", "kind", "choices")) == before
    survey.refresh_from_db()
    assert survey.title == "Spring pilot evaluation (closing soon)"  # the survey itself may


def test_once_someone_has_answered_the_programme_and_audience_stay_put(office, cast):
    survey = pilot_survey(cast)
    answer(survey, cast.mentor)

    office.post(
        change_url(survey),
        form_data(survey, programme=ProgrammeFactory().pk, audience="board_members"),
    )

    survey.refresh_from_db()
    assert (survey.programme, survey.audience) == (cast.programme, "both")


def add_data(cast, **fields) -> dict:
    now = timezone.localtime()
    return form_data(
        Survey(
            programme=cast.programme,
            title="Autumn pulse",
            introduction="Three quick questions.",
            audience="mentors",
            opens_at=now + timedelta(days=2),
            closes_at=now + timedelta(days=16),
        ),
        questions=[],
        **fields,
    )


def test_the_form_states_the_minimum_group_sizes_limits(office):
    content = office.get(ADD).content.decode()

    assert (
        "From 3 to 50 people, as for the programme's own setting. The results of a smaller "
        "group are withheld."
    ) in content
    # One rule beside the box, not the column's as well.
    beside = re.search(r'id="id_min_group_size_helptext">(.*?)</div>\s*</div>', content, re.S)
    assert "From 3 to 50 people" in beside.group(1)
    assert "0 or more" not in beside.group(1)


@pytest.mark.parametrize("size", ["51", "1000", "40000"])
def test_a_minimum_group_size_past_50_is_refused_with_the_limit(office, cast, size):
    """Larger than any cohort, it would withhold every result for good."""
    response = office.post(ADD, add_data(cast, min_group_size=size))

    assert response.status_code == 200
    assert "Enter between 3 and 50 people." in response.content.decode()
    assert not Survey.objects.exists()


def test_the_form_says_whom_a_survey_emails_and_when_before_it_is_saved(office):
    content = office.get(ADD).content.decode()

    assert (
        "Everyone the survey asks is emailed on the day it opens, and those who have not "
        "answered 3 days before it closes."
    ) in content


@pytest.mark.parametrize("size", ["2", "0", "1", "-1"])
def test_a_minimum_group_size_below_3_is_refused_with_a_message(office, cast, size):
    response = office.post(ADD, add_data(cast, min_group_size=size))

    assert response.status_code == 200
    assert "The minimum group size is at least 3, so that nobody can be picked out" in (
        response.content.decode()
    )
    assert not Survey.objects.exists()


@pytest.mark.parametrize("size", ["x", "99999999"])
def test_a_minimum_group_size_that_is_not_a_size_is_refused(office, cast, size):
    response = office.post(ADD, add_data(cast, min_group_size=size))

    assert response.status_code == 200
    assert not Survey.objects.exists()


def test_an_empty_minimum_group_size_takes_the_programmes(office, cast):
    cast.programme.survey_min_group_size = 7
    cast.programme.save(update_fields=["survey_min_group_size"])

    response = office.post(ADD, add_data(cast, min_group_size=""))

    assert response.status_code == 302
    assert Survey.objects.get().min_group_size == 7


def test_a_minimum_group_size_of_3_is_kept(office, cast):
    office.post(ADD, add_data(cast, min_group_size="3"))

    assert Survey.objects.get().min_group_size == 3


def test_a_survey_that_closes_before_it_opens_is_refused_with_a_message(office, cast):
    data = add_data(cast)
    data["closes_at"] = (timezone.localdate() - timedelta(days=1)).isoformat()

    response = office.post(ADD, data)

    assert response.status_code == 200
    assert "A survey closes after it opens." in response.content.decode()
    assert not Survey.objects.exists()


def test_a_survey_in_the_year_9999_is_refused_with_a_message(office, cast):
    data = add_data(cast)
    data["closes_at"] = "9999-12-31"

    response = office.post(ADD, data)

    assert response.status_code == 200
    assert "Choose a date in the next five years." in response.content.decode()


# --- results ----------------------------------------------------------------------------------


def test_after_one_response_every_question_is_withheld_for_a_reason_said_once(office, cast):
    survey = pilot_survey(cast)
    answer(survey, cast.mentor, "Only Maya would write this.")
    close_survey(survey)

    content = office.get(results_url(survey)).content.decode()

    assert content.count(ALL_WITHHELD) == 1
    assert WITHHELD not in content  # not again under each question
    assert content.count(WITHHELD_BRIEFLY) == 3
    assert 'role="img"' not in content  # no chart
    assert "Only Maya would write this." not in content


def test_after_five_responses_the_results_are_shown_with_charts_tables_and_free_text(office, cast):
    survey = pilot_survey(cast)
    suggestions = five_answer(cast, survey)
    close_survey(survey)

    response = office.get(results_url(survey))

    content = response.content.decode()
    assert WITHHELD not in content
    # Five mentors, no board member: the total only, with the reason, once for all.
    assert content.count(NOT_APART) == 1
    assert content.count('<svg role="img"') == 2  # agree-or-disagree, and one choice
    assert 'aria-labelledby="chart-' in content
    assert "<title id=" in content
    assert "<desc id=" in content
    assert "Strongly disagree: 1; Disagree: 1; Neither agree nor disagree: 1; Agree: 1; " in content
    assert '<th scope="row">Strongly agree</th>' in content
    assert said_once(content, "Everyone", 5, "3.0")
    for suggestion in suggestions:
        # The page escapes what people wrote (a generated name may hold an apostrophe).
        assert escape(suggestion) in content
    results = response.context["results"]
    [text] = [item for item in results.questions if item.question.kind == "text"]
    assert set(text.groups[0].texts) == set(suggestions)


def test_while_the_survey_is_open_only_the_response_rate_is_shown(office, cast):
    survey = pilot_survey(cast)
    five_answer(cast, survey)

    response = office.get(results_url(survey))

    content = response.content.decode()
    assert content.count("Results are shown once the survey closes") == 1
    assert content.count(WITHHELD_BRIEFLY) == 3
    assert 'role="img"' not in content
    assert "Suggestion only" not in content
    # Two board members, fewer than the minimum: one rate, for everyone asked, and how
    # many answered withheld, as only two of the seven asked have not.
    assert [(rate.label, rate.answered) for rate in response.context["results"].rates] == [
        ("Everyone asked", None)
    ]
    csv_content = office.get(csv_url(survey)).content.decode()
    assert "Suggestion only" not in csv_content
    assert "Everyone" not in csv_content


def test_a_question_answered_by_too_few_says_why_under_it_alone(office, cast):
    survey = pilot_survey(cast)
    people = [cast.mentor, cast.other_mentor, *more_mentors(cast, 3)]
    for n, person in enumerate(people):
        answer(survey, person, suggestion=None if n == 0 else f"Suggestion {n}.")

    content = results_page(office, survey)

    # When it took answers, said as what it was, not as though it was closed between them.
    assert re.search(r"Closed: answers taken from\s+\d+ \w+ \d{4}", content)
    # Four wrote a suggestion: that question alone is withheld, and says why.
    assert content.count(WITHHELD) == 1
    assert ALL_WITHHELD not in content
    assert WITHHELD_BRIEFLY not in content
    assert "Suggestion 1." not in content
    # The two questions shown are both grouped one way: said once.
    assert content.count(NOT_APART) == 1
    assert 'role="img"' in content


def rates_read(office, survey) -> list[tuple]:
    return [
        (rate.label, rate.invited, rate.answered, rate.percent)
        for rate in office.get(results_url(survey)).context["results"].rates
    ]


def test_the_response_rate_is_shown_by_audience(office, cast):
    survey = pilot_survey(cast, min_group_size=3)
    more_mentors(cast, 1)
    BoardMemberFactory(programme=cast.programme)
    answer(survey, cast.mentor)
    answer(survey, cast.other_mentor)
    answer(survey, cast.board_member)

    assert rates_read(office, survey) == [("Mentors", 3, 2, 67), ("Board members", 3, 1, 33)]


def test_a_group_asked_fewer_than_the_minimum_has_no_rate_of_its_own(office, cast):
    """Two board members at 0% or 100% would say whether each answered: with a group asked
    fewer than the minimum, the rate is for everyone asked (a group beside the total would
    give the other away), and how many answered withheld unless at least the minimum did
    and at least the minimum did not: never, of four asked, or fewer."""
    survey = pilot_survey(cast, min_group_size=3)
    answer(survey, cast.board_member)
    answer(survey, cast.other_board_member)

    assert rates_read(office, survey) == [("Everyone asked", 4, None, None)]

    survey.audience = "board_members"
    survey.save(update_fields=["audience"])

    [(label, invited, answered, percent)] = rates_read(office, survey)
    assert (label, invited, answered, percent) == ("Everyone asked", 2, None, None)
    page = results_page(office, survey)
    assert "Not shown: it is said only when at least 3" in page
    assert "100%" not in page


def test_mentors_and_board_members_are_shown_apart_once_both_reach_the_minimum(office, cast):
    mentors = [cast.mentor, cast.other_mentor, *more_mentors(cast, 1)]
    board = [cast.board_member, cast.other_board_member]
    two_board_members = pilot_survey(cast, min_group_size=3)
    three_board_members = pilot_survey(cast, min_group_size=3)
    board_member = BoardMemberFactory(programme=cast.programme).user
    for survey in (two_board_members, three_board_members):
        for person in mentors:
            answer(survey, person, agree=5)
        for person in board:
            answer(survey, person, agree=1)
    answer(three_board_members, board_member, agree=1)

    assert "Mentors: 3 answered" not in results_page(office, two_board_members)
    content = results_page(office, three_board_members)

    assert said_once(content, "Everyone", 6, "3.0")
    assert said_once(content, "Mentors", 3, "5.0")
    assert said_once(content, "Board members", 3, "1.0")


def test_the_csv_holds_the_aggregates_and_nothing_of_any_one_response(office, cast):
    survey = pilot_survey(cast)
    suggestions = five_answer(cast, survey)
    close_survey(survey)

    response = office.get(csv_url(survey))

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == (
        f'attachment; filename="survey-{survey.pk}-results.csv"'
    )
    content = response.content.decode("utf-8-sig")
    table = list(csv.reader(io.StringIO(content)))
    assert table[0] == ["question", "group", "answered", "option", "count", "mean"]
    assert ["My partner and I built trust.", "Everyone", "5", "Agree", "1", "3"] in table
    assert ["How many times did you meet?", "Everyone", "5", "2 or 3 times", "5", ""] in table
    assert ["What should we change?", "Everyone", "5", "free text", "", ""] in table
    for suggestion in suggestions:
        assert suggestion not in content
    for response_id in Response.objects.values_list("id", flat=True):
        assert str(response_id) not in content
        assert response_id.hex not in content
    for person in Participation.objects.values_list("person__email", flat=True):
        assert person not in content


def test_the_csv_of_a_survey_answered_once_says_only_withheld(office, cast):
    survey = pilot_survey(cast)
    answer(survey, cast.mentor, "Only Maya would write this.")

    table = list(csv.reader(io.StringIO(office.get(csv_url(survey)).content.decode("utf-8-sig"))))

    assert [row[1] for row in table[1:]] == ["withheld"] * 3


def test_a_question_typed_like_a_formula_is_text_in_the_csv(office, cast):
    survey = pilot_survey(cast, min_group_size=3)
    Question.objects.filter(survey=survey, position=0).update(text="=HYPERLINK(1)")
    for person in [cast.mentor, cast.other_mentor, *more_mentors(cast, 1)]:
        answer(survey, person)

    assert "'=HYPERLINK(1)" in office.get(csv_url(survey)).content.decode()


@pytest.mark.parametrize("model", ["response", "answer", "participation"])
@pytest.mark.parametrize("page", ["changelist", "add", "change", "delete", "history"])
def test_no_admin_page_reaches_a_response_an_answer_or_a_participation(model, page):
    args = [] if page in ("changelist", "add") else [1]

    with pytest.raises(NoReverseMatch):
        reverse(f"admin:evaluation_{model}_{page}", args=args)


def test_responses_answers_and_participations_are_not_registered():
    for model in (Response, Answer, Participation):
        assert not admin.site.is_registered(model)


def test_deleting_a_survey_says_its_answers_go_with_it_never_who_gave_them_nor_how_many(
    client, cast
):
    """How many answered is the results page's to say or withhold (`answered_shown`)."""
    survey = pilot_survey(cast)
    answer(survey, cast.mentor)
    delete = reverse("admin:evaluation_survey_delete", args=[survey.pk])
    sign_in_for_real(client, cast, "superuser")

    content = client.get(delete).content.decode()

    assert "Spring pilot evaluation" in content
    assert "Spring pilot evaluation, with its questions and every answer given to it" in content
    assert "Participations" not in content
    assert "Sealed responses" not in content
    assert "Maya Mentor" not in content
    assert "maya@example.org" not in content


def test_the_office_cannot_delete_a_survey(office, cast):
    survey = pilot_survey(cast)

    assert office.get(reverse("admin:evaluation_survey_delete", args=[survey.pk])).status_code == (
        403
    )
    assert 'value="delete_selected"' not in office.get(SURVEYS).content.decode()


def test_the_office_list_of_evaluation_shows_surveys_only(office):
    content = office.get(reverse("admin:app_list", args=["evaluation"])).content.decode()

    assert "Surveys" in content
    for hidden in ("Responses", "Answers", "Participations"):
        assert hidden not in content


RESULTS_QUERIES = (
    1  # the session
    + 1  # the coordinator
    + 1  # whether they have an authenticator, are a coordinator, and their permissions
    #      (one query: accounts.access.staff_facts_read)
    + 1  # the survey and its programme
    + 1  # its questions
    + 1  # its ballots: it is open, so its answers are still sealed and only who answered
    #      in each role is read
    + 1  # who it asks, today: it is open
)


def test_the_results_page_costs_the_same_for_5_responses_as_for_40(
    office, cast, django_assert_max_num_queries
):
    survey = pilot_survey(cast)
    for person in more_mentors(cast, 5):
        answer(survey, person)
    with django_assert_max_num_queries(RESULTS_QUERIES):
        few = queries_for(office, results_url(survey))

    for n, person in enumerate(more_mentors(cast, 35)):
        answer(survey, person, f"Suggestion {n}", agree=n % 5 + 1, met=n % 3)
    with django_assert_max_num_queries(RESULTS_QUERIES):
        many = queries_for(office, results_url(survey))

    assert many == few
    assert queries_for(office, csv_url(survey)) == many


def said_once(content: str, group: str, answered: int, mean: str) -> bool:
    """A group's count under its heading and its mean below it, and neither again in the
    table of its figures (which is behind "The figures as a table")."""
    shown = re.search(
        rf"<h4>{group}: {answered} answered</h4>\s*<p>\s*Mean: <strong>{re.escape(mean)}</strong>",
        content,
    )
    return shown is not None and f"{answered} answered, mean" not in content
