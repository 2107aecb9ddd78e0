"""Line-manager agreement: the applicant names their manager, who answers through a one-use link."""

import re
from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from accounts.tokens import hash_token
from mentoring.models import ApplicationStatus, LineManagerRequest, MentorApplication, Programme
from mentoring.services.applications import ApplicationError, application_withdraw
from mentoring.services.decisions import application_decide
from mentoring.services.line_managers import line_manager_answer
from tests.applying import application_answers, sent
from tests.factories import (
    LineManagerRequestFactory,
    MentorApplicationFactory,
)

pytestmark = pytest.mark.django_db

LINK = re.compile(r"https://mentoring\.example\.org(/apply/line-manager/[\w-]+/)")


@pytest.fixture
def programme(cast):
    """The cast's programme, which asks for the line manager's agreement."""
    programme = cast.programme
    programme.line_manager_agreement, programme.line_manager_silence_days = True, 10
    programme.save()
    return programme


@pytest.fixture
def applicant(cast, programme):
    """Olu, signed-up staff in no programme yet."""
    return cast.outsider


def no_agreement_needed(programme):
    programme.line_manager_agreement = False
    programme.save(update_fields=["line_manager_agreement"])
    return programme


@pytest.fixture
def application(programme, applicant):
    """Olu's submitted application, waiting for Lee (Olu's line manager) to answer."""
    return MentorApplicationFactory(
        programme=programme,
        applicant=applicant,
        line_manager_name="Lee Manager",
        line_manager_email="lee.manager@example.org",
    )


def answers(programme, **changes):
    """The form sent with Lee Manager named as the applicant's line manager."""
    lee = {"line_manager_name": "Lee Manager", "line_manager_email": "lee.manager@example.org"}
    return application_answers(programme, **{**lee, "submit": "1", **changes})


def apply_url(programme):
    return f"{reverse('apply')}?programme={programme.slug}"


def answer_url(token):
    return reverse("line_manager_answer", args=[token])


@pytest.fixture
def link(client, applicant, programme, mailoutbox, django_capture_on_commit_callbacks):
    """Olu applies; the path of the link in Lee's email. Everyone is signed out afterwards."""
    client.force_login(applicant)
    with django_capture_on_commit_callbacks(execute=True):
        sent(client, apply_url(programme), answers(programme))
    client.logout()
    [mail] = [mail for mail in mailoutbox if mail.to == ["lee.manager@example.org"]]
    return LINK.search(mail.body).group(1)


# --- applying -------------------------------------------------------------------------------


def test_the_form_asks_for_the_line_manager(client, applicant, programme):
    client.force_login(applicant)
    content = client.get(apply_url(programme)).content.decode()
    assert "Your line manager" in content
    assert "Your line manager&#x27;s email address" in content
    assert "because the meetings happen in work time" in content


def test_the_form_does_not_ask_when_the_programme_does_not_need_it(client, applicant, programme):
    no_agreement_needed(programme)
    client.force_login(applicant)
    content = client.get(apply_url(programme)).content.decode()
    assert "line_manager_email" not in content


def test_submitting_without_a_line_manager_says_what_is_missing_and_keeps_the_draft(
    client, applicant, programme, mailoutbox, django_capture_on_commit_callbacks, cast
):
    client.force_login(applicant)
    data = answers(programme, line_manager_name=None, line_manager_email=None)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(apply_url(programme), data)

    content = response.content.decode()
    assert "Give your line manager&#x27;s name." in content
    assert "Give your line manager&#x27;s email so we can ask them." in content
    assert "Your draft is saved" in content
    # The only application besides the cast's two mentors'.
    [draft] = MentorApplication.objects.exclude(applicant__in=[cast.mentor, cast.other_mentor])
    assert (draft.applicant, draft.status) == (applicant, ApplicationStatus.DRAFT)
    assert not LineManagerRequest.objects.exists()
    assert mailoutbox == []


