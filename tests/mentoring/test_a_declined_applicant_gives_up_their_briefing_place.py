"""When the line manager declines, the application cannot go on, so the applicant's places at
the programme's mentor events still to come go back to others (and no reminder of them is
sent, as reminders look for a place still held). Places in the past, and in other
programmes, stay as they were; an agreement releases nothing."""

from datetime import timedelta
from importlib import import_module

import pytest
from django.apps import apps
from django.urls import reverse
from django.utils import timezone

from mentoring.models import (
    ApplicationStatus,
    Audience,
    EventKind,
    LineManagerRequest,
    Registration,
    RegistrationStatus,
)
from mentoring.services.applications import ApplicationError
from mentoring.services.line_managers import line_manager_answer
from tests.cast import sign_in_as
from tests.factories import (
    EventFactory,
    ProgrammeFactory,
    RegistrationFactory,
    line_manager_asked,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def places(cast):
    """The outsider applied to the cast's programme, which waits for their line manager, and
    holds places at its next mentor briefing and joint evaluation session, at a briefing
    held last month and at another programme's briefing."""
    asked = line_manager_asked(cast.programme, cast.outsider, "manager@example.org")
    later = timezone.now() + timedelta(days=10)
    held = timezone.now() - timedelta(days=30)
    own = {
        "briefing": EventFactory(programme=cast.programme, starts_at=later),
        "joint": EventFactory(
            programme=cast.programme,
            kind=EventKind.EVALUATION,
            audience=Audience.JOINT,
            starts_at=later,
        ),
        "held": EventFactory(programme=cast.programme, starts_at=held),
        "elsewhere": EventFactory(programme=ProgrammeFactory(), starts_at=later),
    }
    for event in own.values():
        RegistrationFactory(event=event, person=cast.outsider)
    return asked, own


def status_at(event, person) -> str:
    return Registration.objects.get(event=event, person=person).status


def test_declining_gives_the_applicants_places_to_come_back(cast, places):
    asked, events = places

    line_manager_answer(request=asked, agreed=False, reason="Not this year", answered_by=None)

    assert status_at(events["briefing"], cast.outsider) == RegistrationStatus.CANCELLED
    assert status_at(events["joint"], cast.outsider) == RegistrationStatus.CANCELLED
    assert status_at(events["held"], cast.outsider) == RegistrationStatus.REGISTERED
    assert status_at(events["elsewhere"], cast.outsider) == RegistrationStatus.REGISTERED


def test_agreeing_keeps_every_place(cast, places):
    asked, events = places

    line_manager_answer(request=asked, agreed=True, reason="", answered_by=None)

    assert {status_at(event, cast.outsider) for event in events.values()} == {
        RegistrationStatus.REGISTERED
    }


def test_the_applicant_reads_that_their_place_was_released(client, cast, places):
    asked, events = places
    line_manager_answer(request=asked, agreed=False, reason="Not this year", answered_by=None)
    sign_in_as(client, cast, "outsider")

    page = client.get(reverse("dashboard")).content.decode()

    assert "cannot go any further" in page
    assert "any briefing place you had booked has been given back" in page
    assert events["briefing"].title not in page  # no briefing offered, none said to be held


def test_a_refusal_after_the_office_accepted_takes_no_place(cast, places):
    """An accepted application is no longer asked at all: a late refusal records nothing,
    and its places stay."""
    asked, events = places
    asked.application.status = ApplicationStatus.ACCEPTED
    asked.application.decided_at = timezone.now()
    asked.application.save(update_fields=["status", "decided_at"])

    with pytest.raises(ApplicationError, match="Nothing was recorded"):
        line_manager_answer(request=asked, agreed=False, reason="Late", answered_by=None)

    assert {status_at(event, cast.outsider) for event in events.values()} == {
        RegistrationStatus.REGISTERED
    }


def test_a_refusal_of_a_wait_listed_application_gives_its_places_back(cast, places):
    """A place on the waiting list needs no agreement, but accepting needs it, and a "No"
    is final: a wait-listed application refused can never be accepted, so its briefing
    places are given back as a submitted one's are, rather than a half-day spent for
    nothing."""
    asked, events = places
    asked.application.status = ApplicationStatus.WAITLISTED
    asked.application.decided_at = timezone.now()
    asked.application.save(update_fields=["status", "decided_at"])

    line_manager_answer(request=asked, agreed=False, reason="Late", answered_by=None)

    assert status_at(events["briefing"], cast.outsider) == RegistrationStatus.CANCELLED


def test_a_refusal_where_the_programme_asks_no_line_manager_takes_no_place(cast, places):
    asked, events = places
    cast.programme.line_manager_agreement = False
    cast.programme.save(update_fields=["line_manager_agreement"])

    line_manager_answer(request=asked, agreed=False, reason="No", answered_by=None)

    assert status_at(events["briefing"], cast.outsider) == RegistrationStatus.REGISTERED


def test_refusals_recorded_before_gave_their_places_back_once_migrated(cast, places):
    asked, events = places
    LineManagerRequest.objects.filter(pk=asked.pk).update(
        decision="declined", reason="Not this year", answered_at=timezone.now()
    )
    assert status_at(events["briefing"], cast.outsider) == RegistrationStatus.REGISTERED

    import_module("mentoring.migrations.0022_release_declined_applicants_places").release(
        apps, None
    )

    assert status_at(events["briefing"], cast.outsider) == RegistrationStatus.CANCELLED
    assert status_at(events["joint"], cast.outsider) == RegistrationStatus.CANCELLED
    assert status_at(events["held"], cast.outsider) == RegistrationStatus.REGISTERED
    assert status_at(events["elsewhere"], cast.outsider) == RegistrationStatus.REGISTERED
