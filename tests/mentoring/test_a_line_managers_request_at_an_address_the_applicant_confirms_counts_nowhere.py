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

from mentoring.models import ApplicationStatus, LineManagerRequest, MentorApplication, Reminder
from mentoring.reminders import reminders_dispatch
from mentoring.services.applications import OwnApplicationError
from mentoring.services.decisions import application_decision_problem
from mentoring.services.line_managers import line_manager_answer, line_manager_request_resend
from tests.admin_pages import APPLICATIONS, attention, change_url, rows, words
from tests.cast import sign_in_as
from tests.factories import PASSWORD, line_manager_asked

pytestmark = pytest.mark.django_db

LEE = "lee.manager@example.org"
OFFICE = "mentoring@example.org"
TOKEN = "the-line-managers-token"
NO_ANSWER = "No answer can be taken: it went to an address that is now the applicant's own"


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

    with pytest.raises(OwnApplicationError, match="now the applicant's own"):
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
        f"Our email went to {LEE}, which is an address of yours now or one whose mailbox cannot "
        "be told, so no answer through it can count as your line manager's. Write to the "
        "programme office at"
    ) in page
    assert "with your line manager's own address; they send the request again" in page
