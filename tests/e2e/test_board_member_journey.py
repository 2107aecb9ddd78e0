import re
from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone
from playwright.sync_api import expect

from mentoring.models import Audience
from tests.e2e.conftest import assert_accessible, sign_in
from tests.factories import (
    PASSWORD,
    BoardFactory,
    CoordinatorFactory,
    EventFactory,
    ProgrammeFactory,
)

pytestmark = pytest.mark.django_db(transaction=True)

ACCEPT_LINK = re.compile(r"https?://[^/\s]+(/accounts/invitation/[\w-]+/)")


def test_a_board_member_joins_completes_the_profile_and_is_briefed(
    browser, live_server, mailoutbox
):
    programme = ProgrammeFactory(name="2026/27 pilot", themes=["Anti-racism", "Culture change"])
    BoardFactory(name="Provost's Board")
    briefing = EventFactory(
        programme=programme,
        audience=Audience.BOARD_MEMBERS,
        title="Board-member briefing",
        starts_at=timezone.now() + timedelta(hours=1),
    )
    coordinator = CoordinatorFactory(email="office@example.org")

    office = browser.new_context(base_url=live_server.url).new_page()
    sign_in(office, "office@example.org", PASSWORD, totp_secret=coordinator.totp_secret)
    office.goto("/admin/mentoring/boardmember/add/")
    assert_accessible(office)
    office.get_by_label("Programme").select_option(label="2026/27 pilot")
    office.get_by_label("Email").fill("provost@example.com")
    office.get_by_label("Board").select_option(label="Provost's Board")
    office.get_by_label("Role").fill("Provost")
    office.get_by_role("button", name="Save", exact=True).click()
    expect(office.get_by_role("heading", level=1)).to_have_text(
        "Invite provost@example.com to 2026/27 pilot as a board member?"
    )
    assert_accessible(office)
    assert not mailoutbox
    office.get_by_role("button", name="Yes, invite and email them").click()
    expect(
        office.get_by_text("An invitation link to 2026/27 pilot as a board member was emailed")
    ).to_be_visible()

    [invitation] = [mail for mail in mailoutbox if mail.to == ["provost@example.com"]]
    member = browser.new_context(base_url=live_server.url).new_page()
    member.goto(ACCEPT_LINK.search(invitation.body).group(1))
    expect(member.get_by_role("heading", level=1)).to_have_text("Accept your invitation")
    assert_accessible(member)
    member.get_by_label("Full name").fill("Jonathan Hale")
    member.get_by_label("Password", exact=True).fill("a-long-and-unusual-passphrase")
    member.get_by_label("Password (again)").fill("a-long-and-unusual-passphrase")
    member.get_by_role("button", name="Create my account").click()

    expect(member.get_by_role("heading", level=1)).to_have_text("Welcome, Jonathan")
    expect(member.get_by_text("Your profile is 22% complete.")).to_be_visible()
    expect(member.get_by_text("Not briefed yet")).to_be_visible()
    assert_accessible(member)

    member.get_by_role("link", name="Complete your profile").click()
    expect(member.get_by_role("heading", level=1)).to_have_text("Your profile")
    assert_accessible(member)
    # The role the office typed is offered here, the one place it is asked.
    expect(member.get_by_label("Your role (optional)")).to_have_value("Provost")
    member.get_by_label("Department").fill("Provost's Office")
    member.get_by_label(re.compile("What would you like to learn")).fill(
        "How our decisions land for colleagues who are not in the room."
    )
    member.get_by_label("Anti-racism").check()
    member.get_by_role("group", name=re.compile("How do you like to learn")).get_by_label(
        re.compile("By doing")
    ).check()
    member.get_by_role("group", name=re.compile("Which approach")).get_by_label(
        re.compile("Direct:")
    ).check()
    member.get_by_label("Tuesday morning").check()
    member.get_by_label(re.compile("A short bio for your mentor")).fill("Provost since 2022.")
    member.get_by_role("button", name="Save my profile").click()

    expect(member.get_by_text("Your profile is saved.")).to_be_visible()
    expect(member.get_by_text("Your profile is complete.")).to_be_visible()
    assert_accessible(member)

    member.get_by_role("link", name="Events").click()
    expect(member.get_by_role("heading", name="Board-member briefing")).to_be_visible()
    assert_accessible(member)
    member.get_by_role("button", name="Register for Board-member briefing").click()
    expect(member.get_by_text("You are registered for Board-member briefing.")).to_be_visible()
    assert_accessible(member)

    # The briefing takes place; afterwards the coordinator records who came.
    with time_machine.travel(briefing.starts_at + timedelta(hours=4), tick=True):
        # Hours later, the office's session has ended for idleness (staff: 30 minutes).
        office.goto(f"/admin/mentoring/registration/?event__id__exact={briefing.pk}")
        expect(
            office.get_by_text("You were signed out after 30 minutes without activity")
        ).to_be_visible()
        sign_in(office, "office@example.org", PASSWORD, totp_secret=coordinator.totp_secret)
        office.goto(f"/admin/mentoring/registration/?event__id__exact={briefing.pk}")
        assert_accessible(office)
        office.get_by_role("row", name=re.compile("Jonathan Hale")).get_by_role("checkbox").check()
        office.get_by_label("Action:").select_option(label="Mark the selected people as attended")
        office.get_by_role("button", name="Go").click()
        expect(office.get_by_text("1 person marked attended.")).to_be_visible()

        member.goto("/dashboard/")
        expect(member.get_by_text("You have been briefed.")).to_be_visible()
        assert_accessible(member)

        # Board members correct their own name, in the details everyone has.
        member.goto("/profile/")
        member.get_by_label("Full name").fill("Jon Hale")
        member.get_by_role("button", name="Save my details").click()
        expect(member.get_by_text("Your details are saved.")).to_be_visible()
        expect(member.get_by_label("Full name")).to_have_value("Jon Hale")
        assert_accessible(member)
