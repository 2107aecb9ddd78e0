"""Who reaches the survey pages: every URL of the answering side, asked for by each person of
the shared cast. Anonymous visitors are sent to sign in; the programme's mentors and board
members answer; anyone a survey does not ask (the coordinator, a superuser, an outsider, or
anyone for another programme's survey) gets a 404, as if the survey did not exist. Also the
"Surveys" link in the navigation, and the pages' query counts."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from evaluation.audience import role_in
from evaluation.models import Participation, Response, SurveyAudience
from evaluation.selectors import asked_by_any_survey
from tests.cast import ROLES, sign_in_as
from tests.factories import (
    BoardMemberFactory,
    MentorApplicationFactory,
    MentorFactory,
    ProgrammeFactory,
    QuestionFactory,
    SurveyFactory,
    UserFactory,
    add_one_question_of_each_kind,
)

pytestmark = pytest.mark.django_db

LOGIN = reverse("account_login")
ALL_ROLES = [*ROLES, "outsider"]
# The programme's accepted mentors and board members who have joined: both pairs of the cast.
ASKED = ["mentor", "board_member", "other_mentor"]
NOT_ASKED = ["coordinator", "superuser", "outsider"]


@pytest.fixture
def survey(cast):
    survey = SurveyFactory(programme=cast.programme, title="Pilot evaluation")
    add_one_question_of_each_kind(survey)
    return survey


def _request(client, method, url):
    return client.get(url) if method == "GET" else client.post(url, {"action": "submit"})


# --- /surveys/ --------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ALL_ROLES)
def test_the_survey_list_answers_each_person_of_the_cast(client, cast, survey, role):
    sign_in_as(client, cast, role)

    response = client.get(reverse("surveys"))

    if role == "anonymous":
        assert response.status_code == 302
        assert response.url.startswith(LOGIN)
        return
    html = response.content.decode()
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    if role in ASKED:
        assert "Open for you" in html
        assert "Pilot evaluation" in html
        assert reverse("survey_answer", args=[survey.pk]) in html
    else:
        assert "Pilot evaluation" not in html
        assert "Open for you" not in html


def test_a_person_asked_by_no_survey_is_told_why_the_list_is_empty(client, cast):
    client.force_login(cast.outsider)

    html = client.get(reverse("surveys")).content.decode()

    assert "No survey asks you for your views at the moment." in html
    assert (
        "The programme office asks the accepted mentors and the board members of a programme"
        in html
    )
    assert "you will get an email" in html


@pytest.mark.parametrize("role", ["mentor", "board_member"])
def test_a_mentor_or_board_member_no_survey_asks_is_not_told_surveys_are_for_others(
    client, cast, role
):
    sign_in_as(client, cast, role)

    html = client.get(reverse("surveys")).content.decode()

    assert "No survey asks you for your views at the moment." in html
    # What the page says of who is asked fits them: it names who is asked and when, and
    # does not tell an accepted mentor or a board member that surveys are for those.
    assert "Surveys are for the accepted mentors" not in html
    assert "some surveys ask only those in a pair, and none asks anyone before they joined" in (
        html
    )


@pytest.mark.parametrize("role", ["coordinator", "superuser"])
def test_a_coordinator_in_no_programme_is_told_surveys_are_built_in_the_office(
    client, cast, survey, role
):
    sign_in_as(client, cast, role)

    html = client.get(reverse("surveys")).content.decode()

    assert "No survey asks you for your views at the moment." in html
    assert "You take part in no programme as either." in html
    assert "you build surveys and read their results" in html
    assert reverse("admin:index") in html


def test_the_list_sorts_surveys_by_where_they_stand_for_the_person(client, cast):
    now = timezone.now()

    def make(title, opens, closes):
        survey = SurveyFactory(
            programme=cast.programme,
            title=title,
            opens_at=now + timedelta(days=opens),
            closes_at=now + timedelta(days=closes),
            # Asking from its opening, as beat kept it: one that never asked is not listed.
            asked_at=now + timedelta(days=opens) if opens < 0 else None,
        )
        QuestionFactory(survey=survey)
        return survey

    open_one = make("Open pulse", -1, 5)
    answered = make("Answered pulse", -2, 6)
    make("Next pulse", 10, 20)
    make("Old pulse", -40, -20)
    SurveyFactory(programme=cast.programme, title="Board only", audience="board_members")
    Participation.objects.create(survey=answered, person=cast.mentor)
    # Someone else's answer leaves the survey open for them.
    Participation.objects.create(survey=open_one, person=cast.other_mentor)
    client.force_login(cast.mentor)

    html = client.get(reverse("surveys")).content.decode()

    sections = ["Open for you", "Open pulse", "Answered", "Answered pulse", "Coming up"]
    sections += ["Next pulse", "Closed", "Old pulse"]
    positions = [html.index(text) for text in sections]
    assert positions == sorted(positions)
    assert "cannot be changed" in html
    assert f"opens on {timezone.localtime(now + timedelta(days=10)):%A %-d %B %Y}" in html
    assert "Board only" not in html
    # Only the open survey is offered as something to do.
    assert re.findall(r'href="/surveys/(\d+)/"', html) == [str(open_one.pk)]


# --- /surveys/<id>/ ---------------------------------------------------------------------------


@pytest.mark.parametrize("method", ["GET", "POST"])
@pytest.mark.parametrize("role", ALL_ROLES)
def test_a_survey_answers_only_the_people_it_asks(client, cast, survey, role, method):
    sign_in_as(client, cast, role)
    url = reverse("survey_answer", args=[survey.pk])

    response = _request(client, method, url)

    if role == "anonymous":
        assert response.status_code == 302
        assert response.url.startswith(LOGIN)
    elif role in ASKED:
        assert response.status_code == 200
        assert "no-store" in response["Cache-Control"]
        assert "<h1>Pilot evaluation</h1>" in response.content.decode()
    else:
        assert role in NOT_ASKED
        assert response.status_code == 404
        assert "Pilot evaluation" not in response.content.decode()
    assert not Participation.objects.exists()
    assert not Response.objects.exists()


def test_the_other_pairs_board_member_is_asked_too(client, cast, survey):
    client.force_login(cast.other_board_member)

    assert client.get(reverse("survey_answer", args=[survey.pk])).status_code == 200


@pytest.mark.parametrize("method", ["GET", "POST"])
@pytest.mark.parametrize("role", ["mentor", "board_member", "other_mentor"])
def test_another_programmes_survey_is_not_found(client, cast, role, method):
    elsewhere = SurveyFactory(programme=ProgrammeFactory(), title="Another cohort's evaluation")
    add_one_question_of_each_kind(elsewhere)
    sign_in_as(client, cast, role)

    response = _request(client, method, reverse("survey_answer", args=[elsewhere.pk]))

    assert response.status_code == 404
    assert not Participation.objects.exists()


@pytest.mark.parametrize("pk", [987654, 2**63, 10**30])
def test_a_survey_that_does_not_exist_is_not_found(client, cast, pk):
    client.force_login(cast.mentor)

    assert client.get(f"/surveys/{pk}/").status_code == 404


def test_a_waitlisted_applicant_is_not_asked(client, cast, survey):
    applicant = UserFactory()
    MentorApplicationFactory(programme=cast.programme, applicant=applicant, status="waitlisted")
    client.force_login(applicant)

    assert client.get(reverse("survey_answer", args=[survey.pk])).status_code == 404


# --- the navigation ---------------------------------------------------------------------------

NAV_LINK = ">Surveys</a>"


@pytest.mark.parametrize("role", ALL_ROLES)
def test_the_surveys_link_shows_only_to_people_a_survey_asks(client, cast, survey, role):
    sign_in_as(client, cast, role)

    html = client.get(reverse("dashboard") if role != "anonymous" else "/").content.decode()

    assert (NAV_LINK in html) == (role in ASKED)


def test_no_surveys_link_before_any_survey_asks_the_person(client, cast):
    SurveyFactory(programme=cast.programme, audience=SurveyAudience.BOARD_MEMBERS)
    client.force_login(cast.mentor)

    assert NAV_LINK not in client.get(reverse("dashboard")).content.decode()


def test_the_surveys_link_stays_once_answered_and_after_closing(client, cast, survey):
    Participation.objects.create(survey=survey, person=cast.mentor)
    survey.opens_at = timezone.now() - timedelta(days=30)
    survey.closes_at = timezone.now() - timedelta(days=10)
    survey.asked_at = survey.opens_at  # answered: it has asked
    survey.save()
    client.force_login(cast.mentor)

    html = client.get(reverse("surveys")).content.decode()

    assert 'aria-current="page" href="/surveys/">Surveys</a>' in html


@pytest.mark.parametrize("audience", SurveyAudience.values)
@pytest.mark.parametrize(
    "person",
    ["accepted mentor", "board member", "both", "waitlisted", "mentor elsewhere", "nobody"],
)
def test_the_navigations_one_query_agrees_with_who_a_survey_asks(audience, person):
    programme = ProgrammeFactory()
    survey = SurveyFactory(programme=programme, audience=audience)
    QuestionFactory(survey=survey)  # offered: the navigation lists only such a survey
    someone = UserFactory()
    if person in ("accepted mentor", "both"):
        MentorFactory(programme=programme, applicant=someone)
    if person in ("board member", "both"):
        BoardMemberFactory(programme=programme, user=someone)
    if person == "waitlisted":
        MentorApplicationFactory(programme=programme, applicant=someone, status="waitlisted")
    if person == "mentor elsewhere":
        MentorFactory(applicant=someone)

    assert asked_by_any_survey(someone) == (role_in(survey, someone) is not None)


# --- query counts -----------------------------------------------------------------------------


def give_surveys(programme, person, count):
    """`count` surveys of every stage, with questions, a third of them answered by `person`."""
    now = timezone.now()
    stages = [(-1, 10), (5, 20), (-30, -10)]
    for n in range(count):
        opens, closes = stages[n % 3]
        survey = SurveyFactory(
            programme=programme,
            opens_at=now + timedelta(days=opens, minutes=n),
            closes_at=now + timedelta(days=closes, minutes=n),
        )
        QuestionFactory.create_batch(2, survey=survey)
        if n % 3 == 1:
            Participation.objects.create(survey=survey, person=person)


# 1 session, 2 user, then 3 the person's surveys, each with its programme, the person's sides
# there and whether they answered it (one query); then the navigation: 4 the current
# programme, 5 whether a coordinator, 6 whether a board member, 7 whether an applicant in the
# running, 8 whether any survey asks them.
LIST_QUERIES = 8


@pytest.mark.parametrize("count", [3, 30])
@pytest.mark.parametrize("role", ["mentor", "board_member"])
def test_the_survey_list_costs_the_same_for_few_and_many_surveys(
    client, cast, django_assert_max_num_queries, role, count
):
    person = sign_in_as(client, cast, role)
    give_surveys(cast.programme, person, count)

    with django_assert_max_num_queries(LIST_QUERIES):
        response = client.get(reverse("surveys"))

    assert response.content.decode().count("Answer the survey") == len(range(0, count, 3))


# 1 session, 2 user, 3 the survey with its programme, the person's sides there (as an
# accepted mentor, as a board member) and whether they answered it, 4 its questions; then
# the navigation: 5 the current programme, 6 whether a coordinator, 7 whether a board member,
# 8 whether an applicant in the running, 9 whether any survey asks them.
FORM_QUERIES = 9


@pytest.mark.parametrize("count", [5, 50])
@pytest.mark.parametrize("action", ["GET", "check", "change"])
def test_the_survey_page_costs_the_same_for_few_and_many_questions(
    client, cast, django_assert_max_num_queries, action, count
):
    survey = SurveyFactory(programme=cast.programme)
    questions = QuestionFactory.create_batch(count, survey=survey)
    client.force_login(cast.mentor)
    url = reverse("survey_answer", args=[survey.pk])
    data = {f"question_{question.pk}": "3" for question in questions}

    with django_assert_max_num_queries(FORM_QUERIES):
        if action == "GET":
            response = client.get(url)
        else:
            response = client.post(url, {**data, "action": action})

    assert response.status_code == 200
    assert response.content.decode().count("Strongly agree") == (count if action != "check" else 0)
