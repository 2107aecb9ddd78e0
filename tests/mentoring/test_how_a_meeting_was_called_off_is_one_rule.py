"""How a meeting was called off is one rule, `Meeting.called_off_as`: what its messages, its
page and the emails to the partner say was done. Each scene is played through the services,
as the pages play it: Maya and Bola (the cast's pair) propose, accept, move and call off."""

from datetime import timedelta

import pytest
from django.utils import timezone

from mentoring.models import EndReason, Meeting
from mentoring.models.meetings import CallOffKind
from mentoring.services.matches import match_end
from mentoring.services.meetings import (
    When,
    meeting_accept,
    meeting_cancel,
    meeting_propose,
    meeting_reschedule,
)

pytestmark = pytest.mark.django_db


def proposed(cast, by) -> Meeting:
    """A time `by` proposed for nine days ahead."""
    return meeting_propose(
        match=cast.pair, by=by, when=When(timezone.now() + timedelta(days=9), 60)
    )


def booked(cast) -> Meeting:
    """A time Maya proposed and Bola accepted."""
    return meeting_accept(meeting=proposed(cast, cast.mentor), by=cast.board_member)


def declined_by_the_one_asked(cast, time_machine) -> Meeting:
    return meeting_cancel(meeting=proposed(cast, cast.board_member), by=cast.mentor, reason="")


def withdrawn_by_its_proposer(cast, time_machine) -> Meeting:
    return meeting_cancel(meeting=proposed(cast, cast.mentor), by=cast.mentor, reason="")


def a_partners_time_dropped_once_it_came_unanswered(cast, time_machine) -> Meeting:
    meeting = proposed(cast, cast.mentor)
    time_machine.move_to(meeting.starts_at + timedelta(hours=2))
    return meeting_cancel(meeting=meeting, by=cast.board_member, reason="")


def a_booked_meeting_cancelled(cast, time_machine) -> Meeting:
    return meeting_cancel(meeting=booked(cast), by=cast.board_member, reason="")


def a_booking_moved_then_turned_down_by_the_partner(cast, time_machine) -> Meeting:
    meeting = booked(cast)
    moved = meeting_reschedule(
        meeting=meeting,
        by=cast.mentor,
        when=When(meeting.starts_at + timedelta(days=2), 60),
        reason="",
    )
    return meeting_cancel(meeting=moved, by=cast.board_member, reason="")


def still_proposed(cast, time_machine) -> Meeting:
    return proposed(cast, cast.board_member)


def still_booked(cast, time_machine) -> Meeting:
    return booked(cast)


def called_off_by_its_pairs_end(cast, time_machine) -> Meeting:
    meeting = booked(cast)
    match_end(match=cast.pair, reason=EndReason.WITHDRAWN, by=cast.coordinator)
    return meeting


@pytest.mark.parametrize(
    ("scene", "kind", "done"),
    [
        (declined_by_the_one_asked, CallOffKind.DECLINE, "declined this time"),
        (withdrawn_by_its_proposer, CallOffKind.WITHDRAW, "withdrew this proposal"),
        (
            a_partners_time_dropped_once_it_came_unanswered,
            CallOffKind.DROP,
            "dropped this proposal",
        ),
        (a_booked_meeting_cancelled, CallOffKind.CANCEL, "cancelled this meeting"),
        # Neither time stands: the meeting is off, not a proposal turned down.
        (
            a_booking_moved_then_turned_down_by_the_partner,
            CallOffKind.CANCEL,
            "cancelled this meeting",
        ),
        (still_proposed, None, None),
        (still_booked, None, None),
        # Nobody called it off: its messages say only that it was called off.
        (called_off_by_its_pairs_end, None, None),
    ],
    ids=lambda value: value.__name__ if callable(value) else None,
)
def test_how_a_meeting_was_called_off(cast, time_machine, scene, kind, done):
    meeting = Meeting.objects.get(pk=scene(cast, time_machine).pk)

    assert meeting.called_off_as == kind
    if kind is None:
        # What is said only of a meeting a member called off (the partner's email, the
        # message to whoever did it) is never guessed for one nobody called off.
        with pytest.raises(ValueError, match="was not called off by a member"):
            meeting.called_off_by_a_member()
    else:
        assert meeting.called_off_by_a_member() == kind
        assert meeting.called_off_as.words.done == done
