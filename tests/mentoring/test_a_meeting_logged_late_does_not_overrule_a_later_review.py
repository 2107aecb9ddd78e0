"""A meeting logged late does not overrule where a later meeting left an action step. Maya
and Bola agree a step at meeting A; at meeting C they review it as in progress; meeting B,
between the two, was never logged. Logged late, B's page offered the step for review, and
"done" there closed it: it left the open steps of the pair page and of the next log, though
the latest meeting that discussed it said it was still in progress (`reviewed_after`)."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from mentoring.models import ActionStep
from mentoring.services.meetings import MeetingError, Review
from tests.factories import (
    ActionStepFactory,
    HeldMeetingFactory,
    MeetingFactory,
    agree_ground_rules,
)
from tests.meetings import meeting_logged

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def agreed(cast):
    agree_ground_rules(cast.pair)


@pytest.fixture
def meetings(cast):
    """A (six weeks ago, with the step), B (three weeks ago, not logged) and C (a week ago,
    logged, the step reviewed as in progress)."""
    now = timezone.now()
    a = HeldMeetingFactory(match=cast.pair, starts_at=now - timedelta(days=42))
    step = ActionStepFactory(meeting=a, due_on=None)
    b = MeetingFactory(match=cast.pair, starts_at=now - timedelta(days=21))
    c = MeetingFactory(match=cast.pair, starts_at=now - timedelta(days=7))
    meeting_logged(c, cast.mentor, reviews=[Review(step.pk, "in_progress")])
    return {"step": step, "b": b, "c": c}


def test_the_late_log_does_not_offer_a_step_a_later_meeting_reviewed(client, cast, meetings):
    step = meetings["step"]
    client.force_login(cast.mentor)

    late = client.get(reverse("meeting_log", args=[meetings["b"].pk])).content.decode()

    assert 'name="actual_minutes"' in late  # the log form itself
    assert f"review-{step.pk}-status" not in late


def test_a_review_sent_for_it_anyway_is_refused_and_changes_nothing(cast, meetings):
    step = meetings["step"]

    with pytest.raises(MeetingError, match="was reviewed at a later meeting"):
        meeting_logged(meetings["b"], cast.mentor, reviews=[Review(step.pk, "done")])

    step.refresh_from_db()
    assert step.status == "in_progress"
    assert not step.reviews.filter(meeting=meetings["b"]).exists()


def test_a_step_no_later_meeting_reviewed_is_offered_to_the_late_log(client, cast):
    now = timezone.now()
    a = HeldMeetingFactory(match=cast.pair, starts_at=now - timedelta(days=42))
    step = ActionStepFactory(meeting=a, due_on=None)
    b = MeetingFactory(match=cast.pair, starts_at=now - timedelta(days=21))
    client.force_login(cast.mentor)

    assert (
        f"review-{step.pk}-status"
        in client.get(reverse("meeting_log", args=[b.pk])).content.decode()
    )
    meeting_logged(b, cast.mentor, reviews=[Review(step.pk, "done")])
    assert ActionStep.objects.get(pk=step.pk).status == "done"
