"""A survey that has closed after asking its questions never opens again: its results could
be read once it closed, and comparing them with the results after one more answer would show
what that person said, free text included. Whether anyone answered does not matter, so the
refusal says nothing of it (of a survey asking one or two people, it would say who had).
The office is told why beside the closing date and pointed to a copy; nothing is saved. A
survey that closed without asking anything may still open again. One rule decides
(`Survey.reopening_refused`), which the change form reaches through the model's clean, so
any other path that validates the survey meets it too."""

from datetime import UTC, datetime, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from evaluation.admin.surveys import LOCKED_NOTICE
from evaluation.models import REOPENING_REFUSED, Survey, reopens
from evaluation.services import SurveyError, survey_answer, surveys_mark_asked
from tests.admin_pages import as_a_browser_posts, change_url, confirmed, signed_in_for_real, words
from tests.concurrency import needs_postgresql
from tests.factories import MentorFactory, QuestionFactory, SurveyFactory
from tests.migrations import migrate_to, migrate_to_latest
from tests.surveys import closed_asking_nothing, coming_up

pytestmark = pytest.mark.django_db

office = signed_in_for_real("coordinator")


def results_url(survey):
    return reverse("admin:evaluation_survey_results", args=[survey.pk])


def as_shown(office, url, **changes) -> dict:
    """The change form at `url` as a browser posts it back, with `changes` typed in."""
    return {**as_a_browser_posts(office.get(url)), **changes}


def shown(page) -> str:
    return words(page.content.decode())


def beside_the_closing_date(page) -> str:
    """The words in the closing date's row of the form: its label, box, help and errors."""
    content = page.content.decode()
    row = content.split("field-closes_at", 1)[1].split("field-min_group_size", 1)[0]
    return words(row)


def days_from_today(days: int) -> str:
    return (timezone.localdate() + timedelta(days=days)).isoformat()


def pilot_answered_by_three(cast) -> Survey:
    """Open, with a minimum group of 3, and three mentors' answers in: Maya, Omar and one
    more."""
    survey = SurveyFactory(
        programme=cast.programme,
        title="Spring pilot evaluation",
        audience="mentors",
        opens_at=timezone.now() - timedelta(days=5),
        min_group_size=3,
    )
    question = QuestionFactory(survey=survey, text="What should we change?", kind="text")
    third = MentorFactory(programme=cast.programme).applicant
    for person, text in [
        (cast.mentor, "Longer meetings."),
        (cast.other_mentor, "A shared agenda."),
        (third, "More training."),
    ]:
        survey_answer(survey=survey, person=person, answers={question.pk: text})
    return survey


def closed_by_the_office(office, survey) -> Survey:
    """The office sets the last day to yesterday and says yes to closing it now."""
    url = change_url(survey)
    page = office.post(url, as_shown(office, url, closes_at=days_from_today(-1)))
    assert "Save and close now" in page.content.decode()
    assert office.post(url, confirmed(page)).status_code == 302
    survey.refresh_from_db()
    assert not survey.is_open
    return survey


# --- refused ----------------------------------------------------------------------------------


def test_closing_reading_the_results_then_opening_again_is_refused_and_saves_nothing(office, cast):
    survey = closed_by_the_office(office, pilot_answered_by_three(cast))
    assert "A shared agenda." in office.get(results_url(survey)).content.decode()
    closed_at = survey.closes_at
    url = change_url(survey)

    page = office.post(url, as_shown(office, url, closes_at=days_from_today(7)))

    assert page.status_code == 200
    assert REOPENING_REFUSED in beside_the_closing_date(page)
    assert "Copy the selected surveys" in REOPENING_REFUSED
    assert "Save and open now" not in page.content.decode()  # not even asked
    survey.refresh_from_db()
    assert survey.closes_at == closed_at
    assert not survey.is_open
    # Nobody can slip one more answer in.
    with pytest.raises(SurveyError, match="This survey has closed"):
        survey_answer(
            survey=survey, person=cast.board_member, answers={survey.questions.get().pk: "x"}
        )


def test_a_yes_forged_for_opening_again_is_refused_all_the_same(office, cast):
    survey = closed_by_the_office(office, pilot_answered_by_three(cast))
    closed_at = survey.closes_at
    url = change_url(survey)
    typed = as_shown(office, url, closes_at=days_from_today(7))

    page = office.post(url, {**typed, "confirmed": "yes", "seen_effect": "reopens"})

    assert page.status_code == 200
    assert REOPENING_REFUSED in beside_the_closing_date(page)
    survey.refresh_from_db()
    assert survey.closes_at == closed_at


