"""A line manager is asked to agree only to an application the office could still accept:
not to one whose answers do not meet the criteria (the office can only decline it), and the
email asking them, still waiting in the outbox, does not go once the application is
withdrawn or decided. The applicant is not sent to chase them either."""

from datetime import datetime, timedelta

import pytest

from accounts.models import OutboxMessage, OutboxStatus
from accounts.outbox import outbox_sweep
from accounts.services import account_delete
from mentoring.models import ApplicationStatus, LineManagerRequest
from mentoring.services.applications import application_submit, application_withdraw
from mentoring.services.decisions import application_decide, application_decision_problem
from tests.applying import application_answers, apply_url
from tests.factories import DraftApplicationFactory, application_from, line_manager_emailed
from tests.winter import LONDON

pytestmark = pytest.mark.django_db
LEE = "lee.manger@example.org"


def to_lee(mailoutbox):
    return [mail.subject for mail in mailoutbox if LEE in mail.to]


def sweep(capture):
    """The outbox's sweep, once the mail server is back."""
    with capture(execute=True):
        outbox_sweep()


@pytest.mark.parametrize("how", ["withdrawn", "declined"])
def test_the_email_to_a_line_manager_still_waiting_goes_no_more_once_the_question_closed(
    cast, mailoutbox, django_capture_on_commit_callbacks, how
):
    request = line_manager_emailed(cast.programme, cast.outsider)
    assert request.message.status == OutboxStatus.PENDING  # the mail server was away
    with django_capture_on_commit_callbacks(execute=False):
        if how == "withdrawn":
            assert application_withdraw(application=request.application)
        else:
            assert application_decide(
                application=request.application, status=how, by=cast.coordinator
            )

    sweep(django_capture_on_commit_callbacks)

    assert to_lee(mailoutbox) == []
    message = OutboxMessage.objects.get(pk=request.message_id)
    assert message.status == OutboxStatus.CANCELLED
    assert message.cancelled_reason == (
        f"The application was {how}. The line manager's question is closed."
    )
    assert message.text == "", "its single-use link is not kept"


def test_the_email_to_a_line_manager_still_goes_when_the_application_is_wait_listed(
    cast, mailoutbox, django_capture_on_commit_callbacks
):
    """Wait-listed, it may still be accepted, and accepting needs their agreement."""
    request = line_manager_emailed(cast.programme, cast.outsider)
    application_decide(
        application=request.application, status=ApplicationStatus.WAITLISTED, by=cast.coordinator
    )

    sweep(django_capture_on_commit_callbacks)

    assert len(to_lee(mailoutbox)) == 1


def ineligible_draft(programme, applicant):
    programme.line_manager_agreement = True
    programme.line_manager_silence_days = None
    programme.save()
    return DraftApplicationFactory(
        programme=programme,
        applicant=applicant,
        has_conflict=True,
        conflict_details="A tribunal claim in progress.",
        line_manager_name="Lee Manager",
        line_manager_email=LEE,
    )


def test_the_line_manager_of_an_application_that_does_not_meet_the_criteria_is_not_asked(
    cast, mailoutbox, django_capture_on_commit_callbacks
):
    draft = ineligible_draft(cast.programme, cast.outsider)
    cast.programme.notify_office_of_applications = True
    cast.programme.save()

    with django_capture_on_commit_callbacks(execute=True):
        application_submit(application=draft)

    draft.refresh_from_db()
    assert draft.eligible is False
    assert not LineManagerRequest.objects.exists()
    assert to_lee(mailoutbox) == []
    subjects = [mail.subject for mail in mailoutbox]
    assert any("received" in subject.lower() for subject in subjects), subjects
    assert len(mailoutbox) >= 2, "the applicant's receipt and the office's notice"
    for mail in mailoutbox:
        assert "line manager" not in mail.body, mail.subject
        assert "line manager" not in mail.alternatives[0][0], mail.subject


def test_nobody_is_reminded_of_a_line_manager_never_asked(cast, mailoutbox, time_machine, dispatch):
    start = datetime(2027, 3, 1, 10, 0, tzinfo=LONDON)
    time_machine.move_to(start, tick=False)
    application_submit(application=ineligible_draft(cast.programme, cast.outsider))
    # Whatever was written then is delivered: a line manager's silence counts from it.
    OutboxMessage.objects.update(status=OutboxStatus.SENT, sent_at=start)
    mailoutbox.clear()
    time_machine.move_to(start + timedelta(days=8, hours=2), tick=False)

    dispatch()

    reminded = [mail for mail in mailoutbox if LEE in mail.to or "line manager" in mail.body]
    assert [mail.subject for mail in reminded] == []


def test_the_confirmation_before_sending_names_the_line_manager_only_when_they_are_asked(
    client, cast
):
    ineligible_draft(cast.programme, cast.outsider)
    client.force_login(cast.outsider)
    data = application_answers(
        cast.programme,
        has_conflict="yes",
        conflict_details="A tribunal claim in progress.",
        line_manager_name="Lee Manager",
        line_manager_email=LEE,
    )

    page = client.post(apply_url(cast.programme), {**data, "submit": "1"}).content.decode()

    assert "Send your application?" in page
    assert "you do not meet the criteria" in page
    assert "is asked to agree" not in page


def test_an_application_that_does_not_meet_the_criteria_cannot_be_wait_listed(cast):
    """Accepting needs eligibility, so the place the waiting list promises could never come,
    as for one whose line manager said no."""
    tom = application_from(
        cast.programme,
        "Tom Tran",
        has_conflict=True,
        conflict_details="A grievance.",
        eligible=False,
    )

    problem = application_decision_problem(
        application=tom, status=ApplicationStatus.WAITLISTED, by=cast.coordinator
    )

    assert problem == "not eligible, so it can never be accepted"


def test_the_email_to_a_line_manager_still_waiting_goes_no_more_once_the_applicant_left(
    cast, mailoutbox, django_capture_on_commit_callbacks
):
    """Deleting the account withdraws the application, as withdrawing it does."""
    request = line_manager_emailed(cast.programme, cast.outsider)
    account_delete(user=cast.outsider, by=cast.outsider)

    sweep(django_capture_on_commit_callbacks)

    assert to_lee(mailoutbox) == []
    message = OutboxMessage.objects.get(pk=request.message_id)
    assert message.status == OutboxStatus.CANCELLED
    assert message.cancelled_reason.startswith("The applicant deleted their account.")
