"""Maya has a page of her pair open while the office ends the pairing. Her Save is refused
(an ended pair's record is read-only), on a page that says so once, at the top, and shows
back what she had typed in its boxes, to copy: nothing of it is saved, and nothing is lost
without her seeing it. Opened afresh, those pages still send her back, saying why."""

import re
from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from mentoring.models import Meeting, PairRequest
from mentoring.services.matches import match_end
from mentoring.views.pairs import READ_ONLY
from tests.factories import (
    ActionStepFactory,
    HeldMeetingFactory,
    MeetingFactory,
    agree_ground_rules,
)

NOTES = "We talked about how the estates restructure landed on the night shift."
TYPED = "What you had typed, not saved"


def _page(response) -> str:
    return response.content.decode()


def _log(note: str, **extra) -> dict:
    return {
        "held": "yes",
        "actual_minutes": "55",
        "note": note,
        "action-TOTAL_FORMS": "3",
        "action-INITIAL_FORMS": "0",
        "action-MIN_NUM_FORMS": "0",
        "action-MAX_NUM_FORMS": "3",
        **extra,
    }


def _typed_back(response) -> list[tuple[str, str]]:
    """The label and text of each box shown back under "What you had typed, not saved"."""
    section = re.search(
        r'<section aria-labelledby="typed-heading".*?</section>', _page(response), re.S
    )
    assert section, "nothing is shown back"
    assert "Copy anything here you want to keep." in section.group(0)
    pairs = re.findall(r"<dt>(.*?)</dt>\s*<dd[^>]*>(.*?)</dd>", section.group(0), re.S)
    return [(label.strip(), text.strip()) for label, text in pairs]


def assert_refused_once_at_the_top(response):
    """Not sent elsewhere: a page of its own, whose one error summary (its title says
    "Error: ") says the pairing has ended and that nothing was saved."""
    html = _page(response)
    assert response.status_code == 409
    assert re.search(r"<title>Error: This pairing has ended", html)
    assert html.count("data-error-summary") == 1
    summary = re.search(r"data-error-summary.*?</div>", html, re.S).group(0)
    assert "Nothing was saved." in summary
    assert re.findall(r"<li>(.*?)</li>", summary) == [READ_ONLY]


@pytest.fixture
def maya_writing(cast):
    """Maya, signed in, with the ground rules agreed, writing on a page of her pair."""
    agree_ground_rules(cast.pair)
    client = Client()
    client.force_login(cast.mentor)
    return client


def the_office_ends_the_pair(cast):
    assert match_end(match=cast.pair, reason="completed")


def test_private_notes_sent_after_the_office_ended_the_pair_are_shown_back_to_keep(
    cast, maya_writing
):
    """Her notes, a new action step and the review of an earlier one, each under its name as
    the log page's error summary names it; only the two of them could ever read them."""
    earlier = ActionStepFactory(
        meeting=HeldMeetingFactory(match=cast.pair), text="Meet the staff network"
    )
    meeting = MeetingFactory(match=cast.pair, starts_at=timezone.now() - timedelta(days=1))
    url = reverse("meeting_log", args=[meeting.pk])
    assert maya_writing.get(url).status_code == 200  # the page she types in
    the_office_ends_the_pair(cast)

    response = maya_writing.post(
        url,
        _log(
            NOTES,
            **{
                "action-0-text": "Shadow a night shift",
                "action-0-owner": "board_member",
                "action-0-needs": "A word with the estates manager",
                f"review-{earlier.pk}-status": "done",
                f"review-{earlier.pk}-note": "Went well; they want a second visit",
            },
        ),
    )

    assert_refused_once_at_the_top(response)
    assert _typed_back(response) == [
        ("Your private notes", NOTES),
        ("Review of “Meet the staff network”: Note", "Went well; they want a second visit"),
        ("New action step 1: What will be done", "Shadow a night shift"),
        ("New action step 1: What it will take", "A word with the estates manager"),
    ]
    assert f'href="{reverse("meeting_detail", args=[meeting.pk])}">Back to the meeting' in _page(
        response
    )
    meeting.refresh_from_db()
    assert meeting.status == "confirmed"
    assert not meeting.notes.exists()
    assert not meeting.actions_recorded.exists()
    assert not earlier.reviews.exists()


