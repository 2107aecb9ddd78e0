"""Participant forms sent back with errors, in a real browser. One error summary at
the top linking to each field, focus on it, each message once, limits stated beside the
field, what was typed kept, Enter never sends a form for good, and axe finds nothing."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from mentoring.models import Meeting, PairRequest
from tests.e2e.conftest import sign_in
from tests.e2e.error_summary import assert_good_error_page
from tests.factories import (
    PASSWORD,
    GradeFactory,
    MeetingFactory,
    SurveyFactory,
    add_one_question_of_each_kind,
    agree_ground_rules,
)

pytestmark = pytest.mark.django_db(transaction=True)


def click_each_link_focuses_its_field(page) -> None:
    links = page.locator("[data-error-summary] a")
    for n in range(links.count()):
        link = links.nth(n)
        href = link.get_attribute("href")[1:]
        link.click()
        focused = page.evaluate("document.activeElement.id")
        assert focused == href, f"{link.inner_text()!r}: focus on {focused!r}, not {href!r}"


def sent_back(page, *, follow_links: bool = True) -> None:
    """The page sent back with errors: waited for, checked against the rule
    (`assert_good_error_page`), and each of the summary's links followed to its field."""
    page.locator("[data-error-summary]").wait_for()
    assert_good_error_page(page)
    if follow_links:
        click_each_link_focuses_its_field(page)


# --- /apply/ -------------------------------------------------------------------------------


def test_apply_submitted_with_nothing_answered(page, cast):
    GradeFactory(name="Grade 5")
    sign_in(page, cast.outsider.email, PASSWORD)
    page.goto(reverse("apply"))
    page.get_by_label("Department").fill("Estates")
    page.get_by_role("button", name="Submit application").click()
    sent_back(page)
    expect(page.get_by_label("Department")).to_have_value("Estates")


def test_apply_draft_with_a_too_long_bio_keeps_it_and_says_so(page, cast):
    sign_in(page, cast.outsider.email, PASSWORD)
    page.goto(reverse("apply"))
    bio = page.get_by_label("A short bio for the board member you will mentor")
    bio.evaluate("(el) => el.removeAttribute('maxlength')")
    bio.fill("b" * 2_001)
    page.get_by_role("button", name="Save draft").click()
    sent_back(page, follow_links=False)
    expect(bio).to_have_value("b" * 2_001)


def test_apply_states_every_limit_beside_its_field(page, cast):
    cast.programme.line_manager_agreement = True
    cast.programme.save()
    sign_in(page, cast.outsider.email, PASSWORD)
    page.goto(reverse("apply"))
    unstated = page.evaluate(
        """() => [...document.querySelectorAll('main input[maxlength], main textarea[maxlength]')]
          .filter(el => {
            const limit = Number(el.getAttribute('maxlength')).toLocaleString('en-GB');
            const ids = (el.getAttribute('aria-describedby') || '').split(/\\s+/).filter(Boolean);
            const said = ids.map(id => document.getElementById(id)?.innerText || '').join(' ');
            return !said.includes(limit);
          }).map(el => el.name)"""
    )
    assert unstated == []


UNSTATED_LIMITS = """() => [
  ...document.querySelectorAll('main input[maxlength], main textarea[maxlength]')]
  .filter(el => el.type !== 'hidden')
  .filter(el => {
    const limit = Number(el.getAttribute('maxlength')).toLocaleString('en-GB');
    const ids = (el.getAttribute('aria-describedby') || '').split(/\\s+/).filter(Boolean);
    const said = ids.map(id => document.getElementById(id)?.innerText || '').join(' ');
    return !said.includes(limit);
  }).map(el => el.name)"""


def unstated_limits(page) -> list[str]:
    return page.evaluate(UNSTATED_LIMITS)


def over_the_limit(locator, text: str) -> None:
    """Type past the field's limit, as a paste or an old browser would."""
    locator.evaluate("(el) => el.removeAttribute('maxlength')")
    locator.fill(text)


# --- /profile/ -----------------------------------------------------------------------------


def test_profile_board_member_details_with_no_name(page, cast):
    sign_in(page, cast.board_member.email, PASSWORD)
    page.goto(reverse("profile"))
    assert unstated_limits(page) == []
    page.get_by_label("Full name").fill("")
    page.get_by_role("button", name="Save my details").click()
    sent_back(page)


