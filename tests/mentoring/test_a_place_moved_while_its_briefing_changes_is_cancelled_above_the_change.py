"""A briefing place moved, or given up by withdrawing, while the office changes the briefing
it leaves: the two wait for each other, so the calendar file that gives the place up comes
above the office's update (a calendar app keeps the higher SEQUENCE), and nobody is told
they hold a place they gave up."""

import threading
import time
from datetime import timedelta

import pytest
from django.db import connection, transaction
from django.utils import timezone
from icalendar import Calendar

from accounts.models import OutboxMessage
from mentoring.services.applications import application_withdraw
from mentoring.services.events import event_update, registration_create
from tests.concurrency import needs_postgresql
from tests.factories import (
    EventFactory,
    ProgrammeFactory,
    RegistrationFactory,
    application_from,
)


def _sequence(mail) -> int:
    [(_, content, _)] = mail.attachments
    [item] = Calendar.from_ical(content).walk("VEVENT")
    return int(item["SEQUENCE"])


def _while_held(office_job, then):
    """`office_job` runs in a transaction of its own and holds it open while `then` runs in
    another thread; both committed at the end. Failures of either are raised."""
    done = threading.Event()
    failures = []

    def office():
        try:
            with transaction.atomic():
                office_job()
                done.set()
                time.sleep(0.7)  # its locks held while the other arrives
        except Exception as error:  # reported below
            failures.append(error)
            done.set()
        finally:
            connection.close()

    def person():
        try:
            done.wait(timeout=10)
            then()
        except Exception as error:
            failures.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=office), threading.Thread(target=person)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert not any(thread.is_alive() for thread in threads)
    assert failures == []


@pytest.mark.django_db(transaction=True)
@needs_postgresql
def test_a_place_moved_while_its_briefing_moves_is_cancelled_above_the_update(mailoutbox):
    """The office moves the October briefing (Priya is emailed the new time, SEQUENCE 1)
    while Priya moves her place to November: the calendar file that takes October out of her
    calendar must come above that update, or her calendar keeps the moved October entry."""
    programme = ProgrammeFactory()
    october = EventFactory(programme=programme, starts_at=timezone.now() + timedelta(days=7))
    november = EventFactory(programme=programme, starts_at=timezone.now() + timedelta(days=30))
    priya = application_from(programme, "Priya Patel").applicant
    RegistrationFactory(event=october, person=priya)

    def move_october():
        october.starts_at += timedelta(hours=1)
        october.ends_at += timedelta(hours=1)
        event_update(event=october)

    _while_held(move_october, lambda: registration_create(event=november, person=priya))

    kinds = list(OutboxMessage.objects.filter(to=priya.email).values_list("kind", flat=True))
    assert sorted(kinds) == [
        "mentoring/email/event_changed",
        "mentoring/email/place_given_up",
        "mentoring/email/registered",
    ]
    changed, given_up = (
        next(mail for mail in mailoutbox if mail.subject.startswith(start))
        for start in ("Changed", "Your place is given up")
    )
    assert _sequence(given_up) > _sequence(changed)


@pytest.mark.django_db(transaction=True)
@needs_postgresql
def test_a_place_given_up_by_withdrawing_while_its_briefing_moves_is_cancelled_above_it(
    mailoutbox,
):
    """The office moves the October briefing while Priya withdraws her application: the
    calendar file that takes October out of her calendar comes above the office's update."""
    programme = ProgrammeFactory()
    october = EventFactory(programme=programme, starts_at=timezone.now() + timedelta(days=7))
    application = application_from(programme, "Priya Patel")
    priya = application.applicant
    RegistrationFactory(event=october, person=priya)

    def move_october():
        october.starts_at += timedelta(hours=1)
        october.ends_at += timedelta(hours=1)
        event_update(event=october)

    _while_held(move_october, lambda: application_withdraw(application=application))

    changed, given_up = (
        next(
            mail
            for mail in mailoutbox
            if mail.to == [priya.email] and mail.subject.startswith(start)
        )
        for start in ("Changed", "Your place is given up")
    )
    assert _sequence(given_up) > _sequence(changed)
