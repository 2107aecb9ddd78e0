"""Saving a survey in the programme office that opens it now (and so emails everyone it
asks) or closes it now shows a confirmation first, saying what happens and to whom; only its
"Save and open now" / "Save and close now" saves. A post without that answer (Enter pressed
in the title, say) saves nothing; "No, go back" shows the form as typed. A save that opens
later, or changes neither, goes straight through."""

from datetime import timedelta

import pytest
from django.db import DatabaseError, connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.models import OutboxMessage
from evaluation.admin.surveys import OPENS_WITH_ITS_FIRST_QUESTION, SurveyAdmin
from evaluation.audience import people_asked
from evaluation.models import Survey
from evaluation.services import survey_answer
from mentoring.models import ProgrammeStatus
from tests.admin_pages import (
    as_a_browser_posts,
    change_url,
    confirmed,
    messages_shown,
    recipients_named,
    sign_in_for_real,
    signed_in_for_real,
    went_back,
    words,
)
from tests.cast import ROLES, WITHOUT_AUTHENTICATOR
from tests.factories import MentorFactory, QuestionFactory, SurveyFactory, UserFactory
from tests.opened_now import post_opened_now
from tests.surveys import (
    ADD,
    NO_QUESTION,
    THE_CAST,
    an_hour_ago,
    closed_asking_nothing,
    coming_up,
    new_survey,
    shown,
    when,
)

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:evaluation_survey_changelist")

office = signed_in_for_real("coordinator")


def as_shown(office, url, **changes) -> dict:
    """The change form at `url` as a browser posts it back, with `changes` typed in."""
    return {**as_a_browser_posts(office.get(url)), **changes}


# --- adding a survey that opens now -----------------------------------------------------------


def test_adding_a_survey_that_opens_now_asks_first_naming_everyone_it_emails(office, cast):
    page = office.post(ADD, new_survey(cast, an_hour_ago()))

    assert page.status_code == 200
    assert "Open “Autumn pulse” now?" in shown(page)
    assert "Opening it now emails the 4 people it asks that it is open" in shown(page)
    assert "Who the survey asks (4)" in shown(page)
    assert recipients_named(page) == THE_CAST
    assert 'value="Save and open now"' in page.content.decode()
    assert not Survey.objects.exists()


def test_a_post_without_the_confirmation_saves_nothing_as_when_enter_is_pressed(office, cast):
    # Enter in the title field posts the change form as it is: no confirmation in it.
    typed = new_survey(cast, an_hour_ago())
    page = office.post(ADD, typed)
    # A "Yes" that does not say to what (a forged or half-copied post) is asked again too.
    forged = office.post(ADD, {**typed, "confirmed": "yes"})

    assert "Save and open now" in page.content.decode()
    assert "Save and open now" in forged.content.decode()
    assert not Survey.objects.exists()


def test_save_and_open_now_saves_the_survey_and_its_questions_as_typed(office, cast):
    page = office.post(ADD, new_survey(cast, an_hour_ago()))

    response = office.post(ADD, confirmed(page))

    assert response.status_code == 302
    assert response.url == CHANGELIST
    survey = Survey.objects.get()
    assert (survey.title, survey.is_open) == ("Autumn pulse", True)
    assert [q.text for q in survey.questions.all()] == ["Our meetings are worth the time."]


def test_go_back_shows_the_form_as_typed_and_saves_nothing(office, cast):
    page = office.post(ADD, new_survey(cast, an_hour_ago(), title="Autumn pulse, typed"))

    back = office.post(ADD, went_back(page))

    assert back.status_code == 200
    assert not Survey.objects.exists()
    assert messages_shown(back) == [
        "Nothing was saved. Here is the survey as you typed it; Save asks again before it "
        "opens or closes, or before its closing reminder is emailed."
    ]
    content = back.content.decode()
    assert 'value="Autumn pulse, typed"' in content
    assert "Our meetings are worth the time." in content
    assert "There is a problem" not in content
    # Saving from there asks again.
    again = office.post(ADD, new_survey(cast, an_hour_ago(), title="Autumn pulse, typed"))
    assert "Save and open now" in again.content.decode()
    assert not Survey.objects.exists()


