"""A pair's page in the admin writes only the note it edits: a pair ended by a colleague
while the note was typed stays ended (PostgreSQL, two connections)."""

import pytest
from django.urls import reverse

from matching.admin import MatchAdmin
from mentoring.models import EndReason, MatchStatus
from mentoring.services.matches import matches_end
from tests.concurrency import needs_postgresql, run_now
from tests.factories import (
    CoordinatorFactory,
    MatchFactory,
    MeetingFactory,
)

pytestmark = pytest.mark.django_db


@pytest.mark.django_db(transaction=True)
@needs_postgresql
def test_a_note_saved_on_a_pairs_page_does_not_undo_its_ending_meanwhile(client, monkeypatch):
    """A coordinator saves a note on an active pair's page while a colleague ends the pair
    (from the list, or deciding a member's request). The page's save writes every column of
    the row it read (Django's `obj.save()`), so the pair is active again: both people were
    emailed that it ended and their meetings were called off, yet it shows as active with no
    end date. The page should save only the note (`update_fields`, or the row locked when
    read), leaving the ending as it is."""
    office, colleague = CoordinatorFactory(email="a@example.org"), CoordinatorFactory()
    pair = MatchFactory(status=MatchStatus.ACTIVE)
    MeetingFactory(match=pair)
    client.force_login(office)
    save_form = MatchAdmin.save_form

    def save_form_while_a_colleague_ends_it(self, request, form, change):
        run_now(
            lambda: matches_end(
                matches=[pair], reason=EndReason.WITHDRAWN, by=colleague, tell_both=True
            )
        )
        return save_form(self, request, form, change)

    monkeypatch.setattr(MatchAdmin, "save_form", save_form_while_a_colleague_ends_it)

    client.post(
        reverse("admin:mentoring_match_change", args=[pair.pk]),
        {"end_note": "Spoke to both on the phone."},
    )

    pair.refresh_from_db()
    assert (pair.status, pair.end_reason) == (MatchStatus.ENDED, EndReason.WITHDRAWN)
    assert pair.ended_at is not None
