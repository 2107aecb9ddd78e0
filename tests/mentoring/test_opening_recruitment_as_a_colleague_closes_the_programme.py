""" "Open recruitment" chosen for a programme a colleague is closing at that moment: only an
active programme recruits (a database check), and the action read each status before the
closing was committed, so its update broke the check: a 500, and nothing said. It now reads
each status under the row's lock, waits for the closing, and says the programme stays
closed."""

import pytest
from django.db import transaction
from django.urls import reverse

from mentoring.models import Programme, ProgrammeStatus
from tests.admin_pages import messages_shown, signed_in_for_real
from tests.concurrency import needs_postgresql, started, waits_for_a_lock_or_ends
from tests.factories import closed_now

PROGRAMMES = reverse("admin:mentoring_programme_changelist")
office = signed_in_for_real("coordinator")


@needs_postgresql
@pytest.mark.django_db(transaction=True)
def test_opening_recruitment_waits_for_a_colleagues_closing_and_says_it_stays_closed(office, cast):
    programme = cast.programme
    Programme.objects.filter(pk=programme.pk).update(recruitment_open=False)

    with transaction.atomic():
        # A colleague's save closes the programme; not yet committed.
        Programme.objects.filter(pk=programme.pk).update(**closed_now())
        opening, outcome = started(
            lambda: office.post(
                PROGRAMMES,
                {"action": "open_recruitment", "_selected_action": [programme.pk]},
                follow=True,
            )
        )
        waits_for_a_lock_or_ends(opening)
    opening.join(30)

    assert "error" not in outcome, outcome["error"]
    assert outcome["result"].status_code == 200
    assert messages_shown(outcome["result"]) == [
        f"Recruitment stays closed for {programme} (closed): it opens only for an active programme."
    ]
    programme.refresh_from_db()
    assert (programme.status, programme.recruitment_open) == (ProgrammeStatus.CLOSED, False)
