"""Each change the programme office makes to an application, a pair or an invitation, from
its page, a bulk action or a request, writes one audit row saying who, what and when; a
change that fails writes none; and nothing anyone typed as free text is ever in the trail."""

import pytest
from django.contrib import admin
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from accounts.audit import NOBODY, audit_label, audit_record
from accounts.models import AuditAction, AuditEvent, Invitation
from mentoring.models import (
    ApplicationStatus,
    BoardMember,
    EndReason,
    Match,
    MatchStatus,
    PairRequest,
)
from mentoring.services.decisions import application_decide
from mentoring.services.matches import match_end
from mentoring.services.pairs import pair_request_resolve
from tests.admin_pages import choose_and_confirm, save_change_form, signed_in_for_real
from tests.factories import (
    InvitationFactory,
    MatchFactory,
    MentorApplicationFactory,
    UserFactory,
    application_from,
    invitation_to_a_place,
)

pytestmark = pytest.mark.django_db

SECRET = "Zebra-umbrella-7431 told me about the grievance"

APPLICATIONS = reverse("admin:mentoring_mentorapplication_changelist")
MATCHES = reverse("admin:mentoring_match_changelist")
INVITATIONS = reverse("admin:accounts_invitation_changelist")
REQUESTS = reverse("admin:mentoring_pairrequest_changelist")


def trail() -> list[AuditEvent]:
    return list(AuditEvent.objects.order_by("pk"))


def whole_table_as_text() -> str:
    """Every column of every audit row, as a database dump would show it."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM accounts_auditevent")
        return repr(cursor.fetchall())


def the_offices_one_row(cast, action, label, *, since) -> AuditEvent:
    """The trail's only row: Carmen of the office did `action` to `label`, after `since`."""
    [row] = trail()
    who = cast.coordinator
    assert (row.actor, row.actor_label) == (who, f"{who.full_name} <{who.email}>")
    assert (row.action, row.object_label) == (action, label)
    assert since <= row.at <= timezone.now()
    return row


def outbox_down(*args, **kwargs):
    raise RuntimeError("the outbox table is locked")


def invite_the_provost(client, cast):
    """Invite provost@example.com to the cast's programme, from the office's form, confirmed."""
    return client.post(
        reverse("admin:mentoring_boardmember_add"),
        {"programme": cast.programme.pk, "email": "provost@example.com", "confirmed": "yes"},
    )


office = signed_in_for_real("coordinator")  # Carmen: password, then authenticator code


@pytest.fixture
def priya(cast):
    return application_from(cast.programme, "Priya Patel")


@pytest.fixture
def sol(cast):
    return application_from(cast.programme, "Sol Okafor")


# --- applications ---------------------------------------------------------------------------


def test_a_decision_from_the_application_page_writes_one_row(office, cast, priya):
    since = timezone.now()
    decide = reverse("admin:mentoring_mentorapplication_decide", args=[priya.pk, "accepted"])

    office.post(decide, {"seen": "submitted", "confirmed": "yes"})

    priya.refresh_from_db()
    row = the_offices_one_row(
        cast, AuditAction.APPLICATION_DECIDED, f"Mentor application #{priya.pk}", since=since
    )
    assert row.changes == {
        "status": {"old": "submitted", "new": "accepted"},
        "decided_at": {"old": None, "new": priya.decided_at.isoformat()},
    }


def test_a_bulk_decision_writes_one_row_per_application_decided(office, cast, priya, sol):
    since = timezone.now()
    chosen = {"action": "decline", "_selected_action": [priya.pk, sol.pk]}

    office.post(
        APPLICATIONS,
        {
            **chosen,
            f"seen-{priya.pk}": "submitted",
            f"seen-{sol.pk}": "submitted",
            "confirmed": "yes",
        },
    )

    rows = trail()
    assert sorted(row.object_id for row in rows) == sorted([priya.pk, sol.pk])
    for row in rows:
        assert (row.actor, row.action) == (cast.coordinator, AuditAction.APPLICATION_DECIDED)
        assert row.changes["status"] == {"old": "submitted", "new": "declined"}
        assert row.at >= since


