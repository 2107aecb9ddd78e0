"""Whether a pair has its next meeting booked is one rule (`Meeting.is_booked`, and
`MeetingQuerySet.booked` in the database): the pair's page, the reminders (the nudge to book,
the overdue alert to the office) and programme health read it alike, whatever the edge.

A time both agreed and still to come is booked. From its very start it no longer is: it
counts as met (the pair is asked to log it), so the pair is on track, neither nudged nor
reported. A booking one member moved to a time the other has not accepted is not booked: the
booked time no longer stands and the new one is not agreed, so the pair is due (or overdue)
as with any proposal, its members waiting for the answer rather than nudged, and the office
alerted once the window has passed.

The copies agreed before they became one rule; these tests pin that they still do."""

from datetime import timedelta

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import formats, timezone

from mentoring.models import Meeting, MeetingStatus, Reminder
from tests.admin_pages import rows
from tests.factories import HeldMeetingFactory, MeetingFactory

pytestmark = pytest.mark.django_db

# The last meeting held this long ago, with the programme's 6-8 week gap: the next one is
# due (its window is open) or overdue (its window has closed).
RHYTHMS = {"Due": timedelta(weeks=7), "Overdue": timedelta(weeks=9)}
PAIR_REMINDERS = ["window_open", "window_passed", "first_contact", "first_contact_office"]


def nothing(cast, now):
    return None


def booked_for_tomorrow(cast, now):
    return MeetingFactory(match=cast.pair, starts_at=now + timedelta(days=1))


def booked_for_this_very_moment(cast, now):
    return MeetingFactory(match=cast.pair, starts_at=now)


def booked_and_begun_an_hour_ago_not_logged(cast, now):
    return MeetingFactory(match=cast.pair, starts_at=now - timedelta(hours=1))


def booked_then_moved_to_a_time_not_accepted_yet(cast, now):
    """Booked for in three days, then moved by Maya to in five: Bola has not answered."""
    meeting = MeetingFactory(match=cast.pair, starts_at=now + timedelta(days=3))
    Meeting.objects.filter(pk=meeting.pk).update(
        status=MeetingStatus.PROPOSED,
        starts_at=now + timedelta(days=5),
        moved_from=now + timedelta(days=3),
        moved_by=cast.mentor,
    )
    meeting.refresh_from_db()
    return meeting


def proposed_never_accepted(cast, now):
    return MeetingFactory(
        match=cast.pair, starts_at=now + timedelta(days=5), status="proposed", confirmed_at=None
    )


# Each edge: how it is made, whether the pair has a meeting booked, whether it has met (by
# the meeting's start), and whether a time awaits the partner's answer.
EDGES = {
    "nothing": (nothing, False, False, False),
    "booked for tomorrow": (booked_for_tomorrow, True, False, False),
    "booked for this very moment": (booked_for_this_very_moment, False, True, False),
    "begun an hour ago, not logged": (booked_and_begun_an_hour_ago_not_logged, False, True, False),
    "booked, moved, not accepted": (
        booked_then_moved_to_a_time_not_accepted_yet,
        False,
        False,
        True,
    ),
    "proposed, never accepted": (proposed_never_accepted, False, False, True),
}


def on_the_pair_page(client) -> tuple[str, bool]:
    """Where Maya's pair page says the pair stands, and whether it names a next meeting."""
    page = client.get(reverse("match")).content.decode()
    booked = "<strong>Next meeting:</strong>" in page
    if ">Overdue</span>" in page:
        return "Overdue", booked
    if ">Due</span>" in page:
        return "Due", booked
    return "On track", booked


def on_programme_health(cast) -> tuple[str, str]:
    """The pair's state and "next booked" as programme health lists them."""
    office = Client()
    office.force_login(cast.coordinator)
    listed = rows(office.get(reverse("admin:mentoring_pairhealth_changelist")))
    [row] = [row for row in listed if row["pair"] == "Maya Mentor and Bola Board"]
    return row["state"], row["next_booked_on"]


def reminded(cast, dispatch) -> set[str]:
    """The pair reminders the dispatcher writes about the pair now."""
    dispatch(send=False)
    return set(
        Reminder.objects.filter(object_id=cast.pair.pk, kind__in=PAIR_REMINDERS).values_list(
            "kind", flat=True
        )
    )


@pytest.mark.parametrize("rhythm", RHYTHMS)
@pytest.mark.parametrize("edge", EDGES)
def test_the_pair_page_the_reminders_and_programme_health_agree(cast, maya, dispatch, edge, rhythm):
    make, booked, met, awaiting = EDGES[edge]
    now = timezone.now().replace(microsecond=0)
    with time_machine.travel(now, tick=False):
        cast.pair.activated_at = now - timedelta(days=120)
        cast.pair.save(update_fields=["activated_at"])
        HeldMeetingFactory(match=cast.pair, starts_at=now - RHYTHMS[rhythm])
        meeting = make(cast, now)

        page = on_the_pair_page(maya)
        health = on_programme_health(cast)
        sent = reminded(cast, dispatch)

    state = "On track" if booked or met else rhythm
    next_booked = formats.localize(timezone.localdate(meeting.starts_at)) if booked else "-"
    if booked or met or (awaiting and rhythm == "Due"):
        # Booked or met: nothing is due. Due with a time awaiting an answer: the members
        # wait for it, and the office is told nothing before the window has passed.
        expected = set()
    else:
        expected = {"window_open" if rhythm == "Due" else "window_passed"}
    assert page == (state, booked)
    assert health == (state, next_booked)
    assert sent == expected


@pytest.mark.parametrize("edge", [edge for edge in EDGES if edge != "nothing"])
def test_a_meeting_in_hand_and_the_database_read_booked_alike(cast, edge):
    make, booked, _met, _awaiting = EDGES[edge]
    now = timezone.now().replace(microsecond=0)
    meeting = make(cast, now)

    assert meeting.is_booked(now) is booked
    assert Meeting.objects.booked(now).filter(pk=meeting.pk).exists() is booked