def test_the_applicant_cannot_name_themselves_as_their_line_manager(
    client, applicant, programme, mailoutbox
):
    client.force_login(applicant)
    response = client.post(
        apply_url(programme),
        answers(programme, line_manager_email=applicant.email.upper(), submit="1"),
    )

    assert "This is your own address." in response.content.decode()
    assert not LineManagerRequest.objects.exists()
    assert mailoutbox == []


def test_submitting_asks_the_line_manager_by_email_as_well_as_thanking_the_applicant(
    client, applicant, programme, mailoutbox, django_capture_on_commit_callbacks
):
    client.force_login(applicant)
    with django_capture_on_commit_callbacks(execute=True):
        response = sent(client, apply_url(programme), answers(programme), follow=True)

    assert "Thank you. Your application has been submitted." in response.content.decode()
    request = LineManagerRequest.objects.get()
    assert request.application.applicant == applicant
    assert request.email == "lee.manager@example.org"
    assert not request.is_answered

    confirmation, ask = mailoutbox
    assert confirmation.to == [applicant.email]
    assert "We have asked your line manager (lee.manager@example.org)" in confirmation.body
    assert (
        "We have asked your line manager (lee.manager@example.org)"
        in (confirmation.alternatives[0][0])
    )

    assert ask.to == ["lee.manager@example.org"]
    assert ask.subject == "Olu Outsider would like to be a reverse mentor: do you agree?"
    html = ask.alternatives[0][0]
    for body in (ask.body, html):
        assert "Dear Lee Manager," in body
        assert "Olu Outsider has applied to be a reverse mentor in 2026/27 pilot" in body
        assert "within 10 days, we will take it that you agree" in body
    path = LINK.search(ask.body).group(1)
    assert f'href="https://mentoring.example.org{path}"' in html
    # Only a hash of the secret is kept.
    token = path.rstrip("/").rsplit("/", 1)[1]
    assert request.token_hash == hash_token(token)
    assert token not in request.token_hash


def test_the_email_does_not_promise_silence_counts_when_the_programme_waits_for_an_answer(
    client, applicant, programme, mailoutbox, django_capture_on_commit_callbacks
):
    programme.line_manager_silence_days = None
    programme.save(update_fields=["line_manager_silence_days"])
    client.force_login(applicant)
    with django_capture_on_commit_callbacks(execute=True):
        sent(client, apply_url(programme), answers(programme))

    ask = mailoutbox[-1]
    assert ask.to == ["lee.manager@example.org"]
    assert "we will take it that you agree" not in ask.body
    assert "we will take it that you agree" not in ask.alternatives[0][0]


# --- the line manager answers ---------------------------------------------------------------


def test_the_line_manager_sees_who_is_asking_without_signing_in(client, link):
    response = client.get(link)

    assert response.status_code == 200
    content = response.content.decode()
    assert "Your colleague would like to be a reverse mentor" in content
    assert "Olu Outsider has applied to be a reverse mentor in 2026/27 pilot" in content
    assert "Yes, I agree" in content
    assert "No, I do not agree" in content


def test_the_line_manager_agrees(client, link):
    response = client.post(link, {"decision": "yes"}, follow=True)

    request = LineManagerRequest.objects.get()
    assert request.decision == "agreed"
    assert request.answered_at is not None
    content = response.content.decode()
    assert response.redirect_chain == [(link, 302)]
    assert "Your answer for Olu Outsider was recorded" in content
    assert "you agreed" in content


def test_the_link_cannot_be_used_again(client, link):
    client.post(link, {"decision": "yes"})
    first_answer = LineManagerRequest.objects.get()

    response = client.post(link, {"decision": "no", "reason": "Changed my mind."}, follow=True)

    request = LineManagerRequest.objects.get()
    assert request.decision == "agreed"
    assert request.reason == ""
    assert request.answered_at == first_answer.answered_at
    content = response.content.decode()
    assert "This link cannot be used again" in content
    assert "you agreed" in content
    assert "This link cannot be used again" in client.get(link).content.decode()