def test_profile_board_member_profile_with_too_long_goals(page, cast):
    sign_in(page, cast.board_member.email, PASSWORD)
    page.goto(reverse("profile"))
    boxes = page.locator("main form textarea")
    first = boxes.first
    name = first.get_attribute("name")
    limit = int(first.get_attribute("maxlength"))
    over_the_limit(first, "g" * (limit + 1))
    page.get_by_role("button", name="Save my profile").click()
    sent_back(page, follow_links=False)
    expect(page.locator(f"textarea[name='{name}']")).to_have_value("g" * (limit + 1))


def test_profile_mentor_details_with_no_name_and_no_department(page, cast):
    sign_in(page, cast.mentor.email, PASSWORD)
    page.goto(reverse("profile"))
    assert unstated_limits(page) == []
    page.get_by_label("Full name").fill("")
    page.get_by_label("Department").fill("")
    over_the_limit(page.get_by_label("Job title"), "j" * 151)
    page.get_by_role("button", name="Save my details").click()
    sent_back(page)
    expect(page.get_by_label("Job title")).to_have_value("j" * 151)


def test_profile_mentor_enter_in_the_job_title_saves_the_details(page, cast):
    sign_in(page, cast.mentor.email, PASSWORD)
    page.goto(reverse("profile"))
    page.get_by_label("Full name").fill("")
    page.get_by_label("Full name").press("Enter")
    sent_back(page, follow_links=False)


# --- meetings ------------------------------------------------------------------------------


def test_propose_a_meeting_with_nothing_filled_in(page, cast):
    agree_ground_rules(cast.pair)
    sign_in(page, cast.mentor.email, PASSWORD)
    page.goto(reverse("meeting_new", args=[cast.pair.pk]))
    assert unstated_limits(page) == []
    page.get_by_label("Place").fill("Room 2.14")
    page.get_by_label("Online link").fill("not a link")
    page.get_by_role("button", name="Propose this meeting").click()
    sent_back(page)
    expect(page.get_by_label("Place")).to_have_value("Room 2.14")
    expect(page.get_by_label("Online link")).to_have_value("not a link")
    assert not Meeting.objects.filter(match=cast.pair).exists()


def test_propose_a_meeting_in_the_past_with_an_end_before_its_start(page, cast):
    agree_ground_rules(cast.pair)
    sign_in(page, cast.mentor.email, PASSWORD)
    page.goto(reverse("meeting_new", args=[cast.pair.pk]))
    yesterday = timezone.localdate() - timedelta(days=1)
    page.get_by_label("Date").fill(yesterday.isoformat())
    page.get_by_label("Starts at").fill("10:00")
    page.get_by_label("Ends at").fill("09:00")
    page.get_by_role("button", name="Propose this meeting").click()
    page.locator("[data-error-summary]").wait_for()
    state = assert_good_error_page(page)
    assert len(state["items"]) == 2, state["items"]
    click_each_link_focuses_its_field(page)


def test_propose_a_meeting_outside_the_window_asks_to_confirm(page, cast):
    agree_ground_rules(cast.pair)
    sign_in(page, cast.mentor.email, PASSWORD)
    page.goto(reverse("meeting_new", args=[cast.pair.pk]))
    far = timezone.localdate() + timedelta(days=400)
    page.get_by_label("Date").fill(far.isoformat())
    page.get_by_label("Starts at").fill("10:00")
    page.get_by_label("Place").fill("Room 9")
    page.get_by_role("button", name="Propose this meeting").click()
    sent_back(page)
    expect(page.get_by_label("Place")).to_have_value("Room 9")
    # Enter in a text field does not go ahead.
    page.get_by_label("Propose it anyway").check()
    page.get_by_label("Place").press("Enter")
    page.wait_for_timeout(500)
    assert not Meeting.objects.filter(match=cast.pair).exists()


def test_move_a_meeting_with_no_date(page, cast):
    agree_ground_rules(cast.pair)
    meeting = MeetingFactory(match=cast.pair)
    sign_in(page, cast.mentor.email, PASSWORD)
    page.goto(reverse("meeting_change", args=[meeting.pk]))
    assert unstated_limits(page) == []
    page.get_by_label("Date").fill("")
    page.get_by_label("Why the change").fill("I have a clash.")
    page.get_by_role("button", name="Propose the new time").click()
    sent_back(page)
    expect(page.get_by_label("Why the change")).to_have_value("I have a clash.")


