"""Deleting an account takes out every name and address the person went by, not only those
they have on the day: a name changed on the profile, an address changed since, a server's
refusal quoting the address, the audit trail's record of a line manager's address, and
other people's applications naming them as line manager, and the office's invitations
and board places offered (never taken) at an address they had. An address someone else holds
later is theirs from then on: the earlier owner's emails are neither in the newcomer's
download nor erased with the newcomer's account. Line managers' addresses the trail kept
before it named the field alone are forgotten by a migration."""

import smtplib

import pytest
from allauth.account.models import EmailAddress
from django.contrib.admin.models import LogEntry
from django.db import DatabaseError, transaction
from django.db.models import TextField
from django.db.models.functions import Cast
from django.urls import reverse

from accounts.audit import audit_record
from accounts.models import (
    AuditAction,
    AuditEvent,
    AuditObjectName,
    FormerName,
    Invitation,
    OutboxMessage,
    OutboxStatus,
)
from accounts.outbox import outbox_write, send_one
from accounts.personal_data import FORMER_NAMES_LOOKED_FOR, known_as
from accounts.services import account_delete, user_data_export
from mentoring.models import BoardMember, Event, LineManagerRequest, MentorApplication
from mentoring.services.line_managers import line_manager_request_resend
from mentoring.services.matches import match_end
from tests.factories import (
    BoardMemberFactory,
    EventFactory,
    InvitationFactory,
    MatchFactory,
    ProgrammeFactory,
    UserFactory,
    line_manager_asked,
)
from tests.migrations import migrate_to, migrate_to_latest

pytestmark = pytest.mark.django_db


def renamed(client, person, name: str) -> None:
    client.force_login(person)
    response = client.post(
        reverse("profile_details"),
        {"full_name": name, "job_title": person.job_title, "department": "Finance"},
    )
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.full_name == name


def naming(text: str) -> list[str]:
    """Where the admin's history, the audit trail's names and the outbox's subjects still
    hold `text`."""
    return [
        *AuditObjectName.objects.filter(text__icontains=text).values_list("text", flat=True),
        *LogEntry.objects.filter(object_repr__icontains=text).values_list("object_repr", flat=True),
        *OutboxMessage.objects.filter(subject__icontains=text).values_list("subject", flat=True),
    ]


def test_a_name_changed_before_is_taken_out_of_the_trail_too(client, cast):
    # The office ends the pair while Maya is "Maya Mentor": the trail names the pair so.
    match_end(match=cast.pair, reason="completed", by=cast.coordinator, tell_both=True)
    outbox_write(
        kind="x", to=cast.board_member.email, subject="Maya Mentor logged a meeting", text="x"
    )
    renamed(client, cast.mentor, "Maya Newname")
    assert list(FormerName.objects.filter(user=cast.mentor).values_list("text", flat=True)) == [
        "Maya Mentor"
    ]
    assert naming("Maya Mentor")

    account_delete(user=cast.mentor, by=cast.mentor)

    assert naming("Maya Mentor") == []
    assert not FormerName.objects.filter(user=cast.mentor).exists()
    # The partner's name stays where it named the pair.
    assert naming("Bola Board")


def test_a_name_is_taken_out_of_subjects_and_the_trail_whatever_its_case(cast):
    outbox_write(
        kind="x", to=cast.board_member.email, subject="MAYA MENTOR logged a meeting", text="x"
    )
    match_end(match=cast.pair, reason="completed", by=cast.coordinator, tell_both=True)
    AuditObjectName.objects.filter(text__contains="Maya Mentor").update(text="maya mentor and B")

    account_delete(user=cast.mentor, by=cast.mentor)

    assert naming("Maya Mentor") == []
    assert "Deleted account logged a meeting" in OutboxMessage.objects.values_list(
        "subject", flat=True
    )


def test_an_address_changed_before_is_taken_out_too(cast):
    person = cast.outsider
    old = person.email
    outbox_write(kind="x", to="office@example.org", subject=f"Invitation to {old}", text="x")
    person.email = "olu.new@example.org"
    person.save()
    EmailAddress.objects.filter(user=person).update(email=person.email)

    account_delete(user=person, by=cast.coordinator)

    assert naming(old) == []


def test_the_download_lists_former_names_and_no_one_else_sees_them(client, cast):
    renamed(client, cast.mentor, "Maya Newname")

    [former] = user_data_export(user=cast.mentor)["account"]["former_names_and_addresses"]

    assert former["text"] == "Maya Mentor"
    assert user_data_export(user=cast.board_member)["account"]["former_names_and_addresses"] == []


