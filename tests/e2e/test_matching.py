import re

import pytest
from playwright.sync_api import expect

from mentoring.models import Audience, RegistrationStatus
from tests.e2e.conftest import assert_accessible, sign_in
from tests.factories import (
    PASSWORD,
    BoardMemberFactory,
    CoordinatorFactory,
    EventFactory,
    MentorApplicationFactory,
    ProgrammeFactory,
    RegistrationFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db(transaction=True)


def briefed(person, programme, audience):
    from datetime import timedelta

    from django.utils import timezone

    event = EventFactory(
        programme=programme, audience=audience, starts_at=timezone.now() - timedelta(days=7)
    )
    RegistrationFactory(event=event, person=person, status=RegistrationStatus.ATTENDED)


def test_a_coordinator_pairs_a_mentor_and_a_board_member_who_then_see_each_other(
    browser, live_server, mailoutbox
):
    programme = ProgrammeFactory(name="2026/27 pilot", themes=["Anti-racism", "Culture change"])
    amara = UserFactory(email="amara@example.org", full_name="Amara Okafor", job_title="Technician")
    MentorApplicationFactory(
        programme=programme,
        applicant=amara,
        status="accepted",
        department="Life Sciences",
        bio="I help run the staff race equality network.",
        experience_statement="A private statement only the programme office reads. " * 3,
    )
    briefed(amara, programme, Audience.MENTORS)
    provost = UserFactory(email="provost@example.com", full_name="Jonathan Hale")
    BoardMemberFactory(programme=programme, user=provost, bio="Provost since 2022.")
    briefed(provost, programme, Audience.BOARD_MEMBERS)
    coordinator = CoordinatorFactory(email="office@example.org")

    office = browser.new_context(base_url=live_server.url).new_page()
    sign_in(office, "office@example.org", PASSWORD, totp_secret=coordinator.totp_secret)
    office.goto("/admin/mentoring/match/")
    office.get_by_role("link", name="Open the match board").click()
    expect(
        office.get_by_role("heading", name="Jonathan Hale, Provost (President's Board)")
    ).to_be_visible()
    expect(office.get_by_text(re.compile("Both care about Anti-racism"))).to_be_visible()
    assert_accessible(office)

    office.get_by_role("button", name="Propose Amara Okafor for Jonathan Hale").click()
    expect(office.get_by_text("Proposed: Amara Okafor with Jonathan Hale.")).to_be_visible()
    assert_accessible(office)
    office.get_by_role("button", name="Accept Amara Okafor with Jonathan Hale").click()
    # Nothing is sent before the office has seen who will be emailed.
    expect(office.get_by_text("Amara Okafor (amara@example.org): paired with")).to_be_visible()
    assert_accessible(office)
    office.get_by_role("button", name="Yes, confirm 1 pair and email 2 people").click()
    expect(
        office.get_by_text(
            "1 pair confirmed and both people in it emailed an introduction: "
            "Amara Okafor and Jonathan Hale."
        )
    ).to_be_visible()
    expect(office.get_by_role("heading", name="Active pairs (1)")).to_be_visible()

    mentor = browser.new_context(base_url=live_server.url).new_page()
    sign_in(mentor, "amara@example.org", PASSWORD)
    mentor.get_by_role("navigation").get_by_role("link", name="Your pair").click()
    expect(mentor.get_by_role("heading", name="Jonathan Hale")).to_be_visible()
    expect(mentor.get_by_text("Provost since 2022.")).to_be_visible()
    assert_accessible(mentor)

    member = browser.new_context(base_url=live_server.url).new_page()
    sign_in(member, "provost@example.com", PASSWORD)
    member.goto("/match/")
    expect(member.get_by_role("heading", name="Amara Okafor")).to_be_visible()
    expect(member.get_by_text("I help run the staff race equality network.")).to_be_visible()
    expect(member.get_by_text("A private statement")).to_have_count(0)
    assert_accessible(member)

    introductions = sorted(mail.subject for mail in mailoutbox if "Meet your" in mail.subject)
    assert introductions == [
        "Meet your board member: Jonathan Hale",
        "Meet your reverse mentor: Amara Okafor",
    ]