def test_cancel_a_meeting_with_no_reason(page, cast):
    agree_ground_rules(cast.pair)
    meeting = MeetingFactory(match=cast.pair)
    sign_in(page, cast.mentor.email, PASSWORD)
    page.goto(reverse("meeting_cancel", args=[meeting.pk]))
    assert unstated_limits(page) == []
    page.get_by_role("button", name="Cancel the meeting").click()
    sent_back(page)


def test_cancel_a_meeting_with_a_too_long_reason_keeps_it(page, cast):
    agree_ground_rules(cast.pair)
    meeting = MeetingFactory(match=cast.pair)
    sign_in(page, cast.mentor.email, PASSWORD)
    page.goto(reverse("meeting_cancel", args=[meeting.pk]))
    box = page.get_by_label("Why are you cancelling?")
    over_the_limit(box, "r" * 501)
    page.get_by_role("button", name="Cancel the meeting").click()
    sent_back(page, follow_links=False)
    expect(box).to_have_value("r" * 501)


# --- the meeting log -----------------------------------------------------------------------


def test_log_a_meeting_with_missing_answers(page, cast):
    agree_ground_rules(cast.pair)
    meeting = MeetingFactory(match=cast.pair, starts_at=timezone.now() - timedelta(days=2))
    sign_in(page, cast.mentor.email, PASSWORD)
    page.goto(reverse("meeting_log", args=[meeting.pk]))
    assert unstated_limits(page) == []
    page.get_by_label("Your private notes").fill("We talked about the estates survey.")
    page.locator("[name='action-0-needs']").fill("Time")
    page.locator("[name='action-1-text']").fill("Read the report")
    page.get_by_role("button", name="Save the log").click()
    sent_back(page)
    expect(page.get_by_label("Your private notes")).to_have_value(
        "We talked about the estates survey."
    )
    expect(page.locator("[name='action-1-text']")).to_have_value("Read the report")


def test_log_a_meeting_held_without_minutes(page, cast):
    agree_ground_rules(cast.pair)
    meeting = MeetingFactory(match=cast.pair, starts_at=timezone.now() - timedelta(days=2))
    sign_in(page, cast.mentor.email, PASSWORD)
    page.goto(reverse("meeting_log", args=[meeting.pk]))
    page.get_by_role("group", name="Did the meeting take place?").get_by_label("Yes").check()
    page.get_by_label("How long did it last (minutes)?").fill("")
    page.get_by_role("button", name="Save the log").click()
    sent_back(page)


# --- shared purpose, pair request ----------------------------------------------------------


def test_shared_purpose_too_long_is_kept(page, cast):
    agree_ground_rules(cast.pair)
    sign_in(page, cast.mentor.email, PASSWORD)
    page.goto(reverse("pair_purpose", args=[cast.pair.pk]))
    assert unstated_limits(page) == []
    box = page.get_by_label("Your shared purpose")
    over_the_limit(box, "p" * 2_001)
    page.get_by_role("button", name="Save the shared purpose").click()
    sent_back(page)
    expect(box).to_have_value("p" * 2_001)


def test_pair_request_with_nothing_chosen(page, cast):
    agree_ground_rules(cast.pair)
    sign_in(page, cast.mentor.email, PASSWORD)
    page.goto(reverse("pair_request", args=[cast.pair.pk]))
    assert unstated_limits(page) == []
    page.get_by_label("A note for the programme office").fill("Some words")
    page.get_by_role("button", name="Send to the programme office").click()
    sent_back(page)
    expect(page.get_by_label("A note for the programme office")).to_have_value("Some words")


def test_pair_request_concern_without_a_note(page, cast):
    agree_ground_rules(cast.pair)
    sign_in(page, cast.mentor.email, PASSWORD)
    page.goto(reverse("pair_request", args=[cast.pair.pk]))
    page.get_by_label("Raise a concern with the programme office").check()
    page.get_by_role("button", name="Send to the programme office").click()
    sent_back(page)
    assert not PairRequest.objects.exists()


# --- a survey ------------------------------------------------------------------------------


def test_survey_with_every_needed_answer_missing(page, cast):
    survey = SurveyFactory(programme=cast.programme, title="Pilot evaluation")
    add_one_question_of_each_kind(survey)
    sign_in(page, cast.mentor.email, PASSWORD)
    page.goto(reverse("survey_answer", args=[survey.pk]))
    page.get_by_label("What should we change?").fill("More time")
    page.get_by_role("button", name="Continue to check your answers").click()
    page.locator("[data-error-summary]").wait_for()
    state = assert_good_error_page(page)
    assert len(state["items"]) == 4, state["items"]
    click_each_link_focuses_its_field(page)
    expect(page.get_by_label("What should we change?")).to_have_value("More time")


