"""Whose meetings a person sees is one rule (`Meeting.objects.for_user`, through
`Match.objects.visible_to`): those of a pair they are in, active or ended (withdrawn
from too), read-only once ended; never a proposal's, which is the programme office's until
confirmed; and nobody else's, coordinators and superusers included. The meeting's page,
its calendar file and the calendar feed all answer by it."""

import pytest
from django.urls import reverse
from django.utils import timezone

from mentoring.models import EndReason, Match, MatchStatus, Meeting
from mentoring.selectors.pairs import busy_for
from mentoring.services.pairs import calendar_feed_for
from tests.factories import HeldMeetingFactory, MeetingFactory

pytestmark = pytest.mark.django_db

EVERYONE = ["mentor", "board_member", "other_mentor", "coordinator", "superuser", "outsider"]

STATES = {
    "proposed": {"status": MatchStatus.PROPOSED, "activated_at": None},
    "active": {"status": MatchStatus.ACTIVE},
    "ended": {"status": MatchStatus.ENDED, "end_reason": EndReason.COMPLETED},
    "withdrawn from": {"status": MatchStatus.ENDED, "end_reason": EndReason.WITHDRAWN},
}
SEEN_BY_ITS_TWO = {"active", "ended", "withdrawn from"}


def maya_and_bolas_pair_is(cast, state: str) -> Meeting:
    """Maya and Bola's pair put in `state`, with a meeting they held last week."""
    meeting = HeldMeetingFactory(match=cast.pair)
    changes = STATES[state]
    if changes["status"] == MatchStatus.ENDED:
        changes = {**changes, "ended_at": timezone.now()}
    Match.objects.filter(pk=cast.pair.pk).update(**changes)
    return meeting


def sees(client, cast, role: str, meeting: Meeting) -> dict[str, bool]:
    person = getattr(cast, role)
    client.force_login(person)
    page = client.get(reverse("meeting_detail", args=[meeting.pk]))
    ics = client.get(reverse("meeting_calendar", args=[meeting.pk]))
    feed = client.get(f"{reverse('calendar_feed')}?token={calendar_feed_for(person).token}")
    assert page.status_code in (200, 404)
    assert ics.status_code in (200, 404)
    assert feed.status_code == 200
    return {
        "page": page.status_code == 200,
        "calendar file": ics.status_code == 200,
        "feed": f"meeting-{meeting.pk}@reverse-mentoring".encode() in feed.content,
    }


@pytest.mark.parametrize("state", STATES)
@pytest.mark.parametrize("role", EVERYONE)
def test_a_pairs_meeting_is_seen_by_exactly_whom_the_rule_says(client, cast, state, role):
    meeting = maya_and_bolas_pair_is(cast, state)
    seen = role in ("mentor", "board_member") and state in SEEN_BY_ITS_TWO

    assert sees(client, cast, role, meeting) == {
        "page": seen,
        "calendar file": seen,
        "feed": seen,
    }


def test_a_proposals_meeting_is_in_nobodys_meetings_nor_fills_their_diary(cast):
    """A meeting filed against a pair still proposed (written by hand, say) is not its
    people's: `for_user`, which the diary's busy times read too, leaves it out, as its
    docstring always said."""
    Match.objects.filter(pk=cast.pair.pk).update(status=MatchStatus.PROPOSED, activated_at=None)
    MeetingFactory(match=cast.pair)
    others = MeetingFactory(match=cast.other_pair)

    assert list(Meeting.objects.for_user(cast.mentor)) == []
    assert list(Meeting.objects.for_user(cast.board_member)) == []
    assert list(Meeting.objects.for_user(cast.other_mentor)) == [others]
    assert busy_for(cast.mentor) == []
    assert [busy.meeting_id for busy in busy_for(cast.other_mentor)] == [others.pk]