def test_the_confirmation_page_and_a_refused_decision_write_nothing(office, cast, priya):
    office.post(APPLICATIONS, {"action": "accept", "_selected_action": [priya.pk]})  # asks first
    assert trail() == []
    application_decide(application=priya, status=ApplicationStatus.DECLINED, by=cast.superuser)
    before = AuditEvent.objects.count()

    decide = reverse("admin:mentoring_mentorapplication_decide", args=[priya.pk, "accepted"])
    office.post(decide, {"seen": "submitted", "confirmed": "yes"})  # out of date: refused

    assert AuditEvent.objects.count() == before


def test_a_decision_whose_email_cannot_be_written_rolls_back_with_no_row(cast, priya, monkeypatch):
    monkeypatch.setattr("mentoring.services.decisions.send_templated_mails", outbox_down)

    with pytest.raises(RuntimeError):
        application_decide(
            application=priya, status=ApplicationStatus.ACCEPTED, by=cast.coordinator
        )

    priya.refresh_from_db()
    assert priya.status == ApplicationStatus.SUBMITTED
    assert trail() == []


def test_notes_typed_on_the_application_page_are_recorded_by_name_never_by_content(
    office, cast, priya
):
    change = reverse("admin:mentoring_mentorapplication_change", args=[priya.pk])
    since = timezone.now()

    save_change_form(office, change, coordinator_notes=SECRET)

    priya.refresh_from_db()
    assert priya.coordinator_notes == SECRET
    row = the_offices_one_row(
        cast, AuditAction.EDITED, f"Mentor application #{priya.pk}", since=since
    )
    assert row.changes == {"coordinator_notes": {}}
    assert "Zebra" not in whole_table_as_text()


def test_saving_the_application_page_unchanged_writes_nothing(office, priya):
    change = reverse("admin:mentoring_mentorapplication_change", args=[priya.pk])

    save_change_form(office, change)

    assert trail() == []


# --- pairs, from the admin --------------------------------------------------------------------


def test_ending_pairs_in_bulk_writes_one_row_per_pair_ended(client, cast):
    client.force_login(cast.coordinator)
    since = timezone.now()

    choose_and_confirm(client, MATCHES, "end_completed", cast.pair, cast.other_pair)

    rows = trail()
    assert sorted(row.object_label for row in rows) == sorted(
        [f"Pair #{cast.pair.pk}", f"Pair #{cast.other_pair.pk}"]
    )
    for row in rows:
        assert (row.actor, row.action) == (cast.coordinator, AuditAction.PAIR_ENDED)
        assert row.changes["status"] == {"old": "active", "new": "ended"}
        assert row.changes["end_reason"] == {"old": None, "new": "completed"}
        assert row.at >= since
    # Ending them again changes nothing, so records nothing.
    choose_and_confirm(client, MATCHES, "end_withdrawn", cast.pair)
    assert len(trail()) == 2


def test_ending_a_pair_from_the_list_records_the_members_request_it_answered(client, cast):
    request = PairRequest.objects.create(
        match=cast.pair, kind="end", raised_by=cast.mentor, note=SECRET
    )
    client.force_login(cast.coordinator)

    choose_and_confirm(client, MATCHES, "end_withdrawn", cast.pair)

    ended, answered = trail()
    assert (ended.action, ended.object_label) == (AuditAction.PAIR_ENDED, f"Pair #{cast.pair.pk}")
    assert (answered.action, answered.object_label) == (
        AuditAction.REQUEST_ANSWERED,
        f"Request from a pair member #{request.pk}",
    )
    assert answered.changes == {"outcome": {"old": "", "new": "ended"}}
    assert answered.actor == cast.coordinator
    assert "Zebra" not in whole_table_as_text()


def test_a_note_typed_on_a_pairs_page_is_recorded_by_name_only(client, cast):
    client.force_login(cast.coordinator)
    change = reverse("admin:mentoring_match_change", args=[cast.pair.pk])
    since = timezone.now()

    save_change_form(client, change, end_note=SECRET)

    row = the_offices_one_row(cast, AuditAction.EDITED, f"Pair #{cast.pair.pk}", since=since)
    assert row.changes == {"end_note": {}}
    assert "Zebra" not in whole_table_as_text()


