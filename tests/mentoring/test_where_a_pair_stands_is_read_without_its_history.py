"""The dashboard and the programme page say where each pair stands from its meetings not
logged and the last one held, with how many were held (`pairs_for(history=False)`), not
from its whole history: they say the same as the whole history would, for each member,
with or without meetings held; and the history they did not read is never shown as empty."""

from datetime import timedelta

import pytest
from django.utils import timezone

from mentoring.selectors.pairs import pairs_for
from tests.factories import HeldMeetingFactory, MeetingFactory

pytestmark = pytest.mark.django_db

NOW = timezone.now()


def standing(view) -> dict:
    """What a page that says where the pair stands reads of it."""
    pks = lambda meetings: [meeting.pk for meeting in meetings]  # noqa: E731
    return {
        "held": view.held_count,
        "window": view.window,
        "state": view.state,
        "next step": view.next_step,
        "next meeting": view.next_meeting.pk if view.next_meeting else None,
        "upcoming": pks(view.upcoming),
        "to log": pks(view.to_log),
        "awaiting me": pks(view.awaiting_me),
        "awaiting partner": pks(view.awaiting_partner),
        "called off": pks(view.called_off),
    }


def history(cast):
    """Three meetings held, one not held, one cancelled and one dropped (each past and to
    come), one to log, one booked and a proposal from each side."""
    pair, mentor, member = cast.pair, cast.mentor, cast.board_member
    for weeks in (20, 13, 7):
        HeldMeetingFactory(match=pair, starts_at=NOW - timedelta(weeks=weeks))
    MeetingFactory(match=pair, status="not_held", starts_at=NOW - timedelta(weeks=5))
    for status, days in (("cancelled", -20), ("cancelled", 20), ("dropped", -15), ("dropped", 15)):
        MeetingFactory(match=pair, status=status, starts_at=NOW + timedelta(days=days))
    MeetingFactory(match=pair, starts_at=NOW - timedelta(days=2))  # to log
    MeetingFactory(match=pair, starts_at=NOW + timedelta(days=30))  # booked
    for by, days in ((mentor, 40), (member, 50)):
        MeetingFactory(
            match=pair,
            status="proposed",
            proposed_by=by,
            confirmed_at=None,
            starts_at=NOW + timedelta(days=days),
        )


@pytest.mark.parametrize("met", [True, False])
@pytest.mark.parametrize("role", ["mentor", "board_member"])
def test_where_a_pair_stands_is_the_same_as_from_its_whole_history(cast, role, met):
    if met:
        history(cast)
    person = getattr(cast, role)

    [whole] = pairs_for(person, summary=True)
    [read] = pairs_for(person, summary=True, history=False)

    assert standing(read) == standing(whole)
    assert read.held_count == (3 if met else 0)
    if met:
        assert len(read.meetings) < len(whole.meetings)  # the history is not read


def test_the_history_not_read_is_never_shown_as_empty(cast):
    history(cast)
    [read] = pairs_for(cast.mentor, summary=True, history=False)

    with pytest.raises(RuntimeError, match="without its history"):
        read.past  # noqa: B018


def test_only_a_summary_is_read_without_its_history(cast):
    with pytest.raises(ValueError, match="Only a summary"):
        pairs_for(cast.mentor, history=False)
