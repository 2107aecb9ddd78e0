"""Saving or submitting the application form from a tab opened before the application was
sent (or withdrawn): nothing is saved, and the answer is the sent application's own page,
read-only, saying why, with what was typed shown back to copy, never the draft's form
again, whose Save and Submit could only be refused once more."""

import re

import pytest
from django.urls import reverse

from mentoring.models import ApplicationStatus
from mentoring.services.applications import application_submit
from tests.admin_pages import words
from tests.cast import from_the_cast
from tests.factories import DraftApplicationFactory, MentorApplicationFactory

pytestmark = pytest.mark.django_db

programme = from_the_cast("programme")
applicant = from_the_cast("outsider")  # Olu, signed-up staff, in no programme yet

TYPED_BIO = "Olu's <b>new</b> bio & more"


@pytest.fixture
def sent_application(programme, applicant):
    return MentorApplicationFactory(programme=programme, applicant=applicant)


def from_the_old_tab(client, applicant, programme, **data):
    client.force_login(applicant)
    url = f"{reverse('apply')}?programme={programme.slug}"
    return client.post(url, {"bio": TYPED_BIO, "department": "Print Room", **data})


@pytest.mark.parametrize("button", ["save", "submit"])
def test_the_sent_application_is_shown_with_no_form_to_save_or_submit(
    client, applicant, programme, sent_application, button
):
    response = from_the_old_tab(client, applicant, programme, **{button: "1"})
    markup = response.content.decode()
    page = words(markup)

    assert response.status_code == 200
    assert "so it can no longer be changed" in page
    assert "Nothing is sent until you submit" not in page
    assert 'name="submit"' not in markup
    assert 'name="save"' not in markup
    assert "<textarea" not in markup
    # The sent application's own page, as /apply/ shows it.
    assert "Your application" in page
    assert "What you told us" in page


def test_nothing_is_saved(client, applicant, programme, sent_application):
    before = sent_application.updated_at

    from_the_old_tab(client, applicant, programme, save="1")

    sent_application.refresh_from_db()
    assert sent_application.bio != TYPED_BIO
    assert sent_application.department != "Print Room"
    assert sent_application.updated_at == before
    assert sent_application.status == ApplicationStatus.SUBMITTED


def test_what_was_typed_is_shown_back_read_only_to_copy(
    client, applicant, programme, sent_application
):
    response = from_the_old_tab(client, applicant, programme, save="1")
    markup = response.content.decode()
    page = words(markup)

    typed = page.split("What you had typed, not saved", 1)[1].split("What you told us")[0]
    assert "A short bio for the board member you will mentor " + TYPED_BIO in typed
    assert "Department Print Room" in typed
    # Escaped, as text to read, and in no box to edit.
    assert "Olu&#x27;s &lt;b&gt;new&lt;/b&gt; bio &amp; more" in markup
    assert "<b>new</b>" not in markup


def test_the_one_error_summary_says_nothing_was_saved_and_takes_focus(
    client, applicant, programme, sent_application
):
    markup = from_the_old_tab(client, applicant, programme, save="1").content.decode()

    assert markup.count("data-error-summary") == 1
    summary = words(
        re.search(r'<div class="alert alert-danger error-summary".*?</div>', markup, re.S)[0]
    )
    assert summary.startswith(
        "There is a problem Nothing was saved. You submitted this application"
    )
    assert re.search(r"<title>Error: Your application", markup)


def test_reading_the_sent_application_says_no_problem(
    client, applicant, programme, sent_application
):
    client.force_login(applicant)
    markup = client.get(f"{reverse('apply')}?programme={programme.slug}").content.decode()

    assert "data-error-summary" not in markup
    assert "What you had typed" not in markup


def test_a_withdrawn_application_is_shown_alike(client, applicant, programme):
    MentorApplicationFactory(
        programme=programme, applicant=applicant, status=ApplicationStatus.WITHDRAWN
    )

    response = from_the_old_tab(client, applicant, programme, save="1")
    page = words(response.content.decode())

    assert "You withdrew this application, so it can no longer be changed." in page
    assert 'name="save"' not in response.content.decode()
    assert TYPED_BIO in page


def test_sent_from_another_tab_while_saving_is_shown_alike(
    client, applicant, programme, monkeypatch
):
    draft = DraftApplicationFactory(programme=programme, applicant=applicant)
    import mentoring.views.applications as views

    save = views.application_save_draft

    def sent_first(**kwargs):
        application_submit(application=draft)  # the other tab's, just before this save
        return save(**kwargs)

    monkeypatch.setattr(views, "application_save_draft", sent_first)

    response = from_the_old_tab(client, applicant, programme, save="1")
    page = words(response.content.decode())

    assert "so it can no longer be changed" in page
    assert 'name="save"' not in response.content.decode()
    assert TYPED_BIO in page
