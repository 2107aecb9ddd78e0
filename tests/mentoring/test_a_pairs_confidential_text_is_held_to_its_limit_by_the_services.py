"""A pair's confidential text (its shared purpose, notes, action steps and their reviews,
why a meeting moved or was called off, a note to the programme office) is held to the limit
its form states by the service that saves it too, for any caller: a text of exactly the
limit is saved, one character over is refused in the same words, naming the text, and
nothing is saved. The limits live in accounts/bounds.py, which the forms state."""

from datetime import timedelta

import pytest
from django.utils import timezone

from accounts import bounds
from mentoring.forms.meetings import (
    ActionStepForm,
    CancelForm,
    LogForm,
    MeetingForm,
    PairRequestForm,
    PurposeForm,
    ReviewForm,
)
from mentoring.models import ActionStep, Meeting, MeetingNote, PairRequest
from mentoring.services.meetings import (
    ActionCorrection,
    MeetingError,
    NewAction,
    Review,
    When,
    meeting_cancel,
    meeting_reschedule,
)
from mentoring.services.pairs import PairError, pair_purpose_save, pair_request_raise
from tests.factories import (
    ActionStepFactory,
    HeldMeetingFactory,
    MeetingFactory,
    agree_ground_rules,
)
from tests.meetings import meeting_logged

pytestmark = pytest.mark.django_db

# A character of three bytes in UTF-8: the limit counts characters, not bytes.
EURO = "€"


def refusal(limit: int, what: str) -> str:
    return f"{what} can be up to {limit:,} characters long. Please shorten it."


def test_the_shared_purpose(cast):
    with pytest.raises(PairError) as refused:
        pair_purpose_save(match=cast.pair, person=cast.mentor, purpose="x" * 2_001)
    assert str(refused.value) == refusal(2_000, "The shared purpose")
    cast.pair.refresh_from_db()
    assert cast.pair.purpose == ""

    pair_purpose_save(match=cast.pair, person=cast.mentor, purpose=EURO * 2_000)
    cast.pair.refresh_from_db()
    assert cast.pair.purpose == EURO * 2_000


def test_a_note_to_the_programme_office(cast):
    with pytest.raises(PairError) as refused:
        pair_request_raise(match=cast.pair, person=cast.mentor, kind="concern", note="x" * 2_001)
    assert str(refused.value) == refusal(2_000, "The note for the programme office")
    assert not PairRequest.objects.exists()

    pair_request_raise(match=cast.pair, person=cast.mentor, kind="concern", note="x" * 2_000)
    assert len(PairRequest.objects.get().note) == 2_000


def test_why_a_meeting_moved(cast):
    meeting = MeetingFactory(match=cast.pair)
    when = When(starts_at=meeting.starts_at + timedelta(days=1), minutes=60)

    with pytest.raises(MeetingError) as refused:
        meeting_reschedule(meeting=meeting, by=cast.mentor, when=when, reason="x" * 501)
    assert str(refused.value) == refusal(500, "The reason")
    assert Meeting.objects.get(pk=meeting.pk).starts_at == meeting.starts_at

    meeting_reschedule(meeting=meeting, by=cast.mentor, when=when, reason="x" * 500)
    assert Meeting.objects.get(pk=meeting.pk).change_reason == "x" * 500


def test_why_a_meeting_was_cancelled(cast):
    meeting = MeetingFactory(match=cast.pair)

    with pytest.raises(MeetingError) as refused:
        meeting_cancel(meeting=meeting, by=cast.mentor, reason="x" * 501)
    assert str(refused.value) == refusal(500, "The reason")
    assert Meeting.objects.get(pk=meeting.pk).status == "confirmed"

    meeting_cancel(meeting=meeting, by=cast.mentor, reason="x" * 500)
    assert Meeting.objects.get(pk=meeting.pk).change_reason == "x" * 500


@pytest.fixture
def to_log(cast):
    """A meeting of Maya and Bola's that has taken place, and an action step agreed at the
    meeting before it, to review."""
    agree_ground_rules(cast.pair)
    earlier = HeldMeetingFactory(match=cast.pair, starts_at=timezone.now() - timedelta(days=50))
    step = ActionStepFactory(meeting=earlier, text="Read the staff survey")
    meeting = MeetingFactory(match=cast.pair, starts_at=timezone.now() - timedelta(hours=2))
    return meeting, step


def log(cast, to_log, *, note="", action="", needs="", review=""):
    meeting, step = to_log
    return meeting_logged(
        meeting,
        cast.mentor,
        note=note,
        new_actions=[NewAction(action, "mentor", None, needs)] if action or needs else [],
        reviews=[Review(step.pk, "done", review)],
    )


@pytest.mark.parametrize(
    ("text", "limit", "what"),
    [
        ("note", 5_000, "Your notes"),
        ("action", 500, "An action step"),
        ("needs", 1_000, "What an action step will take"),
        ("review", 500, "The note on how an action step went"),
    ],
)
def test_a_meetings_log(cast, to_log, text, limit, what):
    given = {"action": "Ask the board"} if text == "needs" else {}

    with pytest.raises(MeetingError) as refused:
        log(cast, to_log, **given, **{text: "x" * (limit + 1)})
    assert str(refused.value) == refusal(limit, what)
    assert not Meeting.objects.get(pk=to_log[0].pk).is_logged
    assert not MeetingNote.objects.exists()

    log(cast, to_log, **given, **{text: "x" * limit})
    assert Meeting.objects.get(pk=to_log[0].pk).is_logged


def test_an_action_step_corrected_is_held_to_the_same_limit(cast, to_log):
    meeting, _step = to_log
    log(cast, to_log, action="Ask the board")
    agreed = ActionStep.objects.get(meeting=meeting)

    with pytest.raises(MeetingError) as refused:
        meeting_logged(
            Meeting.objects.get(pk=meeting.pk),
            cast.mentor,
            corrections=[ActionCorrection(agreed.pk, NewAction("x" * 501, "mentor"))],
        )
    assert str(refused.value) == refusal(500, "An action step")
    assert ActionStep.objects.get(pk=agreed.pk).text == "Ask the board"


@pytest.mark.parametrize(
    ("form", "field", "limit", "kwargs"),
    [
        (PurposeForm, "purpose", bounds.PAIR_PURPOSE, {}),
        (PairRequestForm, "note", bounds.PAIR_REQUEST_NOTE, {}),
        (CancelForm, "reason", bounds.MEETING_REASON, {}),
        (LogForm, "note", bounds.MEETING_NOTE, {"themes": None}),
        (ReviewForm, "note", bounds.ACTION_REVIEW, {"action": ActionStep(pk=1)}),
        (ActionStepForm, "text", bounds.ACTION_STEP, {"meeting_day": timezone.now().date()}),
        (ActionStepForm, "needs", bounds.ACTION_NEEDS, {"meeting_day": timezone.now().date()}),
    ],
)
def test_each_form_states_the_limit_its_service_holds(form, field, limit, kwargs):
    built = form(**kwargs)

    assert built.fields[field].max_length == limit
    assert f"Up to {limit:,} characters." in built.fields[field].help_text


def test_the_reason_for_a_new_time_states_the_limit_its_service_holds():
    built = MeetingForm(default_minutes=60, window=None, busy=[], with_reason=True)

    assert built.fields["reason"].max_length == bounds.MEETING_REASON
    assert "Up to 500 characters." in built.fields["reason"].help_text
