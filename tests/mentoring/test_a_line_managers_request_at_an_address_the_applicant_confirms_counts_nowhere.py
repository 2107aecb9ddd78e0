"""A line manager's request whose address the applicant confirms on their own account after
it was sent (the applicant types the manager's address on their email page, and the
confirmation link is followed) takes no answer, and silence there is no agreement
(`LineManagerRequest.applicants_own`, set as the address is confirmed): every page and list
says so from the request's row (the application's status, the office's lists and figures,
the CSV), the office is told at once to send it again, nobody is reminded at that address,
and a new link to the line manager's own address makes it answerable again."""

import csv
import io
import re
from datetime import timedelta

import pytest
from allauth.account.models import EmailAddress
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from accounts.models import OutboxMessage, OutboxStatus
from accounts.services import account_delete
from mentoring.models import ApplicationStatus, LineManagerRequest, MentorApplication, Reminder
from mentoring.reminders import reminders_dispatch
from mentoring.services import applications, line_managers
from mentoring.services.applications import (
    ApplicationError,
    OwnApplicationError,
    application_submit,
)
from mentoring.services.decisions import application_decide, application_decision_problem
from mentoring.services.line_managers import line_manager_answer, line_manager_request_resend
from tests.admin_pages import (
    APPLICATIONS,
    attention,
    change_url,
    confirmed,
    recipients_named,
    rows,
    unchanged_named,
    words,
)
from tests.cast import sign_in_as
from tests.concurrency import held_open_after, needs_postgresql
from tests.factories import (
    PASSWORD,
    DraftApplicationFactory,
    UserFactory,
    line_manager_asked,
    line_manager_emailed,
)
from tests.migrations import migrate_to, migrate_to_latest

pytestmark = pytest.mark.django_db

LEE = "lee.manager@example.org"
OFFICE = "mentoring@example.org"
TOKEN = "the-line-managers-token"
NO_ANSWER = (
    "No answer can be taken: the request went to an address that now belongs to the applicant"
)


@pytest.fixture
def asked(cast):
    """Olu applied eleven days ago naming Lee; the programme takes ten days of silence as
    agreement, so Lee's silence counts."""
    programme = cast.programme
    programme.line_manager_silence_days = 10
    programme.office_email = OFFICE
    programme.save()
    return line_manager_asked(
        programme, cast.outsider, LEE, token=TOKEN, sent_at=timezone.now() - timedelta(days=11)
    )


def olu_confirms_lees_address(client, cast, mailoutbox, capture) -> None:
    """Olu adds Lee's address on /accounts/email/, and the link emailed there is followed
    (Lee clicks it, or Olu reads Lee's mailbox): allauth's own flow, end to end."""
    signed_in = client.post(
        reverse("account_login"), {"login": cast.outsider.email, "password": PASSWORD}
    )
    assert signed_in.status_code == 302
    client.post(reverse("account_reauthenticate"), {"password": PASSWORD})
    with capture(execute=True):
        client.post(reverse("account_email"), {"action_add": "", "email": LEE})
    [confirmation] = [mail for mail in mailoutbox if mail.to == [LEE]]
    link = re.search(r"https?://[^/\s]+(/accounts/confirm-email/\S+/)", confirmation.body)
    mailoutbox.clear()
    cache.clear()
    with capture(execute=True):
        client.post(link.group(1))
    assert EmailAddress.objects.get(email=LEE).verified


def test_before_it_is_confirmed_silence_counts_as_agreement(cast, asked):
    application = MentorApplication.objects.get(pk=asked.application_id)

    assert application.line_manager_status == "Agreed (no reply within 10 days)"
    assert application.line_manager_agreed


def test_once_confirmed_the_application_says_no_answer_can_be_taken(
    client, cast, asked, mailoutbox, django_capture_on_commit_callbacks
):
    olu_confirms_lees_address(client, cast, mailoutbox, django_capture_on_commit_callbacks)

    application = MentorApplication.objects.get(pk=asked.application_id)
    assert LineManagerRequest.objects.get(pk=asked.pk).applicants_own
    assert application.line_manager_status.startswith(NO_ANSWER)
    assert not application.line_manager_agreed
    assert "send it again to the line manager's own address" in application_decision_problem(
        application=application, status=ApplicationStatus.ACCEPTED, by=cast.coordinator
    )


def test_the_office_is_told_at_once_to_send_it_again(
    client, cast, asked, mailoutbox, django_capture_on_commit_callbacks
):
    olu_confirms_lees_address(client, cast, mailoutbox, django_capture_on_commit_callbacks)

    [told] = [mail for mail in mailoutbox if mail.to == [OFFICE]]
    assert told.subject == "Send the line manager's request again: Olu Outsider's application"
    assert f"went to {LEE}. Olu Outsider has since confirmed that address as their own" in (
        told.body
    )
    assert "/admin/mentoring/linemanagerrequest/?q=" in told.body
    [(html, kind)] = told.alternatives
    assert kind == "text/html"
    assert "Send the request again to the line manager's own address" in html