def test_declining_without_a_reason_is_refused_and_keeps_the_choice(client, link):
    response = client.post(link, {"decision": "no", "reason": "  "})

    assert response.status_code == 200
    content = response.content.decode()
    assert "Please give a reason, so that the programme office can follow up." in content
    assert re.search(r'<input[^>]*value="no"[^>]*checked', content)
    assert not LineManagerRequest.objects.get().is_answered


def test_declining_with_a_reason_is_recorded(client, link):
    reason = "We are short-staffed until the spring; please ask again next year."
    response = client.post(link, {"decision": "no", "reason": reason, "confirm": "no"}, follow=True)

    request = LineManagerRequest.objects.get()
    assert request.decision == "declined"
    assert request.reason == reason
    assert request.answered_at is not None
    assert "you did not agree" in response.content.decode()


def test_an_answer_without_a_choice_is_refused(client, link):
    response = client.post(link, {"reason": "Not sure."})
    page = response.content.decode()
    assert response.status_code == 200
    assert '<a class="alert-link" href="#id_decision_0">Choose whether you agree.</a>' in page
    assert not LineManagerRequest.objects.get().is_answered


def decided_by_the_office(status: str = ApplicationStatus.DECLINED) -> MentorApplication:
    """The office declines Olu's application (or Olu withdraws it) before Lee answers."""
    application = MentorApplication.objects.get(line_manager_email="lee.manager@example.org")
    if status == ApplicationStatus.WITHDRAWN:
        application_withdraw(application=application)
    else:
        coordinator = User.objects.coordinators().first()
        assert application_decide(application=application, status=status, by=coordinator)
    return application


@pytest.mark.parametrize("status", [ApplicationStatus.DECLINED, ApplicationStatus.WITHDRAWN])
def test_once_the_application_is_decided_or_withdrawn_the_link_says_the_question_is_closed(
    client, cast, link, status
):
    decided_by_the_office(status)

    page = client.get(link).content.decode()
    answered = client.post(link, {"decision": "yes"}, follow=True).content.decode()

    for shown in (page, answered):
        assert "This question is closed" in shown
        assert "Olu Outsider's application is no longer under review" in shown
        assert "nothing was recorded" in shown
        assert "you agreed" not in shown
        assert "Send my answer" not in shown
    assert not LineManagerRequest.objects.get().is_answered


def test_a_wait_listed_application_still_takes_the_answer_it_needs_to_be_accepted(
    client, cast, link
):
    """Accepting from the waiting list needs the line manager's agreement: the link stays."""
    application = decided_by_the_office(ApplicationStatus.WAITLISTED)

    assert "This question is closed" not in client.get(link).content.decode()
    line_manager_answer(
        request=LineManagerRequest.objects.get(), agreed=True, reason="", answered_by=None
    )

    application.refresh_from_db()
    assert application.line_manager_agreed
    coordinator = User.objects.coordinators().first()
    assert application_decide(
        application=application, status=ApplicationStatus.ACCEPTED, by=coordinator
    )


def test_an_answer_sent_after_the_office_decided_records_nothing(cast, link):
    """The form was opened before the office declined; the answer arrives after."""
    decided_by_the_office(ApplicationStatus.DECLINED)
    request = LineManagerRequest.objects.get()

    with pytest.raises(ApplicationError, match="Nothing was recorded"):
        line_manager_answer(request=request, agreed=True, reason="", answered_by=None)

    assert LineManagerRequest.objects.get().decision == ""


def test_the_office_sees_a_closed_request_as_closed_not_waiting(client, cast, link):
    decided_by_the_office(ApplicationStatus.DECLINED)
    client.force_login(cast.coordinator)

    page = client.get(reverse("admin:mentoring_linemanagerrequest_changelist")).content.decode()

    assert "Closed without a reply (the application was declined)" in page
    assert '<td class="field-answer">Waiting for a reply</td>' not in page


