"""A superuser's "Make the selected people coordinators" and "Remove the selected people from
the coordinators" act on everyone chosen at once: as many queries for eight people as for
two, and each session the site holds read once, not once per person (making someone a
coordinator signs their sessions out, which means finding them among everyone's)."""

import pytest
from django.contrib.sessions.backends.db import SessionStore
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import User
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:accounts_user_changelist")


@pytest.fixture
def office(client, cast):
    client.force_login(cast.superuser)
    return client


@pytest.fixture
def sessions_elsewhere(cast):
    """Others signed in meanwhile: sessions that ending the chosen people's must look at."""
    for person in (cast.mentor, cast.board_member, cast.other_mentor, cast.outsider):
        Client().force_login(person)


@pytest.fixture
def decodes(monkeypatch):
    """How many times a session's data is read (accounts.sessions' store is the database's)."""
    count = {"n": 0}
    decode = SessionStore.decode

    def counted(self, session_data):
        count["n"] += 1
        return decode(self, session_data)

    monkeypatch.setattr(SessionStore, "decode", counted)
    return count


def acted(client, action: str, people) -> tuple[int, str]:
    """Queries the action costs, and what it said."""
    chosen = {"action": action, "_selected_action": [person.pk for person in people]}
    with CaptureQueriesContext(connection) as captured:
        response = client.post(CHANGELIST, chosen)
    assert response.status_code == 302
    queries = len(captured)  # before the next request starts a new log
    said = [str(message) for message in client.get(response.url).context["messages"]]
    return queries, said


def test_making_eight_coordinators_costs_what_making_two_does(office, sessions_elsewhere):
    two, eight = UserFactory.create_batch(2), UserFactory.create_batch(8)
    # Once first, so that what the process reads once and keeps (the content type by which
    # the audit trail names a person) is not counted.
    acted(office, "make_coordinator", UserFactory.create_batch(1))

    for_two, said = acted(office, "make_coordinator", two)
    assert said == [
        "2 coordinators added. Before using the programme office, each must set up two-factor "
        "authentication."
    ]
    for_eight, said = acted(office, "make_coordinator", eight)
    assert said[0].startswith("8 coordinators added.")
    assert all(
        person.is_coordinator for person in User.objects.filter(pk__in=[p.pk for p in eight])
    )

    assert for_eight == for_two


def test_removing_eight_coordinators_costs_what_removing_two_does(office):
    two, eight = UserFactory.create_batch(2), UserFactory.create_batch(8)
    acted(office, "make_coordinator", two + eight)

    for_two, said = acted(office, "remove_coordinator", two)
    assert said == ["2 people are no longer coordinators."]
    for_eight, said = acted(office, "remove_coordinator", eight)
    assert said == ["8 people are no longer coordinators."]
    assert not any(
        person.is_coordinator for person in User.objects.filter(pk__in=[p.pk for p in eight])
    )

    assert for_eight == for_two


def test_each_session_is_read_once_however_many_are_made_coordinators(
    office, sessions_elsewhere, decodes
):
    two, eight = UserFactory.create_batch(2), UserFactory.create_batch(8)

    acted(office, "make_coordinator", two)
    for_two, decodes["n"] = decodes["n"], 0
    acted(office, "make_coordinator", eight)

    assert decodes["n"] == for_two


def test_everyone_made_a_coordinator_is_signed_out_and_nobody_else(office, cast):
    chosen = UserFactory.create_batch(3)
    signed_in = {}
    for person in [*chosen, cast.mentor]:
        signed_in[person] = Client()
        signed_in[person].post(
            reverse("account_login"), {"login": person.email, "password": PASSWORD}
        )
        assert signed_in[person].get(reverse("dashboard")).status_code == 200

    acted(office, "make_coordinator", chosen)

    for person in chosen:
        assert signed_in[person].get(reverse("dashboard")).status_code == 302
    assert signed_in[cast.mentor].get(reverse("dashboard")).status_code == 200
    assert office.get(reverse("admin:index")).status_code == 200
