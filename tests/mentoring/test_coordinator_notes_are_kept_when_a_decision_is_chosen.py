"""The decision buttons on an application's page send its form: what the coordinator typed
in "Coordinator notes" is saved before the decision's confirmation opens, so it is there
after "No, go back" and after "Yes"."""

import html

import pytest
from django.urls import reverse

from mentoring.models import ApplicationStatus
from mentoring.services.decisions import application_decide
from tests.admin_pages import form_data, messages_shown, signed_in_for_real
from tests.factories import application_from

pytestmark = pytest.mark.django_db

office = signed_in_for_real("coordinator")  # Carmen: password, then authenticator code

NOTES = "Spoke to Priya on the phone: keen, but away in March."


@pytest.fixture
def priya(cast):
    return application_from(cast.programme, "Priya Patel")


def change_url(application):
    return reverse("admin:mentoring_mentorapplication_change", args=[application.pk])


def choose_decision(client, application, status, **typed):
    """Click a decision button on the application's page, after typing `typed`."""
    url = change_url(application)
    page = client.get(url)
    assert f'name="_decide" value="{status}"' in page.content.decode()
    seen = {"_decision_seen": application.status}
    return client.post(url, {**form_data(page), **seen, **typed, "_decide": status})


def notes_shown(client, application) -> str:
    return (
        client.get(change_url(application)).context["adminform"].form["coordinator_notes"].value()
    )


def test_declining_saves_the_notes_then_asks_to_confirm(office, priya, mailoutbox):
    response = choose_decision(office, priya, "declined", coordinator_notes=NOTES)

    decide = reverse("admin:mentoring_mentorapplication_decide", args=[priya.pk, "declined"])
    assert response.status_code == 302
    assert response.url == f"{decide}?seen=submitted"
    confirmation = office.get(response.url)
    assert "Decline 1 application?" in html.unescape(confirmation.content.decode())
    priya.refresh_from_db()
    assert priya.coordinator_notes == NOTES
    assert priya.status == ApplicationStatus.SUBMITTED  # nothing decided yet
    assert mailoutbox == []


def test_the_notes_are_there_after_no_go_back(office, priya):
    confirmation = office.get(
        choose_decision(office, priya, "declined", coordinator_notes=NOTES).url
    )

    assert confirmation.context["back_url"] == change_url(priya)
    assert notes_shown(office, priya) == NOTES


def test_the_notes_are_there_after_the_decision(
    office, priya, mailoutbox, django_capture_on_commit_callbacks
):
    response = choose_decision(office, priya, "waitlisted", coordinator_notes=NOTES)
    with django_capture_on_commit_callbacks(execute=True):
        done = office.post(
            response.url.split("?")[0], {"seen": "submitted", "confirmed": "yes"}, follow=True
        )

    assert messages_shown(done) == [
        "1 application put on the waiting list; each applicant has been emailed."
    ]
    priya.refresh_from_db()
    assert priya.status == ApplicationStatus.WAITLISTED
    assert notes_shown(office, priya) == NOTES


def test_a_decision_chosen_on_a_page_out_of_date_is_refused_and_the_notes_kept(
    office, cast, priya, mailoutbox
):
    url = change_url(priya)
    page = office.get(url)
    # Meanwhile another coordinator puts it on the waiting list.
    application_decide(application=priya, status=ApplicationStatus.WAITLISTED, by=cast.superuser)

    response = office.post(
        url,
        {
            **form_data(page),
            "coordinator_notes": NOTES,
            "_decision_seen": "submitted",
            "_decide": "declined",
        },
        follow=True,
    )

    assert response.redirect_chain[-1][0] == url
    assert "nobody" in " ".join(messages_shown(response))
    priya.refresh_from_db()
    assert priya.status == ApplicationStatus.WAITLISTED
    assert priya.coordinator_notes == NOTES
