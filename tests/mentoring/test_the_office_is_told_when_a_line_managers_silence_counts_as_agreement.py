"""Where a programme takes a line manager's silence as agreement, the office is told the
day it starts to count, as it is told of a "Yes": the application can be decided now. Once,
only while the application still waits, never for silence long past."""

from datetime import timedelta

import pytest
from allauth.account.models import EmailAddress
from django.urls import reverse
from django.utils import timezone

from accounts.outbox import outbox_sweep
from mentoring.models import ApplicationStatus, LineManagerRequest, Reminder
from tests.factories import line_manager_asked

pytestmark = pytest.mark.django_db
KIND = "line_manager_silent"
OFFICE = "mentoring@example.org"


@pytest.fixture
def programme(cast):
    """Silence counts after 10 days; the office hears of applications."""
    programme = cast.programme
    programme.line_manager_silence_days = 10
    programme.notify_office_of_applications = True
    programme.office_email = OFFICE
    programme.save()
    return programme


def asked(programme, cast, days_ago: float) -> LineManagerRequest:
    return line_manager_asked(
        programme,
        cast.outsider,
        "boss@example.org",
        sent_at=timezone.now() - timedelta(days=days_ago),
    )


def told(mailoutbox):
    return [mail for mail in mailoutbox if mail.subject.startswith("No answer from the line")]


def test_the_day_silence_counts_the_office_is_told_it_can_decide(
    programme, cast, dispatch, mailoutbox
):
    request = asked(programme, cast, days_ago=10.2)

    dispatch()

    [mail] = told(mailoutbox)
    assert mail.to == [OFFICE]
    assert mail.subject == (
        "No answer from the line manager: Olu Outsider's application can be decided"
    )
    assert "After 10 days 2026/27 pilot takes silence as agreement" in mail.body
    review = reverse("admin:mentoring_mentorapplication_change", args=[request.application_id])
    assert review in mail.body
    assert f'{review}">Review the application' in mail.alternatives[0][0]


def test_not_before_it_counts_and_only_once(programme, cast, dispatch, mailoutbox):
    request = asked(programme, cast, days_ago=9.5)
    dispatch()
    assert told(mailoutbox) == []

    LineManagerRequest.objects.filter(pk=request.pk).update(
        sent_at=timezone.now() - timedelta(days=10.5)
    )
    dispatch()
    dispatch()

    assert len(told(mailoutbox)) == 1


@pytest.mark.parametrize(
    "change",
    [
        {"line_manager_silence_days": None},  # the programme waits for an answer
        {"notify_office_of_applications": False},  # the office is not told of applications
    ],
)
def test_not_where_the_programme_does_not_ask_for_it(programme, cast, dispatch, mailoutbox, change):
    for field, value in change.items():
        setattr(programme, field, value)
    programme.save()
    asked(programme, cast, days_ago=10.2)

    dispatch()

    assert told(mailoutbox) == []


def test_not_once_the_line_manager_answered(programme, cast, dispatch, mailoutbox):
    request = asked(programme, cast, days_ago=10.2)
    LineManagerRequest.objects.filter(pk=request.pk).update(
        decision="agreed", answered_at=timezone.now()
    )

    dispatch()

    assert told(mailoutbox) == []


def test_not_for_silence_that_counted_weeks_ago(programme, cast, dispatch, mailoutbox):
    """Requests silent since before this alert existed are not all announced at once."""
    asked(programme, cast, days_ago=30)

    dispatch()

    assert told(mailoutbox) == []


def test_an_application_decided_before_the_email_goes_is_not_announced(
    programme, cast, dispatch, mailoutbox, django_capture_on_commit_callbacks
):
    request = asked(programme, cast, days_ago=10.2)
    dispatch(send=False)
    request.application.status = ApplicationStatus.ACCEPTED
    request.application.decided_at = timezone.now()
    request.application.save(update_fields=["status", "decided_at"])

    with django_capture_on_commit_callbacks(execute=True):
        outbox_sweep()

    assert told(mailoutbox) == []
    reminder = Reminder.objects.select_related("message").get(kind=KIND)
    assert reminder.message.cancelled_reason == "The application has been decided or withdrawn."


def test_a_silence_setting_changed_after_the_office_was_told_tells_it_nothing_again(
    programme, cast, dispatch, mailoutbox
):
    """The office was told on the day Lee's silence counted (10 days). The day is part of
    the alert's key, and it follows the setting: shortened to 5 days, or lengthened to 12
    (and 12 days gone by), the next run told the office the same thing again about the same
    request. A changed setting decides alerts still to come, never repeats one sent."""
    request = asked(programme, cast, days_ago=10.2)
    dispatch()
    assert len(told(mailoutbox)) == 1

    programme.line_manager_silence_days = 5
    programme.save(update_fields=["line_manager_silence_days"])
    dispatch()
    programme.line_manager_silence_days = 12
    programme.save(update_fields=["line_manager_silence_days"])
    LineManagerRequest.objects.filter(pk=request.pk).update(
        sent_at=timezone.now() - timedelta(days=12.2)
    )
    dispatch()

    assert len(told(mailoutbox)) == 1


def test_a_request_sent_again_tells_the_office_again_once_its_silence_counts(
    programme, cast, dispatch, mailoutbox, time_machine
):
    """Once per sending: asked again with a new link the day after the office was told, Lee's
    silence counts anew from then, and the office is told again ten days later."""
    request = asked(programme, cast, days_ago=10.2)
    dispatch()
    time_machine.move_to(timezone.now() + timedelta(days=1), tick=False)
    LineManagerRequest.objects.filter(pk=request.pk).update(sent_at=timezone.now())
    dispatch()
    assert len(told(mailoutbox)) == 1

    time_machine.move_to(timezone.now() + timedelta(days=10.2), tick=False)
    dispatch()

    assert len(told(mailoutbox)) == 2


def test_silence_at_an_address_the_applicant_confirmed_since_is_told_as_no_agreement(
    programme, cast, dispatch, mailoutbox
):
    """Olu confirmed the manager's address on his own account since: the office, told at
    once to send the request again (`applicants_own`), is told so again the day silence would
    have counted, never that it can decide."""
    asked(programme, cast, days_ago=10.2)
    EmailAddress.objects.create(user=cast.outsider, email="boss@example.org", verified=True)

    dispatch()

    [mail] = told(mailoutbox)
    assert mail.subject == (
        "No answer from the line manager: send the request about Olu Outsider's application again"
    )
    assert "can decide the application now" not in mail.body
    assert (
        "Silence is no agreement here, as the request went to an address that now belongs to "
        "the applicant: send the request again to the line manager's own address"
    ) in mail.body
