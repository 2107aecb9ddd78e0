"""A department the programme office corrects on a person's page in People changes their
sent applications with it (the match board reads them): the audit trail keeps one row for
each, naming the department as changed without its words (typed text, which would outlive
the person's account), as for any change the office makes to an application. A draft is not
in the trail."""

import pytest
from django.urls import reverse

from accounts.models import AuditAction, AuditEvent
from tests.admin_pages import change_url, rows, save_change_form, sign_in_for_real
from tests.factories import DraftApplicationFactory, ProgrammeFactory

pytestmark = pytest.mark.django_db


def _rows_about(application):
    return AuditEvent.objects.filter(
        object_id=application.pk, content_type__model="mentorapplication"
    )


def test_a_department_corrected_on_a_persons_page_is_audited_on_their_application(client, cast):
    """The office corrects Maya's department on her page in People; her application's
    department (one of her answers, which the match board reads to keep her from a board
    member of her own department) changes with it, and the trail says who changed it and
    that the department changed, not from what to what."""
    application = cast.pair.mentor
    sign_in_for_real(client, cast, "coordinator")

    response = save_change_form(client, change_url(cast.mentor), department="Provost's Office")

    assert response.status_code == 302
    application.refresh_from_db()
    assert application.department == "Provost's Office"
    [row] = _rows_about(application)
    assert row.actor == cast.coordinator
    assert row.action == AuditAction.EDITED
    assert row.changes == {"department": {}}
    [shown] = rows(client.get(reverse("admin:accounts_auditevent_changelist")))
    assert shown["changes_in_words"] == "department (changed; its text is not kept here)"


def test_a_draft_that_follows_the_office_correction_is_not_in_the_trail(client, cast):
    """Maya's draft for the next cohort follows her corrected department too, but a draft
    is hers, not yet the office's: only her sent application gets a row."""
    draft = DraftApplicationFactory(
        programme=ProgrammeFactory(name="2027/28 cohort", slug="cohort-2027"),
        applicant=cast.mentor,
        department=cast.pair.mentor.department,
    )
    sign_in_for_real(client, cast, "coordinator")

    save_change_form(client, change_url(cast.mentor), department="Provost's Office")

    draft.refresh_from_db()
    assert draft.department == "Provost's Office"
    assert not _rows_about(draft).exists()
    assert _rows_about(cast.pair.mentor).count() == 1
