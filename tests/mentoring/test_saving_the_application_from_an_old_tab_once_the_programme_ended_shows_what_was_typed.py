"""Olu's form, in a tab opened before the office closed the programme: his Save or Submit
saves nothing (a closed programme takes no more applications), and the page he is given
shows back what he had typed, to copy, saying why nothing was saved; never a redirect that
drops it. His application sent (or withdrawn) meanwhile: its own page, as while the
programme ran (test_an_application_sent_meanwhile_is_not_offered_as_a_draft_again.py). A
draft, or none yet: the ended programme's page, with his draft as saved below."""

import pytest
from django.urls import reverse

from mentoring.models import ApplicationStatus, MentorApplication, ProgrammeStatus
from tests.admin_pages import words
from tests.cast import from_the_cast
from tests.factories import DraftApplicationFactory, MentorApplicationFactory

pytestmark = pytest.mark.django_db

programme = from_the_cast("programme")
applicant = from_the_cast("outsider")  # Olu, signed-up staff, in no programme yet

TYPED_BIO = "A bio I spent an hour on"


@pytest.fixture(autouse=True)
def closed(programme):
    programme.status, programme.recruitment_open = ProgrammeStatus.CLOSED, False
    programme.save()


def from_the_old_tab(client, applicant, programme, button="save"):
    client.force_login(applicant)
    url = f"{reverse('apply')}?programme={programme.slug}"
    data = {"bio": TYPED_BIO, "department": "Print Room", button: "1"}
    return client.post(url, data, follow=True)


@pytest.mark.parametrize("button", ["save", "submit"])
def test_a_sent_application_is_shown_with_what_was_typed(client, applicant, programme, button):
    sent = MentorApplicationFactory(programme=programme, applicant=applicant)
    before = sent.updated_at

    response = from_the_old_tab(client, applicant, programme, button)
    page = words(response.content.decode())

    assert response.redirect_chain == []
    assert "Nothing was saved. You submitted this application on" in page
    typed = page.split("What you had typed, not saved", 1)[1].split("What you told us")[0]
    assert TYPED_BIO in typed
    assert "Department Print Room" in typed
    told = page.split("What you told us", 1)[1]
    assert TYPED_BIO not in told, "what was typed, read back as what was sent"
    assert sent.bio in told
    sent.refresh_from_db()
    assert sent.updated_at == before
    assert sent.bio != TYPED_BIO


def test_a_withdrawn_application_is_shown_alike(client, applicant, programme):
    MentorApplicationFactory(
        programme=programme, applicant=applicant, status=ApplicationStatus.WITHDRAWN
    )

    page = words(from_the_old_tab(client, applicant, programme).content.decode())

    assert "You withdrew this application, so it can no longer be changed." in page
    assert TYPED_BIO in page


@pytest.mark.parametrize("button", ["save", "submit"])
def test_a_draft_is_not_saved_and_what_was_typed_is_shown_beside_it(
    client, applicant, programme, button
):
    draft = DraftApplicationFactory(programme=programme, applicant=applicant, bio="As saved")

    response = from_the_old_tab(client, applicant, programme, button)
    markup = response.content.decode()
    page = words(markup)

    assert response.redirect_chain == []
    assert "This programme has ended" in page
    assert "Nothing was saved. 2026/27 pilot has ended, so it takes no more applications." in page
    typed = page.split("What you had typed, not saved", 1)[1].split("Your draft")[0]
    assert TYPED_BIO in typed
    assert "As saved" in page.split("Your draft", 1)[1]
    assert TYPED_BIO not in page.split("Your draft", 1)[1], "what was typed, read as saved"
    assert "<title>Error: 2026/27 pilot has ended" in markup
    assert "<textarea" not in markup
    draft.refresh_from_db()
    assert draft.bio == "As saved"
    assert draft.status == ApplicationStatus.DRAFT


def test_no_application_is_started_and_what_was_typed_is_shown(client, applicant, programme):
    page = words(from_the_old_tab(client, applicant, programme).content.decode())

    assert TYPED_BIO in page.split("What you had typed, not saved", 1)[1]
    assert not MentorApplication.objects.filter(applicant=applicant).exists()


def test_reading_the_ended_programme_says_no_problem(client, applicant, programme):
    DraftApplicationFactory(programme=programme, applicant=applicant)
    client.force_login(applicant)

    markup = client.get(f"{reverse('apply')}?programme={programme.slug}").content.decode()

    assert "data-error-summary" not in markup
    assert "What you had typed" not in markup
