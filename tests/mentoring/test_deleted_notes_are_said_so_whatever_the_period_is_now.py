"""Once a pairing's notes were deleted, its pages say when, not under which period: the
office may have changed the period since, or emptied it (keeping notes from then on)."""

import pytest
from django.urls import reverse
from django.utils import timezone

from mentoring.services.matches import match_end
from mentoring.services.retention import notes_apply_retention

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("period_now", [None, 30])
def test_the_pair_page_says_when_the_notes_went_not_a_period_changed_since(maya, cast, period_now):
    cast.programme.notes_retention_days = 1
    cast.programme.save(update_fields=["notes_retention_days"])
    match_end(match=cast.pair, reason="completed")
    notes_apply_retention(now=timezone.now() + timezone.timedelta(days=2))
    cast.programme.notes_retention_days = period_now
    cast.programme.save(update_fields=["notes_retention_days"])

    page = maya.get(reverse("match")).content.decode()

    assert "The notes, action steps and shared purpose of this pairing were deleted on" in page
    assert "None day" not in page
    assert "keeps them for 30 days" not in page
