"""The programme office's decision takes back the places an applicant can no longer use.
Declined, every place at the programme's mentor and joint events to come goes back to others
(the events page shows a declined applicant none, so they could not give one up themselves,
and "tomorrow" reminders would still come). Wait-listed, the places at the cohort's own
sessions go back (an applicant on the waiting list is offered only the briefings), the
briefing place stays. Each person is emailed with a calendar file that removes the entry;
places held, past ones and another programme's stay; the confirmation says so first."""

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
    MentorApplication,
    Registration,
)
from mentoring.services.decisions import application_decide
from tests.factories import (
    BoardMemberFactory,
    EventFactory,
    ProgrammeFactory,
    RegistrationFactory,
    application_from,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def priya(cast):
    """Accepted (not yet paired), with places at the programme's next mentor briefing and
    joint evaluation session, at a briefing held last month and at another programme's
    briefing."""
    return application_from(cast.programme, "Priya Patel", status=ApplicationStatus.ACCEPTED)


@pytest.fixture
def events(cast, priya):
    later = timezone.now() + timedelta(days=10)
    own = {
        "briefing": EventFactory(programme=cast.programme, starts_at=later),
        "joint": EventFactory(
            programme=cast.programme,
            kind=EventKind.EVALUATION,
            audience=Audience.JOINT,
            title="Closing session",
            starts_at=later,
        ),
        "held": EventFactory(programme=cast.programme, starts_at=timezone.now() - timedelta(30)),
        "elsewhere": EventFactory(programme=ProgrammeFactory(), starts_at=later),
    }
    for event in own.values():
        RegistrationFactory(event=event, person=priya.applicant)
    return own


def statuses(events, person) -> dict[str, str]:
    return {
        name: Registration.objects.get(event=event, person=person).status
        for name, event in events.items()
    }


def test_declining_gives_back_every_place_to_come_and_says_so(
    cast, priya, events, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        application_decide(
            application=priya, status=ApplicationStatus.DECLINED, by=cast.coordinator
        )

    assert statuses(events, priya.applicant) == {
        "briefing": "cancelled",
        "joint": "cancelled",
        "held": "registered",
        "elsewhere": "registered",
    }
    given_up = [mail for mail in mailoutbox if mail.subject.startswith("Your place is given up")]
    assert sorted(mail.subject for mail in given_up) == [
        "Your place is given up: Closing session",
        f"Your place is given up: {events['briefing'].title}",
    ]
    assert all(mail.to == [priya.applicant.email] for mail in given_up)
    assert "did not get a place this time" in given_up[0].body
    assert all("METHOD:CANCEL" in str(mail.attachments[0][1]) for mail in given_up)


def test_wait_listing_gives_back_the_cohorts_sessions_and_keeps_the_briefing(cast, priya, events):
    application_decide(application=priya, status=ApplicationStatus.WAITLISTED, by=cast.coordinator)

    assert statuses(events, priya.applicant) == {
        "briefing": "registered",
        "joint": "cancelled",
        "held": "registered",
        "elsewhere": "registered",
    }


def test_accepting_keeps_every_place(cast, events):
    sol = application_from(cast.programme, "Sol Okafor")
    for event in events.values():
        RegistrationFactory(event=event, person=sol.applicant)

    application_decide(application=sol, status=ApplicationStatus.ACCEPTED, by=cast.coordinator)

    assert set(statuses(events, sol.applicant).values()) == {"registered"}


@pytest.mark.parametrize(
    ("status", "said"),
    [
        ("declined", "Any place they hold at the programme's events to come is given back"),
        ("waitlisted", "Any place they hold at the cohort's own sessions to come"),
    ],
)
def test_the_confirmation_says_places_are_given_back(office, priya, status, said):
    decide = reverse("admin:mentoring_mentorapplication_decide", args=[priya.pk, status])

    page = office.get(f"{decide}?seen=accepted").content.decode().replace("&#x27;", "'")

    assert said in page


@pytest.mark.parametrize(
    ("status", "briefing"),
    [(ApplicationStatus.DECLINED, "cancelled"), (ApplicationStatus.WAITLISTED, "registered")],
)
def test_decisions_made_before_gave_their_places_back_once_migrated(
    priya, events, status, briefing
):
    MentorApplication.objects.filter(pk=priya.pk).update(status=status)
    held = Registration.objects.get(event=events["joint"], person=priya.applicant)

    import_module(
        "mentoring.migrations.0041_release_places_of_declined_and_wait_listed_applicants"
    ).release(apps, None)

    assert statuses(events, priya.applicant) == {
        "briefing": briefing,
        "joint": "cancelled",
        "held": "registered",
        "elsewhere": "registered",
    }
    # Their calendar entry moves on, as a place given back does.
    assert Registration.objects.get(pk=held.pk).sequence_offset == held.sequence_offset + 1


@pytest.mark.parametrize("leaving", ["declined", "withdrawn"])
def test_a_joint_place_held_as_a_board_member_of_the_programme_stays(
    cast, mailoutbox, django_capture_on_commit_callbacks, leaving
):
    """Priya, whose application waits, was added to the pilot's board too, and holds a place
    at its joint briefing, which she needs as a board member. Declining her application (the
    one decision left to the office) or her withdrawing it gave that place back, emailing
    her that it "is given up": only places held as a mentor go (`held_as_a_mentor`)."""
    from mentoring.services.applications import application_withdraw

    priya = application_from(cast.programme, "Priya Patel")
    BoardMemberFactory(programme=cast.programme, user=priya.applicant, email="priya@example.org")
    later = timezone.now() + timedelta(days=10)
    joint = EventFactory(programme=cast.programme, audience=Audience.JOINT, starts_at=later)
    mentors = EventFactory(
        programme=cast.programme, kind=EventKind.EVALUATION, audience=Audience.MENTORS
    )
    RegistrationFactory(event=joint, person=priya.applicant)
    RegistrationFactory(event=mentors, person=priya.applicant)

    with django_capture_on_commit_callbacks(execute=True):
        if leaving == "declined":
            application_decide(application=priya, status=leaving, by=cast.coordinator)
        else:
            application_withdraw(application=priya)

    held = dict(
        Registration.objects.filter(person=priya.applicant).values_list("event_id", "status")
    )
    assert held[joint.pk] == "registered"
    assert held[mentors.pk] != "registered"
