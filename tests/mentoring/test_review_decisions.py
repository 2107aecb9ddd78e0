"""The programme office decides on applications: from an application's own page or in bulk,
always through a confirmation that names who will be emailed; a decision made on a page
that is out of date is refused; the office hears of each new application; the export
carries the free-text answers."""

import csv
import html
import io
import re

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.contrib.auth.models import Permission

from accounts.models import OutboxMessage
from mentoring.models import ApplicationStatus, MentorApplication
from mentoring.services.applications import ApplicationError, application_submit
from mentoring.services.decisions import application_decide
from tests.admin_pages import (
    APPLICATIONS,
    change_url,
    decide_url,
    messages_shown,
    signed_in_for_real,
)
from tests.concurrency import at_once, needs_postgresql
from tests.factories import (
    DraftApplicationFactory,
    MentorApplicationFactory,
    UserFactory,
    application_from,
)

pytestmark = pytest.mark.django_db


def page(response) -> str:
    """The page's text as read: tags dropped, spaces collapsed."""
    text = re.sub(r"<[^>]+>", " ", response.content.decode())
    return re.sub(r"\s+([.,:;)])", r"\1", " ".join(html.unescape(text).split()))


@pytest.fixture
def priya(cast):
    return application_from(cast.programme, "Priya Patel")


@pytest.fixture
def sol(cast):
    return application_from(cast.programme, "Sol Okafor")


@pytest.fixture
def tom(cast):
    """Not eligible: he can be declined, never accepted."""
    return application_from(
        cast.programme,
        "Tom Tran",
        has_conflict=True,
        conflict_details="A grievance in progress.",
        eligible=False,
    )


office = signed_in_for_real("coordinator")  # Carmen: password, then authenticator code


def sent_to(mailoutbox) -> list[str]:
    return sorted(mail.to[0] for mail in mailoutbox)


# --- from the application's own page --------------------------------------------------------


def test_a_coordinator_accepts_from_the_application_page_after_confirming(
    office, priya, mailoutbox, django_capture_on_commit_callbacks
):
    change_page = office.get(change_url(priya))
    assert 'name="_decide" value="accepted"' in change_page.content.decode()
    assert "This application is waiting for a decision." in page(change_page)
    accept = f"{decide_url(priya, 'accepted')}?seen=submitted"

    with django_capture_on_commit_callbacks(execute=True):
        confirmation = office.get(accept)

    assert "Accept 1 application?" in page(confirmation)
    assert "Who will be emailed (1)" in page(confirmation)
    assert "Priya Patel (priya@example.org): waiting for a decision now, to be accepted" in page(
        confirmation
    )
    assert 'value="Yes, accept and email 1 applicant"' in confirmation.content.decode()
    priya.refresh_from_db()
    assert priya.status == ApplicationStatus.SUBMITTED
    assert mailoutbox == []

    with django_capture_on_commit_callbacks(execute=True):
        response = office.post(
            decide_url(priya, "accepted"), {"seen": "submitted", "confirmed": "yes"}, follow=True
        )

    assert response.redirect_chain[-1][0] == change_url(priya)
    assert messages_shown(response) == ["1 application accepted; each applicant has been emailed."]
    assert "This application is accepted." in page(response)
    priya.refresh_from_db()
    assert priya.status == ApplicationStatus.ACCEPTED
    [mail] = mailoutbox
    assert mail.to == ["priya@example.org"]
    assert mail.subject == "You are a reverse mentor in 2026/27 pilot"


def test_confirming_twice_emails_once(
    office, priya, mailoutbox, django_capture_on_commit_callbacks
):
    confirm = {"seen": "submitted", "confirmed": "yes"}
    with django_capture_on_commit_callbacks(execute=True):
        office.post(decide_url(priya, "accepted"), confirm, follow=True)
        response = office.post(decide_url(priya, "accepted"), confirm, follow=True)

    assert messages_shown(response) == [
        "Priya Patel's application is already accepted: nothing changed and nobody was "
        "emailed again."
    ]
    assert sent_to(mailoutbox) == ["priya@example.org"]


def test_a_decision_on_an_application_another_coordinator_changed_meanwhile_is_refused(
    office, cast, priya, mailoutbox, django_capture_on_commit_callbacks
):
    office.get(change_url(priya))  # Carmen reads it while it is submitted
    with django_capture_on_commit_callbacks(execute=True):
        application_decide(  # Sue declines
            application=priya, status=ApplicationStatus.DECLINED, by=cast.superuser
        )
    mailoutbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        opened = office.get(f"{decide_url(priya, 'accepted')}?seen=submitted", follow=True)
        confirmed = office.post(
            decide_url(priya, "accepted"), {"seen": "submitted", "confirmed": "yes"}, follow=True
        )

    refusal = (
        "Priya Patel's application changed after you opened the page (it was waiting for a "
        "decision, it is now declined), so your decision was not applied and nobody was "
        "emailed. Look at "
        "it again before deciding."
    )
    assert messages_shown(opened) == [refusal]
    assert messages_shown(confirmed) == [refusal]
    priya.refresh_from_db()
    assert priya.status == ApplicationStatus.DECLINED
    assert mailoutbox == []