def test_a_refusal_quoting_the_address_is_not_kept(cast, monkeypatch):
    person = cast.outsider
    message = outbox_write(
        kind="x", to=person.email, subject="Hello", text="Body", recipient=person
    )

    def refuse(self, messages):
        raise smtplib.SMTPRecipientsRefused(
            {person.email: (550, f"5.1.1 <{person.email}>: Recipient address rejected".encode())}
        )

    monkeypatch.setattr("django.core.mail.backends.locmem.EmailBackend.send_messages", refuse)
    assert send_one(message.pk) == OutboxStatus.FAILED
    message.refresh_from_db()
    assert person.email in message.last_error

    account_delete(user=person, by=cast.coordinator)

    message.refresh_from_db()
    assert message.status == OutboxStatus.FAILED
    assert message.last_error == ""


def test_the_trail_names_a_line_managers_address_changed_without_keeping_it(cast):
    request = line_manager_asked(cast.programme, cast.outsider, "old-manager@example.org")

    line_manager_request_resend(request=request, by=cast.coordinator, email="new@example.org")

    event = AuditEvent.objects.get(object_id=request.pk, content_type__model="linemanagerrequest")
    assert event.changes == {"email": {}, "sent_at": {}, "token": {}}
    trail = AuditEvent.objects.annotate(text=Cast("changes", TextField())).values_list(
        "text", flat=True
    )
    assert not [text for text in trail if "manager@example.org" in text or "new@" in text]


def test_other_peoples_applications_lose_them_as_line_manager(cast):
    manager = cast.outsider
    request = line_manager_asked(ProgrammeFactory(slug="next"), cast.other_mentor, manager.email)
    MentorApplication.objects.filter(pk=request.application_id).update(
        line_manager_name=manager.full_name
    )

    account_delete(user=manager, by=manager)

    request.refresh_from_db()
    application = MentorApplication.objects.get(pk=request.application_id)
    manager.refresh_from_db()
    assert request.email == application.line_manager_email == manager.email  # anonymised
    assert application.line_manager_name == "Deleted account"
    # The applicant's own answers stay.
    assert application.applicant == cast.other_mentor
    assert LineManagerRequest.objects.filter(application=application).count() == 1


@pytest.fixture
def address_used_again(cast):
    """Maya had maya@example.org and was emailed there; she changed it, and a newcomer signed
    up with it."""
    old = cast.mentor.email
    earlier = outbox_write(
        kind="meeting_update",
        to=old,
        recipient=cast.mentor,
        subject="Bola Board proposed a meeting on 3 March",
        text="x",
    )
    cast.mentor.email = "maya.new@example.org"
    cast.mentor.save()
    EmailAddress.objects.filter(email=old).update(email=cast.mentor.email)
    return UserFactory(full_name="New Starter", email=old), earlier


def test_an_address_used_again_does_not_bring_the_earlier_owners_emails(address_used_again):
    newcomer, _earlier = address_used_again
    mine = outbox_write(kind="x", to=newcomer.email, recipient=newcomer, subject="Hi", text="x")

    emails = user_data_export(user=newcomer)["emails_sent_to_you"]

    assert [email["subject"] for email in emails] == [mine.subject]


def test_the_newcomers_deletion_leaves_the_earlier_owners_emails(address_used_again, cast):
    newcomer, earlier = address_used_again

    account_delete(user=newcomer, by=newcomer)

    earlier.refresh_from_db()
    assert earlier.subject == "Bola Board proposed a meeting on 3 March"
    assert earlier.recipient == cast.mentor


@pytest.mark.django_db(transaction=True)
def test_the_addresses_kept_in_the_trail_before_are_forgotten(cast):
    request = line_manager_asked(cast.programme, cast.outsider, "old-manager@example.org")
    # Rows as the trail kept them before the rule, written with today's columns: going back
    # and forward again, the rule's migration runs on them.
    with transaction.atomic():
        kept = audit_record(
            actor=cast.coordinator,
            action=AuditAction.EDITED,
            obj=request,
            values={"email": ("old-manager@example.org", "new@example.org")},
            names=["sent_at"],
        )
        other = audit_record(
            actor=cast.coordinator,
            action=AuditAction.EDITED,
            obj=cast.pair,
            values={"status": ("active", "ended")},
        )
    migrate_to([("mentoring", "0036_theme_name_taken_in_words")])
    migrate_to_latest()

    kept.refresh_from_db()
    other.refresh_from_db()
    assert kept.changes == {"email": {}, "sent_at": {}}
    assert other.changes == {"status": {"old": "active", "new": "ended"}}
    # The trail is append-only again.
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEvent.objects.filter(pk=other.pk).update(changes={})


