"""The pair's life after matching, in the browser: ground rules, a meeting proposed, accepted,
held and logged with action steps, those steps reviewed at the next meeting, the schedule.
Every page is checked with axe at desktop width and on a 375 px phone."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from mentoring.models import ActionStatus, ActionStep, Meeting, MeetingStatus
from tests.e2e.conftest import assert_accessible, sign_in
from tests.factories import PASSWORD, MeetingFactory

pytestmark = pytest.mark.django_db(transaction=True)

DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 375, "height": 800}


def assert_accessible_on_desktop_and_phone(page) -> None:
    page.set_viewport_size(DESKTOP)
    assert_accessible(page)
    page.set_viewport_size(PHONE)
    assert_accessible(page)
    page.set_viewport_size(DESKTOP)


@pytest.fixture
def partner_page(browser, live_server):
    """A second browser, for the other member of the pair."""
    context = browser.new_context(base_url=live_server.url)
    context.set_default_timeout(10_000)
    yield context.new_page()
    context.close()


def test_a_pair_agrees_the_rules_meets_logs_and_reviews_its_action_steps(
    page, partner_page, cast, mailoutbox
):
    mentor, member = page, partner_page
    sign_in(mentor, cast.mentor.email, PASSWORD)
    mentor.goto("/match/")
    expect(mentor.get_by_role("heading", level=2, name="Bola Board")).to_be_visible()
    assert_accessible_on_desktop_and_phone(mentor)
    mentor.get_by_role("button", name="I agree to these ground rules").click()
    expect(mentor.get_by_text("You have agreed the ground rules.")).to_be_visible()
    expect(mentor.get_by_text("Bola has not agreed to this version yet.")).to_be_visible()

    sign_in(member, cast.board_member.email, PASSWORD)
    member.goto("/match/")
    member.get_by_role("button", name="I agree to these ground rules").click()
    expect(member.get_by_text("Maya has agreed to this version.")).to_be_visible()

    # The board member proposes a meeting in a fortnight, at ten.
    member.get_by_role("link", name="Propose a meeting").click()
    expect(member.get_by_role("heading", level=1)).to_have_text("Propose a meeting")
    assert_accessible_on_desktop_and_phone(member)
    member.get_by_role("button", name="Propose this meeting").click()
    expect(member.get_by_role("alert")).to_contain_text("Enter the date of the meeting.")
    assert_accessible_on_desktop_and_phone(member)  # with the error summary
    day = timezone.localdate() + timedelta(weeks=2)
    member.get_by_label("Date").fill(day.isoformat())
    member.get_by_label("Starts at").fill("10:00")
    member.get_by_label("Place").fill("Room 2.14, Main Building")
    member.get_by_role("button", name="Propose this meeting").click()
    expect(
        member.get_by_text(re.compile("Meeting proposed. Maya Mentor has been told"))
    ).to_be_visible()
    expect(member.get_by_role("heading", level=1)).to_have_text(f"Meeting on {day:%A %-d %B %Y}")
    assert_accessible_on_desktop_and_phone(member)
    assert any(mail.to == [cast.mentor.email] for mail in mailoutbox)

    # The mentor accepts it from the pair page.
    mentor.goto("/match/")
    expect(mentor.get_by_role("heading", name="Waiting for your answer")).to_be_visible()
    mentor.get_by_role("button", name=f"Accept the meeting on {day:%-d %B}").click()
    expect(mentor.get_by_text("Meeting booked.")).to_be_visible()
    expect(mentor.get_by_text("Booked", exact=True)).to_be_visible()
    assert_accessible_on_desktop_and_phone(mentor)

    # The day comes: the meeting has started, so it can be logged.
    first = Meeting.objects.get(match=cast.pair)
    assert first.status == MeetingStatus.CONFIRMED
    Meeting.objects.filter(pk=first.pk).update(starts_at=timezone.now() - timedelta(hours=3))

    mentor.goto("/match/")
    expect(mentor.get_by_role("heading", name="To log")).to_be_visible()
    mentor.get_by_role("link", name=re.compile("^Log this meeting")).click()
    expect(mentor.get_by_role("heading", level=1)).to_have_text(re.compile("^Log the meeting of"))
    assert_accessible_on_desktop_and_phone(mentor)
    mentor.get_by_label("Yes").check()
    mentor.get_by_label("How long did it last (minutes)?").fill("55")
    mentor.get_by_label("Anti-racism").check()
    mentor.get_by_label("Your private notes").fill(
        "Bola asked how the promotion round looks to technicians. I said: opaque."
    )
    steps = [
        ("Ask HR for three years of promotion figures by ethnicity", "Bola"),
        ("Ask the race equality network what would help people apply", "Maya (you)"),
    ]
    for number, (text, owner) in enumerate(steps, start=1):
        row = mentor.get_by_role("group", name=f"Action step {number}")
        row.get_by_label("What will be done").fill(text)
        row.get_by_label("Who does it").select_option(label=owner)
    mentor.get_by_role("button", name="Save the log").click()
    expect(mentor.get_by_text("The meeting is logged.")).to_be_visible()
    expect(mentor.get_by_role("heading", name="Action steps agreed")).to_be_visible()
    expect(mentor.get_by_text(steps[0][0])).to_be_visible()
    assert_accessible_on_desktop_and_phone(mentor)  # the meeting page with its log
    assert ActionStep.objects.filter(match=cast.pair).count() == 2

    # A second meeting, booked earlier, has just taken place.
    second = MeetingFactory(
        match=cast.pair,
        starts_at=timezone.now() - timedelta(minutes=30),
        proposed_by=cast.board_member,
    )
    mentor.goto(f"/meetings/{second.pk}/")
    mentor.get_by_role("link", name="Log this meeting").click()
    review = mentor.get_by_role("group", name="Review the action steps from earlier meetings")
    expect(review.get_by_text(steps[0][0], exact=True)).to_be_visible()
    assert_accessible_on_desktop_and_phone(mentor)
    mentor.get_by_label("Yes").check()
    mentor.get_by_label("How long did it last (minutes)?").fill("60")
    # Each step is said once, as the name of the group its questions are in.
    expect(review.get_by_text(steps[0][0])).to_have_count(1)
    step = review.get_by_role("group", name=steps[0][0]).get_by_label("How did it go?")
    step.select_option(label="Done")
    step = review.get_by_role("group", name=steps[1][0]).get_by_label("How did it go?")
    step.select_option(label="In progress")
    mentor.get_by_role("button", name="Save the log").click()
    expect(mentor.get_by_text("The meeting is logged.")).to_be_visible()
    reviewed = mentor.get_by_role("heading", name="Action steps reviewed").locator("+ ul")
    expect(reviewed).to_contain_text(f"{steps[0][0]}: done")
    expect(reviewed).to_contain_text(f"{steps[1][0]}: in progress")
    assert sorted(ActionStep.objects.filter(match=cast.pair).values_list("status", flat=True)) == [
        ActionStatus.DONE,
        ActionStatus.IN_PROGRESS,
    ]

    # The board member's schedule shows both meetings held.
    member.goto("/meetings/")
    expect(member.get_by_role("heading", level=1)).to_have_text("Your meetings")
    expect(member.get_by_role("heading", name="With Maya Mentor")).to_be_visible()
    expect(member.get_by_text("Held", exact=True)).to_have_count(2)
    expect(member.get_by_label("Your calendar address")).to_have_value(
        re.compile(r"/meetings/calendar\.ics\?token=")
    )
    assert_accessible_on_desktop_and_phone(member)

    # The pair's other pages.
    member.get_by_role("link", name="Plan the year with Maya Mentor").click()
    expect(member.get_by_role("heading", level=1)).to_have_text("Plan the year")
    assert_accessible_on_desktop_and_phone(member)

    member.goto("/match/")
    expect(member.get_by_role("heading", name="Past meetings")).to_be_visible()
    expect(member.get_by_text(steps[1][0])).to_be_visible()  # in progress, still open
    expect(member.get_by_text(steps[0][0])).to_have_count(0)  # done
    assert_accessible_on_desktop_and_phone(member)  # the pair page with its history
    member.get_by_role("link", name="Write your shared purpose").click()
    expect(member.get_by_role("heading", level=1)).to_have_text("Your shared purpose")
    assert_accessible_on_desktop_and_phone(member)
    member.get_by_label("Your shared purpose").fill(
        "Bola wants to hear how decisions land for technicians; Maya wants that heard."
    )
    member.get_by_role("button", name="Save the shared purpose").click()
    expect(member.get_by_text("Your shared purpose is saved.")).to_be_visible()

    member.get_by_role("link", name="raise a concern privately with the programme office").click()
    expect(member.get_by_role("heading", level=1)).to_have_text("Talk to the programme office")
    expect(member.get_by_label("Raise a concern with the programme office")).to_be_checked()
    assert_accessible_on_desktop_and_phone(member)
    # A concern needs a few words, and is sent only once confirmed.
    member.get_by_role("button", name="Send to the programme office").click()
    expect(
        member.get_by_role("link", name="Say what the concern is, in a few words.")
    ).to_be_visible()
    member.get_by_label("A note for the programme office").fill("Our meetings keep moving.")
    member.get_by_role("button", name="Send to the programme office").click()
    expect(member.get_by_role("heading", level=1)).to_have_text(
        "Send this to the programme office?"
    )
    assert_accessible_on_desktop_and_phone(member)
    member.get_by_role("button", name="No, change it").click()
    expect(member.get_by_label("A note for the programme office")).to_have_value(
        "Our meetings keep moving."
    )
    member.get_by_role("button", name="Send to the programme office").click()
    member.get_by_role("button", name="Yes, send it to the programme office").click()
    expect(member.get_by_text("The programme office has your message")).to_be_visible()