def test_the_office_is_emailed_when_the_line_manager_agrees(
    client, programme, link, mailoutbox, django_capture_on_commit_callbacks
):
    programme.office_email, programme.notify_office_of_applications = "edi@example.org", True
    programme.save(update_fields=["office_email", "notify_office_of_applications"])
    application = MentorApplication.objects.get(line_manager_email="lee.manager@example.org")
    mailoutbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        client.post(link, {"decision": "yes"})

    [office] = mailoutbox
    assert office.to == ["edi@example.org"]
    assert office.subject == ("Line manager agreed: Olu Outsider's application can be decided")
    review = "https://mentoring.example.org" + reverse(
        "admin:mentoring_mentorapplication_change", args=[application.pk]
    )
    html = office.alternatives[0][0]
    for body in (office.body, html):
        assert (
            "Lee Manager agreed to Olu Outsider's application to be a mentor in 2026/27 pilot, "
            "so the office can decide it now." in body.replace("&#x27;", "'")
        )
    assert review in office.body
    assert f'href="{review}"' in html


def test_the_office_is_not_emailed_when_the_line_manager_declines(
    client, programme, link, mailoutbox, django_capture_on_commit_callbacks
):
    programme.office_email, programme.notify_office_of_applications = "edi@example.org", True
    programme.save(update_fields=["office_email", "notify_office_of_applications"])
    mailoutbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        client.post(link, {"decision": "no", "reason": "Short-staffed.", "confirm": "no"})

    assert "edi@example.org" not in [address for mail in mailoutbox for address in mail.to]


def test_an_unknown_link_answers_404(client, application):
    LineManagerRequestFactory(application=application, token="the-real-token")

    response = client.get(answer_url("a-guessed-token"))
    assert response.status_code == 404
    assert "We do not recognise this link" in response.content.decode()
    assert client.post(answer_url("a-guessed-token"), {"decision": "yes"}).status_code == 404
    assert not LineManagerRequest.objects.get().is_answered


# --- silence counts as agreement ------------------------------------------------------------

SENT = timezone.make_aware(timezone.datetime(2026, 3, 2, 9, 0))


@pytest.mark.parametrize(
    ("silence_days", "decision", "days_later", "status"),
    [
        (10, "", 0, "Waiting for a reply"),
        (10, "", 9, "Waiting for a reply"),
        (10, "", 10, "Agreed (no reply within 10 days)"),
        (10, "", 30, "Agreed (no reply within 10 days)"),
        (None, "", 365, "Waiting for a reply"),
        (10, "agreed", 1, "Agreed"),
        (10, "declined", 30, "Declined"),
        (None, "declined", 1, "Declined"),
    ],
)
def test_the_status_in_words(silence_days, decision, days_later, status):
    waiting = MentorApplication(status=ApplicationStatus.SUBMITTED, programme=Programme())
    request = LineManagerRequest(sent_at=SENT, decision=decision, application=waiting)
    now = SENT + timedelta(days=days_later)
    assert request.status(silence_days, now) == status
    assert request.counts_as_agreed(silence_days, now) is status.startswith("Agreed")


def test_silence_is_measured_from_when_the_request_was_sent():
    waiting = MentorApplication(status=ApplicationStatus.SUBMITTED, programme=Programme())
    request = LineManagerRequest(sent_at=SENT, application=waiting)
    with time_machine.travel(SENT + timedelta(days=10) - timedelta(minutes=1), tick=False):
        assert request.status(10) == "Waiting for a reply"
    with time_machine.travel(SENT + timedelta(days=10), tick=False):
        assert request.status(10) == "Agreed (no reply within 10 days)"