def test_ending_a_pairing_at_a_members_request_records_the_coordinator_not_the_note(client, cast):
    request = PairRequest.objects.create(
        match=cast.pair, kind="end", raised_by=cast.mentor, note=SECRET
    )
    client.force_login(cast.coordinator)
    since = timezone.now()

    client.post(
        REQUESTS,
        {"action": "end_pairings", "_selected_action": [request.pk], "confirmed": "yes"},
    )

    cast.pair.refresh_from_db()
    assert cast.pair.status == MatchStatus.ENDED
    answered, ended = trail()
    assert (answered.action, answered.object_label) == (
        AuditAction.REQUEST_ANSWERED,
        f"Request from a pair member #{request.pk}",
    )
    assert answered.changes == {"outcome": {"old": "", "new": "ended"}}
    assert (ended.action, ended.object_label) == (AuditAction.PAIR_ENDED, f"Pair #{cast.pair.pk}")
    assert ended.changes["end_note"] == {}
    assert {row.actor for row in (answered, ended)} == {cast.coordinator}
    assert since <= answered.at
    assert "Zebra" not in whole_table_as_text()


def test_letting_a_pairing_go_on_at_a_members_concern_records_who_answered_not_the_note(cast):
    request = PairRequest.objects.create(
        match=cast.pair, kind="concern", raised_by=cast.mentor, note=SECRET
    )
    since = timezone.now()

    assert pair_request_resolve(request=request, by=cast.coordinator, end_pairing=False)

    row = the_offices_one_row(
        cast,
        AuditAction.REQUEST_ANSWERED,
        f"Request from a pair member #{request.pk}",
        since=since,
    )
    assert row.changes == {"outcome": {"old": "", "new": "continued"}}
    assert cast.mentor.full_name in row.object_name.text
    assert "Zebra" not in whole_table_as_text()


# --- invitations ----------------------------------------------------------------------------


def test_inviting_a_board_member_writes_one_row_for_the_invitation(client, cast):
    client.force_login(cast.coordinator)
    since = timezone.now()

    invite_the_provost(client, cast)

    invitation = Invitation.objects.get(email="provost@example.com")
    row = the_offices_one_row(
        cast, AuditAction.INVITATION_SENT, f"Invitation #{invitation.pk}", since=since
    )
    assert row.changes == {
        "expires_at": {"old": None, "new": invitation.expires_at.isoformat()},
    }


def test_adding_someone_with_an_account_as_a_board_member_writes_one_row_for_the_place(
    client, cast
):
    client.force_login(cast.coordinator)
    since = timezone.now()

    client.post(
        reverse("admin:mentoring_boardmember_add"),
        {"programme": cast.programme.pk, "email": cast.outsider.email, "confirmed": "yes"},
    )

    place = BoardMember.objects.get(programme=cast.programme, user=cast.outsider)
    row = the_offices_one_row(cast, AuditAction.ADDED, audit_label(place), since=since)
    assert row.changes == {
        "programme": {"old": None, "new": audit_label(cast.programme)},
        "joined_at": {"old": None, "new": place.joined_at.isoformat()},
    }


def test_sending_a_new_link_writes_one_row_naming_the_link_it_replaces(client, cast):
    old = invitation_to_a_place("provost@example.com")
    client.force_login(cast.coordinator)
    since = timezone.now()

    choose_and_confirm(client, INVITATIONS, "resend", old)

    new = Invitation.objects.exclude(pk=old.pk).get()
    row = the_offices_one_row(
        cast, AuditAction.INVITATION_RESENT, f"Invitation #{new.pk}", since=since
    )
    assert row.changes["replaces"] == {"old": None, "new": f"Invitation #{old.pk}"}


def test_withdrawing_invitations_writes_one_row_each_and_none_for_one_already_used(client, cast):
    waiting = InvitationFactory()
    used = InvitationFactory(accepted_at=timezone.now(), accepted_by=cast.board_member)
    client.force_login(cast.coordinator)
    since = timezone.now()

    client.post(
        INVITATIONS,
        {"action": "revoke", "_selected_action": [waiting.pk, used.pk], "confirmed": "yes"},
    )

    waiting.refresh_from_db()
    row = the_offices_one_row(
        cast, AuditAction.INVITATION_REVOKED, f"Invitation #{waiting.pk}", since=since
    )
    assert row.changes == {"revoked_at": {"old": None, "new": waiting.revoked_at.isoformat()}}