def test_the_office_sees_it_waiting_not_agreed_in_every_list(
    client, cast, asked, mailoutbox, django_capture_on_commit_callbacks
):
    olu_confirms_lees_address(client, cast, mailoutbox, django_capture_on_commit_callbacks)
    office = client.__class__()
    sign_in_as(office, cast, "coordinator")

    figures = attention(office.get(reverse("admin:index")))
    waiting, waiting_link = figures["Applications waiting for the line manager's agreement"]
    listed = rows(office.get(waiting_link))
    page = words(office.get(change_url(asked.application)).content.decode())
    exported = office.post(
        APPLICATIONS,
        {"action": "export_csv", "_selected_action": [asked.application_id]},
    )
    table = list(csv.DictReader(io.StringIO(exported.content.decode())))
    answers = rows(office.get(reverse("admin:mentoring_linemanagerrequest_changelist")))

    assert waiting == 1
    assert [row["applicant_name"] for row in listed] == ["Olu Outsider"]
    assert listed[0]["line_manager"].startswith(NO_ANSWER)
    assert NO_ANSWER in page
    assert "Agreed (no reply" not in page
    assert [row for row in table[0].values() if row.startswith("No answer can be taken")]
    assert answers[0]["answer"].startswith(NO_ANSWER)


def test_removing_the_address_afterwards_does_not_make_silence_count_again(
    client, cast, asked, mailoutbox, django_capture_on_commit_callbacks
):
    """Olu had the address, and so the mailbox the request went to: silence there stays no
    agreement after he removes it."""
    olu_confirms_lees_address(client, cast, mailoutbox, django_capture_on_commit_callbacks)

    client.post(reverse("account_email"), {"action_remove": "", "email": LEE})

    assert not EmailAddress.objects.filter(email=LEE).exists()
    assert not MentorApplication.objects.get(pk=asked.application_id).line_manager_agreed


def test_a_link_read_before_then_answered_is_refused(cast, asked):
    """Lee's page was opened before Olu confirmed the address; the answer comes after."""
    opened = LineManagerRequest.objects.get(pk=asked.pk)
    EmailAddress.objects.create(user=cast.outsider, email=LEE, verified=True)

    with pytest.raises(OwnApplicationError, match="now belongs to the applicant"):
        line_manager_answer(request=opened, agreed=True, reason="", answered_by=None)

    assert not LineManagerRequest.objects.get(pk=asked.pk).is_answered


def test_nobody_is_reminded_at_that_address(
    cast, asked, mailoutbox, django_capture_on_commit_callbacks
):
    """The programme waits for an answer (no silence counts), so the line manager and Olu
    would be reminded after a week: not at an address whose answer cannot count."""
    cast.programme.line_manager_silence_days = None
    cast.programme.save(update_fields=["line_manager_silence_days"])
    EmailAddress.objects.create(user=cast.outsider, email=LEE, verified=True)
    mailoutbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        reminders_dispatch()

    assert [mail.subject for mail in mailoutbox if OFFICE not in mail.to] == []
    assert not Reminder.objects.filter(kind="line_manager_waiting").exists()


def test_sent_again_to_the_line_managers_own_address_it_is_answerable_again(
    client, cast, asked, mailoutbox, django_capture_on_commit_callbacks
):
    olu_confirms_lees_address(client, cast, mailoutbox, django_capture_on_commit_callbacks)

    line_manager_request_resend(
        request=asked, by=cast.coordinator, email="lee.real.manager@example.org"
    )

    again = LineManagerRequest.objects.get(pk=asked.pk)
    assert not again.applicants_own
    assert again.status(10) == "Waiting for a reply"
    line_manager_answer(request=again, agreed=True, reason="", answered_by=None)
    assert MentorApplication.objects.get(pk=asked.application_id).line_manager_agreed


def test_an_answer_given_before_stands(cast, asked):
    LineManagerRequest.objects.filter(pk=asked.pk).update(
        decision="agreed", answered_at=timezone.now()
    )

    EmailAddress.objects.create(user=cast.outsider, email=LEE, verified=True)

    assert not LineManagerRequest.objects.get(pk=asked.pk).applicants_own
    assert MentorApplication.objects.get(pk=asked.application_id).line_manager_agreed


def test_a_sign_in_address_changed_to_it_counts_too(cast, asked):
    """The address Olu signs in with becomes a `+` alias of Lee's (in the admin, say)."""
    cast.outsider.email = "lee.manager+olu@example.org"
    cast.outsider.save()

    assert LineManagerRequest.objects.get(pk=asked.pk).applicants_own


