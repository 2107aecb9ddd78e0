"""A programme the office has closed keeps its events to come (a closing evaluation session,
say), but someone it never paired there is told there is nothing more to do in it: none of
its events offers them a place, on the events page or by posting the Register button. A
place they already hold is still theirs to see and give up, and the pair members, whose
pairing is still active or has ended, still come to its sessions."""

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.models import OutboxMessage
from mentoring.models import (
    Audience,
    EventKind,
    MatchStatus,
    ProgrammeStatus,
    Registration,
    RegistrationStatus,
)
from tests.admin_pages import words, words_at
from tests.factories import (
    BoardMemberFactory,
    BriefedBoardMemberFactory,
    EventFactory,
    MatchFactory,
    MentorFactory,
    ProgrammeFactory,
    RegistrationFactory,
)

pytestmark = pytest.mark.django_db

ENDED_UNPAIRED = "Old Pilot ended before you were paired, so there is nothing more to do in it"
REFUSED = (
    "Old Pilot ended before you were paired, so there is nothing more to do in it and its "
    "events take no registrations from you."
)


@pytest.fixture
def ended_programme():
    """A programme the office closed, with its closing evaluation session still to come
    (closing keeps events to come as they are: test_closing_a_programme_asks_first.py)."""
    return ProgrammeFactory(
        name="Old Pilot", slug="old", status=ProgrammeStatus.CLOSED, recruitment_open=False
    )


@pytest.fixture
def closing_session(ended_programme):
    return EventFactory(
        programme=ended_programme,
        kind=EventKind.EVALUATION,
        audience=Audience.JOINT,
        title="Closing session",
        starts_at=timezone.now() + timedelta(days=20),
    )


def never_paired(programme, who):
    """An accepted mentor, or a board member, whom the programme never paired."""
    if who == "mentor":
        return MentorFactory(programme=programme, briefed=False).applicant
    return BoardMemberFactory(programme=programme).user


def signed_in(person) -> Client:
    client = Client()
    client.force_login(person)
    return client


@pytest.mark.parametrize("who", ["mentor", "board_member"])
def test_told_nothing_more_to_do_in_an_ended_programme_is_offered_nothing_in_it(
    ended_programme, closing_session, who
):
    client = signed_in(never_paired(ended_programme, who))

    dashboard = words_at(client, reverse("dashboard"))
    events = words_at(client, reverse("events"))

    assert ENDED_UNPAIRED in dashboard
    assert "Closing session" not in events
    assert "Register for Closing session" not in events
    # Said as the dashboard says it: not that nothing is on "just now", nor what the cohort
    # does next.
    assert ENDED_UNPAIRED in events
    assert "just now" not in events
    assert "the cohort meets again at the end" not in events


@pytest.mark.parametrize("who", ["mentor", "board_member"])
def test_registering_by_posting_the_button_is_refused_and_says_why(
    ended_programme, closing_session, who
):
    person = never_paired(ended_programme, who)
    client = signed_in(person)

    response = client.post(reverse("event_register", args=[closing_session.pk]), follow=True)

    assert REFUSED in words(response.content.decode())
    assert not closing_session.registrations.filter(person=person).exists()
    assert not OutboxMessage.objects.filter(recipient=person).exists()


@pytest.mark.parametrize("who", ["mentor", "board_member"])
def test_a_place_already_held_is_still_shown_and_given_up_for_good(
    ended_programme, closing_session, who, mailoutbox, django_capture_on_commit_callbacks
):
    """Taken before the office closed the programme: theirs to give up, not to take again."""
    person = never_paired(ended_programme, who)
    RegistrationFactory(event=closing_session, person=person)
    client = signed_in(person)

    events = words_at(client, reverse("events"))
    asked = words_at(client, reverse("event_cancel", args=[closing_session.pk]))
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("event_cancel", args=[closing_session.pk]))
    after = words_at(client, reverse("events"))
    again = client.post(reverse("event_register", args=[closing_session.pk]), follow=True)

    assert "Closing session" in events
    assert "You are registered" in events
    assert "Cancel my place at Closing session" in events
    assert "you cannot take a place at it again" in asked
    assert (
        Registration.objects.get(person=person, event=closing_session).status
        == RegistrationStatus.CANCELLED
    )
    assert "takes the event out of your calendar" in mailoutbox[-1].body
    assert "register again" not in mailoutbox[-1].body
    assert ENDED_UNPAIRED in after
    assert "Register for Closing session" not in after
    assert REFUSED in words(again.content.decode())
    assert (
        Registration.objects.get(person=person, event=closing_session).status
        == RegistrationStatus.CANCELLED
    )


@pytest.mark.parametrize("status", [MatchStatus.ACTIVE, MatchStatus.ENDED])
@pytest.mark.parametrize("role", ["mentor", "board_member"])
def test_a_pair_member_still_comes_to_its_closing_session(
    ended_programme, closing_session, status, role
):
    """Paired there, still or until their pairing ended: the session is theirs to evaluate."""
    pair = MatchFactory(
        mentor=MentorFactory(programme=ended_programme),
        board_member=BriefedBoardMemberFactory(programme=ended_programme),
        status=status,
    )
    person = pair.mentor.applicant if role == "mentor" else pair.board_member.user
    client = signed_in(person)

    events = words_at(client, reverse("events"))
    response = client.post(reverse("event_register", args=[closing_session.pk]), follow=True)

    assert "Register for Closing session" in events
    assert "You are registered for Closing session." in words(response.content.decode())
    assert (
        Registration.objects.get(person=person, event=closing_session).status
        == RegistrationStatus.REGISTERED
    )
