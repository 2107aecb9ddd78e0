"""An action step is due on the day of its meeting or later, and the steps agreed at a
meeting can be corrected or removed by either member when adding to its log, by the same
rule, all at once. They stay the pair's: no audit row, no email."""

import re
from datetime import date, timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from accounts.models import AuditEvent
from mentoring.models import ActionReview, ActionStep
from mentoring.models.meetings import action_due_problem
from mentoring.services.meetings import (
    ActionCorrection,
    MeetingError,
    NewAction,
)
from tests.factories import (
    ActionStepFactory,
    HeldMeetingFactory,
    MeetingFactory,
    agree_ground_rules,
)
from tests.meetings import log_answers, meeting_logged
from tests.pages import page_html

pytestmark = pytest.mark.django_db

LONG_AGO = date(2020, 1, 10)


@pytest.fixture
def meeting(cast):
    agree_ground_rules(cast.pair)
    return MeetingFactory(match=cast.pair, starts_at=timezone.now() - timedelta(hours=2))


def _save(meeting, by, **changes):
    """The service as the log page calls it: held for 50 minutes, as the forms below send it,
    nothing else unless said."""
    return meeting_logged(meeting, by, actual_minutes=50, **changes)


@pytest.fixture
def logged(cast, meeting):
    """The meeting logged by Maya, with one step for Bola."""
    _save(
        meeting,
        cast.mentor,
        new_actions=[NewAction("Read the staff survey", "board_member", meeting.day)],
    )
    return meeting


def _step(step, remove=False, **changes) -> dict:
    """A step agreed at the meeting as its correction form sends it back."""
    fields = {"text": step.text, "owner": step.owner, "due_on": step.due_on, "needs": step.needs}
    fields |= changes
    data = {f"step-{step.pk}-{name}": value or "" for name, value in fields.items()}
    if fields["due_on"]:
        data[f"step-{step.pk}-due_on"] = fields["due_on"].isoformat()
    if remove:
        data[f"step-{step.pk}-remove"] = "on"
    return data


@pytest.mark.parametrize(
    ("due_on", "refused"),
    [
        (None, False),
        (date(2026, 11, 12), False),
        (date(2026, 11, 13), False),
        (date(2026, 11, 11), True),
        (LONG_AGO, True),
    ],
)
def test_a_step_is_due_on_the_day_of_its_meeting_or_later(due_on, refused):
    problem = action_due_problem(due_on, meeting_day=date(2026, 11, 12))

    assert (problem is not None) == refused
    if refused:
        assert "on or after the day of the meeting, 12 November 2026" in problem


def test_a_new_step_due_before_the_meeting_is_refused_with_the_rule_beside_it(maya, meeting):
    url = reverse("meeting_log", args=[meeting.pk])
    day = f"{meeting.day:%-d %B %Y}"

    assert f"On or after {day}, the day of the meeting, and in 2100 at the latest." in page_html(
        maya.get(url)
    )
    page = page_html(
        maya.post(url, log_answers(actions=[("Read the survey", "board_member", LONG_AGO)]))
    )

    assert (
        f'href="#id_action-0-due_on">New action step 1: Choose a due date on or after the day '
        f"of the meeting, {day}.</a>" in page
    )
    assert not ActionStep.objects.exists()
    meeting.refresh_from_db()
    assert not meeting.is_logged


def test_a_new_step_due_past_2100_is_refused_in_the_words_of_its_help(maya, meeting):
    url = reverse("meeting_log", args=[meeting.pk])

    page = page_html(
        maya.post(
            url, log_answers(actions=[("Read the survey", "board_member", date(9999, 12, 31))])
        )
    )

    assert (
        'href="#id_action-0-due_on">New action step 1: Choose a due date in 2100 at the '
        "latest.</a>" in page
    )
    assert "between the years" not in page
    assert not ActionStep.objects.exists()


def test_the_service_refuses_a_step_due_before_the_meeting(cast, meeting):
    with pytest.raises(MeetingError, match="on or after the day of the meeting"):
        _save(
            meeting,
            cast.mentor,
            new_actions=[NewAction("Read the survey", "board_member", LONG_AGO)],
        )
    assert not ActionStep.objects.exists()