def test_a_name_inside_another_leaves_no_part_of_the_longer_behind(cast):
    cast.mentor.full_name = "Maya Mentor-Smith"
    cast.mentor.save()
    match_end(match=cast.pair, reason="completed", by=cast.coordinator, tell_both=True)
    cast.mentor.full_name = "Maya Mentor"  # back: "Maya Mentor-Smith" is a former name
    cast.mentor.save()

    account_delete(user=cast.mentor, by=cast.mentor)

    assert naming("Smith") == []
    assert naming("Deleted account and Bola Board")


def test_an_address_someone_else_holds_now_stays_theirs(address_used_again, cast):
    newcomer, _earlier = address_used_again
    request = line_manager_asked(ProgrammeFactory(slug="next"), cast.other_mentor, newcomer.email)
    MentorApplication.objects.filter(pk=request.application_id).update(
        line_manager_name="New Starter"
    )
    invited = outbox_write(
        kind="x", to="office@example.org", subject=f"Invited {newcomer.email}", text="x"
    )

    account_delete(user=cast.mentor, by=cast.mentor)  # Maya held it before

    request.refresh_from_db()
    application = MentorApplication.objects.get(pk=request.application_id)
    assert (application.line_manager_name, application.line_manager_email) == (
        "New Starter",
        newcomer.email,
    )
    assert request.email == newcomer.email
    invited.refresh_from_db()
    assert invited.subject == f"Invited {newcomer.email}"


def test_an_email_to_a_former_address_for_no_account_goes_too(cast):
    old = cast.mentor.email
    invitation = outbox_write(kind="x", to=old, subject="Maya Mentor, join us", text="Dear Maya")
    cast.mentor.email = "maya.new@example.org"
    cast.mentor.save()
    EmailAddress.objects.filter(email=old).update(email=cast.mentor.email)

    account_delete(user=cast.mentor, by=cast.mentor)

    invitation.refresh_from_db()
    cast.mentor.refresh_from_db()  # anonymised
    assert (invitation.to, invitation.subject, invitation.text) == (cast.mentor.email, "", "")
    assert invitation.to.endswith("@deleted.invalid")


def offered_at(address: str):
    """The office invited `address` to a board's place in another programme (never taken)."""
    place = BoardMemberFactory(programme=ProgrammeFactory(slug="next"), user=None, email=address)
    return InvitationFactory(email=address.upper()), place


def test_invitations_and_places_offered_at_a_former_address_go(cast):
    old = cast.mentor.email
    invitation, place = offered_at(old)
    cast.mentor.email = "maya.new@example.org"
    cast.mentor.save()
    EmailAddress.objects.filter(email=old).update(email=cast.mentor.email)

    account_delete(user=cast.mentor, by=cast.mentor)

    assert not Invitation.objects.filter(pk=invitation.pk).exists()
    assert not BoardMember.objects.filter(pk=place.pk).exists()
    # Their own place as the pair's board member was never theirs to lose: Bola's stays.
    assert BoardMember.objects.filter(user=cast.board_member).exists()


def test_invitations_and_places_at_an_address_someone_else_holds_now_stay(address_used_again, cast):
    newcomer, _earlier = address_used_again
    invitation, place = offered_at(newcomer.email)

    account_delete(user=cast.mentor, by=cast.mentor)  # Maya held it before

    place.refresh_from_db()
    assert (place.email, place.department) == (newcomer.email, "Provost's Office")
    assert Invitation.objects.filter(pk=invitation.pk).exists()


def moved_address(person) -> str:
    """`person` gives up their address for a new one; returns the old."""
    old = person.email
    person.email = f"new.{old}"
    person.save()
    EmailAddress.objects.filter(email=old).update(email=person.email)
    return old


def test_what_the_office_sent_an_address_after_they_gave_it_up_stays(cast):
    """Maya left maya@…; the office then invited someone new there, who has no account
    yet: the invitation, the place and the email to it are the newcomer's."""
    old = moved_address(cast.mentor)
    invitation, place = offered_at(old)
    email = outbox_write(kind="x", to=old, subject="Join us", text="Dear colleague")

    account_delete(user=cast.mentor, by=cast.mentor)

    assert Invitation.objects.filter(pk=invitation.pk).exists()
    place.refresh_from_db()
    assert place.email == old
    email.refresh_from_db()
    assert (email.to, email.subject) == (old, "Join us")


