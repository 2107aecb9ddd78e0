"""Moving or cancelling a meeting that the partner changed meanwhile: the page comes back with
what was typed (the new time, the reason), says at the top what became of the meeting, shows
it as it stands now, and a second press goes through over that version. Nothing is emailed
for the press that was refused."""

import html
import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from mentoring.models import Meeting, MeetingStatus
from tests.factories import MeetingFactory

pytestmark = pytest.mark.django_db

REFUSED = "This meeting changed while you were looking at it; here is where it stands now."


def summary(response) -> list[str]:
    """The messages of the error summary at the top of the page, as read."""
    page = response.content.decode()
    box = re.search(r'<div class="alert alert-danger error-summary".*?</div>', page, re.S)
    assert box, "no error summary"
    items = re.findall(r"<li>(.*?)</li>", box.group(0), re.S)
    return [" ".join(html.unescape(re.sub(r"<[^>]+>", " ", item)).split()) for item in items]


def at(moment) -> str:
    return f"{timezone.localtime(moment):%A %-d %B, %H:%M}"


def in_days(days: int) -> str:
    return (timezone.localdate() + timedelta(days=days)).isoformat()


@pytest.fixture
def booked(cast):
    return MeetingFactory(match=cast.pair, status="confirmed")


def bola_moves(bola, meeting, day: str, start: str) -> Meeting:
    response = bola.post(
        reverse("meeting_change", args=[meeting.pk]),
        {"day": day, "start": start, "sequence": meeting.sequence, "reason": "A board away day"},
    )
    assert response.status_code == 302, response.content.decode()
    return Meeting.objects.get(pk=meeting.pk)


def test_moving_a_meeting_the_partner_moved_meanwhile_keeps_the_new_time_and_reason(
    cast, maya, bola, booked, mailoutbox, django_capture_on_commit_callbacks
):
    url = reverse("meeting_change", args=[booked.pk])
    shown = maya.get(url).context["sequence"]
    moved = bola_moves(bola, booked, in_days(8), "15:00")
    mailoutbox.clear()
    typed = {
        "day": in_days(9),
        "start": "16:30",
        "location": "The library",
        "reason": "My train times changed",
        "sequence": shown,
    }

    with django_capture_on_commit_callbacks(execute=True):
        again = maya.post(url, typed)

    assert again.status_code == 200
    assert summary(again) == [
        f"{REFUSED} Bola now proposes {at(moved.starts_at)}, waiting for your answer."
    ]
    page = again.content.decode()
    assert "My train times changed</textarea>" in page
    assert f'value="{in_days(9)}"' in page
    assert 'value="16:30"' in page
    assert 'value="The library"' in page
    assert f"Currently {timezone.localtime(moved.starts_at):%A %-d %B %Y, %H:%M}." in page
    assert f'name="sequence" value="{moved.sequence}"' in page
    assert mailoutbox == []

    # The same press again, over the version now shown, goes through.
    with django_capture_on_commit_callbacks(execute=True):
        done = maya.post(url, {**typed, "sequence": again.context["sequence"]})

    assert done.status_code == 302
    now = Meeting.objects.get(pk=booked.pk)
    assert (now.proposed_by, now.change_reason, now.location) == (
        cast.mentor,
        "My train times changed",
        "The library",
    )
    assert f"{timezone.localtime(now.starts_at):%H:%M}" == "16:30"
    assert [mail.to for mail in mailoutbox] == [["bola@example.org"]]


def test_pressing_propose_the_new_time_twice_emails_once_and_says_it_was_proposed(
    cast, maya, booked, mailoutbox, django_capture_on_commit_callbacks
):
    url = reverse("meeting_change", args=[booked.pk])
    typed = {"day": in_days(9), "start": "16:30", "sequence": booked.sequence}

    with django_capture_on_commit_callbacks(execute=True):
        first = maya.post(url, typed)
        second = maya.post(url, typed)

    assert first.status_code == 302
    now = Meeting.objects.get(pk=booked.pk)
    assert summary(second) == [
        f"{REFUSED} You proposed {at(now.starts_at)} meanwhile (perhaps in another tab); Bola "
        "is to answer."
    ]
    assert [mail.to for mail in mailoutbox] == [["bola@example.org"]]


def test_cancelling_a_meeting_the_partner_moved_meanwhile_keeps_the_reason_then_drops_it(
    cast, maya, bola, booked, mailoutbox, django_capture_on_commit_callbacks
):
    url = reverse("meeting_cancel", args=[booked.pk])
    shown = maya.get(url).context["sequence"]
    moved = bola_moves(bola, booked, in_days(8), "15:00")
    mailoutbox.clear()
    typed = {"reason": "I am away that week", "sequence": shown}

    with django_capture_on_commit_callbacks(execute=True):
        again = maya.post(url, typed)

    assert again.status_code == 200
    assert summary(again) == [
        f"{REFUSED} Bola now proposes {at(moved.starts_at)}, waiting for your answer."
    ]
    page = again.content.decode()
    assert "I am away that week</textarea>" in page
    # As it stands: the booking Bola moved, whose booked time no longer stands, so calling
    # it off cancels the meeting (not counted as Maya's: she turns Bola's new time down).
    assert "<h1>Cancel the meeting</h1>" in page
    assert f"{timezone.localtime(moved.starts_at):%A %-d %B %Y, %H:%M} with Bola Board" in page
    assert f'name="sequence" value="{moved.sequence}"' in page
    assert Meeting.objects.get(pk=booked.pk).status == MeetingStatus.PROPOSED
    assert mailoutbox == []

    with django_capture_on_commit_callbacks(execute=True):
        done = maya.post(url, {**typed, "sequence": again.context["sequence"]}, follow=True)

    assert (
        "The meeting is cancelled: neither time will happen and your partner has been told."
        in done.content.decode()
    )
    now = Meeting.objects.get(pk=booked.pk)
    assert (now.status, now.change_reason) == (MeetingStatus.DROPPED, "I am away that week")
    assert [mail.to for mail in mailoutbox] == [["bola@example.org"]]
