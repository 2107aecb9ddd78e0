"""Deleting an account, by the person from their profile (confirmation page, password) or by a
coordinator in the admin: an active pair ends first and the office is told through the
outbox; what the statistics count stays, anonymised; the rest goes; all in one transaction;
and the report, programme health and the match board still work."""

import re
from datetime import timedelta

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.apps import apps
from django.contrib.sessions.models import Session
from django.core import mail
from django.db import connection, models
from django.db.models.functions import Cast
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.encryption import EncryptedTextField
from accounts.models import (
    AuditAction,
    AuditEvent,
    Invitation,
    OutboxMessage,
    OutboxStatus,
    User,
)
from accounts.personal_data import PARTS, REMOVED, PersonalDataPart
from accounts.services import AccountDeleteError, account_delete
from evaluation.models import Participation
from evaluation.services import survey_answer
from matching.models import ConflictOfInterest
from mentoring.models import (
    ActionStep,
    BoardMember,
    CalendarFeed,
    Match,
    MatchStatus,
    Meeting,
    MeetingNote,
    MentorApplication,
    Registration,
    RegistrationStatus,
)
from mentoring.models.events import Audience, EventKind
from mentoring.services.pairs import calendar_feed_for
from tests.admin_pages import confirmed as shown
from tests.admin_pages import words
from tests.deleting import delete_own_account
from tests.factories import (
    PASSWORD,
    ActionStepFactory,
    ConflictOfInterestFactory,
    CoordinatorFactory,
    EventFactory,
    HeldMeetingFactory,
    InvitationFactory,
    MeetingFactory,
    QuestionFactory,
    RegistrationFactory,
    SurveyFactory,
)
from tests.pages import table_rows

pytestmark = pytest.mark.django_db

URL = "/profile/delete/"
DAY = timedelta(days=1)
MENTOR_NOTE = "Ibex-13 the mentor's note"
PARTNER_NOTE = "Jerboa-13 the board member's note"
STATEMENT_WORD = "three departments"  # in the factory's experience statement


@pytest.fixture
def history(cast):
    """The mentor's year: two meetings held with notes from both, an action step, one booked
    meeting, a survey answered, an invitation, a second factor, a conflict of interest, a
    calendar address, and an email waiting in the outbox."""
    pair = cast.pair
    for days in (60, 20):
        meeting = HeldMeetingFactory(match=pair, starts_at=timezone.now() - timedelta(days=days))
    MeetingNote.objects.create(meeting=meeting, author=cast.mentor, text=MENTOR_NOTE)
    MeetingNote.objects.create(meeting=meeting, author=cast.board_member, text=PARTNER_NOTE)
    ActionStepFactory(meeting=meeting, text="Kudu-13 the mentor's action")
    MeetingFactory(match=pair)  # booked, a week ahead
    pair.purpose = "Lemur-13 purpose"
    pair.save(update_fields=["purpose"])
    survey = SurveyFactory(programme=cast.programme)
    question = QuestionFactory(survey=survey, kind="text", required=False)
    survey_answer(survey=survey, person=cast.mentor, answers={question.pk: "Mink-13"})
    InvitationFactory(email=cast.mentor.email, invited_to="Another cohort")
    TOTP.activate(cast.mentor, generate_totp_secret())
    ConflictOfInterestFactory(mentor=cast.mentor, board_member=cast.other_board_member)
    calendar_feed_for(cast.mentor)
    OutboxMessage.objects.create(
        kind="x", to=cast.mentor.email, recipient=cast.mentor, subject="Hi Maya", text="Body"
    )
    return cast


