"""Ending pairs, from the pairs list or by deciding requests, calls off their meetings still to
come, and the confirmation names them. A meeting booked after that page was shown was
called off by "Yes" all the same, unsaid: now "Yes" changes nothing then, and shows the page
again, naming it."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from mentoring.admin.pairs import MEETING_BOOKED_SINCE
from mentoring.models import MatchStatus, MeetingStatus, PairRequest
from tests.admin_pages import confirmed, messages_shown, words
from tests.factories import MeetingFactory

pytestmark = pytest.mark.django_db

PAIRS = reverse("admin:mentoring_match_changelist")
REQUESTS = reverse("admin:mentoring_pairrequest_changelist")


def booked(cast, days: int):
    return MeetingFactory(match=cast.pair, starts_at=timezone.now() + timedelta(days=days))


def ending_from_the_pairs_list(cast):
    return PAIRS, {"action": "end_withdrawn", "_selected_action": [cast.pair.pk]}


def ending_on_request(cast):
    request = PairRequest.objects.create(match=cast.pair, kind="end", raised_by=cast.mentor)
    return REQUESTS, {"action": "end_pairings", "_selected_action": [request.pk]}


@pytest.mark.parametrize("ending", [ending_from_the_pairs_list, ending_on_request])
def test_a_meeting_booked_after_the_page_was_shown_is_named_before_anything_ends(
    office, cast, ending
):
    first = booked(cast, days=7)
    url, chosen = ending(cast)
    page = office.post(url, chosen)
    assert f"{timezone.localtime(first.starts_at):%A %-d %B %Y, %H:%M}" in words(
        page.content.decode()
    )
    later = booked(cast, days=21)  # Maya books another meeting meanwhile

    again = office.post(url, {**chosen, **confirmed(page)})

    assert again.status_code == 200
    assert messages_shown(again) == [MEETING_BOOKED_SINCE]
    listed = words(again.content.decode())
    assert f"{timezone.localtime(later.starts_at):%A %-d %B %Y, %H:%M}" in listed
    cast.pair.refresh_from_db()
    assert cast.pair.status == MatchStatus.ACTIVE
    later.refresh_from_db()
    assert later.status == MeetingStatus.CONFIRMED

    office.post(url, {**chosen, **confirmed(again)})

    cast.pair.refresh_from_db()
    assert cast.pair.status == MatchStatus.ENDED
    later.refresh_from_db()
    assert later.status == MeetingStatus.DROPPED


@pytest.mark.parametrize("ending", [ending_from_the_pairs_list, ending_on_request])
def test_yes_to_the_meetings_it_named_ends_the_pair_at_once(office, cast, ending):
    meeting = booked(cast, days=7)
    url, chosen = ending(cast)
    page = office.post(url, chosen)

    office.post(url, {**chosen, **confirmed(page)})

    cast.pair.refresh_from_db()
    assert cast.pair.status == MatchStatus.ENDED
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.DROPPED
