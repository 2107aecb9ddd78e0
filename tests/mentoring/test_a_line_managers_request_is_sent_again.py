"""The programme office sends a line manager's request again, from the list of requests: a
confirmation names who will be emailed first; on "Yes" they get a new link and the old one no
longer works. For one request the address can be corrected on the way, under the rule the
application form uses."""

import re

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import AuditAction, OutboxMessage
from mentoring.models import ApplicationStatus, LineManagerRequest
from tests.admin_pages import (
    confirmed,
    messages_shown,
    recipients_named,
    trail_of,
    unchanged_named,
    words,
)
from tests.factories import UserFactory, line_manager_asked

pytestmark = pytest.mark.django_db

REQUESTS = reverse("admin:mentoring_linemanagerrequest_changelist")


def answer_url(token: str) -> str:
    return reverse("line_manager_answer", args=[token])


@pytest.fixture
def waiting(cast):
    """Lena's application, waiting for Lee (lee@example.org) to answer."""
    request = line_manager_asked(
        cast.programme,
        UserFactory(full_name="Lena Late", email="lena@example.org"),
        "lee@example.org",
        token="the-first-link",
    )
    request.application.line_manager_name = "Lee Manager"
    request.application.save(update_fields=["line_manager_name"])
    return request


@pytest.fixture
def answered(cast):
    return line_manager_asked(
        cast.programme,
        UserFactory(full_name="Ann Answered"),
        "ann.boss@example.org",
        decision="agreed",
        answered_at=timezone.now(),
    )


def choose(client, *requests):
    return client.post(
        REQUESTS, {"action": "send_again", "_selected_action": [r.pk for r in requests]}
    )


def test_the_office_is_asked_first_naming_who_is_emailed_and_who_is_not(
    office, waiting, answered, mailoutbox
):
    page = choose(office, waiting, answered)

    assert recipients_named(page) == ["Lee Manager (lee@example.org): line manager of Lena Late"]
    assert unchanged_named(page) == ["Line manager of Ann Answered: answered already"]
    assert "Yes, email 1 line manager" in page.content.decode()
    assert mailoutbox == []


def test_yes_sends_a_new_link_and_the_old_one_stops_working(
    client, office, waiting, mailoutbox, django_capture_on_commit_callbacks
):
    chosen = {"action": "send_again", "_selected_action": [waiting.pk]}
    form = confirmed(office.post(REQUESTS, chosen))

    with django_capture_on_commit_callbacks(execute=True):
        # The address as the page shows it.
        response = office.post(
            REQUESTS, {**chosen, **form, "email": "lee@example.org"}, follow=True
        )

    assert messages_shown(response) == ["1 line manager asked again, with a new link."]
    [asked_again] = trail_of(waiting)
    assert asked_again.action == AuditAction.LINE_MANAGER_ASKED_AGAIN
    assert asked_again.get_action_display() == "Line manager asked again"
    [mail] = mailoutbox
    assert mail.to == ["lee@example.org"]
    new = LineManagerRequest.objects.get(pk=waiting.pk)
    assert new.token != "the-first-link"
    assert answer_url(new.token) in mail.body
    assert answer_url(new.token) in mail.alternatives[0][0]
    office.logout()
    assert client.get(answer_url("the-first-link")).status_code == 404
    assert "Lena Late has applied" in client.get(answer_url(new.token)).content.decode()


def test_the_confirmation_does_not_send_on_enter(office, waiting):
    page = choose(office, waiting)

    form = re.search(
        r"<form [^>]*>(?:(?!</form>).)*Yes, email 1 line manager", page.content.decode(), re.S
    )
    assert form, "no confirmation form with the Yes button"
    assert "data-enter-does-not-submit" in form.group(0).split(">")[0]


