"""A programme's themes and key dates, and a survey's questions, are edited on their
parent's page: a programme or a survey open in two tabs (or two coordinators' browsers), the
later save is refused when one of those rows changed or went since its page was opened,
rather than putting back the row as its page showed it, or failing on a row that is no
longer there. The page is shown again as typed, with the one error a stale programme gets
at the top (`accounts.stale_edits`). A row added on the page has nothing to compare and is
saved; a page opened once saves its rows as it always did."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from accounts.stale_edits import OPENED_AS
from evaluation.models import Question
from mentoring.models import KeyDate, Programme, ProgrammeStatus, Theme
from tests.admin_pages import as_a_browser_posts, change_url, form_data, signed_in_for_real, words
from tests.concurrency import needs_postgresql, run_now
from tests.factories import QuestionFactory, SurveyFactory

pytestmark = pytest.mark.django_db

office = signed_in_for_real("coordinator")

SAID = (
    "Since you opened this page, a change to this {} was saved in another tab or window, or by "
    "someone else, so nothing was saved"
)
STAMPLESS = "This page did not say which version of this {} it showed"


def _summary_lines(response) -> list[str]:
    """Each line of the page's error summary ("There is a problem …"); [] when none."""
    page = response.content.decode()
    found = re.search(r'<div class="alert alert-danger error-summary".*?</ul>', page, re.S)
    return (
        [words(line) for line in re.findall(r"<li>(.*?)</li>", found.group(0), re.S)]
        if found
        else []
    )


def _row(data: dict, prefix: str, row) -> str:
    """The form prefix ("themes-1") of `row` in a page's `data`."""
    [key] = [k for k, v in data.items() if re.fullmatch(rf"{prefix}-\d+-id", k) and v == row.pk]
    return key.removesuffix("-id")


def two_tabs(office, url) -> tuple[dict, dict]:
    """The page at `url` opened in two tabs, each as its browser would post it back."""
    return as_a_browser_posts(office.get(url)), as_a_browser_posts(office.get(url))


def _as_typed(response, name) -> str:
    return response.context["adminform"].form[name].value()


@pytest.fixture
def theme(cast) -> Theme:
    """A theme of the pilot that nothing chose, so that it may be deleted."""
    return Theme.objects.create(programme=cast.programme, name="Social mobility", position=5)


def test_a_theme_renamed_in_the_first_tab_is_not_put_back_by_the_second(office, cast, theme):
    url = change_url(cast.programme)
    tab_one, tab_two = two_tabs(office, url)
    row = _row(tab_one, "themes", theme)
    tab_two["organisation"] = "Typed in tab two"

    first = office.post(url, {**tab_one, f"{row}-name": "Class and background"})
    assert first.status_code == 302
    second = office.post(url, tab_two)

    assert second.status_code == 200, "the second tab's save went through"
    [said] = _summary_lines(second)  # one error, at the top
    assert said.startswith(SAID.format("programme"))
    assert _as_typed(second, "organisation") == "Typed in tab two"
    assert "Typed in tab two" in second.content.decode()
    theme.refresh_from_db()
    assert theme.name == "Class and background"
    cast.programme.refresh_from_db()
    assert cast.programme.organisation != "Typed in tab two"


def test_a_theme_renamed_in_both_tabs_keeps_the_first_name_and_shows_the_second_as_typed(
    office, cast, theme
):
    url = change_url(cast.programme)
    tab_one, tab_two = two_tabs(office, url)
    row = _row(tab_one, "themes", theme)

    assert office.post(url, {**tab_one, f"{row}-name": "Renamed in tab one"}).status_code == 302
    second = office.post(url, {**tab_two, f"{row}-name": "Renamed in tab two"})

    assert second.status_code == 200
    assert len(_summary_lines(second)) == 1
    assert 'value="Renamed in tab two"' in second.content.decode()
    assert Theme.objects.get(pk=theme.pk).name == "Renamed in tab one"


