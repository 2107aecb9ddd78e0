"""A cancel page sent calling off something other than what the meeting is now for the
person (a value made up, or "decline" from the one who proposed the time) calls nothing
off. The page comes back saying so once, at the top, in words for the person (not as an
error of the hidden field, which nobody can reach), drawn for what the meeting is now: its
hidden field and its question, with the reason typed kept. Sent again, it does that. A page
opened before the meeting changed still says how it changed (`MeetingChanged`)."""

import html
import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from mentoring.models import Meeting, MeetingStatus

pytestmark = pytest.mark.django_db

OUT_OF_DATE = (
    "This page was out of date, so nothing was called off. It now shows what you can do: "
    "check it and send it again."
)


def summary(response) -> list[tuple[str, bool]]:
    """The error summary's lines at the top of the page, as read, each with whether it
    links to a box of the form."""
    page = response.content.decode()
    box = re.search(r'<div class="alert alert-danger error-summary".*?</div>', page, re.S)
    assert box, "no error summary"
    items = re.findall(r"<li>(.*?)</li>", box.group(0), re.S)
    return [
        (" ".join(html.unescape(re.sub(r"<[^>]+>", " ", item)).split()), "<a " in item)
        for item in items
    ]


def hidden(response) -> dict[str, str]:
    page = response.content.decode()
    return dict(re.findall(r'<input type="hidden" name="(\w+)" value="([^"]*)"', page))


@pytest.mark.parametrize(
    "sent",
    [
        pytest.param("nonsense", id="a-value-made-up"),
        pytest.param("decline", id="declining-a-time-she-proposed"),
        pytest.param("cancel", id="cancelling-a-time-never-booked"),
    ],
)
def test_a_forged_kind_calls_nothing_off_and_the_page_is_drawn_for_withdrawing(
    cast, maya, first_meeting_proposed, mailoutbox, sent
):
    url = reverse("meeting_cancel", args=[first_meeting_proposed.pk])
    typed = {
        "reason": "My diary filled up",
        "sequence": first_meeting_proposed.sequence,
        "call_off": sent,
    }

    answer = maya.post(url, typed)

    assert answer.status_code == 200
    assert summary(answer) == [(OUT_OF_DATE, False)]
    page = answer.content.decode()
    assert page.count(OUT_OF_DATE) == 1
    assert "arrived incomplete" not in page
    assert hidden(answer)["call_off"] == "withdraw"
    assert "Why are you withdrawing it?" in page
    assert "<h1>Withdraw this proposal</h1>" in page
    assert "My diary filled up</textarea>" in page
    assert Meeting.objects.get(pk=first_meeting_proposed.pk).status == MeetingStatus.PROPOSED
    assert mailoutbox == []

    again = maya.post(url, {**typed, "call_off": hidden(answer)["call_off"]}, follow=True)

    assert "You withdrew the time you proposed" in again.content.decode()
    assert Meeting.objects.get(pk=first_meeting_proposed.pk).status == MeetingStatus.DROPPED


def test_a_forged_kind_with_no_reason_says_both_and_keeps_the_current_kind(
    cast, bola, first_meeting_proposed
):
    url = reverse("meeting_cancel", args=[first_meeting_proposed.pk])

    answer = bola.post(url, {"reason": "", "call_off": "withdraw"})

    assert summary(answer) == [
        (OUT_OF_DATE, False),
        ("Say briefly why, so that your partner knows.", True),
    ]
    assert hidden(answer)["call_off"] == "decline"
    assert "Why are you declining it?" in answer.content.decode()
    assert Meeting.objects.get(pk=first_meeting_proposed.pk).status == MeetingStatus.PROPOSED


def test_a_page_opened_before_the_partner_answered_with_another_time_says_where_it_stands(
    cast, maya, bola, first_meeting_proposed
):
    """Maya's page withdrew her proposal; Bola has since suggested another time, which
    Maya would decline: the page says what changed, as any page opened before a change."""
    url = reverse("meeting_cancel", args=[first_meeting_proposed.pk])
    withdrawing = hidden(maya.get(url)) | {"reason": "My diary filled up"}
    day = (timezone.localdate() + timedelta(days=15)).isoformat()
    moved = bola.post(
        reverse("meeting_change", args=[first_meeting_proposed.pk]),
        {"day": day, "start": "15:00", "sequence": first_meeting_proposed.sequence},
    )
    assert moved.status_code == 302, moved.content.decode()

    answer = maya.post(url, withdrawing)

    [(said, linked)] = summary(answer)
    assert said.startswith("This meeting changed while you were looking at it;")
    assert "Bola now proposes" in said
    assert not linked
    now = Meeting.objects.get(pk=first_meeting_proposed.pk)
    assert (hidden(answer)["sequence"], hidden(answer)["call_off"]) == (
        str(now.sequence),
        "decline",
    )
    assert "Why are you declining it?" in answer.content.decode()
    assert "My diary filled up</textarea>" in answer.content.decode()
    assert now.status == MeetingStatus.PROPOSED


def test_a_decline_page_sent_after_the_time_came_drops_it_as_declining_would(
    cast, bola, first_meeting_proposed, time_machine
):
    """Bola opened the page to decline Maya's time, an hour away, and sent it once that time
    had come: the time is dropped, never booked, as declining it would have done;
    the page is not sent back for having aged."""
    soon = timezone.now() + timedelta(hours=1)
    Meeting.objects.filter(pk=first_meeting_proposed.pk).update(starts_at=soon)
    url = reverse("meeting_cancel", args=[first_meeting_proposed.pk])
    declining = hidden(bola.get(url)) | {"reason": "Away that week"}
    assert declining["call_off"] == "decline"
    time_machine.move_to(soon + timedelta(minutes=5))

    answer = bola.post(url, declining, follow=True)

    page = answer.content.decode()
    assert OUT_OF_DATE not in page
    assert "The proposed time is dropped" in page
    now = Meeting.objects.get(pk=first_meeting_proposed.pk)
    assert (now.status, now.cancelled_by_id) == (MeetingStatus.DROPPED, cast.board_member.pk)