def test_survey_with_a_too_long_written_answer(page, cast):
    survey = SurveyFactory(programme=cast.programme, title="Pilot evaluation")
    add_one_question_of_each_kind(survey, required=False)
    sign_in(page, cast.mentor.email, PASSWORD)
    page.goto(reverse("survey_answer", args=[survey.pk]))
    from evaluation.models import MAX_TEXT_ANSWER

    box = page.get_by_label("What should we change?")
    over_the_limit(box, "s" * (MAX_TEXT_ANSWER + 1))
    page.get_by_role("button", name="Continue to check your answers").click()
    sent_back(page, follow_links=False)
    expect(box).to_have_value("s" * (MAX_TEXT_ANSWER + 1))


def test_plan_the_year_with_every_date_unticked(page, cast):
    agree_ground_rules(cast.pair)
    sign_in(page, cast.mentor.email, PASSWORD)
    page.goto(reverse("pair_plan", args=[cast.pair.pk]))
    for box in page.locator("main input[type=checkbox]").all():
        box.uncheck()
    page.get_by_role("button", name=re.compile("Propose these dates")).click()
    sent_back(page)
    assert not Meeting.objects.filter(match=cast.pair).exists()


def availability_error_is_read_with_the_grid(page) -> None:
    """The grid's fieldset (the group a screen reader announces on entering its first box,
    where the summary's link lands) names its error, as every other field's does."""
    said = page.evaluate(
        """() => {
          const first = document.getElementById('id_availability_monday_morning');
          const group = first.closest('fieldset');
          return (group.getAttribute('aria-describedby') || '').split(/\\s+/).filter(Boolean)
            .map(id => document.getElementById(id)?.innerText || '').join(' ');
        }"""
    )
    assert "Tick at least one time when you could usually meet." in said, said


def test_apply_availability_error_is_read_with_the_grid(page, cast):
    sign_in(page, cast.outsider.email, PASSWORD)
    page.goto(reverse("apply"))
    page.get_by_role("button", name="Submit application").click()
    page.locator("[data-error-summary]").wait_for()
    page.get_by_role("link", name="Tick at least one time when you could usually meet.").click()
    expect(page.locator("#id_availability_monday_morning")).to_be_focused()
    availability_error_is_read_with_the_grid(page)


def test_board_member_profile_availability_error_is_read_with_the_grid(page, cast):
    sign_in(page, cast.board_member.email, PASSWORD)
    page.goto(reverse("profile"))
    for box in page.locator("table.availability-grid input[type=checkbox]").all():
        box.uncheck()
    page.get_by_role("button", name="Save my profile").click()
    page.locator("[data-error-summary]").wait_for()
    page.get_by_role("link", name="Tick at least one time when you could usually meet.").click()
    expect(page.locator("#id_availability_monday_morning")).to_be_focused()
    availability_error_is_read_with_the_grid(page)


def test_log_with_a_too_long_review_note(page, cast):
    from tests.factories import ActionStepFactory, HeldMeetingFactory

    agree_ground_rules(cast.pair)
    earlier = HeldMeetingFactory(match=cast.pair, starts_at=timezone.now() - timedelta(days=40))
    ActionStepFactory(meeting=earlier, match=cast.pair, text="Read the survey results")
    meeting = MeetingFactory(match=cast.pair, starts_at=timezone.now() - timedelta(days=2))
    sign_in(page, cast.mentor.email, PASSWORD)
    page.goto(reverse("meeting_log", args=[meeting.pk]))
    page.get_by_role("group", name="Did the meeting take place?").get_by_label("Yes").check()
    page.get_by_label("How long did it last (minutes)?").fill("60")
    page.locator("select[name^='review-']").select_option(label="Done")
    note = page.locator("input[name^='review-'][name$='-note']")
    assert unstated_limits(page) == []
    over_the_limit(note, "n" * 501)
    page.get_by_role("button", name="Save the log").click()
    sent_back(page)
    expect(note).to_have_value("n" * 501)
    expect(page.locator("select[name^='review-']")).to_have_value("done")


