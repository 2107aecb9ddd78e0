"""While a member's request to end the pairing is with the programme office, nobody is
reminded to book the pair's next meeting: neither member is nudged, and the office is not
alerted that nothing is booked (it has the request to decide). A meeting already booked is
still reminded of. Once the office lets the pairing continue, the reminders to book resume.
"""

from datetime import timedelta

import pytest
from django.utils import timezone

from accounts.models import OutboxStatus
from accounts.outbox import outbox_sweep
from mentoring.models import Reminder
from mentoring.services.pairs import pair_request_raise, pair_request_resolve
from tests.factories import HeldMeetingFactory, MeetingFactory

pytestmark = pytest.mark.django_db

TO_BOOK = ["window_open", "window_passed", "first_contact", "first_contact_office"]


def paired_days_ago(match, days):
    match.activated_at = timezone.now() - timedelta(days=days)
    match.save(update_fields=["activated_at"])


@pytest.fixture
def due_to_book(cast):
    """The cast's pair, last met six weeks and a day ago: their next window has opened."""
    paired_days_ago(cast.pair, 120)
    HeldMeetingFactory(match=cast.pair, starts_at=timezone.now() - timedelta(weeks=6, days=1))
    return cast.pair


def asks_to_end(cast):
    return pair_request_raise(match=cast.pair, person=cast.mentor, kind="end", note="")


def subjects(mailoutbox) -> list[str]:
    return sorted(mail.subject for mail in mailoutbox)


def test_a_pair_due_to_book_is_nudged(cast, due_to_book, dispatch, mailoutbox):
    assert dispatch()["window_open"] == 2


def test_after_a_member_asks_to_end_neither_is_nudged_to_book(
    cast, due_to_book, dispatch, mailoutbox
):
    asks_to_end(cast)
    mailoutbox.clear()  # The office's note of the request.

    written = dispatch()

    assert written["window_open"] == 0
    assert mailoutbox == []


def test_nor_is_the_office_told_the_meeting_is_overdue(cast, due_to_book, dispatch, mailoutbox):
    asks_to_end(cast)
    mailoutbox.clear()

    written = dispatch(timezone.now() + timedelta(weeks=2, days=1))

    assert written["window_passed"] == 0
    assert not [mail for mail in mailoutbox if mail.subject.startswith("Overdue: ")]


def test_a_new_pair_asking_to_end_is_not_asked_for_a_first_meeting(cast, dispatch, mailoutbox):
    paired_days_ago(cast.pair, 8)
    asks_to_end(cast)
    mailoutbox.clear()

    written = dispatch()

    assert written["first_contact"] == written["first_contact_office"] == 0
    assert mailoutbox == []


def test_a_meeting_booked_before_asking_is_still_reminded_of(cast, dispatch, mailoutbox):
    MeetingFactory(
        match=cast.pair,
        starts_at=timezone.now() + timedelta(days=7) - timedelta(hours=3),
        confirmed_at=timezone.now() - timedelta(days=20),
    )
    asks_to_end(cast)
    mailoutbox.clear()

    written = dispatch()

    assert written["meeting_first_reminder"] == 2
    assert sorted(mail.to[0] for mail in mailoutbox) == ["bola@example.org", "maya@example.org"]


def test_a_nudge_queued_before_asking_is_called_off(
    cast, due_to_book, dispatch, mailoutbox, django_capture_on_commit_callbacks
):
    dispatch(send=False)  # Written, not yet sent: the worker is busy.
    asks_to_end(cast)

    with django_capture_on_commit_callbacks(execute=True):
        outbox_sweep()

    # The office hears of the request; the pair hear nothing.
    assert not {"maya@example.org", "bola@example.org"} & {mail.to[0] for mail in mailoutbox}
    for reminder in Reminder.objects.filter(kind="window_open"):
        reminder.message.refresh_from_db()
        assert reminder.message.status == OutboxStatus.CANCELLED
        assert (
            reminder.message.cancelled_reason
            == "A request to end the pairing is with the programme office."
        )


def test_once_the_office_lets_the_pairing_continue_the_nudges_resume(
    cast, due_to_book, dispatch, mailoutbox
):
    request = asks_to_end(cast)
    assert dispatch()["window_open"] == 0

    pair_request_resolve(request=request, by=cast.coordinator, end_pairing=False)
    mailoutbox.clear()
    written = dispatch()

    assert written["window_open"] == 2
    assert subjects(mailoutbox) == [
        "Time to book your next meeting with Bola Board",
        "Time to book your next meeting with Maya Mentor",
    ]


def test_a_concern_alone_does_not_stop_the_nudges(cast, due_to_book, dispatch):
    pair_request_raise(match=cast.pair, person=cast.mentor, kind="concern", note="A worry.")

    assert dispatch()["window_open"] == 2


def test_another_pairs_request_to_end_stops_only_its_own_reminders(cast, dispatch):
    for pair in (cast.pair, cast.other_pair):
        paired_days_ago(pair, 8)
    pair_request_raise(match=cast.other_pair, person=cast.other_mentor, kind="end", note="")

    written = dispatch()

    assert written["first_contact"] == 2  # Maya and Bola only.
    nudged = Reminder.objects.filter(kind="first_contact").values_list("object_id", flat=True)
    assert set(nudged) == {cast.pair.pk}
