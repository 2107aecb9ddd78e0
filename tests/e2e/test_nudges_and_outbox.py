"""In the browser: a mentor switches the optional nudges off on their profile; the programme
office finds a failed email in the outbox and, once it has confirmed, sends it again."""

import re

import pytest
from playwright.sync_api import expect

from accounts.models import OutboxMessage, OutboxStatus
from tests.e2e.conftest import assert_accessible, sign_in
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_mentor_switches_nudges_off_on_their_profile(page, cast):
    sign_in(page, cast.mentor.email, PASSWORD)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Profile").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Your profile")
    nudges = page.get_by_role("region", name="Emails we send you")
    expect(nudges.get_by_text("Nudges are on.")).to_be_visible()
    expect(
        nudges.get_by_text(
            re.compile("^While a programme runs, these always come, whatever you choose")
        )
    ).to_be_visible()
    assert_accessible(page)

    choice = nudges.get_by_role("group", name="Send me nudges?")
    expect(choice.get_by_role("radio", name=re.compile("^Yes, nudge me"))).to_be_checked()
    choice.get_by_role("radio", name=re.compile("^No, only remind me")).check()
    nudges.get_by_role("button", name="Save my choice").click()

    expect(
        page.get_by_text(
            "Nudges are off. You will still be reminded of the meetings and events you have booked."
        )
    ).to_be_visible()
    expect(nudges.get_by_text("Nudges are off.", exact=True)).to_be_visible()
    expect(choice.get_by_role("radio", name=re.compile("^No, only remind me"))).to_be_checked()
    assert_accessible(page)
    cast.mentor.refresh_from_db()
    assert not cast.mentor.wants_nudges


def test_the_office_sends_a_failed_email_again_after_confirming(page, cast, mailoutbox):
    failed = OutboxMessage.objects.create(
        kind="invitation",
        to="provost@example.com",
        subject="You are invited to the reverse mentoring pilot",
        text="Accept your invitation: https://mentoring.example.org/accounts/invitation/x/",
        status=OutboxStatus.FAILED,
        attempts=8,
        last_error="SMTPServerDisconnected: Connection closed",
    )
    OutboxMessage.objects.create(
        kind="invitation",
        to="delivered@example.com",
        subject="You are invited to the reverse mentoring pilot",
        status=OutboxStatus.SENT,
        attempts=1,
        sent_at=failed.created_at,
    )

    sign_in(page, cast.coordinator.email, PASSWORD, totp_secret=cast.coordinator.totp_secret)
    page.get_by_role("link", name="Open the programme office").click()
    page.get_by_role("link", name="Email outbox", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Select email to view")
    page.locator("#changelist-filter").get_by_role("link", name="Failed", exact=True).click()
    expect(page.get_by_role("row", name=re.compile("delivered@example.com"))).to_have_count(0)
    row = page.get_by_role("row", name=re.compile("provost@example.com"))
    expect(row).to_contain_text("SMTPServerDisconnected: Connection closed")
    assert_accessible(page)

    row.get_by_role("checkbox").check()
    page.get_by_label("Action:").select_option(label="Send the selected failed emails again…")
    page.get_by_role("button", name="Go").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Send these emails again?")
    expect(page.get_by_text(re.compile("to provost@example.com"))).to_be_visible()
    assert_accessible(page)
    assert mailoutbox == []
    page.get_by_role("button", name="Yes, send 1 email again").click()

    expect(page.get_by_text("1 email queued to be sent again.")).to_be_visible()
    assert [mail.to for mail in mailoutbox] == [["provost@example.com"]]
    failed.refresh_from_db()
    assert failed.status == OutboxStatus.SENT