def test_the_page_says_why_a_decision_is_not_possible(office, tom):
    text = page(office.get(change_url(tom)))

    assert "Accept: not possible (not eligible)" in text
    assert 'name="_decide" value="declined"' in office.get(change_url(tom)).content.decode()


@pytest.mark.parametrize(
    ("action", "one", "two"),
    [
        ("accept", "Accept 1 application?", "Accept 2 applications?"),
        (
            "waitlist",
            "Put 1 application on the waiting list?",
            "Put 2 applications on the waiting list?",
        ),
        ("decline", "Decline 1 application?", "Decline 2 applications?"),
    ],
)
def test_each_confirmation_asks_its_question_in_plain_words(office, priya, sol, action, one, two):
    status = {"accept": "accepted", "waitlist": "waitlisted", "decline": "declined"}[action]
    on_its_page = office.get(f"{decide_url(priya, status)}?seen=submitted")
    in_bulk = choose(office, action, priya, sol)

    assert f"<h1>{one}</h1>" in on_its_page.content.decode()
    assert f"<h1>{two}</h1>" in in_bulk.content.decode()


# --- in bulk --------------------------------------------------------------------------------


def choose(client, action, *applications):
    return client.post(
        APPLICATIONS, {"action": action, "_selected_action": [a.pk for a in applications]}
    )


def confirm(client, confirmation, action, *applications):
    return client.post(
        APPLICATIONS,
        {
            "action": action,
            "_selected_action": [a.pk for a in applications],
            **dict(confirmation.context["hidden"]),
            "confirmed": "yes",
        },
        follow=True,
    )