def test_a_survey_that_opens_later_is_saved_at_once(office, cast):
    tomorrow = timezone.now() + timedelta(days=1)

    response = office.post(ADD, new_survey(cast, tomorrow))

    assert response.status_code == 302
    assert Survey.objects.get().title == "Autumn pulse"


def test_a_survey_with_errors_shows_them_rather_than_the_confirmation(office, cast):
    page = office.post(ADD, new_survey(cast, an_hour_ago(), title=""))

    assert "There is a problem" in page.content.decode()
    assert "Save and open now" not in page.content.decode()


@pytest.mark.parametrize("role", [*ROLES, WITHOUT_AUTHENTICATOR, "no longer a coordinator"])
def test_only_the_office_is_shown_whom_a_survey_asks(client, cast, role):
    sign_in_for_real(client, cast, "coordinator" if role == "no longer a coordinator" else role)
    if role == "no longer a coordinator":
        cast.coordinator.groups.clear()  # still staff, without the survey permissions

    page = client.post(ADD, new_survey(cast, an_hour_ago()), follow=True)

    may = role in ("coordinator", "superuser")
    assert ("Save and open now" in page.content.decode()) is may
    assert ("maya@example.org" in page.content.decode()) is may
    assert not Survey.objects.exists()


# --- changing a survey ------------------------------------------------------------------------


def test_bringing_a_surveys_opening_forward_to_now_asks_first(office, cast):
    survey = coming_up(cast)
    url = change_url(survey)
    typed = as_shown(office, url, **when(an_hour_ago()), _save="Save")
    typed["questions-0-text"] = "My partner and I trusted each other."

    page = office.post(url, typed)

    assert "Open “Spring pilot evaluation” now?" in shown(page)
    assert recipients_named(page) == THE_CAST
    survey.refresh_from_db()
    assert not survey.is_open
    assert survey.questions.get().text == "My partner and I built trust."

    back = office.post(url, went_back(page))
    assert "My partner and I trusted each other." in back.content.decode()
    assert back.context["adminform"].form["opens_at"].value() == [
        typed["opens_at_0"],
        typed["opens_at_1"],
    ]

    office.post(url, confirmed(page))
    survey.refresh_from_db()
    assert survey.is_open
    assert survey.questions.get().text == "My partner and I trusted each other."


def test_editing_an_open_survey_that_stays_open_asks_nothing(office, cast):
    survey = SurveyFactory(programme=cast.programme, title="Spring pilot evaluation")
    url = change_url(survey)

    response = office.post(url, as_shown(office, url, title="Spring evaluation"))

    assert response.status_code == 302
    survey.refresh_from_db()
    assert survey.title == "Spring evaluation"


def test_an_open_surveys_opening_cannot_move_later_shutting_out_those_told(office, cast):
    survey = SurveyFactory(programme=cast.programme, title="Spring pilot evaluation")
    QuestionFactory(survey=survey)  # asking something, it was shown and emailed
    opened = survey.opens_at
    url = change_url(survey)

    page = office.post(url, as_shown(office, url, **when(timezone.now() + timedelta(days=3))))

    assert page.status_code == 200
    assert (
        f"The survey is open already (since {survey.opens_in_words()}), so its opening cannot "
        "move. To stop it, set its last day to yesterday."
    ) in shown(page)
    survey.refresh_from_db()
    assert survey.opens_at == opened


def test_moving_an_open_surveys_last_day_into_the_past_asks_before_closing_it(office, cast):
    survey = SurveyFactory(
        programme=cast.programme,
        title="Spring pilot evaluation",
        opens_at=timezone.now() - timedelta(days=5),
    )
    QuestionFactory(survey=survey)
    survey_answer(survey=survey, person=cast.mentor, answers={survey.questions.get().pk: 4})
    url = change_url(survey)
    yesterday = timezone.localdate() - timedelta(days=1)

    page = office.post(url, as_shown(office, url, closes_at=yesterday.isoformat()))

    assert "Close “Spring pilot evaluation” now?" in shown(page)
    # Four asked, fewer than twice the minimum of 5: how many answered is withheld, as the
    # results page withholds it (it could say who did).
    assert (
        "The 4 people it asks can no longer answer it; how many have answered is not said: "
        "it is said only when at least 5"
    ) in shown(page)
    assert "Nobody is emailed." in shown(page)
    assert recipients_named(page) == []  # who has answered is nobody's business here
    assert 'value="Save and close now"' in page.content.decode()
    survey.refresh_from_db()
    assert survey.is_open

    office.post(url, confirmed(page))
    survey.refresh_from_db()
    assert not survey.is_open
    assert survey.last_day == yesterday


