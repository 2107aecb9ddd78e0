"""Every HTML email is one document (templates/email/base.html): titled once, by its subject,
with the message in one <main> landmark, so a screen reader's "skip to the main content"
lands on it; what follows the message (a reminder's "why you got this") is a <footer> after
it. Moving the emails onto that document changed no word of them."""

import re
from datetime import timedelta
from html import escape
from pathlib import Path

import pytest
from django.core import mail
from django.utils import timezone

from accounts.mail import render_templated_mail, span_with_zone, with_zone
from mentoring.models import ApplicationStatus, PairRequest, PairRequestKind
from mentoring.services.decisions import application_decide
from mentoring.services.events import event_call_off
from tests.admin_pages import words
from tests.factories import (
    EventFactory,
    InvitationFactory,
    MeetingFactory,
    RegistrationFactory,
    SurveyFactory,
    application_from,
)

pytestmark = pytest.mark.django_db

OFFICE = "edi-office@example.org"
TEMPLATES = Path(__file__).resolve().parents[2] / "templates"


def email_kinds() -> list[str]:
    """Every email the project sends, by its template prefix (the outbox's kind): each
    `<app>/email/<name>_message.html`, allauth's and its MFA's included."""
    return sorted(
        str(path.relative_to(TEMPLATES)).removesuffix("_message.html")
        for path in TEMPLATES.glob("*/email/*_message.html")
    )


def main(html: str) -> str:
    """What the email's one <main> holds."""
    return html.split("<main>")[1].split("</main>")[0]


def links(html: str) -> list[str]:
    return re.findall(r'href="([^"]+)"', html)


def the_one_email_sent_reads(message_words: str, *, linking: list[str]) -> None:
    """The one email sent says `message_words` in its <main>, and links `linking`."""
    (message,) = mail.outbox
    html = message.alternatives[0][0]
    assert words(main(html)) == message_words
    assert links(html) == linking


@pytest.fixture
def context(cast) -> dict:
    """What any email's template may name, from the shared cast: each template reads what
    it needs of it, as the code that sends it would give it."""
    programme = cast.programme
    return {
        "programme": programme,
        "match": cast.pair,
        "person": cast.mentor,
        "partner": cast.board_member,
        "user": cast.mentor,
        "actor": cast.board_member,
        "coordinator": cast.coordinator,
        "meeting": MeetingFactory(match=cast.pair),
        "event": EventFactory(programme=programme),
        "application": application_from(programme, "Priya Patel"),
        "survey": SurveyFactory(programme=programme),
        "request": PairRequest.objects.create(
            match=cast.pair, raised_by=cast.mentor, kind=PairRequestKind.CONCERN
        ),
        "invitation": InvitationFactory(email="new.provost@example.org"),
        "office_email": OFFICE,
        "timestamp": timezone.now(),
        "email": cast.mentor.email,
        "code": "ABC123",
        "activate_url": "https://mentoring.example.org/accounts/confirm-email/key/",
        "password_reset_url": "https://mentoring.example.org/accounts/password/reset/key/",
        "body": "The next learning session is in the spring.",
    }


def test_every_email_the_project_sends_is_listed():
    kinds = email_kinds()

    assert len(kinds) > 50
    assert "mentoring/email/reminder_meeting" in kinds
    assert "mfa/email/totp_activated" in kinds


@pytest.mark.parametrize("kind", email_kinds())
def test_every_html_email_has_one_main_landmark_and_one_title(kind, context):
    email = render_templated_mail(kind, context=context)
    html = email.html

    assert html.startswith('<!DOCTYPE html>\n<html lang="en-GB">')
    assert re.findall(r"<title>(.*?)</title>", html) == [escape(email.subject)]
    assert html.count("<main>") == 1, html
    assert html.count("</main>") == 1, html
    before, message = html.split("<main>")
    message, after = message.split("</main>")
    assert words(before) == email.subject  # nothing shown but the title before the message
    assert words(message), html
    # After the message, at most its footer: why it came, where to ask.
    assert re.fullmatch(r"\s*(<footer>.*</footer>\s*)?</body>\s*</html>\s*", after, re.S), after
    assert "<footer>" not in before + message


def test_an_account_email_reads_as_it_did(cast):
    moment = timezone.now()

    email = render_templated_mail(
        "account/email/password_changed",
        context={"user": cast.mentor, "timestamp": moment, "office_email": OFFICE},
    )

    assert words(email.html.split("</title>")[1]) == (
        "Dear Maya, The password of your account was changed. This was done on "
        f"{with_zone(moment)}. If it was you, there is nothing more to do. If it was not, reset "
        f"your password now and tell the programme office. The programme office: {OFFICE}"
    )


def test_a_decision_email_reads_as_it_did(cast, django_capture_on_commit_callbacks):
    application = application_from(cast.programme, "Abel Accepted")

    with django_capture_on_commit_callbacks(execute=True):
        assert application_decide(
            application=application, status=ApplicationStatus.WAITLISTED, by=cast.coordinator
        )

    office = cast.programme.contact_email
    the_one_email_sent_reads(
        "Dear Abel, Thank you for applying to be a reverse mentor in 2026/27 pilot. We have more "
        "applications than places in this cohort, so we have put you on the waiting list. If a "
        "place comes up, we will be in touch straight away. Your dashboard The programme office: "
        f"{office}",
        linking=["https://mentoring.example.org/dashboard/", f"mailto:{office}"],
    )


def test_an_event_called_off_email_reads_as_it_did(cast, django_capture_on_commit_callbacks):
    briefing = EventFactory(programme=cast.programme, title="Mentor briefing")
    RegistrationFactory(event=briefing, person=cast.other_mentor)

    with django_capture_on_commit_callbacks(execute=True):
        event_call_off(event=briefing, by=cast.coordinator, message="The speaker is unwell.")

    office = cast.programme.contact_email
    the_one_email_sent_reads(
        "Dear Omar, The programme office has called off Mentor briefing (2026/27 pilot), where "
        "you had a place. It will not take place. When it was to be: "
        f"{span_with_zone(briefing.starts_at, briefing.ends_at)} Where: Senate Room, Main "
        "Building A word from the programme office: The speaker is unwell. The calendar file "
        f"attached takes it out of your calendar. The programme office: {office}",
        linking=[f"mailto:{office}"],
    )


def test_a_reminders_footer_follows_its_message_word_for_word(cast, dispatch):
    # As tests/mentoring/test_reminders_sent.py books one: the week-before reminder is due.
    meeting = MeetingFactory(
        match=cast.pair,
        starts_at=timezone.now() + timedelta(days=7, hours=-3),
        confirmed_at=timezone.now() - timedelta(days=20),
    )

    dispatch()

    (to_maya,) = [m for m in mail.outbox if m.to == [cast.mentor.email]]
    html = to_maya.alternatives[0][0]
    office = cast.programme.contact_email
    assert words(main(html)) == (
        f"Dear Maya, A reminder of your meeting with Bola Board: {with_zone(meeting.starts_at)} "
        ", 60 minutes, Room 2.14, Main Building. The calendar file attached keeps your calendar "
        "up to date. See, move or cancel the meeting"
    )
    footer = html.split("</main>")[1]
    assert footer.strip().startswith("<footer>")
    assert words(footer) == (
        "2026/27 pilot: reverse mentoring. Questions? Write to the programme office: "
        f"{office} . This is an automatic message; what you discuss is never sent by email."
    )
    assert links(html) == [
        f"https://mentoring.example.org/meetings/{meeting.pk}/",
        f"mailto:{office}",
    ]
