"""A booked meeting moved to a new time says, wherever the new time waits for an answer,
the time it was booked for and that it no longer stands; calling it off then says what it
does (the meeting is cancelled: neither time will happen), to either of the pair, on the
page, in the message and in the email. A proposal never booked reads as before."""

from datetime import datetime, time, timedelta

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from mentoring.models import Meeting, MeetingStatus
from mentoring.services.meetings import When, meeting_accept, meeting_cancel, meeting_reschedule
from tests.factories import MeetingFactory

pytestmark = pytest.mark.django_db


def _text(response) -> str:
    return " ".join(response.content.decode().split())


def _at(days: int) -> datetime:
    """10:00 in the programme's time zone, `days` from today."""
    day = timezone.localdate() + timedelta(days=days)
    return timezone.make_aware(datetime.combine(day, time(10)))


def _said(moment: datetime) -> str:
    return f"{timezone.localtime(moment):%A %-d %B, %H:%M}"


BOOKED, MOVED_TO = _at(4), _at(7)


@pytest.fixture
def moved(cast, django_capture_on_commit_callbacks, mailoutbox):
    """Bola accepted a meeting on the 10th (four days on); Maya suggests the 13th instead."""
    booked = MeetingFactory(match=cast.pair, starts_at=BOOKED)
    with django_capture_on_commit_callbacks(execute=True):
        meeting = meeting_reschedule(
            meeting=booked,
            by=cast.mentor,
            when=When(MOVED_TO, 60, location="Room 1"),
            reason="A clash with the exam board",
        )
    mailoutbox.clear()
    return meeting


def test_the_board_member_is_told_the_booked_time_no_longer_stands(client, cast, moved):
    client.force_login(cast.board_member)
    said = (
        f"This meeting, booked for {_said(BOOKED)}, has been moved. The earlier time no longer "
        "stands."
    )

    page = _text(client.get(reverse("meeting_detail", args=[moved.pk])))
    assert said in page
    assert "Why the time changed: A clash with the exam board" in page
    assert ">Accept this time</button>" in page
    assert ">Suggest another time</a>" in page
    assert ">Cancel the meeting</a>" in page
    assert "Withdraw this proposal" not in page

    assert said in _text(client.get(reverse("match")))
    assert said in _text(client.get(reverse("meetings")))
    assert (
        f"Your meeting, booked for {_said(BOOKED)}, has been moved to {_said(MOVED_TO)}. The "
        "earlier time no longer stands."
    ) in _text(client.get(reverse("dashboard")))


def test_the_mentor_who_moved_it_is_told_so_too(client, cast, moved):
    client.force_login(cast.mentor)
    said = (
        f"This meeting, booked for {_said(BOOKED)}, has been moved. The earlier time no longer "
        "stands."
    )

    page = _text(client.get(reverse("meeting_detail", args=[moved.pk])))
    assert said in page
    assert ">Cancel the meeting</a>" in page
    assert said in _text(client.get(reverse("match")))
    assert said in _text(client.get(reverse("meetings")))
    assert (
        f"Your meeting, booked for {_said(BOOKED)}, has been moved to {_said(MOVED_TO)}."
        in _text(client.get(reverse("dashboard")))
    )


def test_cancelling_it_says_neither_time_will_happen_and_who_is_emailed(
    client, cast, moved, django_capture_on_commit_callbacks, mailoutbox
):
    client.force_login(cast.board_member)
    url = reverse("meeting_cancel", args=[moved.pk])

    page = _text(client.get(url))
    assert "<h1>Cancel the meeting</h1>" in page
    assert (
        f"in place of the time booked, {timezone.localtime(BOOKED):%A %-d %B %Y, %H:%M}. The "
        "earlier time no longer stands: if you cancel, neither time will happen. Maya will be "
        "emailed that the meeting is cancelled. Either of "
        "you can then propose another time."
    ) in page
    assert "Why are you cancelling?" in page
    assert '<button type="submit" class="btn btn-danger">Cancel the meeting</button>' in page
    assert "Withdraw this proposal" not in page

    with django_capture_on_commit_callbacks(execute=True):
        done = client.post(
            url, {"reason": "Away that week", "sequence": moved.sequence}, follow=True
        )

    assert "The meeting is cancelled: neither time will happen and your partner has been told." in (
        _text(done)
    )
    (email,) = mailoutbox
    assert email.to == [cast.mentor.email]
    assert email.subject == (
        f"Meeting moved from {timezone.localtime(BOOKED):%-d %B} to "
        f"{timezone.localtime(MOVED_TO):%-d %B} is off"
    )
    html = " ".join(email.alternatives[0][0].split())
    for body in (" ".join(email.body.split()), html):
        assert "Bola Board has called off the meeting that was booked for" in body
        assert "so neither time will happen" in body
        assert "It was never booked" not in body
    page = _text(client.get(reverse("meeting_detail", args=[moved.pk])))
    assert (
        f"Cancelled by you on {timezone.localdate():%-d %B %Y}, after it was moved from "
        f"{_said(BOOKED)}: neither time stands."
    ) in page