def test_moving_a_closed_surveys_last_day_past_today_asks_before_opening_it_again(office, cast):
    """Only a survey that closed without asking anything opens again
    (`Survey.reopening_refused`): here, given its first question in the same save."""
    survey = closed_asking_nothing(cast)
    url = change_url(survey)
    next_week = timezone.localdate() + timedelta(days=7)
    first_question = {
        "questions-0-position": "0",
        "questions-0-text": "Our meetings are worth the time.",
        "questions-0-kind": "likert",
        "questions-0-required": "on",
    }

    page = office.post(
        url, as_shown(office, url, closes_at=next_week.isoformat(), **first_question)
    )

    assert "Open “Spring pilot evaluation” again now?" in shown(page)
    assert "without asking anything" in shown(page)
    assert "the 4 people it asks can answer it" in shown(page)
    assert recipients_named(page) == THE_CAST
    survey.refresh_from_db()
    assert not survey.is_open
    assert not survey.questions.exists()

    office.post(url, confirmed(page))
    survey.refresh_from_db()
    assert survey.is_open
    assert survey.questions.get().text == "Our meetings are worth the time."


def test_a_yes_to_another_effect_than_saving_has_now_is_asked_again(office, cast):
    survey = coming_up(cast)
    url = change_url(survey)
    typed = as_shown(office, url, **when(an_hour_ago()))
    stale = {**confirmed(office.post(url, typed)), "seen_effect": ["closes"]}

    page = office.post(url, stale)

    assert "Open “Spring pilot evaluation” now?" in shown(page)
    assert messages_shown(page) == [
        "What saving does has changed since that page was shown: here it is now."
    ]
    survey.refresh_from_db()
    assert not survey.is_open


# --- who it says is affected ------------------------------------------------------------------


def test_the_count_and_the_names_are_those_people_asked_gives(office, cast):
    """Only for people in a pair: a mentor without a pair is not asked, so not named."""
    MentorFactory(programme=cast.programme, applicant=UserFactory(full_name="Una Unpaired"))
    survey = coming_up(cast)
    survey.pairs_only = True
    survey.save(update_fields=["pairs_only"])
    url = change_url(survey)

    page = office.post(url, as_shown(office, url, **when(an_hour_ago())))

    survey.refresh_from_db()
    survey.opens_at = an_hour_ago()
    asked = people_asked([survey])[survey.pk]
    assert len(asked) == 4
    assert f"emails the {len(asked)} people it asks" in shown(page)
    assert recipients_named(page) == THE_CAST
    assert "Una Unpaired" not in shown(page)


def test_when_the_programme_is_closed_the_page_says_nobody_is_emailed(office, cast):
    cast.programme.status, cast.programme.recruitment_open = ProgrammeStatus.CLOSED, False
    cast.programme.save(update_fields=["status", "recruitment_open"])

    page = office.post(ADD, new_survey(cast, an_hour_ago()))

    assert "Its programme is closed, so nobody is emailed about the survey." in shown(page)


def test_the_confirmation_costs_the_same_queries_for_many_people_as_for_few(office, cast):
    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            page = office.post(ADD, new_survey(cast, an_hour_ago()))
        assert "Save and open now" in page.content.decode()
        return len(captured)

    few = queries()
    for _ in range(30):
        MentorFactory(programme=cast.programme)

    assert queries() == few


