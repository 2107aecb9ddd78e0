"""A booked meeting moved to a new time, then called off before that time is accepted: it is
cancelled (counted) when whoever moved the booking calls it off, and dropped (not counted)
when the other member turns it down, even after the other member answered with a time of
their own. The meeting remembers who moved it until the new time is accepted or logged;
its page, label, message and emails say alike that neither time stands; the subject of a
same-day move names the clock times; and the personal data download holds the time it was
booked for and who moved it."""

import json
from datetime import datetime, time, timedelta

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from mentoring.models import Meeting, MeetingStatus
from mentoring.services.meetings import (
    When,
    meeting_accept,
    meeting_cancel,
    meeting_log,
    meeting_reschedule,
    who_called_off,
)
from tests.factories import MeetingFactory, agree_ground_rules

pytestmark = pytest.mark.django_db


def _text(response) -> str:
    return " ".join(response.content.decode().split())


def _at(days: int, hour: int = 10) -> datetime:
    """`hour`:00 in the programme's time zone, `days` from today."""
    day = timezone.localdate() + timedelta(days=days)
    return timezone.make_aware(datetime.combine(day, time(hour)))


def _said(moment: datetime) -> str:
    return f"{timezone.localtime(moment):%A %-d %B, %H:%M}"


BOOKED = _at(4)


@pytest.fixture
def answered(cast):
    """Bola accepted a meeting four days on; Maya moved it to a week on; Bola answered with
    nine days on, not accepted yet."""
    booked = MeetingFactory(match=cast.pair, starts_at=BOOKED)
    moved = meeting_reschedule(
        meeting=booked, by=cast.mentor, when=When(_at(7), 60), reason="A clash"
    )
    return meeting_reschedule(
        meeting=moved, by=cast.board_member, when=When(_at(9), 60), reason="Not then"
    )


def test_a_counter_proposal_keeps_who_moved_the_booking(cast, answered):
    assert answered.proposed_by == cast.board_member
    assert answered.moved_by == cast.mentor
    assert answered.moved_from == BOOKED


def test_the_one_who_moved_it_calling_it_off_cancels_it_counted_against_them(cast, answered):
    done = meeting_cancel(meeting=answered, by=cast.mentor, reason="Away")

    assert (done.status, done.cancelled_by) == (MeetingStatus.CANCELLED, cast.mentor)
    assert done.status_label == "Cancelled"
    assert who_called_off(done, cast.board_member) == "Maya cancelled this meeting"


def test_the_other_member_turning_it_down_drops_it_not_counted(cast, answered):
    done = meeting_cancel(meeting=answered, by=cast.board_member, reason="Away")

    assert (done.status, done.cancelled_by) == (MeetingStatus.DROPPED, cast.board_member)
    # Still a booking called off, as everything the pair reads says: neither time stands.
    assert done.called_off_after_a_move
    assert done.status_label == "Cancelled"
    assert who_called_off(done, cast.mentor) == "Bola cancelled this meeting"
    # Kept once called off, for its page and email, and who moved it with it.
    assert (done.moved_from, done.moved_by) == (BOOKED, cast.mentor)


def test_the_one_who_moved_it_cancels_it_on_its_page_too(client, cast, answered):
    client.force_login(cast.mentor)
    page = _text(client.get(reverse("meeting_cancel", args=[answered.pk])))
    assert "<h1>Cancel the meeting</h1>" in page

    client.post(
        reverse("meeting_cancel", args=[answered.pk]),
        {"reason": "Away", "sequence": answered.sequence},
    )

    answered.refresh_from_db()
    assert (answered.status, answered.cancelled_by) == (MeetingStatus.CANCELLED, cast.mentor)


def test_accepting_the_new_time_forgets_who_moved_it(cast, answered):
    meeting_accept(meeting=answered, by=cast.mentor)
    answered.refresh_from_db()
    assert (answered.moved_from, answered.moved_by) == (None, None)


def test_logging_it_forgets_who_moved_it(cast, answered):
    Meeting.objects.filter(pk=answered.pk).update(starts_at=_at(-1))
    answered.refresh_from_db()
    agree_ground_rules(cast.pair)
    meeting_log(
        meeting=answered,
        by=cast.mentor,
        held=True,
        actual_minutes=60,
        themes=[],
        note="",
        new_actions=[],
        reviews=[],
    )
    answered.refresh_from_db()
    assert (answered.moved_from, answered.moved_by) == (None, None)


def test_a_meeting_moved_says_who_moved_it_in_the_database(cast, answered):
    with pytest.raises(IntegrityError), transaction.atomic():
        Meeting.objects.filter(pk=answered.pk).update(moved_by=None)
    booked = MeetingFactory(match=cast.pair, starts_at=_at(12))
    with pytest.raises(IntegrityError), transaction.atomic():
        Meeting.objects.filter(pk=booked.pk).update(moved_by=cast.mentor)


def test_a_same_day_move_called_off_names_both_clock_times_in_the_subject(
    cast, django_capture_on_commit_callbacks, mailoutbox
):
    booked = MeetingFactory(match=cast.pair, starts_at=BOOKED)
    later = _at(4, hour=14)
    moved = meeting_reschedule(meeting=booked, by=cast.mentor, when=When(later, 60), reason="")
    with django_capture_on_commit_callbacks(execute=True):
        meeting_cancel(meeting=moved, by=cast.board_member, reason="")

    (email,) = mailoutbox
    zone = timezone.localtime(later).tzname()
    assert email.subject == (
        f"Meeting on {timezone.localtime(later):%-d %B} moved from "
        f"{timezone.localtime(BOOKED):%H:%M} {zone} to {timezone.localtime(later):%H:%M} {zone} "
        "is off"
    )


def test_a_moved_booking_whose_times_have_both_passed_asks_to_log_or_cancel_it(client, cast):
    booked = MeetingFactory(match=cast.pair, starts_at=_at(-3))
    Meeting.objects.filter(pk=booked.pk).update(
        status=MeetingStatus.PROPOSED,
        starts_at=_at(-2),
        moved_from=_at(-3),
        moved_by=cast.mentor,
    )
    client.force_login(cast.board_member)

    page = _text(client.get(reverse("meeting_detail", args=[booked.pk])))

    assert (
        "its time came before it was accepted. If you met, log it; if not, cancel the meeting."
        in (page)
    )
    assert "drop the proposal" not in page
    assert f"This meeting, booked for {_said(_at(-3))}, was moved to this time." in page
    assert "no longer stands" not in page
    assert ">Cancel the meeting (it did not happen)</a>" in page

    cancel = _text(client.get(reverse("meeting_cancel", args=[booked.pk])))
    assert "Its time came before it was accepted: if you did not meet, cancel it." in cancel
    assert "no longer stands" not in cancel


def test_the_download_holds_the_time_it_was_booked_for_and_who_moved_it(client, cast, answered):
    client.force_login(cast.board_member)
    data = json.loads(client.get("/profile/data.json").content)

    (meeting,) = [m for pair in data["pairs"] for m in pair["meetings"]]
    assert datetime.fromisoformat(meeting["moved_from"].replace("Z", "+00:00")) == BOOKED
    assert meeting["moved_by"] == cast.mentor.full_name
    assert meeting["proposed_by"] == "you"
