"""The audit trail in the admin: the programme office reads who changed what and when, filters
and searches it, reaches an object's trail from its page, and nobody, a superuser neither,
can add, change or delete a row; the table itself refuses it on PostgreSQL."""

import html
import re
from datetime import timedelta

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from accounts.models import AuditAction, AuditEvent, Invitation
from mentoring.models import ApplicationStatus, Match, MentorApplication
from mentoring.services.decisions import application_decide
from tests.admin_pages import rows, sign_in_for_real, words
from tests.concurrency import needs_postgresql
from tests.factories import InvitationFactory, MentorApplicationFactory, UserFactory
from tests.query_counts import queries_for

pytestmark = pytest.mark.django_db

TRAIL = reverse("admin:accounts_auditevent_changelist")


def page_text(response) -> str:
    return words(response.content.decode())


def event(obj, *, actor, action, at=None, changes=None) -> AuditEvent:
    return AuditEvent(
        actor=actor,
        actor_label=f"{actor.full_name} <{actor.email}>",
        action=action,
        content_type=ContentType.objects.get_for_model(obj),
        object_id=obj.pk,
        object_label=f"{obj._meta.verbose_name.capitalize()} #{obj.pk}",
        changes=changes or {},
        at=at or timezone.now(),
    )


@pytest.fixture
def decided(cast):
    """Carmen declined Priya's application."""
    priya = MentorApplicationFactory(
        programme=cast.programme,
        applicant=UserFactory(full_name="Priya Patel", email="priya@example.org"),
    )
    application_decide(application=priya, status=ApplicationStatus.DECLINED, by=cast.coordinator)
    return priya


@pytest.mark.parametrize("role", ["coordinator", "superuser"])
def test_the_office_reads_who_changed_what_and_when(client, cast, decided, role):
    sign_in_for_real(client, cast, role)

    [row] = rows(client.get(TRAIL))

    assert row["actor_label"] == "Carmen Coordinator <carmen@example.org>"
    assert row["action"] == "Application decided"
    assert row["changed_object"] == f"Mentor application #{decided.pk}: Priya Patel, 2026/27 pilot"
    assert "status: submitted → declined" in row["changes_in_words"]
    assert timezone.localtime().strftime("%Y") in row["at"]


def test_the_row_links_to_the_object_it_names(client, cast, decided):
    client.force_login(cast.coordinator)

    content = client.get(TRAIL).content.decode()

    change = reverse("admin:mentoring_mentorapplication_change", args=[decided.pk])
    label = f"Mentor application #{decided.pk}: Priya Patel, 2026/27 pilot"
    assert f'<a href="{change}">{label}</a>' in content


@pytest.mark.parametrize("role", ["coordinator", "superuser"])
def test_nobody_can_add_change_or_delete_a_row(client, cast, decided, role):
    client.force_login(cast.person(role))
    row = AuditEvent.objects.get()
    change = reverse("admin:accounts_auditevent_change", args=[row.pk])

    assert client.get(reverse("admin:accounts_auditevent_add")).status_code == 403
    assert client.get(reverse("admin:accounts_auditevent_delete", args=[row.pk])).status_code == 403
    page = client.get(change)
    assert page.status_code == 200
    assert 'name="_save"' not in page.content.decode()
    assert client.post(change, {"actor_label": "Someone else"}).status_code == 403
    listing = client.get(TRAIL)
    assert "delete_selected" not in listing.content.decode()
    client.post(TRAIL, {"action": "delete_selected", "_selected_action": [row.pk], "post": "yes"})

    row.refresh_from_db()
    assert row.actor_label == "Carmen Coordinator <carmen@example.org>"
    assert AuditEvent.objects.count() == 1


def test_a_mentor_cannot_read_the_trail(client, cast, decided):
    client.force_login(cast.mentor)

    response = client.get(TRAIL)

    assert response.status_code == 302
    assert "Carmen" not in response.content.decode()


def test_the_trail_filters_by_what_by_who_and_by_date_and_searches(client, cast, decided):
    invitation = InvitationFactory()
    AuditEvent.objects.bulk_create(
        [
            event(
                cast.pair,
                actor=cast.superuser,
                action=AuditAction.PAIR_ENDED,
                at=timezone.now() - timedelta(days=400),
            ),
            event(invitation, actor=cast.coordinator, action=AuditAction.INVITATION_REVOKED),
        ]
    )
    client.force_login(cast.coordinator)

    def shown(query) -> list[str]:
        return [row["changed_object"] for row in rows(client.get(f"{TRAIL}?{query}"))]

    assert shown("action__exact=pair_ended") == [f"Pair #{cast.pair.pk}"]
    assert sorted(shown("who=Carmen Coordinator <carmen@example.org>".replace(" ", "+"))) == sorted(
        [
            f"Mentor application #{decided.pk}: Priya Patel, 2026/27 pilot",
            f"Invitation #{invitation.pk}",
        ]
    )
    last_year = (timezone.now() - timedelta(days=400)).year
    assert shown(f"at__year={last_year}") == [f"Pair #{cast.pair.pk}"]
    assert shown(f"q=Invitation+%23{invitation.pk}") == [f"Invitation #{invitation.pk}"]
    filters = page_text(client.get(TRAIL))
    assert "Sue Super <sue@example.org>" in filters  # the "who" filter lists each actor