# --- what the applicant sees ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("decision", "reason", "said"),
    [
        ("", "", "we are waiting for your line manager to agree"),
        ("agreed", "", "Line manager (lee.manager@example.org): <strong>Agreed</strong>"),
        ("declined", "Short-staffed this term.", "Your line manager did not agree"),
    ],
)
def test_the_applicant_sees_the_line_managers_answer_once(
    client, applicant, programme, application, decision, reason, said
):
    LineManagerRequestFactory(
        application=application,
        decision=decision,
        reason=reason,
        answered_at=timezone.now() if decision else None,
    )
    client.force_login(applicant)

    for page in (client.get(reverse("dashboard")), client.get(apply_url(programme))):
        content = page.content.decode()
        assert said in content
        # Waiting and declined are said by the next steps: not again as a status line.
        status_line = "Line manager (lee.manager@example.org):"
        assert content.count(status_line) == (1 if decision == "agreed" else 0)


def test_the_applicant_sees_silence_count_as_agreement_as_the_coordinator_does(
    client, applicant, programme, application
):
    request = LineManagerRequestFactory(application=application)
    with time_machine.travel(request.sent_at + timedelta(days=10, minutes=1)):
        client.force_login(applicant)
        content = client.get(reverse("dashboard")).content.decode()
    assert "<strong>Agreed (no reply within 10 days)</strong>" in content


# --- what the coordinator sees --------------------------------------------------------------


def line_manager_column(client, applicant):
    """The line-manager column of the list of applications, in the applicant's row."""
    content = client.get(reverse("admin:mentoring_mentorapplication_changelist")).content.decode()
    rows = [row for row in re.findall(r"<tr.*?</tr>", content, re.S) if str(applicant) in row]
    return re.findall(r'<td class="field-line_manager">([^<]*)</td>', "".join(rows))


def test_the_coordinator_sees_silence_turn_into_agreement(client, cast, applicant, link):
    sent_at = LineManagerRequest.objects.get().sent_at
    client.force_login(cast.coordinator)
    assert line_manager_column(client, applicant) == ["Waiting for a reply"]

    with time_machine.travel(sent_at + timedelta(days=10, minutes=1)):
        client.force_login(cast.coordinator)  # sessions last 12 hours
        assert line_manager_column(client, applicant) == ["Agreed (no reply within 10 days)"]


@pytest.mark.parametrize(
    ("decision", "reason", "shown"),
    [("agreed", "", "Agreed"), ("declined", "Short-staffed this term.", "Declined")],
)
def test_the_coordinator_sees_the_line_managers_answer(
    client, cast, applicant, application, decision, reason, shown
):
    LineManagerRequestFactory(
        application=application,
        decision=decision,
        reason=reason,
        answered_at=timezone.now(),
        sent_at=timezone.now() - timedelta(days=30),
    )
    client.force_login(cast.coordinator)

    assert line_manager_column(client, applicant) == [shown]
    change_page = client.get(
        reverse("admin:mentoring_mentorapplication_change", args=[application.pk])
    ).content.decode()
    if reason:
        assert reason in change_page


def test_the_coordinator_sees_when_no_line_manager_is_needed(client, cast, applicant, programme):
    MentorApplicationFactory(programme=no_agreement_needed(programme), applicant=applicant)
    client.force_login(cast.coordinator)
    assert line_manager_column(client, applicant) == ["Not needed"]


def test_no_is_asked_once_more_before_it_is_sent_keeping_the_reason(client, link):
    reason = "We are short-staffed until the spring."

    page = client.post(link, {"decision": "no", "reason": reason}).content.decode()

    assert not LineManagerRequest.objects.get().is_answered
    assert 'Send "No, I do not agree"?' in page
    assert "application cannot go any further this time" in page
    assert 'name="confirm" value="no"' in page
    assert f">\n{reason}</textarea>" in page
    assert re.search(r'<input type="radio"[^>]*name="decision" value="no"[^>]*checked', page)


def test_yes_is_sent_at_once(client, link):
    client.post(link, {"decision": "yes", "reason": ""})

    assert LineManagerRequest.objects.get().decision == "agreed"


def test_the_reason_says_when_it_is_needed_not_optional(client, link):
    page = client.get(link).content.decode()

    assert "Reason (needed if you do not agree)" in page
    assert "(optional)" not in page