def test_a_theme_deleted_in_the_first_tab_refuses_the_second_tabs_save(office, cast, theme):
    url = change_url(cast.programme)
    tab_one, tab_two = two_tabs(office, url)
    row = _row(tab_one, "themes", theme)
    tab_two["organisation"] = "Typed in tab two"

    assert office.post(url, {**tab_one, f"{row}-DELETE": "on"}).status_code == 302
    assert not Theme.objects.filter(pk=theme.pk).exists()
    second = office.post(url, {**tab_two, f"{row}-name": "Renamed in tab two"})

    assert second.status_code == 200, "not refused as stale"
    [said] = _summary_lines(second)
    assert said.startswith(SAID.format("programme"))
    assert _as_typed(second, "organisation") == "Typed in tab two"
    assert not Theme.objects.filter(pk=theme.pk).exists(), "the deleted theme came back"
    assert not Theme.objects.filter(name="Renamed in tab two").exists()
    cast.programme.refresh_from_db()
    assert cast.programme.organisation != "Typed in tab two"


def test_a_tab_whose_theme_was_renamed_is_refused_before_it_is_asked_to_close(
    office, cast, theme, mailoutbox
):
    url = change_url(cast.programme)
    tab_one, tab_two = two_tabs(office, url)
    row = _row(tab_one, "themes", theme)
    assert office.post(url, {**tab_one, f"{row}-name": "Renamed in tab one"}).status_code == 302

    closing = {"status": ProgrammeStatus.CLOSED, "recruitment_open": False}
    response = office.post(url, {**tab_two, **closing})

    assert response.status_code == 200
    assert "adminform" in response.context, "the stale tab was asked before it was refused"
    [said] = _summary_lines(response)
    assert said.startswith(SAID.format("programme"))
    assert _as_typed(response, "status") == ProgrammeStatus.CLOSED
    assert Programme.objects.get(pk=cast.programme.pk).status == ProgrammeStatus.ACTIVE
    assert Theme.objects.get(pk=theme.pk).name == "Renamed in tab one"
    assert not mailoutbox


def test_a_key_date_changed_in_the_first_tab_is_not_put_back_by_the_second(office, cast):
    key_date = KeyDate.objects.create(
        programme=cast.programme, label="Mentor briefings", date=timezone.localdate()
    )
    url = change_url(cast.programme)
    tab_one, tab_two = two_tabs(office, url)
    row = _row(tab_one, "key_dates", key_date)
    moved = timezone.localdate() + timedelta(days=7)

    assert office.post(url, {**tab_one, f"{row}-date": moved.isoformat()}).status_code == 302
    second = office.post(url, {**tab_two, "name": "Renamed in tab two"})

    assert second.status_code == 200
    assert len(_summary_lines(second)) == 1
    assert KeyDate.objects.get(pk=key_date.pk).date == moved
    assert Programme.objects.get(pk=cast.programme.pk).name != "Renamed in tab two"


def test_a_page_opened_once_saves_its_themes_as_it_always_did(office, cast, theme):
    url = change_url(cast.programme)
    data = form_data(office.get(url))
    row = _row(data, "themes", theme)

    saved = office.post(url, {**data, f"{row}-name": "Renamed once", "organisation": "Changed"})

    assert saved.status_code == 302, _summary_lines(saved)
    assert Theme.objects.get(pk=theme.pk).name == "Renamed once"
    # Reloaded, the page carries the stamps of the rows as they are now.
    data = form_data(office.get(url))
    assert office.post(url, {**data, f"{row}-name": "Renamed again"}).status_code == 302
    assert Theme.objects.get(pk=theme.pk).name == "Renamed again"


def test_a_theme_added_on_a_page_opened_now_is_saved(office, cast):
    url = change_url(cast.programme)
    data = form_data(office.get(url))
    blank = f"themes-{int(data['themes-TOTAL_FORMS']) - 1}"
    assert f"{blank}-{OPENED_AS}" not in data, "a new row carries a stamp"

    saved = office.post(url, {**data, f"{blank}-name": "Disability", f"{blank}-position": "9"})

    assert saved.status_code == 302, _summary_lines(saved)
    assert Theme.objects.filter(programme=cast.programme, name="Disability").exists()


def test_a_theme_posted_with_no_stamp_is_refused_as_a_page_that_said_nothing(office, cast, theme):
    """A page opened before its rows were stamped (or a post made by hand) says what it
    showed of the programme, but not of its themes: refused, saying so."""
    url = change_url(cast.programme)
    data = form_data(office.get(url))
    row = _row(data, "themes", theme)
    del data[f"{row}-{OPENED_AS}"]

    response = office.post(url, {**data, f"{row}-name": "Typed with no stamp"})

    assert response.status_code == 200
    [said] = _summary_lines(response)
    assert said.startswith(STAMPLESS.format("programme"))
    assert Theme.objects.get(pk=theme.pk).name == "Social mobility"