def test_an_address_only_typed_changes_nothing(cast, asked):
    EmailAddress.objects.create(user=cast.outsider, email=LEE, verified=False)

    assert not LineManagerRequest.objects.get(pk=asked.pk).applicants_own
    assert MentorApplication.objects.get(pk=asked.application_id).line_manager_agreed


def test_the_applicant_is_told_to_give_the_office_their_line_managers_own_address(
    client, cast, asked, mailoutbox, django_capture_on_commit_callbacks
):
    """Not "we have emailed lee.manager@…; you may like to tell them to look out for it": no
    answer through that email can count."""
    olu_confirms_lees_address(client, cast, mailoutbox, django_capture_on_commit_callbacks)

    page = words(client.get(f"{reverse('apply')}?programme=pilot").content.decode())

    assert "look out for it" not in page
    assert (
        f"Our email went to {LEE}, which is now an address on your account, so no answer "
        "through it can count as your line manager's. Write to the programme office at"
    ) in page
    assert "with your line manager's own address; they send the request again" in page


def confirmed_while_decided_then_wait_listed(cast, asked, status) -> MentorApplication:
    """The office decided Olu's application (`status`); he confirmed Lee's address; the
    office moved him to the waiting list."""
    assert application_decide(application=asked.application, status=status, by=cast.coordinator)
    EmailAddress.objects.create(user=cast.outsider, email=LEE, verified=True)
    assert application_decide(
        application=MentorApplication.objects.get(pk=asked.application_id),
        status=ApplicationStatus.WAITLISTED,
        by=cast.coordinator,
    )
    return MentorApplication.objects.get(pk=asked.application_id)


def test_confirmed_while_declined_it_stays_unanswerable_once_wait_listed_again(cast, asked):
    """Lee's link takes no answer, as it would have before the decline."""
    confirmed_while_decided_then_wait_listed(cast, asked, ApplicationStatus.DECLINED)

    request = LineManagerRequest.objects.get(pk=asked.pk)
    assert request.status(10).startswith(NO_ANSWER)
    with pytest.raises(OwnApplicationError):
        line_manager_answer(request=request, agreed=True, reason="", answered_by=None)


def test_accepted_on_silence_then_wait_listed_it_cannot_be_accepted_on_that_silence_again(
    cast, asked
):
    application = confirmed_while_decided_then_wait_listed(cast, asked, ApplicationStatus.ACCEPTED)

    assert not application.line_manager_agreed
    assert "send it again" in application_decision_problem(
        application=application, status=ApplicationStatus.ACCEPTED, by=cast.coordinator
    )


@pytest.mark.django_db(transaction=True)
def test_requests_from_before_the_change_at_an_address_confirmed_already_are_marked(cast):
    """Olu confirmed Lee's address before the flag existed (written with today's code, then
    the schema taken back): the migration marks his request, and no other."""
    mine = line_manager_asked(cast.programme, cast.outsider, "Lee.Manager+x@example.org")
    other = line_manager_asked(
        cast.programme, UserFactory(full_name="Wren Waiting"), LEE, token="another-token"
    )
    EmailAddress.objects.create(user=cast.outsider, email=LEE, verified=True)
    # Declined since (it may be wait-listed again): marked too.
    MentorApplication.objects.filter(pk=mine.application_id).update(
        status=ApplicationStatus.DECLINED, decided_at=timezone.now()
    )
    # A deleted account's request holds the anonymised address it signs in with: not marked.
    gone = line_manager_asked(
        cast.programme, UserFactory(full_name="Gil Gone"), "sam.boss@example.org", token="t3"
    )
    account_delete(user=gone.application.applicant, by=cast.coordinator)

    migrate_to([("mentoring", "0053_match_notes_kept_until")])
    migrate_to_latest()

    assert LineManagerRequest.objects.get(pk=mine.pk).applicants_own
    assert not LineManagerRequest.objects.get(pk=other.pk).applicants_own
    assert not LineManagerRequest.objects.get(pk=gone.pk).applicants_own


@pytest.mark.django_db(transaction=True)
@needs_postgresql
def test_an_address_confirmed_as_the_application_is_sent_marks_its_request(cast):
    """Olu sends his application naming Lee; the confirmation of Lee's address on his account
    arrives in the instant before the sending commits: it waits for it, and finds the
    request it wrote."""
    cast.programme.line_manager_agreement = True
    cast.programme.save(update_fields=["line_manager_agreement"])
    draft = DraftApplicationFactory(
        programme=cast.programme,
        applicant=cast.outsider,
        line_manager_name="Lee Manager",
        line_manager_email=LEE,
    )

    # Added earlier, only typed: the link emailed there is followed now (allauth's
    # confirmation saves `verified` alone).
    typed = EmailAddress.objects.create(user=cast.outsider, email=LEE, verified=False)

    held_open_after(
        applications,
        "send_line_manager_request",
        lambda: application_submit(application=draft),
        typed.set_verified,
    )

    assert LineManagerRequest.objects.get(application=draft).applicants_own