def test_an_invitation_whose_email_fails_leaves_no_invitation_and_no_row(client, cast, monkeypatch):
    monkeypatch.setattr("accounts.services.send_templated_mail", outbox_down)
    client.raise_request_exception = False
    client.force_login(cast.coordinator)

    response = invite_the_provost(client, cast)

    assert response.status_code == 500
    assert not BoardMember.objects.filter(email="provost@example.com").exists()
    assert not Invitation.objects.exists()
    assert trail() == []


def test_what_people_wrote_never_reaches_the_trail_whatever_the_office_changes(client, cast):
    """Secrets in every free-text answer of both sides of a pair, then a decision, a new
    pair ended with a note, and an invitation: the trail holds none of the words."""
    mentor = MentorApplicationFactory(
        programme=cast.programme,
        experience_statement=f"{SECRET}. " * 4,
        bio=f"{SECRET}. " * 4,
        qualities_reflection=f"{SECRET}. " * 4,
        coordinator_notes=SECRET,
    )
    BoardMember.objects.filter(pk=cast.pair.board_member_id).update(
        bio=f"{SECRET}. " * 4, learning_goals=f"{SECRET}. " * 4, role_title=SECRET
    )
    cast.pair.purpose = SECRET
    cast.pair.save(update_fields=["purpose"])
    client.force_login(cast.coordinator)

    application_decide(application=mentor, status=ApplicationStatus.WAITLISTED, by=cast.coordinator)
    choose_and_confirm(client, MATCHES, "end_withdrawn", cast.pair)
    change = reverse("admin:mentoring_match_change", args=[cast.pair.pk])
    save_change_form(client, change, end_note=SECRET)
    invite_the_provost(client, cast)

    assert len(trail()) == 4
    assert "Zebra" not in whole_table_as_text()


def test_the_admins_own_deletions_are_recorded_before_the_object_goes(rf, cast):
    """No audited admin offers deletion today; should one ever, its deletions are recorded."""
    match_admin = admin.site._registry[Match]
    request = rf.post("/")
    request.user = cast.superuser
    proposals = MatchFactory.create_batch(2)
    pks = [proposal.pk for proposal in proposals]

    match_admin.delete_model(request, proposals[0])
    match_admin.delete_queryset(request, Match.objects.filter(pk=pks[1]))

    assert not Match.objects.filter(pk__in=pks).exists()
    assert [(row.action, row.object_id, row.actor) for row in trail()] == [
        (AuditAction.DELETED, pks[0], cast.superuser),
        (AuditAction.DELETED, pks[1], cast.superuser),
    ]


# --- the rules of the trail itself ------------------------------------------------------------


def test_a_change_made_by_no_one_signed_in_says_so(cast):
    # A pair ended by the system (e.g. a withdrawal processed with nobody signed in).
    match_end(match=cast.pair, reason=EndReason.WITHDRAWN)

    [row] = trail()
    assert (row.actor, row.actor_label) == (None, NOBODY)


@pytest.mark.django_db(transaction=True)
def test_a_row_is_refused_outside_the_transaction_of_a_change():
    application = MentorApplicationFactory()

    with pytest.raises(RuntimeError, match="in the transaction of the change"):
        audit_record(actor=None, action=AuditAction.EDITED, obj=application)

    assert not AuditEvent.objects.exists()


def test_the_actor_label_outlives_the_actors_account(cast, priya):
    leaver = UserFactory(full_name="Lee Leaver", email="lee@example.org")
    application_decide(application=priya, status=ApplicationStatus.WAITLISTED, by=leaver)

    leaver.delete()

    [row] = trail()
    assert (row.actor, row.actor_label) == (None, "Lee Leaver <lee@example.org>")


def test_rows_are_newest_first(cast, priya, sol):
    application_decide(application=priya, status=ApplicationStatus.WAITLISTED, by=cast.coordinator)
    application_decide(application=sol, status=ApplicationStatus.WAITLISTED, by=cast.coordinator)

    assert [row.object_label for row in AuditEvent.objects.all()] == [
        f"Mentor application #{sol.pk}",
        f"Mentor application #{priya.pk}",
    ]
