"""Someone withdraws (their places given up) at the moment the office calls their event off.
The call-off holds the places' locks; giving them up waits, and then finds the event called
off: its person was told by the call-off, so nobody is told twice, and their place stays as
it was when the event was called off. Row locks: PostgreSQL only."""

from datetime import timedelta

import pytest
from django.utils import timezone

from accounts.models import OutboxMessage
from mentoring.models import Registration, RegistrationStatus
from mentoring.services.events import event_call_off, places_give_up
from tests.concurrency import needs_postgresql, while_held
from tests.factories import EventFactory, RegistrationFactory, UserFactory

pytestmark = [pytest.mark.django_db(transaction=True), needs_postgresql]


def test_a_place_given_up_during_the_call_off_is_not_told_twice():
    event = EventFactory(starts_at=timezone.now() + timedelta(days=7))
    priya = UserFactory(full_name="Priya Patel")
    RegistrationFactory(event=event, person=priya)
    office = UserFactory(full_name="Carmen Coordinator")

    while_held(
        lambda: event_call_off(event=event, by=office, message="Speaker unwell."),
        then=lambda: places_give_up(
            registrations=Registration.objects.filter(person=priya),
            because="as you have withdrawn your application",
        ),
    )

    assert list(OutboxMessage.objects.values_list("kind", flat=True)) == [
        "mentoring/email/event_called_off"
    ]
    assert Registration.objects.get(person=priya).status == RegistrationStatus.REGISTERED
