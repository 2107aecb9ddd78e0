"""The office's "Delete the selected accounts (anonymise)…" first shows what deleting each
account changes (a pair ended and the partner told, an application withdrawn, a place given
up) and whom it emails. That page asks each app once for everyone chosen, not once per
person: it costs as many queries for eight people as for two."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import (
    EventFactory,
    MatchFactory,
    MentorApplicationFactory,
    MentorFactory,
    ProgrammeFactory,
    RegistrationFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:accounts_user_changelist")


def mentors_with_much_to_lose(cast, how_many: int) -> list:
    """Mentors each in a pair under way in the cast's programme, with an application waiting
    in the next cohort and a place at a briefing to come: three things deleting ends."""
    next_cohort = ProgrammeFactory()
    briefing = EventFactory(programme=cast.programme, title="Mentor briefing, spring")
    people = []
    for _ in range(how_many):
        person = UserFactory()
        MatchFactory(
            mentor=MentorFactory(programme=cast.programme, applicant=person),
            board_member__programme=cast.programme,
            status="active",
        )
        MentorApplicationFactory(programme=next_cohort, applicant=person)
        RegistrationFactory(event=briefing, person=person)
        people.append(person)
    return people


def confirmation_queries(client, people) -> int:
    chosen = {"action": "delete_accounts", "_selected_action": [person.pk for person in people]}
    with CaptureQueriesContext(connection) as captured:
        page = client.post(CHANGELIST, chosen)
    assert page.status_code == 200
    shown = page.context["people"]
    assert [each["user"] for each in shown] == sorted(
        people, key=lambda person: (person.full_name, person.email)
    )
    # Every lookup that is counted did its work: what ends, and who is told.
    assert all(len(each["consequences"]) == 3 for each in shown)
    assert all(len(each["emailed"]) == 1 + 2 for each in shown)  # partner, two coordinators
    return len(captured)


def test_the_confirmation_costs_as_much_for_eight_people_as_for_two(client, cast):
    client.force_login(cast.superuser)
    two, eight = mentors_with_much_to_lose(cast, 2), mentors_with_much_to_lose(cast, 8)

    assert confirmation_queries(client, eight) == confirmation_queries(client, two)