def test_the_mentor_cancelling_her_move_emails_the_same_truth(
    client, cast, moved, django_capture_on_commit_callbacks, mailoutbox
):
    client.force_login(cast.mentor)
    url = reverse("meeting_cancel", args=[moved.pk])
    assert "if you cancel, neither time will happen" in _text(client.get(url))

    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"reason": "Away that week", "sequence": moved.sequence})

    (email,) = mailoutbox
    assert email.to == [cast.board_member.email]
    assert "Maya Mentor has called off the meeting that was booked for" in email.body
    assert Meeting.objects.get(pk=moved.pk).status == MeetingStatus.CANCELLED


def test_once_the_new_time_is_accepted_the_old_one_is_not_mentioned(client, cast, moved):
    meeting_accept(meeting=moved, by=cast.board_member)
    moved.refresh_from_db()
    assert moved.moved_from is None
    client.force_login(cast.board_member)
    page = _text(client.get(reverse("meeting_detail", args=[moved.pk])))
    assert "has been moved" not in page
    assert ">Cancel the meeting</a>" in page


def test_moved_again_it_still_names_the_time_that_was_booked(client, cast, moved):
    again = meeting_reschedule(
        meeting=moved, by=cast.board_member, when=When(_at(9), 60), reason="Not the 13th"
    )
    assert again.moved_from == BOOKED

    # Maya moved the booking; Bola answered with another time. Nobody is named as having
    # moved it (Bola did not), and the proposal's own line says who proposes the time.
    for person, proposed in [
        (cast.mentor, "Proposed by Bola Board."),
        (cast.board_member, "Proposed by you;"),
    ]:
        client.force_login(person)
        page = _text(client.get(reverse("meeting_detail", args=[again.pk])))
        assert f"This meeting, booked for {_said(BOOKED)}, has been moved." in page
        assert "moved this meeting" not in page
        assert proposed in page


def test_a_proposal_never_booked_is_still_dropped_as_a_proposal(client, cast):
    proposal = MeetingFactory(
        match=cast.pair, starts_at=MOVED_TO, status="proposed", proposed_by=cast.mentor
    )
    client.force_login(cast.mentor)  # who proposed it (Bola declines it)
    page = _text(client.get(reverse("meeting_detail", args=[proposal.pk])))
    assert "has been moved" not in page
    assert ">Withdraw this proposal</a>" in page
    cancel = _text(client.get(reverse("meeting_cancel", args=[proposal.pk])))
    assert "<h1>Withdraw this proposal</h1>" in cancel
    assert "Bola will be emailed that you withdrew it" in cancel


def test_only_a_meeting_moved_from_a_booking_says_so_in_the_database(cast):
    booked = MeetingFactory(match=cast.pair, starts_at=BOOKED)
    with pytest.raises(IntegrityError), transaction.atomic():
        Meeting.objects.filter(pk=booked.pk).update(moved_from=BOOKED)
    proposal = MeetingFactory(match=cast.pair, starts_at=MOVED_TO, status="proposed")
    with pytest.raises(IntegrityError), transaction.atomic():
        Meeting.objects.filter(pk=proposal.pk).update(moved_from=BOOKED)


def test_once_called_off_the_lists_say_the_time_it_was_booked_for(client, cast, moved):
    meeting_cancel(meeting=moved, by=cast.mentor, reason="")
    said = (
        f"Booked for {timezone.localtime(BOOKED):%A %-d %B %Y, %H:%M}, then moved: neither time "
        "stands."
    )

    for person in (cast.mentor, cast.board_member):
        client.force_login(person)
        assert said in _text(client.get(reverse("match")))
        assert said in _text(client.get(reverse("meetings")))


def test_a_meeting_called_off_without_a_move_says_nothing_of_one(client, cast):
    booked = MeetingFactory(match=cast.pair, starts_at=BOOKED)
    meeting_cancel(meeting=booked, by=cast.mentor, reason="")

    client.force_login(cast.board_member)
    page = _text(client.get(reverse("match")))
    assert "Not going ahead:" in page
    assert "then moved" not in page
