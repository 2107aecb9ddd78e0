"""The page for writing to a group carries a hidden token, so that the same message sends
once however often it is submitted. A page sent back without one, or with one that is no
token at all (tampered with, or cut short), is out of date: it is said once, at the top,
nothing is sent and nobody is emailed, and the page opens again with what was typed and a
token of its own. No error points at the hidden field, which nobody could see or correct."""

import uuid

import pytest
from django.core import mail

from accounts.models import OutboxMessage
from mentoring.models import CohortMessage
from tests.admin_pages import messages_shown, words
from tests.cast import sign_in_as
from tests.cohort_messages import ADD, BODY, compose, people_beyond_the_cast, preview

pytestmark = pytest.mark.django_db

people = people_beyond_the_cast()

OUT_OF_DATE = "This page was out of date, so nothing was sent and nobody was emailed."


@pytest.fixture
def office(client, cast, people):
    sign_in_as(client, cast, "coordinator")
    return client


@pytest.mark.parametrize("token", ["not-a-token", "", "0" * 31])
@pytest.mark.parametrize("step", ["preview", "confirm", "edit"])
def test_a_page_with_a_mangled_token_is_out_of_date_said_once_and_nobody_is_emailed(
    office, step, token, django_capture_on_commit_callbacks
):
    data = compose(office, "mentors")
    fingerprint = preview(office, data).context["fingerprint"]

    with django_capture_on_commit_callbacks(execute=True):
        response = office.post(
            ADD, {**data, "token": token, "step": step, "fingerprint": fingerprint}
        )

    assert response.status_code == 200
    page = words(response.content.decode())
    assert page.count(OUT_OF_DATE) == 1
    assert "UUID" not in page
    assert "There is a problem" not in page
    assert 'href="#id_token"' not in response.content.decode()
    form = response.context["form"]
    assert not form.is_bound
    assert (form["subject"].value(), form["body"].value()) == ("The evaluation session", BODY)
    assert form["audience"].value() == "mentors"
    assert uuid.UUID(str(form["token"].value())) != uuid.UUID(str(data["token"]))
    assert OutboxMessage.objects.count() == 0
    assert mail.outbox == []
    assert CohortMessage.objects.count() == 0
    assert messages_shown(office.get(ADD)) == [], "said again on the next page"


def test_the_page_opened_again_sends_once_its_preview_is_confirmed(
    office, django_capture_on_commit_callbacks
):
    data = compose(office, "mentors")
    opened_again = office.post(ADD, {**data, "token": "not-a-token", "step": "preview"})
    data["token"] = opened_again.context["form"]["token"].value()

    previewed = preview(office, data)
    with django_capture_on_commit_callbacks(execute=True):
        sent = office.post(
            ADD, {**data, "step": "confirm", "fingerprint": previewed.context["fingerprint"]}
        )

    assert sent.status_code == 302
    assert len(mail.outbox) == 3
    assert CohortMessage.objects.count() == 1


def test_the_page_opened_again_draws_what_was_typed_as_the_boxes_read_it(office):
    """As every box sent back draws it: a NUL pasted into the message (which a browser
    shows as "\ufffd" if drawn back, and would send again) taken out."""
    data = compose(office, "mentors")

    response = office.post(
        ADD, {**data, "body": f"Dear all,\x00\r\n{BODY}", "token": "", "step": "preview"}
    )

    assert response.context["form"]["body"].value() == f"Dear all,\n{BODY}"
