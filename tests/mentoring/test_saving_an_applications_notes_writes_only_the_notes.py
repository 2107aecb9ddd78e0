"""Saving an application's notes in the admin writes the notes alone: a withdrawal made while
the page was saving stays made."""

import pytest

from mentoring.models import (
    ApplicationStatus,
    MentorApplication,
)
from mentoring.services.applications import application_withdraw
from tests.admin_pages import (
    change_url,
    form_data,
)
from tests.concurrency import needs_postgresql, run_now
from tests.factories import (
    application_from,
)

pytestmark = pytest.mark.django_db


@pytest.mark.django_db(transaction=True)
@needs_postgresql
def test_saving_notes_does_not_undo_a_withdrawal_made_while_the_page_was_saving(
    client, cast, monkeypatch
):
    from mentoring.admin.applications import ApplicationAdminForm
    from tests.admin_pages import sign_in_for_real

    priya = application_from(cast.programme, "Priya Patel", status=ApplicationStatus.ACCEPTED)
    sign_in_for_real(client, cast, "coordinator")
    data = form_data(client.get(change_url(priya)))
    data["coordinator_notes"] = "Strong statement; ask about the grievance."

    clean = ApplicationAdminForm.clean

    def clean_while_priya_withdraws(form):
        # Priya withdraws in her own browser, committed, while the office's save runs.
        assert run_now(
            lambda: application_withdraw(application=MentorApplication.objects.get(pk=priya.pk))
        )
        return clean(form)

    monkeypatch.setattr(ApplicationAdminForm, "clean", clean_while_priya_withdraws)
    response = client.post(change_url(priya), data)
    assert response.status_code == 302

    priya.refresh_from_db()
    assert priya.coordinator_notes == "Strong statement; ask about the grievance."
    assert priya.status == ApplicationStatus.WITHDRAWN, "the office's save undid the withdrawal"
    assert priya.withdrawn_at is not None