def test_editing_a_log_with_an_emptied_agreed_step(page, cast):
    from tests.factories import ActionStepFactory, HeldMeetingFactory

    agree_ground_rules(cast.pair)
    held = HeldMeetingFactory(match=cast.pair, starts_at=timezone.now() - timedelta(days=3))
    ActionStepFactory(meeting=held, match=cast.pair, text="Read the survey results")
    sign_in(page, cast.mentor.email, PASSWORD)
    page.goto(reverse("meeting_log", args=[held.pk]))
    assert unstated_limits(page) == []
    box = page.locator("main input[name$='-text'][value='Read the survey results']")
    name = box.get_attribute("name")
    box.fill("")
    page.locator(f"[name='{name[:-5]}-needs']").fill("An hour")
    page.get_by_role("button", name="Save the log").click()
    sent_back(page)
    expect(page.locator(f"[name='{name[:-5]}-needs']")).to_have_value("An hour")


def test_pair_request_change_it_keeps_what_was_typed(page, cast):
    agree_ground_rules(cast.pair)
    sign_in(page, cast.mentor.email, PASSWORD)
    page.goto(reverse("pair_request", args=[cast.pair.pk]))
    page.get_by_label("Raise a concern with the programme office").check()
    page.get_by_label("A note for the programme office").fill("First line\nSecond line")
    page.get_by_role("button", name="Send to the programme office").click()
    page.get_by_role("button", name="No, change it").click()
    expect(page.get_by_label("A note for the programme office")).to_have_value(
        "First line\nSecond line"
    )
    expect(page.get_by_label("Raise a concern with the programme office")).to_be_checked()
    assert page.locator("[data-error-summary]").count() == 0


def test_survey_answers_given_are_kept_when_one_is_missing(page, cast):
    survey = SurveyFactory(programme=cast.programme, title="Pilot evaluation")
    add_one_question_of_each_kind(survey)
    sign_in(page, cast.mentor.email, PASSWORD)
    page.goto(reverse("survey_answer", args=[survey.pk]))
    page.get_by_role("group", name="How many times did you meet?").get_by_label(
        "2 or 3 times"
    ).check()
    page.get_by_role("group", name="Which of these came out of it?").get_by_label(
        "A new contact"
    ).check()
    page.get_by_role("group", name="How likely are you to recommend the programme?").get_by_label(
        "7", exact=True
    ).check()
    page.get_by_role("button", name="Continue to check your answers").click()
    page.locator("[data-error-summary]").wait_for()
    state = assert_good_error_page(page)
    assert len(state["items"]) == 1
    expect(page.get_by_label("2 or 3 times")).to_be_checked()
    expect(page.get_by_label("A new contact")).to_be_checked()
    expect(page.get_by_label("7", exact=True)).to_be_checked()


def test_a_too_long_line_manager_email_is_refused_in_the_projects_words(page, cast):
    """The limit is stated beside the box, and said in the same words to whoever breaks it."""
    cast.programme.line_manager_agreement = True
    cast.programme.save()
    sign_in(page, cast.outsider.email, PASSWORD)
    page.goto(reverse("apply"))
    box = page.get_by_label("Your line manager's email address")
    over_the_limit(box, "a" * 250 + "@example.org")
    page.get_by_role("button", name="Save draft").click()
    sent_back(page, follow_links=False)
    expect(box).to_have_value("a" * 250 + "@example.org")
    expect(page.locator("[data-error-summary]")).to_contain_text("can be up to 254 characters")


def test_an_action_steps_due_date_states_its_years_before_they_are_broken(page, cast):
    agree_ground_rules(cast.pair)
    meeting = MeetingFactory(match=cast.pair, starts_at=timezone.now() - timedelta(days=2))
    sign_in(page, cast.mentor.email, PASSWORD)
    page.goto(reverse("meeting_log", args=[meeting.pk]))
    help_text = page.locator("#id_action-0-due_on_helptext").inner_text()
    page.get_by_role("group", name="Did the meeting take place?").get_by_label("Yes").check()
    page.get_by_label("How long did it last (minutes)?").fill("60")
    page.locator("[name='action-0-text']").fill("Read the report")
    page.locator("[name='action-0-owner']").select_option(index=1)
    page.locator("[name='action-0-due_on']").fill("2101-01-01")
    page.get_by_role("button", name="Save the log").click()
    page.locator("[data-error-summary]").wait_for()
    message = page.locator("[data-error-summary] li").first.inner_text()
    assert "2100" in help_text, f"told {message!r}, but beside the box only {help_text!r}"