def test_the_office_cannot_send_it_again_to_the_same_mailbox_even_once_removed(cast, asked):
    """Olu removed the address again: he held its mailbox, so it is not asked there again."""
    EmailAddress.objects.create(user=cast.outsider, email=LEE, verified=True)
    EmailAddress.objects.filter(email=LEE).delete()

    with pytest.raises(ApplicationError, match="confirmed as their own address"):
        line_manager_request_resend(request=asked, by=cast.coordinator)
    with pytest.raises(ApplicationError, match="cannot go there again"):
        line_manager_request_resend(
            request=asked, by=cast.coordinator, email="Lee.Manager+again@example.org"
        )

    assert LineManagerRequest.objects.get(pk=asked.pk).applicants_own


def test_its_send_again_page_asks_for_the_line_managers_own_address(client, cast, asked):
    EmailAddress.objects.create(user=cast.outsider, email=LEE, verified=True)
    sign_in_as(client, cast, "coordinator")
    requests = reverse("admin:mentoring_linemanagerrequest_changelist")
    chosen = {"action": "send_again", "_selected_action": [asked.pk]}

    page = client.post(requests, chosen)
    kept = client.post(requests, {**chosen, **confirmed(page), "email": LEE})

    said = words(page.content.decode())
    assert f"The request went to {LEE}, which now belongs to Olu Outsider" in said
    assert page.context["address"]["email"].value() in ("", None)  # not offered again
    assert "cannot go there again" in words(kept.content.decode())
    assert LineManagerRequest.objects.get(pk=asked.pk).token_hash == asked.token_hash


def test_chosen_with_others_it_is_named_as_not_sent(client, cast, asked):
    other = line_manager_asked(
        cast.programme,
        UserFactory(full_name="Wren Waiting"),
        "sam.boss@example.org",
        token="another-token",
    )
    EmailAddress.objects.create(user=cast.outsider, email=LEE, verified=True)
    sign_in_as(client, cast, "coordinator")

    page = client.post(
        reverse("admin:mentoring_linemanagerrequest_changelist"),
        {"action": "send_again", "_selected_action": [asked.pk, other.pk]},
    )

    assert recipients_named(page) == ["sam.boss@example.org: line manager of Wren Waiting"]
    assert unchanged_named(page) == [
        "Line manager of Olu Outsider: it went to an address that now belongs to the "
        "applicant: choose it alone, to give the line manager's own address"
    ]


def test_deleting_the_account_leaves_what_its_statistics_say(cast, asked):
    """Accepted on the line manager's silence, then the account deleted: the request keeps
    the anonymised address the account is given, which is not the applicant's own doing."""
    assert application_decide(
        application=asked.application, status=ApplicationStatus.ACCEPTED, by=cast.coordinator
    )
    before = MentorApplication.objects.get(pk=asked.application_id).line_manager_status

    account_delete(user=cast.outsider, by=cast.coordinator)

    assert before == "Agreed (no reply within 10 days)"
    assert MentorApplication.objects.get(pk=asked.application_id).line_manager_status == before
    assert not LineManagerRequest.objects.get(pk=asked.pk).applicants_own


def test_the_email_with_its_link_still_waiting_goes_no_more(cast):
    """The request's email waits in the outbox (the mail server said "try later") when Olu
    confirms the address: it would carry a link that takes no answer."""
    request = line_manager_emailed(cast.programme, cast.outsider)
    assert request.message.status == OutboxStatus.PENDING

    EmailAddress.objects.create(user=cast.outsider, email=request.email, verified=True)

    message = OutboxMessage.objects.get(pk=request.message_id)
    assert message.status == OutboxStatus.CANCELLED
    assert message.cancelled_reason == (
        "The address became the applicant's own; this link takes no answer."
    )


@pytest.mark.django_db(transaction=True)
@needs_postgresql
def test_a_new_link_sent_as_the_old_address_is_confirmed_is_not_marked(cast):
    """The office sends the request again to Lee's real address in the instant Olu confirms
    the old one on his account: the new link, at an address that is not his, takes answers."""
    request = line_manager_asked(cast.programme, cast.outsider, LEE)
    typed = EmailAddress.objects.create(user=cast.outsider, email=LEE, verified=False)

    held_open_after(
        line_managers,
        "send_line_manager_request",
        lambda: line_manager_request_resend(
            request=request, by=cast.coordinator, email="lee.real@example.org"
        ),
        typed.set_verified,
    )

    again = LineManagerRequest.objects.get(pk=request.pk)
    assert (again.email, again.applicants_own) == ("lee.real@example.org", False)
