"""A meeting logged as held, at which earlier action steps were reviewed, corrected to "did
not take place": a meeting that never was holds no review, and the reviews recorded at it
cannot be cleared one by one on the log page. So the page says so beside "Did the meeting
take place?" (once in the error summary, linked to it) and offers to clear them with the
correction, in one save: the steps reviewed there come up again at the next meeting, where
their last review left them. Nothing is saved until the person ticks it."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from mentoring.models import ActionReview, ActionStep
from mentoring.services.meetings import (
    NOT_HELD_KEEPS_NOTHING,
    NOT_HELD_REVIEWS_NOTHING,
    NOT_HELD_STEP_REVIEWED_LATER,
    MeetingError,
    Review,
)
from tests.admin_pages import words
from tests.factories import ActionStepFactory, HeldMeetingFactory
from tests.meetings import log_answers, meeting_logged

pytestmark = pytest.mark.django_db


@pytest.fixture
def reviewed_at_it(cast, past_proposal):
    """Bola's step from their last meeting, reviewed as done at the meeting since, which Maya
    logged as held with one step agreed at it: "Call HR"."""
    earlier = HeldMeetingFactory(match=cast.pair, starts_at=timezone.now() - timedelta(weeks=7))
    step = ActionStepFactory(meeting=earlier, text="Read the staff survey")
    meeting_logged(past_proposal, cast.mentor, reviews=[Review(step.pk, "done")])
    ActionStepFactory(meeting=past_proposal, text="Call HR")
    past_proposal.refresh_from_db()
    return step, past_proposal


def _not_held(meeting, **more) -> dict:
    """The log page sent back saying the meeting did not take place, its one step removed."""
    agreed = ActionStep.objects.get(meeting=meeting)
    prefix = f"step-{agreed.pk}"
    return log_answers(held="no", minutes="") | {
        "log_stamp": meeting.logged_at.isoformat(),
        f"{prefix}-text": agreed.text,
        f"{prefix}-owner": agreed.owner,
        f"{prefix}-remove": "on",
        **more,
    }


def _summary(html: str) -> str:
    assert html.count("data-error-summary") == 1
    return re.search(r"data-error-summary.*?</div>", html, re.S).group(0)


def test_marking_it_not_held_says_the_reviews_block_it_beside_the_held_question(
    maya, reviewed_at_it
):
    step, meeting = reviewed_at_it

    response = maya.post(reverse("meeting_log", args=[meeting.pk]), _not_held(meeting))

    assert response.status_code == 200
    html = response.content.decode()
    summary = _summary(html)
    assert words(summary).count(NOT_HELD_REVIEWS_NOTHING) == 1
    # Linked to "Did the meeting take place?" (its first radio), not said as the page's own.
    assert 'href="#id_held_0"' in summary
    assert "remove the steps agreed at it first" not in html
    # Said beside the question, with the tick that clears them, unticked.
    assert words(html).count(NOT_HELD_REVIEWS_NOTHING) == 2
    tick = re.search(r'<input[^>]*name="clear_reviews"[^>]*>', html).group(0)
    assert "checked" not in tick
    assert "“Read the staff survey” (done)" in words(html)
    meeting.refresh_from_db()
    assert meeting.status == "held", "nothing is saved before the person ticks it"
    assert ActionReview.objects.filter(meeting=meeting).count() == 1
    assert ActionStep.objects.filter(meeting=meeting).count() == 1
    assert ActionStep.objects.get(pk=step.pk).status == "done"


def test_ticking_it_logs_it_not_held_and_the_reviewed_step_comes_up_again(maya, reviewed_at_it):
    step, meeting = reviewed_at_it

    response = maya.post(
        reverse("meeting_log", args=[meeting.pk]), _not_held(meeting, clear_reviews="on")
    )

    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.status == "not_held"
    assert not ActionReview.objects.filter(meeting=meeting).exists()
    assert not ActionStep.objects.filter(meeting=meeting).exists()
    assert ActionStep.objects.get(pk=step.pk).status == "open"


def test_a_step_kept_and_the_reviews_are_both_said_at_once(maya, reviewed_at_it):
    _, meeting = reviewed_at_it
    data = _not_held(meeting)
    del data[next(name for name in data if name.endswith("-remove"))]

    html = maya.post(reverse("meeting_log", args=[meeting.pk]), data).content.decode()

    summary = words(_summary(html))
    assert NOT_HELD_KEEPS_NOTHING in summary
    assert NOT_HELD_REVIEWS_NOTHING in summary


def test_cleared_reviews_leave_a_step_where_its_review_before_left_it(cast, reviewed_at_it):
    """Reviewed "in progress" at a meeting before, the step is in progress again."""
    step, meeting = reviewed_at_it
    before = HeldMeetingFactory(match=cast.pair, starts_at=meeting.starts_at - timedelta(days=7))
    ActionReview.objects.create(action=step, meeting=before, status="in_progress")
    removals = list(ActionStep.objects.filter(meeting=meeting).values_list("pk", flat=True))
    not_held = {"held": False, "removals": removals}

    with pytest.raises(MeetingError, match=re.escape(NOT_HELD_REVIEWS_NOTHING)):
        meeting_logged(meeting, cast.mentor, **not_held)
    assert ActionStep.objects.filter(meeting=meeting).count() == 1, "nothing is half-saved"

    meeting_logged(meeting, cast.mentor, **not_held, clear_reviews=True)

    assert ActionStep.objects.get(pk=step.pk).status == "in_progress"
    assert list(ActionReview.objects.filter(action=step).values_list("meeting", flat=True)) == [
        before.pk
    ]


def test_the_reviewed_steps_are_named_as_text_never_as_markup(maya, reviewed_at_it):
    step, meeting = reviewed_at_it
    ActionStep.objects.filter(pk=step.pk).update(text='<b id="typed">Read</b> R&D')

    html = maya.post(reverse("meeting_log", args=[meeting.pk]), _not_held(meeting)).content.decode()

    assert '<b id="typed">' not in html
    assert "“&lt;b id=&quot;typed&quot;&gt;Read&lt;/b&gt; R&amp;D” (done)" in html


def test_a_step_agreed_here_and_reviewed_later_keeps_the_meeting_held(cast, maya, reviewed_at_it):
    _, meeting = reviewed_at_it
    later = HeldMeetingFactory(match=cast.pair, starts_at=meeting.starts_at + timedelta(days=1))
    agreed = ActionStep.objects.get(meeting=meeting)
    ActionReview.objects.create(action=agreed, meeting=later, status="done")

    html = maya.post(
        reverse("meeting_log", args=[meeting.pk]), _not_held(meeting, clear_reviews="on")
    ).content.decode()

    summary = words(_summary(html))
    # Not told to tick "Remove this action step", which such a step does not offer.
    assert NOT_HELD_STEP_REVIEWED_LATER in summary
    assert NOT_HELD_KEEPS_NOTHING not in summary
    meeting.refresh_from_db()
    assert meeting.status == "held"