def test_a_concern_sent_after_the_office_ended_the_pair_is_shown_back_to_keep(cast, maya_writing):
    concern = "Bola made a remark in our last meeting that I need to talk to someone about."
    url = reverse("pair_request", args=[cast.pair.pk])
    confirm = maya_writing.post(url, {"kind": "concern", "note": concern})
    assert "Send this to the programme office?" in _page(confirm)
    the_office_ends_the_pair(cast)

    response = maya_writing.post(url, {"kind": "concern", "note": concern, "confirmed": "yes"})

    assert_refused_once_at_the_top(response)
    assert _typed_back(response) == [("A note for the programme office", concern)]
    assert not PairRequest.objects.filter(match=cast.pair).exists()


def test_a_shared_purpose_sent_after_the_office_ended_the_pair_is_shown_back_to_keep(
    cast, maya_writing
):
    """Only the purpose: the version the page was built from is no one's typing."""
    purpose = "Bola wants to understand how promotion panels feel from the other side."
    url = reverse("pair_purpose", args=[cast.pair.pk])
    assert maya_writing.get(url).status_code == 200
    the_office_ends_the_pair(cast)

    response = maya_writing.post(url, {"purpose": purpose, "stamp": "0123456789abcdef"})

    assert_refused_once_at_the_top(response)
    assert _typed_back(response) == [("Your shared purpose", purpose)]
    assert "0123456789abcdef" not in _page(response)
    assert f'href="{reverse("match")}">Back to your pair' in _page(response)
    cast.pair.refresh_from_db()
    assert cast.pair.purpose != purpose


def test_a_place_typed_for_a_meeting_proposed_after_the_pair_ended_is_shown_back(
    cast, maya_writing
):
    day = timezone.localdate() + timedelta(days=3)
    the_office_ends_the_pair(cast)

    response = maya_writing.post(
        reverse("meeting_new", args=[cast.pair.pk]),
        {"day": day.isoformat(), "start": "10:00", "end": "11:00", "location": "Room 4.12"},
    )

    assert_refused_once_at_the_top(response)
    assert _typed_back(response) == [("Place", "Room 4.12")]
    assert not Meeting.objects.filter(match=cast.pair).exists()


def test_a_plan_sent_after_the_pair_ended_is_refused_on_the_page_with_nothing_typed_to_keep(
    cast, maya_writing
):
    """Ticked dates only: the refusal, and no empty "What you had typed" under it."""
    the_office_ends_the_pair(cast)

    response = maya_writing.post(
        reverse("pair_plan", args=[cast.pair.pk]), {"dates": [timezone.now().isoformat()]}
    )

    assert_refused_once_at_the_top(response)
    assert TYPED not in _page(response)
    assert not Meeting.objects.filter(match=cast.pair).exists()


def test_what_was_typed_is_shown_back_as_text_never_as_markup(cast, maya_writing):
    the_office_ends_the_pair(cast)

    response = maya_writing.post(
        reverse("pair_purpose", args=[cast.pair.pk]), {"purpose": '<script>alert("hi")</script>'}
    )

    assert "<script>alert" not in _page(response)
    assert _typed_back(response) == [
        ("Your shared purpose", "&lt;script&gt;alert(&quot;hi&quot;)&lt;/script&gt;")
    ]


@pytest.mark.parametrize("name", ["pair_purpose", "pair_request", "pair_plan", "meeting_new"])
def test_an_ended_pairs_page_opened_afresh_still_sends_back_to_the_pair(cast, maya_writing, name):
    the_office_ends_the_pair(cast)

    response = maya_writing.get(reverse(name, args=[cast.pair.pk]), follow=True)

    assert response.redirect_chain == [(reverse("match"), 302)]
    assert READ_ONLY in _page(response)
    assert TYPED not in _page(response)