def test_anonymous_is_sent_to_sign_in(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


def test_the_profile_page_links_to_it(client, cast):
    client.force_login(cast.mentor)
    assert f'href="{URL}"' in client.get(reverse("profile")).content.decode()


def test_the_confirmation_page_says_what_happens_and_changes_nothing(client, history):
    client.force_login(history.mentor)

    page = client.get(URL).content.decode()

    assert "Your pairing with Bola Board in 2026/27 pilot ends" in page
    assert "What is removed" in page
    assert "What is kept, without your name" in page
    assert 'name="password"' in page
    assert reverse("personal_data_download") in page
    history.pair.refresh_from_db()
    assert history.pair.status == MatchStatus.ACTIVE
    assert User.objects.get(pk=history.mentor.pk).is_active


MEETING_NOTES = "the meeting notes you wrote"
APPLICATIONS = "what you wrote in your applications and profiles"


def test_the_confirmation_page_lists_what_a_pair_member_wrote(client, history):
    client.force_login(history.mentor)

    page = client.get(URL).content.decode()

    assert MEETING_NOTES in page
    assert APPLICATIONS in page


def test_a_coordinator_in_no_programme_is_not_told_of_notes_and_applications(client, cast):
    client.force_login(cast.coordinator)

    page = client.get(URL).content.decode()

    assert "What is removed" in page
    assert "your name, email address, job title and department" in page
    assert MEETING_NOTES not in page
    assert APPLICATIONS not in page
    assert "What is kept, without your name" not in page


def test_a_wrong_password_deletes_nothing(client, history):
    response = delete_own_account(client, history.mentor, password="not it")

    assert response.status_code == 200
    page = response.content.decode()
    assert "There is a problem" in page
    assert "That is not your password." in page
    person = User.objects.get(pk=history.mentor.pk)
    assert person.is_active
    assert person.deleted_at is None
    assert MeetingNote.objects.filter(author=person).exists()


def test_with_the_password_the_account_is_deleted_and_the_person_signed_out(client, history):
    response = delete_own_account(client, history.mentor)

    assert response.status_code == 302
    assert response.url == reverse("home")
    assert "Your account has been deleted" in client.get(response.url).content.decode()
    assert client.get(reverse("dashboard")).status_code == 302  # signed out
    person = User.objects.get(pk=history.mentor.pk)
    assert person.email == f"deleted-{person.pk}@deleted.invalid"
    assert (person.full_name, person.job_title, person.department) == ("Deleted account", "", "")
    assert not person.is_active
    assert not person.has_usable_password()
    assert person.deleted_at is not None


def test_they_cannot_sign_in_again(client, history):
    delete_own_account(client, history.mentor)
    client.logout()

    response = client.post(
        reverse("account_login"), {"login": "maya@example.org", "password": PASSWORD}
    )

    assert response.status_code == 200
    assert "_auth_user_id" not in client.session


def test_every_other_session_of_theirs_ends(client, history):
    elsewhere = Client()
    elsewhere.force_login(history.mentor)
    assert elsewhere.get(reverse("dashboard")).status_code == 200

    delete_own_account(client, history.mentor)

    assert elsewhere.get(reverse("dashboard")).status_code == 302
    signed_in = [session.get_decoded().get("_auth_user_id") for session in Session.objects.all()]
    assert str(history.mentor.pk) not in signed_in


def test_an_active_pair_ends_and_the_partner_and_office_are_told_without_content(
    client, history, django_capture_on_commit_callbacks
):
    history.programme.office_email = "office@example.org"
    history.programme.save(update_fields=["office_email"])
    with django_capture_on_commit_callbacks(execute=True):
        delete_own_account(client, history.mentor)

    pair = Match.objects.get(pk=history.pair.pk)
    assert (pair.status, pair.end_reason) == (MatchStatus.ENDED, "withdrawn")
    assert not Meeting.objects.filter(match=pair).upcoming().exists()
    sent = {message.to[0]: message for message in mail.outbox}
    assert set(sent) == {"bola@example.org", "office@example.org"}
    partner, office = sent["bola@example.org"], sent["office@example.org"]
    for message in (partner, office):
        html = message.alternatives[0][0]
        for body in (message.body, html):
            assert "Ibex-13" not in body
            assert "Jerboa-13" not in body
            assert "Lemur-13" not in body
    assert partner.subject == "Your reverse mentoring pairing has ended"
    assert "Your pairing with Maya Mentor in 2026/27 pilot has ended" in partner.body
    assert "account" not in partner.body  # never why: the notes alone are "deleted"
    assert "Maya Mentor deleted their account" in office.body
    assert "their pairing with Bola Board (board member)" in office.body
    assert "Maya Mentor deleted their account" in office.alternatives[0][0]


def test_a_place_kept_at_an_event_to_come_is_given_up_and_said_so_first(client, history):
    session = EventFactory(
        programme=history.programme,
        audience=Audience.JOINT,
        kind=EventKind.EVALUATION,
        title="Closing session",
        capacity=1,
    )
    RegistrationFactory(event=session, person=history.mentor)
    client.force_login(history.mentor)

    assert "Your place at Closing session" in client.get(URL).content.decode()
    delete_own_account(client, history.mentor)

    kept = Registration.objects.get(event=session)
    assert kept.status == RegistrationStatus.CANCELLED
    # The briefing attended, in the past, stays for the counts.
    assert Registration.objects.filter(
        person=history.mentor, status=RegistrationStatus.ATTENDED
    ).exists()


def test_what_the_statistics_need_stays_anonymised(client, history):
    meetings_before = list(
        Meeting.objects.filter(match=history.pair)
        .order_by("starts_at")
        .values_list("starts_at", "status", "actual_minutes")
    )
    delete_own_account(client, history.mentor)

    person = User.objects.get(pk=history.mentor.pk)
    application = MentorApplication.objects.get(applicant=person)
    assert application.status == "accepted"
    assert application.has_experiences is True
    assert application.eligible is True
    assert STATEMENT_WORD not in application.experience_statement
    assert application.bio == REMOVED
    pair = Match.objects.get(pk=history.pair.pk)
    assert pair.mentor_id == application.pk
    assert pair.purpose == ""
    assert pair.reasons == []
    meetings_after = list(
        Meeting.objects.filter(match=pair)
        .order_by("starts_at")
        .values_list("starts_at", "status", "actual_minutes")
    )
    # The booked meeting is dropped with the pair; the held ones are as they were.
    assert meetings_after[:2] == meetings_before[:2]
    assert ActionStep.objects.filter(match=pair).count() == 1
    assert Participation.objects.filter(person=person).count() == 1
    assert Registration.objects.filter(person=person).exists()  # the briefing attended


def test_what_they_wrote_and_everything_naming_them_goes(client, history):
    delete_own_account(client, history.mentor)
    person = User.objects.get(pk=history.mentor.pk)

    assert not MeetingNote.objects.filter(author=person).exists()
    assert MeetingNote.objects.get(author=history.board_member).text == PARTNER_NOTE
    assert ActionStep.objects.get(match=history.pair).text == REMOVED
    assert not Invitation.objects.filter(email__iexact="maya@example.org").exists()
    assert not EmailAddress.objects.filter(user=person).exists()
    assert not Authenticator.objects.filter(user=person).exists()
    assert not ConflictOfInterest.objects.filter(mentor=person).exists()
    assert not CalendarFeed.objects.filter(person=person).exists()
    assert not person.groups.exists()
    message = OutboxMessage.objects.get(kind="x")
    assert (message.to, message.subject, message.text) == (person.email, "", "")
    assert message.status == OutboxStatus.CANCELLED


def test_no_readable_column_anywhere_holds_their_name_or_address(client, history):
    delete_own_account(client, history.mentor)

    found = []
    for model in apps.get_models():
        if model is Session:
            continue  # encoded; the person's sessions are deleted (above)
        for field in model._meta.local_concrete_fields:
            if not isinstance(field, models.CharField | models.TextField | models.JSONField):
                continue
            if isinstance(field, EncryptedTextField):
                continue
            # JSON (the audit trail's changes) is read as its text.
            rows = model.objects.annotate(_text=Cast(field.name, models.TextField()))
            for value in ("Maya Mentor", "maya@example.org"):
                if rows.filter(_text__icontains=value).exists():
                    found.append(f"{model.__name__}.{field.name}")
    assert found == []


def test_the_report_programme_health_and_match_board_still_work(client, history):
    delete_own_account(client, history.mentor)
    client.force_login(history.coordinator)

    report = client.get(reverse("programme_report", args=[history.programme.slug]))
    assert report.status_code == 200
    page = report.content.decode()
    assert "Deleted account" not in page
    assert "Maya" not in page
    health = client.get(reverse("admin:mentoring_pairhealth_changelist"))
    assert health.status_code == 200
    board = client.get(reverse("admin:matching_board", args=[history.programme.pk]))
    assert board.status_code == 200
    assert "Deleted account" not in board.content.decode()
    # The other pair is as it was.
    assert Match.objects.get(pk=history.other_pair.pk).status == MatchStatus.ACTIVE


def test_the_report_counts_the_same_pairs_and_meetings_after_deletion(client, history):
    client.force_login(history.coordinator)
    url = reverse("programme_report", args=[history.programme.slug])

    def figures():
        rows = table_rows(client.get(url).content.decode())
        return {row[0]: row[1] for row in rows if len(row) == 2}

    before = figures()
    account_delete(user=history.mentor, by=history.mentor)
    after = figures()

    for figure in ["Pairs matched", "Meetings held", "Action steps recorded", "Accepted"]:
        assert after[figure] == before[figure], figure
    assert (before["Pairs ended"], after["Pairs ended"]) == ("0", "1 (1 withdrawn)")


def test_a_board_members_profile_is_kept_anonymised(client, history):
    delete_own_account(client, history.board_member)

    member = BoardMember.objects.get(user_id=history.board_member.pk)
    assert member.email == f"deleted-{history.board_member.pk}@deleted.invalid"
    assert member.is_profile_complete
    assert member.bio == ""
    assert member.role_title == ""
    assert Match.objects.get(pk=history.pair.pk).status == MatchStatus.ENDED


def test_it_is_all_or_nothing(history, monkeypatch):
    def fails(user, *, by, known):
        raise RuntimeError("the disk is full")

    monkeypatch.setitem(PARTS, "matching", PersonalDataPart(app="matching", erase=fails))

    with pytest.raises(RuntimeError):
        account_delete(user=history.mentor, by=history.mentor)

    assert Match.objects.get(pk=history.pair.pk).status == MatchStatus.ACTIVE
    assert MeetingNote.objects.filter(author=history.mentor).exists()
    assert User.objects.get(pk=history.mentor.pk).email == "maya@example.org"


def test_an_account_is_deleted_once(history):
    account_delete(user=history.mentor, by=history.mentor)
    with pytest.raises(AccountDeleteError, match="already been deleted"):
        account_delete(user=User.objects.get(pk=history.mentor.pk), by=history.mentor)


def test_a_superuser_cannot_delete_their_own_account_here(client, cast):
    client.force_login(cast.superuser)

    response = client.post(URL, {"password": PASSWORD})

    assert "remove its superuser status first" in response.content.decode()
    assert User.objects.get(pk=cast.superuser.pk).is_active


# --- by a coordinator, in the admin -------------------------------------------------------


def admin_action(client, people, confirmed=False, **kwargs):
    """The action on `people`: its confirmation, or with `confirmed` its "Yes", posting back
    what that page showed."""
    data = {"action": "delete_accounts", "_selected_action": [p.pk for p in people]}
    page = client.post(reverse("admin:accounts_user_changelist"), data)
    if not confirmed:
        return page
    return client.post(reverse("admin:accounts_user_changelist"), {**data, **shown(page)}, **kwargs)


def test_a_coordinator_confirms_then_deletes_an_account(client, history):
    client.force_login(history.coordinator)

    page = admin_action(client, [history.board_member]).content.decode()
    assert "Delete these accounts?" in page
    assert "Bola Board (bola@example.org)" in page
    assert "Bola Board&#x27;s pairing with Maya Mentor in 2026/27 pilot ends" in page
    assert User.objects.get(pk=history.board_member.pk).is_active

    response = admin_action(client, [history.board_member], confirmed=True)

    assert response.status_code == 302
    person = User.objects.get(pk=history.board_member.pk)
    assert person.deleted_at is not None
    assert person.full_name == "Deleted account"
    assert Match.objects.get(pk=history.pair.pk).status == MatchStatus.ENDED


def emailed_listed(page: str) -> list[str]:
    """The lines under "Who will be emailed" on the admin's confirmation."""
    listed = page.split('<ul class="confirm-recipients">')[1].split("</ul>")[0]
    return [words(line) for line in re.findall(r"<li>(.*?)</li>", listed)]


def test_the_office_is_shown_who_will_be_emailed_then_told_who_was(
    client, history, django_capture_on_commit_callbacks
):
    client.force_login(history.coordinator)

    page = admin_action(client, [history.board_member]).content.decode()

    programme_office = (
        "the programme office of 2026/27 pilot: told the pairing ended because the account "
        "was deleted"
    )
    assert "Who will be emailed (3)" in words(page)
    partner, *office = emailed_listed(page)
    assert partner == (
        "Maya Mentor (maya@example.org): emailed that the pairing has ended, and from then on "
        "their pages say “your partner has since deleted their account”"
    )
    assert sorted(office) == [
        f"Carmen Coordinator (carmen@example.org): {programme_office}",
        f"Sue Super (sue@example.org): {programme_office}",
    ]
    outbox_before = OutboxMessage.objects.count()

    with django_capture_on_commit_callbacks(execute=True):
        response = admin_action(client, [history.board_member], confirmed=True, follow=True)

    assert [str(message) for message in response.context["messages"]] == [
        "1 account deleted and anonymised; 3 emails sent to those it affects (partners and "
        "the programme office). The audit trail records who deleted them."
    ]
    # The list shown is the list sent to.
    assert OutboxMessage.objects.count() - outbox_before == 3


def test_deleting_an_account_returns_whom_it_emailed(history, django_capture_on_commit_callbacks):
    outbox_before = set(OutboxMessage.objects.values_list("pk", flat=True))

    with django_capture_on_commit_callbacks(execute=True):
        emailed = account_delete(user=history.board_member, by=history.coordinator)

    addressed = ["maya@example.org", "carmen@example.org", "sue@example.org"]
    assert sorted(re.search(r"\((.*?)\):", line)[1] for line in emailed) == sorted(addressed)
    sent = OutboxMessage.objects.exclude(pk__in=outbox_before)
    assert sorted(sent.values_list("to", flat=True)) == sorted(addressed)


def test_nobody_to_email_is_said_and_the_result_says_no_email(client, cast):
    client.force_login(cast.coordinator)

    page = admin_action(client, [cast.outsider]).content.decode()
    assert "Who will be emailed (0) Nobody." in words(page)

    response = admin_action(client, [cast.outsider], confirmed=True, follow=True)

    assert [str(message) for message in response.context["messages"]] == [
        "1 account deleted and anonymised. The audit trail records who deleted them."
    ]


def test_the_audit_trail_records_that_the_office_deleted_an_account_and_nothing_of_it(
    client, history
):
    client.force_login(history.coordinator)

    admin_action(client, [history.board_member], confirmed=True)

    [row] = AuditEvent.objects.filter(action=AuditAction.DELETED)
    assert row.actor == history.coordinator
    assert row.actor_label == "Carmen Coordinator <carmen@example.org>"
    assert row.object_label == f"User #{history.board_member.pk}"
    assert row.changes == {}
    kept = f"{row.object_label} {row.changes} {row.actor_label}"
    assert "Bola" not in kept
    assert "bola@" not in kept


def test_deleting_your_own_account_leaves_no_audit_row_naming_you(client, cast):
    account_delete(user=cast.outsider, by=cast.outsider)

    assert not AuditEvent.objects.filter(action=AuditAction.DELETED).exists()


def test_a_coordinator_is_told_when_they_would_delete_their_own_account(client, cast):
    client.force_login(cast.coordinator)

    page = admin_action(client, [cast.coordinator, cast.mentor]).content.decode()

    accounts = page.split('<ul class="confirm-delete-accounts">')[1].split("<h2>")[0]
    people = accounts.split("\n        <li>")  # one per account, with its consequences
    (mine,) = [item for item in people if "Carmen Coordinator" in item]
    (theirs,) = [item for item in people if "Maya Mentor" in item]
    assert "(your own account: you are signed out at once)" in mine
    assert "You lose your access to the programme office" in mine
    assert "your own account" not in theirs
    assert "programme office, and your place" not in theirs


def what_changes_for(page: str, name: str) -> list[str]:
    """The consequences the admin's confirmation lists under the account named `name`."""
    accounts = page.split('<ul class="confirm-delete-accounts">')[1].split("<h2>")[0]
    [item] = [item for item in accounts.split("\n        <li>") if name in item]
    return [words(sentence) for sentence in re.findall(r"<li>(.*?)</li>", item)]


def what_changes_as_they_read_it(client, person) -> list[str]:
    client.force_login(person)
    page = client.get(URL).content.decode()
    heading = page.split("What happens at once</h2>")[1].split("</ul>")[0]
    return [words(sentence) for sentence in re.findall(r"<li>(.*?)</li>", heading)]


def test_the_office_reads_what_deleting_someones_account_changes_naming_them_not_you(
    client, history
):
    session = EventFactory(
        programme=history.programme,
        audience=Audience.JOINT,
        kind=EventKind.EVALUATION,
        title="Closing session",
    )
    RegistrationFactory(event=session, person=history.mentor)
    theirs = what_changes_as_they_read_it(client, history.mentor)
    client.force_login(history.coordinator)

    page = admin_action(client, [history.mentor]).content.decode()

    office = what_changes_for(page, "Maya Mentor")
    assert office[0].startswith(
        "Maya Mentor's pairing with Bola Board in 2026/27 pilot ends and its upcoming meetings "
        "are cancelled. Bola is emailed that the pairing has ended, and from then on their pages "
        "say “your partner has since deleted their account”"
    )
    assert office[1] == f"Maya Mentor's place at {session} is given up for someone else."
    # Quoted words are the partner's pages', which do say "your partner".
    unquoted = [re.sub(r"“.*?”", "", sentence) for sentence in office]
    assert not [sentence for sentence in unquoted if re.search(r"\b(you|your)\b", sentence, re.I)]
    # The same consequences as Maya reads before deleting it herself, worded for her.
    assert theirs[0].startswith("Your pairing with Bola Board in 2026/27 pilot ends")
    assert theirs[1] == f"Your place at {session} is given up for someone else."
    assert len(theirs) == len(office) == 2


def test_the_office_reads_that_a_colleague_loses_their_access_not_that_you_do(client, cast):
    colleague = CoordinatorFactory(full_name="Cleo Colleague")
    client.force_login(cast.superuser)

    page = admin_action(client, [colleague]).content.decode()

    assert what_changes_for(page, "Cleo Colleague") == [
        "Cleo Colleague loses their access to the programme office, and their place in it."
    ]


def test_a_coordinator_cannot_delete_staff_accounts(client, cast):
    colleague = CoordinatorFactory(full_name="Cleo Colleague")
    client.force_login(cast.coordinator)

    page = admin_action(client, [cast.superuser, colleague]).content.decode()
    assert "None of these accounts can be deleted here." in page
    assert "Only a superuser can delete the account of a member of staff." in page

    admin_action(client, [cast.superuser, colleague], confirmed=True)
    staff = User.objects.filter(pk__in=[cast.superuser.pk, colleague.pk], is_active=True)
    assert staff.count() == 2


def test_the_admin_offers_no_delete_that_would_remove_the_row(client, cast):
    client.force_login(cast.superuser)

    response = client.get(reverse("admin:accounts_user_delete", args=[cast.outsider.pk]))

    assert response.status_code == 403
    assert User.objects.filter(pk=cast.outsider.pk).exists()


def deletion_queries(person) -> int:
    with CaptureQueriesContext(connection) as captured:
        account_delete(user=person, by=person)
    return len(captured)


def test_deletion_costs_the_same_queries_however_much_the_person_wrote(cast):
    small = deletion_queries(cast.other_mentor)

    for days in range(1, 9):
        meeting = HeldMeetingFactory(match=cast.pair, starts_at=timezone.now() - days * DAY)
        MeetingNote.objects.create(meeting=meeting, author=cast.mentor, text="A note")
        ActionStepFactory(meeting=meeting)
        OutboxMessage.objects.create(kind="x", to=cast.mentor.email, subject="Hi")
    large = deletion_queries(cast.mentor)

    assert large == small


ONLY_COORDINATOR = "only coordinator account: deleting it would leave nobody to run the programme"


def test_the_only_coordinator_cannot_delete_their_account_and_leave_nobody(client, cast):
    cast.superuser.groups.clear()  # Carmen is then the office's only coordinator
    client.force_login(cast.coordinator)

    response = client.post(URL, {"password": PASSWORD})

    assert ONLY_COORDINATOR in response.content.decode()
    assert User.objects.get(pk=cast.coordinator.pk).deleted_at is None

    page = admin_action(client, [cast.coordinator]).content.decode()
    assert "None of these accounts can be deleted here." in page
    assert ONLY_COORDINATOR in page


def test_with_another_coordinator_a_coordinator_may_delete_their_own_account(client, cast):
    cast.superuser.groups.clear()
    CoordinatorFactory(full_name="Cleo Colleague")
    client.force_login(cast.coordinator)

    client.post(URL, {"password": PASSWORD})

    assert User.objects.get(pk=cast.coordinator.pk).deleted_at is not None


def test_their_reasons_for_moving_meetings_and_emails_to_others_naming_them_go(client, history):
    """What the deletion page promises of reasons: a meeting the mentor moved keeps no
    reason of theirs, one the partner moved keeps the partner's; the office's outbox list
    no longer shows emails to others by a subject naming them."""
    moved_by_them = MeetingFactory(
        match=history.pair,
        status="proposed",
        proposed_by=history.mentor,
        change_reason="Quokka-13 my train times changed",
    )
    moved_by_partner = MeetingFactory(
        match=history.pair,
        status="proposed",
        proposed_by=history.board_member,
        change_reason="Dingo-13 a board meeting moved",
    )
    told = OutboxMessage.objects.create(
        kind="meeting: proposed",
        to=history.board_member.email,
        recipient=history.board_member,
        subject="Maya Mentor proposed a meeting on 10 December",
    )

    delete_own_account(client, history.mentor)

    moved_by_them.refresh_from_db()
    moved_by_partner.refresh_from_db()
    told.refresh_from_db()
    assert moved_by_them.change_reason == ""
    assert moved_by_partner.change_reason == "Dingo-13 a board meeting moved"
    assert "Maya Mentor" not in told.subject
    assert told.to == history.board_member.email  # still theirs: only the name goes
