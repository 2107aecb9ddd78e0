"""Every email the programme office signs ends with the same sign-off, once: "The programme
office:" and the address to write to, in the text and in the HTML part alike."""

import re
from pathlib import Path

import pytest
from allauth.account.models import EmailAddress

from accounts.models import OutboxMessage, OutboxStatus
from accounts.outbox import COMPOSERS
from accounts.services import unconfirmed_claims_drop
from matching.services import pair_activate
from mentoring.models import ApplicationStatus, MatchStatus
from mentoring.services.applications import application_submit
from mentoring.services.decisions import application_decide
from mentoring.services.events import (
    event_call_off,
    event_update,
    registration_cancel,
    registration_create,
)
from mentoring.services.mentees import board_member_invite
from tests.factories import (
    BriefedBoardMemberFactory,
    EventFactory,
    MatchFactory,
    MentorFactory,
    RegistrationFactory,
    UserFactory,
    application_from,
)

pytestmark = pytest.mark.django_db

OFFICE = "edi-office@example.org"
TEXT_SIGN_OFF = f"The programme office: {OFFICE}"
HTML_SIGN_OFF = f'<p>The programme office: <a href="mailto:{OFFICE}">{OFFICE}</a></p>'

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"


def signed_off_kinds() -> list[str]:
    """The emails whose text template includes the office's sign-off, by outbox kind.
    allauth's (account/, mfa/) are sent from its own flows: checked in
    tests/accounts/test_allauth_emails_are_the_sites_own.py."""
    return sorted(
        str(path.relative_to(TEMPLATES)).removesuffix("_message.txt")
        for path in TEMPLATES.glob("*/email/*_message.txt")
        if "includes/office_sign_off.txt" in path.read_text()
        and path.parts[-3] not in ("account", "mfa")
    )


@pytest.fixture
def emails(cast, settings) -> dict[str, list[OutboxMessage]]:
    """One of each email the office signs, from the programme office's own address, by kind
    (an account's own emails, of no programme, from the site's office address)."""
    settings.PROGRAMME_OFFICE_EMAIL = OFFICE
    programme = cast.programme
    programme.office_email = OFFICE
    programme.save(update_fields=["office_email"])

    for name, status in [
        ("Abel Accepted", ApplicationStatus.ACCEPTED),
        ("Wanda Waitlisted", ApplicationStatus.WAITLISTED),
        ("Dara Declined", ApplicationStatus.DECLINED),
    ]:
        application = application_from(programme, name)
        assert application_decide(application=application, status=status, by=cast.coordinator)
    # Only now does the programme ask line managers: Abel was accepted without one.
    programme.line_manager_agreement = True
    programme.save(update_fields=["line_manager_agreement"])
    # Priya meets the criteria; Nia, who cannot commit the time, is told why not.
    for name, answers in [("Priya Patel", {}), ("Nia Notyet", {"can_commit_time": False})]:
        draft = application_from(
            programme,
            name,
            status=ApplicationStatus.DRAFT,
            submitted_at=None,
            line_manager_name="Lee Manager",
            line_manager_email="lee.manager@example.org",
            **answers,
        )
        application_submit(application=draft)
    board_member_invite(
        programme=programme, email="new.provost@example.org", invited_by=cast.coordinator
    )
    board_member_invite(programme=programme, email=cast.outsider.email, invited_by=cast.coordinator)
    proposal = MatchFactory(
        mentor=MentorFactory(programme=programme),
        board_member=BriefedBoardMemberFactory(programme=programme, user=UserFactory()),
        status=MatchStatus.PROPOSED,
    )
    pair_activate(match=proposal, by=cast.coordinator)
    # A later email about someone's place replaces one still waiting (called off, emptied):
    # each kind goes to someone of their own. Omar, not yet told he is registered, is told so
    # at the new place; Olive and Olu of the change; Olu then gives his place up.
    briefing = EventFactory(programme=programme)
    registration_create(event=briefing, person=cast.other_mentor)
    for person in (cast.other_board_member, cast.outsider):
        RegistrationFactory(event=briefing, person=person)
    briefing.location = "Room 2.14, Library"
    event_update(event=briefing)
    registration_cancel(event=briefing, person=cast.outsider)
    # Two events called off: one with a message from the office, one without.
    for message in ("The speaker is unwell.\nA new date follows.", ""):
        called_off = EventFactory(programme=programme)
        RegistrationFactory(event=called_off, person=cast.other_mentor)
        event_call_off(event=called_off, by=cast.coordinator, message=message)
    # An address Omar typed and never confirmed is taken by its owner, who joins: Omar is told.
    EmailAddress.objects.create(user=cast.other_mentor, email="typed@example.org")
    unconfirmed_claims_drop(email="typed@example.org", owner=UserFactory(email="typed@example.org"))

    sent: dict[str, list[OutboxMessage]] = {}
    for message in OutboxMessage.objects.exclude(status=OutboxStatus.CANCELLED).order_by("pk"):
        if message.composer:
            # Rendered only as it goes (an introduction): what it would say now.
            composed = COMPOSERS[message.composer](message)
            message.text, message.html = composed.text, composed.html
        sent.setdefault(message.kind, []).append(message)
    return sent


def test_the_office_signs_off_the_emails_people_expect_it_to():
    assert signed_off_kinds() == [
        "accounts/email/invitation",
        "accounts/email/unconfirmed_address_removed",
        "mentoring/email/application_accepted",
        "mentoring/email/application_declined",
        "mentoring/email/application_submitted",
        "mentoring/email/application_waitlisted",
        "mentoring/email/board_member_added",
        "mentoring/email/event_called_off",
        "mentoring/email/event_changed",
        "mentoring/email/line_manager_request",
        "mentoring/email/match_introduction",
        "mentoring/email/place_given_up",
        "mentoring/email/registered",
    ]


@pytest.mark.parametrize("kind", signed_off_kinds())
def test_the_email_ends_with_the_offices_sign_off_once_in_text_and_html(emails, kind):
    assert kind in emails, f"no {kind} email was sent: the fixture should send one"
    for message in emails[kind]:
        assert message.text.count("The programme office:") == 1, message.text
        assert message.text.endswith(f"\n\n{TEXT_SIGN_OFF}\n"), message.text
        assert message.html.count("The programme office:") == 1, message.html
        assert message.html.count(HTML_SIGN_OFF) == 1, message.html


@pytest.mark.parametrize("kind", signed_off_kinds())
def test_the_text_email_has_no_stray_blank_lines_or_indents(emails, kind):
    for message in emails[kind]:
        assert not message.text.startswith("\n"), message.text
        assert "\n\n\n" not in message.text, message.text
        assert not re.search(r"^[ \t]+\S", message.text, re.M), message.text