def test_a_bulk_decision_names_everyone_who_will_be_emailed_and_waits_for_confirmation(
    office, priya, sol, tom, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        confirmation = choose(office, "accept", priya, sol, tom)

    text = page(confirmation)
    assert "Who will be emailed (2)" in text
    assert "Priya Patel (priya@example.org): waiting for a decision now, to be accepted" in text
    assert "Sol Okafor (sol@example.org): waiting for a decision now, to be accepted" in text
    assert "Left as they are, nobody emailed (1)" in text
    assert "Tom Tran: not eligible" in text
    assert 'value="Yes, accept and email 2 applicants"' in confirmation.content.decode()
    for application in (priya, sol, tom):
        application.refresh_from_db()
        assert application.status == ApplicationStatus.SUBMITTED
    assert mailoutbox == []

    with django_capture_on_commit_callbacks(execute=True):
        response = confirm(office, confirmation, "accept", priya, sol, tom)

    assert messages_shown(response) == ["2 applications accepted; each applicant has been emailed."]
    assert sent_to(mailoutbox) == ["priya@example.org", "sol@example.org"]
    tom.refresh_from_db()
    assert tom.status == ApplicationStatus.SUBMITTED


def test_a_bulk_decision_refuses_what_changed_since_the_confirmation_was_shown(
    office, cast, priya, sol, mailoutbox, django_capture_on_commit_callbacks
):
    confirmation = choose(office, "decline", priya, sol)
    with django_capture_on_commit_callbacks(execute=True):
        application_decide(application=sol, status=ApplicationStatus.WAITLISTED, by=cast.superuser)
    mailoutbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        response = confirm(office, confirmation, "decline", priya, sol)
        again = confirm(office, confirmation, "decline", priya, sol)

    assert messages_shown(response) == [
        "1 application declined; each applicant has been emailed.",
        "Sol Okafor's application changed after you opened the page (it was waiting for a "
        "decision, it is now on the waiting list), so your decision was not applied and nobody "
        "was emailed. Look at it again before deciding.",
    ]
    assert (
        "Priya Patel's application is already declined: nothing changed and nobody was "
        "emailed again." in messages_shown(again)
    )
    sol.refresh_from_db()
    assert sol.status == ApplicationStatus.WAITLISTED
    assert sent_to(mailoutbox) == ["priya@example.org"]


# --- the office hears of each new application -----------------------------------------------


@pytest.fixture
def draft(cast):
    cast.programme.notify_office_of_applications = True
    cast.programme.save(update_fields=["notify_office_of_applications"])
    return DraftApplicationFactory(
        programme=cast.programme,
        applicant=UserFactory(full_name="Priya Patel", email="priya@example.org"),
        department="Finance",
    )


def test_the_programme_office_is_emailed_when_an_application_arrives(
    cast, draft, mailoutbox, django_capture_on_commit_callbacks
):
    cast.programme.office_email = "edi-office@example.org"
    cast.programme.save(update_fields=["office_email"])

    with django_capture_on_commit_callbacks(execute=True):
        application_submit(application=draft)

    [office] = [mail for mail in mailoutbox if mail.to == ["edi-office@example.org"]]
    assert office.subject == "New mentor application for 2026/27 pilot: Priya Patel"
    link = f"https://mentoring.example.org{change_url(draft)}"
    for body in (office.body, office.alternatives[0][0]):
        assert "Priya Patel (Finance) has applied to be a mentor in 2026/27 pilot." in body
        assert "Their answers meet the eligibility criteria." in body
        # Who and a link: the answers stay behind the programme office's sign-in.
        assert draft.experience_statement not in body
    assert link in office.body
    assert f'href="{link}"' in office.alternatives[0][0]
    assert sent_to(mailoutbox) == ["edi-office@example.org", "priya@example.org"]


def test_without_an_office_address_each_coordinator_is_emailed(
    cast, draft, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        application_submit(application=draft)

    assert sent_to(mailoutbox) == ["carmen@example.org", "priya@example.org", "sue@example.org"]


def test_the_office_is_not_emailed_when_the_programme_says_not_to(
    cast, draft, mailoutbox, django_capture_on_commit_callbacks
):
    cast.programme.notify_office_of_applications = False
    cast.programme.save(update_fields=["notify_office_of_applications"])

    with django_capture_on_commit_callbacks(execute=True):
        application_submit(application=draft)

    assert sent_to(mailoutbox) == ["priya@example.org"]


# --- two coordinators at the same moment -----------------------------------------------------


def _at_once(*jobs):
    return at_once(*jobs, expected=ApplicationError)


@pytest.mark.django_db(transaction=True)
@needs_postgresql
@pytest.mark.parametrize(
    "decisions",
    [
        (ApplicationStatus.ACCEPTED, ApplicationStatus.ACCEPTED),  # a double click
        (ApplicationStatus.ACCEPTED, ApplicationStatus.DECLINED),  # two coordinators disagree
    ],
)
def test_two_connections_deciding_the_same_application_at_once_decide_and_email_once(
    cast, decisions
):
    for attempt in range(3):
        application = MentorApplicationFactory(
            programme=cast.programme,
            applicant=UserFactory(email=f"racer{attempt}@example.org"),
        )
        # Each coordinator's page loaded the application while it was submitted.
        loaded = [MentorApplication.objects.get(pk=application.pk) for _ in decisions]

        outcomes = _at_once(
            *(
                lambda seen=seen, status=status: application_decide(
                    application=seen,
                    status=status,
                    by=cast.coordinator,
                    seen_status=ApplicationStatus.SUBMITTED,
                )
                for seen, status in zip(loaded, decisions, strict=True)
            )
        )

        won = [i for i, outcome in enumerate(outcomes) if outcome is True]
        lost = [outcome for outcome in outcomes if isinstance(outcome, ApplicationError)]
        assert len(won) == 1, outcomes
        assert len(lost) == 1, outcomes
        assert "nobody was" in str(lost[0])
        application.refresh_from_db()
        assert application.status == decisions[won[0]]
        assert OutboxMessage.objects.filter(to=application.applicant.email).count() == 1
        [message] = OutboxMessage.objects.filter(to=application.applicant.email)
        assert message.kind == f"mentoring/email/application_{decisions[won[0]]}"


# --- the export -----------------------------------------------------------------------------


def test_the_csv_export_includes_the_free_text_answers(office, priya, tom):
    response = office.post(
        APPLICATIONS, {"action": "export_csv", "_selected_action": [priya.pk, tom.pk]}
    )

    header, *rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    by_name = {row[0]: dict(zip(header, row, strict=True)) for row in rows}
    assert by_name["Priya Patel"]["Experiences to share"] == priya.experience_statement
    assert by_name["Priya Patel"]["Bio"] == priya.bio
    assert by_name["Priya Patel"]["Reflection on the key qualities"] == (priya.qualities_reflection)
    assert by_name["Tom Tran"]["Conflict of interest"] == "yes"
    assert by_name["Tom Tran"]["Conflict details"] == "A grievance in progress."


def test_only_coordinators_can_export(client, priya):
    helper = UserFactory(is_staff=True, email="helper@example.org")
    helper.user_permissions.add(Permission.objects.get(codename="view_mentorapplication"))
    TOTP.activate(helper, generate_totp_secret())
    client.force_login(helper)

    assert client.get(APPLICATIONS).status_code == 200
    assert "export_csv" not in client.get(APPLICATIONS).content.decode()
    response = client.post(
        APPLICATIONS, {"action": "export_csv", "_selected_action": [priya.pk]}, follow=True
    )
    assert response["Content-Type"].startswith("text/html")
    assert priya.experience_statement not in response.content.decode()
