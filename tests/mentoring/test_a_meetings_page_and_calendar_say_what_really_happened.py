"""What a meeting's page and calendar file say after it was logged or called off: the reason
given for moving it is not shown as why it was called off; a proposal never accepted but
held reaches calendars as confirmed; a meeting that did not take place reviews no action step
and agrees none."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from mentoring.models import ActionStep, EndReason
from mentoring.services.matches import match_end
from mentoring.services.meetings import (
    NOT_HELD_AGREES_NOTHING,
    NOT_HELD_KEEPS_NOTHING,
    MeetingError,
    When,
    meeting_accept,
    meeting_reschedule,
)
from tests.admin_pages import words
from tests.factories import ActionStepFactory, HeldMeetingFactory, MeetingFactory
from tests.meetings import log_answers, meeting_logged

pytestmark = pytest.mark.django_db


def test_a_moved_meeting_called_off_by_the_pairs_end_does_not_give_the_move_reason_as_why(
    cast, bola
):
    meeting = MeetingFactory(match=cast.pair, proposed_by=cast.board_member)
    moved = meeting_reschedule(
        meeting=meeting,
        by=cast.mentor,
        when=When(meeting.starts_at + timedelta(days=1), 60, meeting.location),
        reason="I have a clash with a committee",
    )
    meeting_accept(meeting=moved, by=cast.board_member)
    match_end(match=cast.pair, reason=EndReason.WITHDRAWN, by=cast.coordinator)

    page = words(bola.get(reverse("meeting_detail", args=[meeting.pk])).content.decode())

    today = timezone.localdate().strftime("%-d %B %Y")
    assert f"Called off when the pairing ended on {today}." in page
    assert "I have a clash with a committee" not in page


def _calendar_entry(client, meeting):
    file = client.get(reverse("meeting_calendar", args=[meeting.pk])).content
    return Calendar.from_ical(file).walk("VEVENT")[0]


def test_a_proposal_never_accepted_but_logged_as_held_reaches_calendars_as_confirmed(
    cast, maya, past_proposal
):
    """Accepting raises SEQUENCE so that calendars replace the tentative entry; logging a
    proposal as held changes it as much."""
    before = _calendar_entry(maya, past_proposal)
    assert str(before["STATUS"]) == "TENTATIVE"

    assert (
        maya.post(reverse("meeting_log", args=[past_proposal.pk]), log_answers()).status_code == 302
    )

    after = _calendar_entry(maya, past_proposal)
    assert str(after["STATUS"]) == "CONFIRMED"
    assert int(after["SEQUENCE"]) > int(before["SEQUENCE"])


@pytest.fixture
def missed(cast, past_proposal):
    """Bola's step from their last meeting, and a meeting since that did not take place."""
    earlier = HeldMeetingFactory(match=cast.pair, starts_at=timezone.now() - timedelta(weeks=7))
    return ActionStepFactory(meeting=earlier, text="Read the staff survey"), past_proposal


@pytest.mark.parametrize("what", ["review", "new step"])
def test_a_meeting_logged_as_not_held_reviews_and_agrees_no_action_step(maya, cast, missed, what):
    step, meeting = missed
    if what == "review":
        data = log_answers(held="no", minutes="", reviews=[(step, "done", "")])
    else:
        data = log_answers(
            held="no", minutes="", actions=[("Call HR", "mentor", timezone.localdate())]
        )

    response = maya.post(reverse("meeting_log", args=[meeting.pk]), data)

    assert response.status_code == 200
    html = response.content.decode()
    assert NOT_HELD_AGREES_NOTHING in words(html)
    # Beside "Did the meeting take place?", and the error summary links to it.
    assert 'href="#id_held_0"' in html
    meeting.refresh_from_db()
    assert meeting.status == "proposed", "nothing of the log is saved"
    assert ActionStep.objects.get(pk=step.pk).status == "open"
    assert ActionStep.objects.filter(match=cast.pair).count() == 1


def test_a_meeting_logged_as_not_held_with_nothing_agreed_is_saved(maya, missed):
    step, meeting = missed

    response = maya.post(
        reverse("meeting_log", args=[meeting.pk]), log_answers(held="no", minutes="")
    )

    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.status == "not_held"
    assert ActionStep.objects.get(pk=step.pk).status == "open"


def test_a_held_log_corrected_to_not_held_keeps_no_step_agreed_or_reviewed_at_it(
    maya, cast, missed
):
    step, meeting = missed
    maya.post(
        reverse("meeting_log", args=[meeting.pk]),
        log_answers(
            reviews=[(step, "done", "")],
            actions=[("Call HR", "mentor", timezone.localdate() + timedelta(days=7))],
        ),
    )
    meeting.refresh_from_db()
    assert meeting.status == "held"

    with pytest.raises(MeetingError, match=re.escape(NOT_HELD_KEEPS_NOTHING)):
        meeting_logged(meeting, cast.mentor, held=False)

    meeting.refresh_from_db()
    assert meeting.status == "held", "nothing of the correction is saved"