def test_the_partner_corrects_a_step_agreed_at_the_meeting(cast, bola, logged):
    step = ActionStep.objects.get()
    url = reverse("meeting_log", args=[logged.pk])
    page = page_html(bola.get(url))
    assert "Action steps agreed at this meeting" in page
    assert f'name="step-{step.pk}-text" value="Read the staff survey"' in page
    later = logged.day + timedelta(days=30)

    response = bola.post(
        url,
        log_answers(minutes="50")
        | _step(step, text="Read the staff survey results", owner="mentor", due_on=later),
    )

    assert response.status_code == 302
    step.refresh_from_db()
    assert (step.text, step.owner, step.due_on) == (
        "Read the staff survey results",
        "mentor",
        later,
    )
    assert not AuditEvent.objects.exists()
    assert mail.outbox == []


def test_a_correction_due_before_the_meeting_is_refused_and_nothing_is_saved(cast, bola, logged):
    step = ActionStep.objects.get()
    url = reverse("meeting_log", args=[logged.pk])

    page = page_html(
        bola.post(
            url,
            log_answers(minutes="50", note="Bola's notes")
            | _step(step, text="Read it twice", due_on=LONG_AGO),
        )
    )

    assert (
        f"Action step “Read the staff survey”: Choose a due date on or after the day of the "
        f"meeting, {logged.day:%-d %B %Y}." in page
    )
    step.refresh_from_db()
    assert (step.text, step.due_on) == ("Read the staff survey", logged.day)
    assert not logged.notes.exists()


def test_a_step_due_long_ago_is_removed(cast, maya, meeting):
    """A step saved before the rule, due years before its meeting, is simply removed."""
    _save(meeting, cast.mentor)
    old = ActionStepFactory(meeting=meeting, due_on=LONG_AGO)
    kept = ActionStepFactory(meeting=meeting, text="Send the report", owner="mentor")

    response = maya.post(
        reverse("meeting_log", args=[meeting.pk]),
        log_answers(minutes="50") | _step(old, remove=True) | _step(kept),
    )

    assert response.status_code == 302
    assert list(ActionStep.objects.all()) == [kept]


def test_a_step_reviewed_at_a_later_meeting_is_corrected_but_not_removed(cast, maya, logged):
    step = ActionStep.objects.get()
    later = HeldMeetingFactory(match=cast.pair, starts_at=timezone.now() - timedelta(hours=1))
    ActionReview.objects.create(action=step, meeting=later, status="done", reviewed_by=cast.mentor)
    url = reverse("meeting_log", args=[logged.pk])

    page = page_html(maya.get(url))

    assert f'name="step-{step.pk}-remove"' not in page
    assert "Reviewed at a later meeting, so it stays; you can still correct it." in page
    with pytest.raises(MeetingError, match="reviewed at a later meeting"):
        _save(logged, cast.mentor, removals=[step.pk])
    assert ActionStep.objects.filter(pk=step.pk).exists()


def test_only_the_steps_agreed_at_this_meeting_are_corrected_here(cast, logged):
    other = ActionStepFactory(
        meeting=HeldMeetingFactory(match=cast.pair, starts_at=timezone.now() - timedelta(days=50))
    )
    correction = ActionCorrection(other.pk, NewAction("Changed", "mentor", logged.day))

    for change in ({"corrections": [correction]}, {"removals": [other.pk]}):
        with pytest.raises(MeetingError, match="not agreed at this meeting"):
            _save(logged, cast.board_member, **change)
    other.refresh_from_db()
    assert other.text != "Changed"


def test_a_correction_of_a_step_the_partner_removed_meanwhile_is_refused(cast, maya, bola, logged):
    step = ActionStep.objects.get()
    url = reverse("meeting_log", args=[logged.pk])
    seen = re.search(r'name="log_stamp" value="([^"]*)"', page_html(bola.get(url))).group(1)
    maya.post(url, log_answers(minutes="50") | _step(step, remove=True) | {"log_stamp": seen})

    page = page_html(
        bola.post(
            url, log_answers(minutes="50") | _step(step, text="Read it twice") | {"log_stamp": seen}
        )
    )

    assert "log was saved meanwhile" in page
    assert not ActionStep.objects.exists()