def test_moving_both_dates_later_so_that_it_opens_again_next_week_is_refused_too(office, cast):
    survey = closed_by_the_office(office, pilot_answered_by_three(cast))
    next_week = timezone.localtime() + timedelta(days=7)
    url = change_url(survey)

    page = office.post(
        url,
        as_shown(
            office,
            url,
            opens_at_0=f"{next_week:%Y-%m-%d}",
            opens_at_1="00:00:00",
            closes_at=days_from_today(14),
        ),
    )

    assert page.status_code == 200
    assert REOPENING_REFUSED in beside_the_closing_date(page)
    survey.refresh_from_db()
    assert not survey.is_open
    assert survey.opens_at < timezone.now()


def test_the_rule_holds_for_any_path_that_validates_the_survey(cast):
    survey = pilot_answered_by_three(cast)
    Survey.objects.filter(pk=survey.pk).update(closes_at=timezone.now() - timedelta(hours=1))
    survey.refresh_from_db()
    survey.closes_at = timezone.now() + timedelta(days=7)

    with pytest.raises(ValidationError) as refused:
        survey.full_clean()

    assert refused.value.message_dict == {"closes_at": [REOPENING_REFUSED]}


# --- still allowed ----------------------------------------------------------------------------


def test_a_closed_survey_with_answers_may_still_move_its_last_day_within_the_past(office, cast):
    survey = closed_by_the_office(office, pilot_answered_by_three(cast))
    url = change_url(survey)

    response = office.post(url, as_shown(office, url, closes_at=days_from_today(-2)))

    assert response.status_code == 302
    survey.refresh_from_db()
    assert survey.last_day == timezone.localdate() - timedelta(days=2)


def test_the_form_says_beforehand_that_a_survey_closed_after_asking_cannot_open_again(office, cast):
    survey = SurveyFactory(programme=cast.programme)

    page = office.get(change_url(survey))

    assert (
        "Once it has closed after asking its questions, it cannot open again."
        in beside_the_closing_date(page)
    )


def closed_asking_the_two_board_members(cast) -> Survey:
    """Closed yesterday, for board members (the cast has two), with a minimum of 3."""
    opened = timezone.now() - timedelta(days=20)
    survey = SurveyFactory(
        programme=cast.programme,
        title="Board pulse",
        audience="board_members",
        opens_at=opened,
        closes_at=opened + timedelta(days=30),  # open yet: closed once answered
        min_group_size=3,
    )
    QuestionFactory(survey=survey, position=0, text="My mentor helped me see things anew.")
    return survey


def test_opening_again_a_survey_that_asked_is_refused_alike_whether_or_not_anyone_answered(
    office, cast
):
    """Before, a survey nobody answered opened again and one somebody answered did not: for a
    survey asking two board members, the refusal told the office that Bola or Olive had
    answered (and the change page's lock, as it appeared, when). Two such surveys, Bola
    answered one: the office's pages read word for word the same."""
    answered, unanswered = (closed_asking_the_two_board_members(cast) for _ in "ab")
    survey_answer(
        survey=answered, person=cast.board_member, answers={answered.questions.get().pk: 4}
    )
    surveys_mark_asked()  # as beat did, each minute they were open
    Survey.objects.update(closes_at=timezone.now() - timedelta(days=1))

    def pages(survey) -> tuple[str, str]:
        url = change_url(survey)
        form = office.get(url)
        refused = office.post(url, as_shown(office, url, closes_at=days_from_today(7)))
        return shown(form), shown(refused)

    assert pages(answered) == pages(unanswered)
    assert REOPENING_REFUSED in pages(answered)[1]
    assert not Survey.objects.filter(closes_at__gt=timezone.now()).exists()


def test_a_survey_that_closed_without_asking_anything_opens_again(office, cast):
    survey = closed_asking_nothing(cast)
    url = change_url(survey)

    response = office.post(url, as_shown(office, url, closes_at=days_from_today(7)))

    # Asking nothing, nobody is emailed: saved at once, its first question asks first.
    assert response.status_code == 302
    survey.refresh_from_db()
    assert survey.is_open
    assert survey.last_day == timezone.localdate() + timedelta(days=7)


def test_a_survey_that_asked_and_closed_unanswered_stays_asked(office, cast):
    """Open with a question for days (beat kept that it asked), closed with nobody's answer:
    locked, and refused reopening, as one somebody answered is."""
    survey = closed_asking_the_two_board_members(cast)
    surveys_mark_asked()
    Survey.objects.filter(pk=survey.pk).update(closes_at=timezone.now() - timedelta(days=1))
    url = change_url(survey)

    page = office.post(url, as_shown(office, url, closes_at=days_from_today(7)))

    assert LOCKED_NOTICE in shown(office.get(url))
    assert REOPENING_REFUSED in beside_the_closing_date(page)


FIRST_QUESTION = {
    "questions-0-position": "0",
    "questions-0-text": "Our meetings are worth the time.",
    "questions-0-kind": "likert",
    "questions-0-required": "on",
}