def test_an_invitation_someone_else_took_up_stays(cast):
    invitation, _place = offered_at(cast.mentor.email)
    Invitation.objects.filter(pk=invitation.pk).update(
        accepted_at=invitation.created_at, accepted_by=cast.outsider
    )
    moved_address(cast.mentor)

    account_delete(user=cast.mentor, by=cast.mentor)

    assert Invitation.objects.filter(pk=invitation.pk, accepted_by=cast.outsider).exists()


def test_a_place_at_a_former_address_proposed_a_pair_stays_and_deleting_works(cast):
    """Bola holds a place in the next programme at her new address, and the office offered
    her former one a place there too, proposed a pair: anonymising both to her deleted
    address would be refused by the database (one place per address in a programme)."""
    old = cast.board_member.email
    _invitation, offered = offered_at(old)
    MatchFactory(programme=offered.programme, board_member=offered)
    moved_address(cast.board_member)
    BoardMemberFactory(programme=offered.programme, user=cast.board_member)

    account_delete(user=cast.board_member, by=cast.board_member)

    cast.board_member.refresh_from_db()
    assert cast.board_member.is_deleted
    offered.refresh_from_db()
    assert offered.email == old  # a proposal's place is the office's record; it stays


def test_an_address_named_as_line_manager_after_they_gave_it_up_names_someone_else(cast):
    """Maya left maya@…, which the organisation then gave a manager who has no account
    here: an application and a request naming it since are about that manager, and stay;
    those that named it while it was Maya's lose it with her account."""
    old = cast.mentor.email
    before = line_manager_asked(ProgrammeFactory(slug="earlier"), cast.other_mentor, old)
    moved_address(cast.mentor)
    after = line_manager_asked(ProgrammeFactory(slug="next"), cast.outsider, old)

    account_delete(user=cast.mentor, by=cast.mentor)

    for request in (before, after):
        request.refresh_from_db()
        request.application.refresh_from_db()
    assert before.email.endswith("@deleted.invalid")
    assert before.application.line_manager_email == before.email
    assert before.application.line_manager_name == "Deleted account"
    assert after.email == after.application.line_manager_email == old
    assert after.application.line_manager_name != "Deleted account"


def test_a_colleagues_name_taken_on_before_deleting_stays_where_it_names_them(client, cast):
    """Olu calls himself "Maya Mentor" for a moment, then deletes his account: Maya's name is
    hers, and stays in the office's notes, the events and the trail; his own goes."""
    match_end(match=cast.pair, reason="completed", by=cast.coordinator, tell_both=True)
    event = EventFactory(programme=cast.programme, title="Closing talk by Maya Mentor")
    note = MentorApplication.objects.filter(applicant=cast.other_mentor)
    note.update(coordinator_notes="Spoke to Maya Mentor and to Olu Outsider.")
    renamed(client, cast.outsider, "Maya Mentor")
    renamed(client, cast.outsider, "Olu Outsider")

    account_delete(user=cast.outsider, by=cast.outsider)

    assert Event.objects.get(pk=event.pk).title == "Closing talk by Maya Mentor"
    assert note.get().coordinator_notes == "Spoke to Maya Mentor and to Deleted account."
    assert naming("Maya Mentor")


def test_only_the_last_names_gone_by_are_looked_for(client, cast):
    """However often someone renames themselves, the text of every row is searched for a
    bounded number of their names."""
    renamed(client, cast.outsider, "Olu First")
    for number in range(FORMER_NAMES_LOOKED_FOR + 5):
        renamed(client, cast.outsider, f"Olu Renamed {number}")

    names = known_as(cast.outsider).names

    assert len(names) == FORMER_NAMES_LOOKED_FOR + 1  # and the name they have now
    assert "Olu First" not in names
    assert f"Olu Renamed {FORMER_NAMES_LOOKED_FOR + 4}" in names


def test_a_colleague_who_held_her_name_for_a_moment_does_not_keep_it_from_going(client, cast):
    note = MentorApplication.objects.filter(applicant=cast.other_mentor)
    note.update(coordinator_notes="Spoke to Maya Mentor.")
    renamed(client, cast.outsider, "Maya Mentor")
    renamed(client, cast.outsider, "Olu Outsider")

    account_delete(user=cast.mentor, by=cast.mentor)

    assert note.get().coordinator_notes == "Spoke to Deleted account."


def test_a_name_that_is_part_of_other_words_takes_nothing_out_of_them(client, cast):
    event = EventFactory(programme=cast.programme, title="Closing talk by Maya Mentor")
    renamed(client, cast.outsider, "ya Mentor")
    renamed(client, cast.outsider, "Olu Outsider")

    account_delete(user=cast.outsider, by=cast.outsider)

    assert Event.objects.get(pk=event.pk).title == "Closing talk by Maya Mentor"