def test_the_rows_stamps_are_hidden_on_the_page(office, cast, theme):
    page = office.get(change_url(cast.programme)).content.decode()
    row = _row(form_data(office.get(change_url(cast.programme))), "themes", theme)
    assert f'type="hidden" name="{row}-{OPENED_AS}"' in page


@pytest.mark.django_db(transaction=True)
@needs_postgresql
def test_a_theme_renamed_by_someone_else_while_this_save_runs_is_not_undone(
    office, cast, theme, monkeypatch
):
    """The themes are compared as read under the programme's lock as the save writes, not
    as the page's forms were made: a rename committed in between is not undone either."""
    from mentoring.admin.programmes import ProgrammeAdminForm

    url = change_url(cast.programme)
    data = {**form_data(office.get(url)), "organisation": "Typed in tab two"}
    clean = ProgrammeAdminForm.clean

    def clean_while_tab_one_saves(form):
        assert run_now(lambda: Theme.objects.filter(pk=theme.pk).update(name="Renamed in tab one"))
        return clean(form)

    monkeypatch.setattr(ProgrammeAdminForm, "clean", clean_while_tab_one_saves)
    response = office.post(url, data)

    assert response.status_code == 200
    assert _summary_lines(response)[0].startswith(SAID.format("programme"))
    assert Theme.objects.get(pk=theme.pk).name == "Renamed in tab one"
    cast.programme.refresh_from_db()
    assert cast.programme.organisation != "Typed in tab two"


# --- a survey's questions ---------------------------------------------------------------------


@pytest.fixture
def coming_survey(cast):
    """A survey opening in a month: its questions may still change. Its opening is to the
    second, as its page posts it: saved from the page, the survey itself is as it was."""
    survey = SurveyFactory(
        programme=cast.programme,
        title="Mid-year check-in",
        opens_at=(timezone.now() + timedelta(days=30)).replace(microsecond=0),
    )
    QuestionFactory(survey=survey, position=0, text="How are the meetings going?")
    QuestionFactory(survey=survey, position=1, text="What would you change?")
    return survey


def test_a_question_reworded_in_the_first_tab_is_not_put_back_by_the_second(office, coming_survey):
    first_question = coming_survey.questions.get(position=0)
    url = change_url(coming_survey)
    tab_one, tab_two = two_tabs(office, url)
    row = _row(tab_one, "questions", first_question)

    reworded = {**tab_one, f"{row}-text": "How often do you meet?"}
    assert office.post(url, reworded).status_code == 302
    second = office.post(url, {**tab_two, "title": "Typed in tab two"})

    assert second.status_code == 200
    [said] = _summary_lines(second)
    assert said.startswith(SAID.format("survey"))
    assert _as_typed(second, "title") == "Typed in tab two"
    assert Question.objects.get(pk=first_question.pk).text == "How often do you meet?"
    coming_survey.refresh_from_db()
    assert coming_survey.title == "Mid-year check-in"


def test_a_question_deleted_in_the_first_tab_refuses_the_second_tabs_save(office, coming_survey):
    second_question = coming_survey.questions.get(position=1)
    url = change_url(coming_survey)
    tab_one, tab_two = two_tabs(office, url)
    row = _row(tab_one, "questions", second_question)

    assert office.post(url, {**tab_one, f"{row}-DELETE": "on"}).status_code == 302
    second = office.post(url, {**tab_two, f"{row}-text": "Reworded in tab two"})

    assert second.status_code == 200
    [said] = _summary_lines(second)
    assert said.startswith(SAID.format("survey"))
    assert not Question.objects.filter(pk=second_question.pk).exists()
    assert coming_survey.questions.count() == 1


def test_a_survey_opened_once_saves_a_reworded_and_an_added_question(office, coming_survey):
    first_question = coming_survey.questions.get(position=0)
    url = change_url(coming_survey)
    data = as_a_browser_posts(office.get(url))
    row = _row(data, "questions", first_question)
    blank = f"questions-{int(data['questions-TOTAL_FORMS']) - 1}"

    saved = office.post(
        url,
        {
            **data,
            f"{row}-text": "Reworded once",
            f"{blank}-position": "2",
            f"{blank}-text": "Anything else?",
            f"{blank}-kind": "text",
        },
    )

    assert saved.status_code == 302, _summary_lines(saved)
    assert Question.objects.get(pk=first_question.pk).text == "Reworded once"
    assert coming_survey.questions.filter(text="Anything else?").exists()