# --- a correction that needs correcting ------------------------------------------------------


def _summary(page: str) -> str:
    return re.search(r"data-error-summary.*?</ul>", page, re.S).group(0)


def _beside(page: str, field_id: str) -> str:
    """The error shown beside one field (crispy's feedback under it), or ""."""
    found = re.search(rf'id="{field_id}_error"[^>]*>(.*?)</div>', page, re.S)
    return " ".join(re.sub(r"<[^>]+>", "", found.group(1)).split()) if found else ""


def _value(page: str, name: str) -> str | None:
    tag = re.search(rf'<input[^>]*name="{name}"[^>]*>', page).group(0)
    found = re.search(r'value="([^"]*)"', tag)
    return found.group(1) if found else None


def test_an_emptied_correction_with_a_bad_date_says_each_error_once_and_keeps_what_was_typed(
    cast, bola, logged
):
    step = ActionStep.objects.get()
    no_text = "Say what will be done, or tick “Remove this action step”."
    too_early = f"Choose a due date on or after the day of the meeting, {logged.day:%-d %B %Y}."

    page = page_html(
        bola.post(
            reverse("meeting_log", args=[logged.pk]),
            log_answers(minutes="50") | _step(step, text="", due_on=LONG_AGO, needs="Ask HR first"),
        )
    )

    summary = _summary(page)
    for field, message in (("text", no_text), ("due_on", too_early)):
        assert summary.count(f"Action step “Read the staff survey”: {message}") == 1
        assert f'href="#id_step-{step.pk}-{field}"' in summary
        assert _beside(page, f"id_step-{step.pk}-{field}") == message
        assert page.count(message) == 2  # In the summary, and beside its field.
    assert _value(page, f"step-{step.pk}-due_on") == LONG_AGO.isoformat()
    assert _value(page, f"step-{step.pk}-needs") == "Ask HR first"
    step.refresh_from_db()
    assert (step.text, step.due_on, step.needs) == ("Read the staff survey", logged.day, "")


def test_a_correction_refused_for_its_date_keeps_the_new_text(cast, bola, logged):
    step = ActionStep.objects.get()

    page = page_html(
        bola.post(
            reverse("meeting_log", args=[logged.pk]),
            log_answers(minutes="50") | _step(step, text="Read it twice", due_on=LONG_AGO),
        )
    )

    assert _value(page, f"step-{step.pk}-text") == "Read it twice"
    assert _beside(page, f"id_step-{step.pk}-text") == ""
    assert "Choose a due date on or after" in _beside(page, f"id_step-{step.pk}-due_on")


def test_a_step_kept_for_its_history_and_emptied_is_asked_for_its_text_once(cast, maya, logged):
    step = ActionStep.objects.get()
    later = HeldMeetingFactory(match=cast.pair, starts_at=timezone.now() - timedelta(hours=1))
    ActionReview.objects.create(action=step, meeting=later, status="done", reviewed_by=cast.mentor)

    page = page_html(
        maya.post(
            reverse("meeting_log", args=[logged.pk]),
            log_answers(minutes="50") | _step(step, text=""),
        )
    )

    assert _summary(page).count("Say what will be done.") == 1
    assert _beside(page, f"id_step-{step.pk}-text") == "Say what will be done."
    assert page.count("Say what will be done.") == 2


def test_a_step_ticked_for_removal_comes_back_ticked_when_another_answer_is_missing(
    cast, bola, logged
):
    step = ActionStep.objects.get()

    page = page_html(
        bola.post(
            reverse("meeting_log", args=[logged.pk]),
            log_answers(minutes="") | _step(step, remove=True, text="Typed", due_on=LONG_AGO),
        )
    )

    # Only what stops the saving is said; the step being removed is not checked.
    assert "Say how long the meeting lasted, in minutes." in _summary(page)
    assert "Read the staff survey" not in _summary(page)
    assert re.search(rf'name="step-{step.pk}-remove"[^>]*checked', page)
    assert _value(page, f"step-{step.pk}-text") == "Typed"
    assert ActionStep.objects.filter(pk=step.pk).exists()
