"""A pair has one meeting still to come at a given start, however it got there: moving a
meeting onto the start of another of the pair's upcoming meetings is refused at the top of
the form (saying the meeting was not moved), with what was typed kept, the meeting left as it was
and nobody emailed. A cancelled meeting's start is free again. "Plan the year" leaves out a
time the pair already has a meeting at, by the same rule."""

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from accounts.models import OutboxMessage
from mentoring.models import EndReason, Match, MatchStatus, Meeting, MeetingStatus
from mentoring.services.meetings import MeetingError, When, meeting_propose, meetings_plan
from tests.factories import MeetingFactory

pytestmark = pytest.mark.django_db


def local(days: int, at: time) -> datetime:
    day = timezone.localdate() + timedelta(days=days)
    return datetime.combine(day, at, tzinfo=ZoneInfo(settings.TIME_ZONE))


TEN = time(10, 0)


@pytest.fixture
def maya(client, cast):
    client.force_login(cast.mentor)
    return client


@pytest.fixture
def later(cast):
    """The meeting Maya moves: booked for three weeks ahead, at two."""
    return MeetingFactory(match=cast.pair, status="confirmed", starts_at=local(21, time(14, 0)))


def typed_move(meeting: Meeting) -> dict:
    return {
        "day": (timezone.localdate() + timedelta(days=10)).isoformat(),
        "start": "10:00",
        "location": "The library",
        "reason": "My train times changed",
        "sequence": meeting.sequence,
    }


@pytest.mark.parametrize(("status", "said"), [("confirmed", "booked"), ("proposed", "proposed")])
def test_moving_a_meeting_onto_another_upcoming_meetings_start_is_refused_as_typed(
    cast, maya, later, status, said, mailoutbox, django_capture_on_commit_callbacks
):
    there = MeetingFactory(
        match=cast.pair, status=status, starts_at=local(10, TEN), proposed_by=cast.board_member
    )
    url = reverse("meeting_change", args=[later.pk])
    typed = typed_move(later)

    with django_capture_on_commit_callbacks(execute=True):
        # The form first warns that the new time overlaps the other meeting; moving it
        # anyway is still refused, at the top of the form.
        warned = maya.post(url, typed)
        assert "It overlaps your meeting with Bola Board" in warned.content.decode()
        anyway = maya.post(
            url, {**typed, "confirm": "on", "warned": warned.context["form"].data["warned"]}
        )

    assert anyway.status_code == 200
    assert anyway.context["form"].non_field_errors() == [
        f"Your pair already has a meeting {said} at this time "
        f"({timezone.localtime(there.starts_at):%A %-d %B, %H:%M}), so the meeting was not "
        "moved: it is on your pair's page. To meet again, choose another time."
    ]
    page = anyway.content.decode()
    assert 'class="alert alert-danger error-summary"' in page
    assert page.index("error-summary") < page.index('name="day"')
    assert "My train times changed</textarea>" in page
    assert f'value="{typed["day"]}"' in page
    assert 'value="10:00"' in page
    assert 'value="The library"' in page
    # Nothing changed: the meeting keeps its time, state and version; nobody was emailed.
    now = Meeting.objects.get(pk=later.pk)
    assert (now.starts_at, now.status, now.sequence, now.change_reason) == (
        later.starts_at,
        MeetingStatus.CONFIRMED,
        later.sequence,
        "",
    )
    assert Meeting.objects.filter(match=cast.pair, starts_at=there.starts_at).count() == 1
    assert mailoutbox == []
    assert not OutboxMessage.objects.exists()


def test_moving_a_meeting_onto_a_cancelled_meetings_start_goes_ahead(
    cast, maya, later, mailoutbox, django_capture_on_commit_callbacks
):
    off = MeetingFactory(match=cast.pair, status="cancelled", starts_at=local(10, TEN))
    url = reverse("meeting_change", args=[later.pk])

    with django_capture_on_commit_callbacks(execute=True):
        response = maya.post(url, typed_move(later), follow=True)

    assert "New time proposed. Bola Board has been told." in response.content.decode()
    now = Meeting.objects.get(pk=later.pk)
    assert (now.starts_at, now.status, now.change_reason) == (
        off.starts_at,
        MeetingStatus.PROPOSED,
        "My train times changed",
    )
    assert [mail.to for mail in mailoutbox] == [["bola@example.org"]]


def test_changing_only_where_a_meeting_is_keeps_its_start(
    cast, maya, later, django_capture_on_commit_callbacks
):
    # Its own start is not another meeting's: the place alone can change.
    url = reverse("meeting_change", args=[later.pk])
    typed = {
        **typed_move(later),
        "day": timezone.localdate(later.starts_at).isoformat(),
        "start": "14:00",
    }

    with django_capture_on_commit_callbacks(execute=True):
        response = maya.post(url, typed)

    assert response.status_code == 302
    now = Meeting.objects.get(pk=later.pk)
    assert (now.starts_at, now.location) == (later.starts_at, "The library")


def test_planning_leaves_out_a_time_the_pair_already_has_a_meeting_at(
    cast, mailoutbox, django_capture_on_commit_callbacks
):
    there = MeetingFactory(match=cast.pair, status="proposed", starts_at=local(10, TEN))
    off = MeetingFactory(match=cast.pair, status="cancelled", starts_at=local(59, TEN))
    times = [local(10, TEN), local(59, TEN), local(108, TEN)]

    with django_capture_on_commit_callbacks(execute=True):
        planned = meetings_plan(match=cast.pair, by=cast.mentor, times=times)

    assert [m.starts_at for m in planned] == [off.starts_at, local(108, TEN)]
    assert list(
        Meeting.objects.filter(match=cast.pair, starts_at=there.starts_at).values_list(
            "pk", flat=True
        )
    ) == [there.pk]
    assert len(mailoutbox) == 1


def test_a_meeting_proposed_for_a_pairing_ended_meanwhile_is_refused(cast):
    # The page read the pair while it was active; the office ended it before Maya's click.
    Match.objects.filter(pk=cast.pair.pk).update(
        status=MatchStatus.ENDED, ended_at=timezone.now(), end_reason=EndReason.COMPLETED
    )

    with pytest.raises(MeetingError, match="This pairing has ended"):
        meeting_propose(match=cast.pair, by=cast.mentor, when=When(local(10, TEN), 60))

    assert not Meeting.objects.filter(match=cast.pair, starts_at=local(10, TEN)).exists()
    assert not OutboxMessage.objects.exists()