def test_a_corrected_address_is_named_on_the_page_before_anything_is_sent(
    office, waiting, mailoutbox
):
    chosen = {"action": "send_again", "_selected_action": [waiting.pk]}
    page = office.post(REQUESTS, chosen)
    assert 'value="lee@example.org"' in page.content.decode()
    assert recipients_named(page) == ["Lee Manager (lee@example.org): line manager of Lena Late"]

    # Corrected, then Enter (or "Yes") pressed: the page named the old address.
    again = office.post(REQUESTS, {**chosen, **confirmed(page), "email": "lee.manager@example.org"})

    assert recipients_named(again) == [
        "Lee Manager (lee.manager@example.org): line manager of Lena Late"
    ]
    assert (
        "The address is now lee.manager@example.org, as typed (the request went to "
        "lee@example.org before). Nothing has been sent"
    ) in words(again.content.decode())
    assert 'value="lee.manager@example.org"' in again.content.decode()
    assert mailoutbox == []
    assert OutboxMessage.objects.count() == 0
    assert LineManagerRequest.objects.get(pk=waiting.pk).token == "the-first-link"


def test_yes_on_the_page_naming_the_corrected_address_sends_to_it(
    office, waiting, mailoutbox, django_capture_on_commit_callbacks
):
    chosen = {"action": "send_again", "_selected_action": [waiting.pk]}
    typed = {"email": "lee.manager@example.org"}
    again = office.post(REQUESTS, {**chosen, **confirmed(office.post(REQUESTS, chosen)), **typed})

    with django_capture_on_commit_callbacks(execute=True):
        office.post(REQUESTS, {**chosen, **confirmed(again), **typed})

    waiting.refresh_from_db()
    waiting.application.refresh_from_db()
    assert waiting.email == waiting.application.line_manager_email == "lee.manager@example.org"
    assert [m.to for m in OutboxMessage.objects.all()] == ["lee.manager@example.org"]
    assert [mail.to for mail in mailoutbox] == [["lee.manager@example.org"]]


def test_the_applicants_own_address_is_refused_in_words_at_the_top(office, waiting, mailoutbox):
    chosen = {"action": "send_again", "_selected_action": [waiting.pk]}

    page = office.post(REQUESTS, {**chosen, "confirmed": "yes", "email": "lena+boss@example.org"})

    content = page.content.decode()
    said = (
        "This is Lena Late&#x27;s own address (or an alias of it): give their line manager&#x27;s."
    )
    assert f'<a class="alert-link" href="#id_email">{said}</a>' in content
    assert content.index("data-error-summary") < content.index('class="confirm-recipients"')
    assert content.count(said) == 2, "in the summary, and beside its box"
    # The box's description points at one element: the list of its errors.
    assert content.count('id="id_email_error"') == 1
    assert 'aria-describedby="id_email_error id_email_helptext"' in content
    assert "<title>Error: " in content
    assert LineManagerRequest.objects.get(pk=waiting.pk).token == "the-first-link"
    assert mailoutbox == []


def test_a_request_closed_by_the_offices_decision_is_not_sent_again(office, waiting, mailoutbox):
    waiting.application.status = ApplicationStatus.WITHDRAWN
    waiting.application.withdrawn_at = timezone.now()
    waiting.application.save(update_fields=["status", "withdrawn_at"])

    page = choose(office, waiting)

    assert recipients_named(page) == []
    assert unchanged_named(page) == ["Line manager of Lena Late: the application is withdrawn"]
    assert "Nobody would be emailed" in page.content.decode()
    assert mailoutbox == []


def test_a_request_kept_at_an_address_in_quotation_marks_is_not_sent_again(
    cast, office, waiting, mailoutbox, django_capture_on_commit_callbacks
):
    """Every form refuses such an address now; one kept from before reaches a mailbox whose
    owner cannot be told (`"lena"@…` is Lena's own), so it is not emailed again, and the
    office is told why. Of two chosen (no box to correct), the other goes."""
    kept = line_manager_asked(
        cast.programme, UserFactory(full_name="Kit Kept"), '"kit"@example.org', token="kept-link"
    )
    chosen = {"action": "send_again", "_selected_action": [waiting.pk, kept.pk]}

    with django_capture_on_commit_callbacks(execute=True):
        response = office.post(
            REQUESTS, {**chosen, **confirmed(office.post(REQUESTS, chosen))}, follow=True
        )

    assert messages_shown(response) == [
        "The line manager of Kit Kept was not asked again. A line manager's address has "
        "quotation marks or a backslash in it: enter it as it is written in the staff "
        "directory (name@example.org).",
        "1 line manager asked again, with a new link.",
    ]
    assert [mail.to for mail in mailoutbox] == [["lee@example.org"]]
    assert LineManagerRequest.objects.get(pk=kept.pk).token == "kept-link"
