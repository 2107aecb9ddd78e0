"""Making a draft programme active sets its reminders going: everyone its open surveys ask is
emailed that they are open at the next run. The save went straight through, unasked; now it
is asked first, naming them, and only "Yes" saves. A programme with nothing under way and
nobody to email is saved at once."""

import pytest

from mentoring.models import ProgrammeStatus
from tests.admin_pages import change_url, confirmed, recipients_named, save_change_form, words
from tests.factories import ProgrammeFactory, draft_with_an_open_survey

pytestmark = pytest.mark.django_db


def survey_emails(mailoutbox, title) -> list[str]:
    return sorted(a for m in mailoutbox if title in m.subject for a in m.to)


@pytest.fixture
def draft_with_a_survey():
    return draft_with_an_open_survey()


def test_making_a_draft_with_an_open_survey_active_names_who_is_emailed_first(
    office, draft_with_a_survey, mailoutbox, dispatch
):
    url = change_url(draft_with_a_survey)

    page = save_change_form(office, url, status=ProgrammeStatus.ACTIVE)
    dispatch()

    assert page.status_code == 200
    said = words(page.content.decode())
    assert "Make 2027/28 cohort active?" in said
    assert "publishes its page" in said
    assert recipients_named(page) == [
        "Ada Early (ada@example.org): told “Starting out” is open, unless they have answered",
        "Ben Board (ben@example.org): told “Starting out” is open, unless they have answered",
    ]
    draft_with_a_survey.refresh_from_db()
    assert draft_with_a_survey.status == ProgrammeStatus.DRAFT
    assert survey_emails(mailoutbox, "Starting out") == []

    saved = office.post(url, confirmed(page))
    dispatch()

    assert saved.status_code == 302
    draft_with_a_survey.refresh_from_db()
    assert draft_with_a_survey.status == ProgrammeStatus.ACTIVE
    assert survey_emails(mailoutbox, "Starting out") == ["ada@example.org", "ben@example.org"]


def test_a_post_without_the_yes_saves_nothing_as_when_enter_is_pressed(office, draft_with_a_survey):
    url = change_url(draft_with_a_survey)

    save_change_form(office, url, status=ProgrammeStatus.ACTIVE, confirmed="yes")

    draft_with_a_survey.refresh_from_db()
    assert draft_with_a_survey.status == ProgrammeStatus.DRAFT


def test_a_draft_with_nothing_under_way_is_made_active_at_once(office):
    empty = ProgrammeFactory(
        name="Empty", slug="empty", status=ProgrammeStatus.DRAFT, recruitment_open=False
    )

    response = save_change_form(office, change_url(empty), status=ProgrammeStatus.ACTIVE)

    assert response.status_code == 302
    empty.refresh_from_db()
    assert empty.status == ProgrammeStatus.ACTIVE