def given_questions_while_closed(office, cast) -> Survey:
    """A survey that closed 10 days ago with no question (it never asked anyone), given its
    first question in a save that leaves its dates alone."""
    survey = closed_asking_nothing(cast)
    url = change_url(survey)
    response = office.post(url, as_shown(office, url, **FIRST_QUESTION))
    assert response.status_code == 302, shown(response)
    survey.refresh_from_db()
    assert not survey.is_open
    return survey


def test_questions_given_to_a_closed_survey_that_never_asked_stay_editable(office, cast):
    """It asked nobody: the page does not say it has asked, and the office can still mend
    the questions it just wrote."""
    survey = given_questions_while_closed(office, cast)

    content = office.get(change_url(survey)).content.decode()

    assert LOCKED_NOTICE not in words(content)
    assert 'name="questions-0-text"' in content


def test_a_closed_survey_given_questions_it_never_asked_may_open_again(office, cast):
    """The same change in one save (questions and a later last day) is accepted; in two
    saves, it was refused as "closed after asking its questions", which was untrue."""
    survey = given_questions_while_closed(office, cast)
    url = change_url(survey)

    page = office.post(url, as_shown(office, url, closes_at=days_from_today(7)))

    assert REOPENING_REFUSED not in shown(page)
    assert "Open “Spring pilot evaluation” again now?" in shown(page)


def test_a_coming_up_survey_closed_before_it_ever_opened_has_asked_nobody(office, cast):
    """Both dates moved a year back by a mistyped year, and "Close now?" said yes to: it never
    opened, so it is not locked, and its dates may move back to next week."""
    survey = coming_up(cast)
    opens_at = survey.opens_at
    url = change_url(survey)
    a_year_ago = timezone.localtime() - timedelta(days=365)
    page = office.post(
        url,
        as_shown(
            office,
            url,
            opens_at_0=f"{a_year_ago:%Y-%m-%d}",
            opens_at_1="00:00:00",
            closes_at=(a_year_ago + timedelta(days=14)).date().isoformat(),
        ),
    )
    assert "Save and close now" in page.content.decode()
    office.post(url, confirmed(page))
    survey.refresh_from_db()
    assert survey.closes_at < timezone.now()

    assert LOCKED_NOTICE not in shown(office.get(url))
    moved_back = office.post(
        url,
        as_shown(
            office,
            url,
            opens_at_0=f"{timezone.localtime(opens_at):%Y-%m-%d}",
            opens_at_1="00:00:00",
            closes_at=(timezone.localdate(opens_at) + timedelta(days=14)).isoformat(),
        ),
    )
    assert REOPENING_REFUSED not in words(moved_back.content.decode())
    survey.refresh_from_db()
    assert survey.opens_at > timezone.now()


# --- the dates alone: no database -------------------------------------------------------------

NOW = datetime(2026, 12, 2, 10, 0, tzinfo=UTC)
DAY = timedelta(days=1)


@pytest.mark.parametrize(
    ("was_closes_at", "closes_at", "moves_into_the_future"),
    [
        (None, NOW + DAY, False),  # a new survey
        (NOW - DAY, NOW + DAY, True),  # closed, closing moved past now
        (NOW, NOW + timedelta(seconds=1), True),  # closed this very moment
        (NOW - DAY, NOW - 2 * DAY, False),  # closed, moved within the past
        (NOW - DAY, NOW, False),  # closed, moved to now: still closed
        (NOW + DAY, NOW + 2 * DAY, False),  # open, kept open longer
        (NOW + DAY, NOW - DAY, False),  # open, closed now
    ],
)
def test_a_save_reopens_a_survey_only_when_its_closing_moves_from_the_past_to_the_future(
    was_closes_at, closes_at, moves_into_the_future
):
    assert reopens(was_closes_at=was_closes_at, closes_at=closes_at, now=NOW) is (
        moves_into_the_future
    )


@needs_postgresql
@pytest.mark.django_db(transaction=True)
def test_surveys_from_before_the_change_are_taken_as_asking_from_their_opening(cast):
    """Before `asked_at`, a survey had asked once it opened with a question, or once anyone
    answered: the migration keeps that for each; one still to come, or with no question
    and no answer, has not."""
    opened = closed_asking_the_two_board_members(cast)
    answered = SurveyFactory(programme=cast.programme, audience="board_members")
    answered.participations.create(person=cast.board_member)
    coming = coming_up(cast)
    empty = closed_asking_nothing(cast)

    migrate_to([("evaluation", "0012_applications_that_left_remember_they_were_accepted")])
    migrate_to_latest()

    kept = dict(Survey.objects.values_list("pk", "asked_at"))
    assert kept[opened.pk] == opened.opens_at
    assert kept[answered.pk] == answered.opens_at
    assert kept[coming.pk] is None
    assert kept[empty.pk] is None