@pytest.mark.parametrize(
    ("model", "admin_name"),
    [
        (MentorApplication, "mentoring_mentorapplication"),
        (Match, "mentoring_match"),
        (Invitation, "accounts_invitation"),
    ],
)
def test_each_changed_objects_page_links_to_its_own_trail(client, cast, model, admin_name):
    objects = {
        MentorApplication: lambda: MentorApplicationFactory(programme=cast.programme),
        Match: lambda: cast.pair,
        Invitation: InvitationFactory,
    }
    mine, other = objects[model](), (cast.other_pair if model is Match else objects[model]())
    AuditEvent.objects.bulk_create(
        [
            event(mine, actor=cast.coordinator, action=AuditAction.EDITED),
            event(other, actor=cast.coordinator, action=AuditAction.EDITED),
        ]
    )
    client.force_login(cast.coordinator)

    page = client.get(reverse(f"admin:{admin_name}_change", args=[mine.pk]))

    link = re.search(
        r'<a href="([^"]+)" class="audittraillink">Audit trail</a>', page.content.decode()
    )
    assert link, "the page has no link to its audit trail"
    trail = client.get(html.unescape(link[1]))
    assert [row["changed_object"] for row in rows(trail)] == [
        f"{model._meta.verbose_name.capitalize()} #{mine.pk}"
    ]


def test_the_list_costs_the_same_queries_for_a_few_rows_and_for_many(client, cast):
    client.force_login(cast.coordinator)
    invitations = InvitationFactory.create_batch(3)
    kinds = [
        (cast.pair, AuditAction.PAIR_ENDED),
        (cast.pair.mentor, AuditAction.APPLICATION_DECIDED),
        (invitations[0], AuditAction.INVITATION_SENT),
    ]
    actors = [cast.coordinator, cast.superuser]

    def add(count):
        AuditEvent.objects.bulk_create(
            [
                event(
                    kinds[i % 3][0],
                    actor=actors[i % 2],
                    action=kinds[i % 3][1],
                    changes={"status": {"old": "active", "new": "ended"}, "end_note": {}},
                )
                for i in range(count)
            ]
        )

    add(3)
    few = queries_for(client, TRAIL)
    add(300)
    many = queries_for(client, TRAIL)

    assert few == many
    assert many <= 12


# --- the table itself (PostgreSQL) ------------------------------------------------------------


@needs_postgresql
def test_the_table_refuses_to_change_or_delete_a_row(decided):
    """Whoever asks: the admin is not the only way in. (Deleting the actor's account, which
    clears the link and keeps the label, is allowed: see test_audit_trail.py.)"""
    row = AuditEvent.objects.get()

    for attempt in (
        lambda: AuditEvent.objects.filter(pk=row.pk).update(actor_label="Someone else"),
        lambda: AuditEvent.objects.filter(pk=row.pk).update(actor=None, changes={}),
        lambda: AuditEvent.objects.filter(pk=row.pk).delete(),
    ):
        with pytest.raises(IntegrityError, match="append-only"), transaction.atomic():
            attempt()

    row.refresh_from_db()
    assert row.actor_label == "Carmen Coordinator <carmen@example.org>"


def test_the_trail_counts_its_entries_in_words_that_read(client, cast, decided):
    sign_in_for_real(client, cast, "coordinator")

    assert "1 audit trail entry" in page_text(client.get(TRAIL))
    assert "0 audit trail entries" in page_text(client.get(TRAIL, {"q": "nobody-at-all"}))


def test_times_in_the_trail_read_in_the_programmes_time_zone(client, cast):
    changes = {
        "decided_at": {"old": None, "new": "2026-07-01T09:30:00+00:00"},
        "starts_on": {"old": "2026-10-01", "new": "2026-10-08"},
    }
    event(cast.programme, actor=cast.coordinator, action=AuditAction.EDITED, changes=changes).save()
    sign_in_for_real(client, cast, "coordinator")

    text = page_text(client.get(TRAIL))

    assert "decided at: (none) → 1 Jul 2026, 10:30" in text  # British Summer Time
    assert "starts on: 1 Oct 2026 → 8 Oct 2026" in text
    assert "+00:00" not in text


def test_the_trail_is_searched_by_whom_a_change_concerns(client, cast, decided):
    invitation = InvitationFactory(email="new.dean@example.org")
    AuditEvent.objects.bulk_create(
        [
            event(cast.pair, actor=cast.coordinator, action=AuditAction.PAIR_ENDED),
            event(invitation, actor=cast.coordinator, action=AuditAction.INVITATION_REVOKED),
        ]
    )
    client.force_login(cast.coordinator)

    def found(term) -> list[str]:
        return sorted(row["changed_object"] for row in rows(client.get(f"{TRAIL}?q={term}")))

    assert found("Bola") == [f"Pair #{cast.pair.pk}"]  # the board member of the pair
    assert found("new.dean") == [f"Invitation #{invitation.pk}"]
    assert found("Nobody-by-this-name") == []