def test_a_survey_open_now_with_no_question_is_saved_promising_nothing(office, cast):
    """A survey asks nobody until it has a question (nobody sees it, nobody is emailed):
    set up open with none yet, it is saved without a confirmation promising emails, and
    says that its first question will open it, which asks first."""
    saved = office.post(ADD, new_survey(cast, an_hour_ago(), **NO_QUESTION))

    assert saved.status_code == 302
    assert OPENS_WITH_ITS_FIRST_QUESTION in messages_shown(office.get(saved.url))
    assert Survey.objects.get().questions.count() == 0
    assert not OutboxMessage.objects.exists()


def test_its_first_question_asks_first_naming_those_it_asks(office, cast):
    office.post(ADD, new_survey(cast, an_hour_ago(), **NO_QUESTION))
    survey = Survey.objects.get()

    page = post_opened_now(
        office, change_url(survey), new_survey(cast, an_hour_ago(), title="Still being written")
    )

    assert "Open “Still being written” now?" in shown(page)
    assert recipients_named(page) == THE_CAST


def test_a_double_click_on_save_and_open_now_opens_one_survey(
    office, cast, django_capture_on_commit_callbacks
):
    """A "Yes" pressed twice adds one survey: each confirmation's token is claimed in the
    shared cache (`SurveyAdmin._added_already`). Other confirmations say a second "Yes" (a
    double click) changes nothing and
    emails nobody. "Save and open now" clicked twice made two open surveys, and everyone it
    asks was emailed twice that "Autumn pulse" is open."""
    page = office.post(ADD, new_survey(cast, an_hour_ago()))
    assert "Open “Autumn pulse” now?" in words(page.content.decode())
    yes = confirmed(page)
    with django_capture_on_commit_callbacks(execute=True):  # the survey it added, remembered
        office.post(ADD, yes)
    office.post(ADD, yes)  # the second click of a double click

    assert Survey.objects.filter(title="Autumn pulse").count() == 1
    (survey,) = Survey.objects.filter(title="Autumn pulse")
    again = office.post(ADD, yes, follow=True)
    assert again.redirect_chain[-1][0] == reverse(
        "admin:evaluation_survey_change", args=[survey.pk]
    )
    assert "This survey was saved already" in words(again.content.decode())


def test_closing_a_survey_that_has_not_asked_yet_says_nobody_could_answer_it(office, cast):
    """A survey to come, its dates both moved into the past (a mistyped year): saving closes
    it before it ever asked. Its page does not say that those it asks "can no longer answer
    it", nor how many have: nobody could, and it stays editable."""
    survey = coming_up(cast)
    url = change_url(survey)
    opens = timezone.now() - timedelta(days=20)
    yesterday = timezone.localdate() - timedelta(days=1)

    page = office.post(url, as_shown(office, url, **when(opens), closes_at=yesterday.isoformat()))

    assert "Close “Spring pilot evaluation” before it asks anyone?" in shown(page)
    assert "The survey has not asked anyone yet. As its closing (" in shown(page)
    assert (
        "saving closes it without its ever asking: the 4 people it would ask cannot answer "
        "it, and nobody is emailed."
    ) in shown(page)
    assert "can no longer answer" not in shown(page)
    assert "answered" not in shown(page)
    office.post(url, confirmed(page))
    survey.refresh_from_db()
    assert survey.last_day == yesterday
    assert not survey.has_asked()


def test_a_yes_whose_save_failed_can_be_pressed_again(office, cast, monkeypatch):
    """The "Yes" claims its token before saving (`SurveyAdmin._added_already`): when the
    save then fails (the database gone for a moment), nothing was added, and the same "Yes"
    pressed again adds the survey rather than answering "saved already" and losing it."""
    page = office.post(ADD, new_survey(cast, an_hour_ago()))
    yes = confirmed(page)
    save_related = SurveyAdmin.save_related

    def fails_once(self, *args):
        monkeypatch.setattr(SurveyAdmin, "save_related", save_related)
        raise DatabaseError("the database went away for a moment")

    monkeypatch.setattr(SurveyAdmin, "save_related", fails_once)
    with pytest.raises(DatabaseError):
        office.post(ADD, yes)
    assert not Survey.objects.exists()

    again = office.post(ADD, yes, follow=True)

    assert "This survey was saved already" not in words(again.content.decode())
    (survey,) = Survey.objects.filter(title="Autumn pulse")
    assert survey.questions.get().text == "Our meetings are worth the time."
