"""A briefing place moved, or given up by withdrawing, while the office changes the briefing
it leaves: the two wait for each other, so the calendar file that gives the place up comes
above the office's update (a calendar app keeps the higher SEQUENCE), and nobody is told
they hold a place they gave up."""

from datetime import timedelta

import pytest
from django.utils import timezone
from icalendar import Calendar

from accounts.models import OutboxMessage
from mentoring.services.applications import application_withdraw
from mentoring.services.events import event_update, registration_create
from tests.concurrency import needs_postgresql, while_held
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

    while_held(move_october, lambda: registration_create(event=november, person=priya))

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

    while_held(move_october, lambda: application_withdraw(application=application))

    changed, given_up = (
        next(
            mail
            for mail in mailoutbox
            if mail.to == [priya.email] and mail.subject.startswith(start)
        )
        for start in ("Changed", "Your place is given up")
    )
    assert _sequence(given_up) > _sequence(changed)
