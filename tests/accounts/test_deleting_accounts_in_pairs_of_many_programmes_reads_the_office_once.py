"""The office's "Delete the selected accounts (anonymise)…" names, for each pair it ends, the
programme office that is told. A programme with no address of its own is told through its
coordinators, who are the same for every programme: the confirmation reads them once, so it
costs the same for people in pairs of one programme as of five, and still names each
coordinator as told of each pair."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from mentoring.models import MatchStatus
from tests.factories import (
    BriefedBoardMemberFactory,
    MatchFactory,
    MentorFactory,
    ProgrammeFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:accounts_user_changelist")


def mentors_in_pairs_of(programmes: int, name: str) -> list:
    """A mentor in a pair under way in each of `programmes` new cohorts (`name` 1, 2…), none
    with an office address of its own."""
    people = []
    for number in range(1, programmes + 1):
        cohort = ProgrammeFactory(name=f"{name} {number}", slug=f"{name.lower()}-{number}")
        person = UserFactory()
        MatchFactory(
            mentor=MentorFactory(programme=cohort, applicant=person),
            board_member=BriefedBoardMemberFactory(programme=cohort),
            status=MatchStatus.ACTIVE,
        )
        people.append(person)
    return people


def confirmation(client, people):
    """The confirmation's page, and the statements that read the coordinators for it."""
    chosen = {"action": "delete_accounts", "_selected_action": [person.pk for person in people]}
    with CaptureQueriesContext(connection) as captured:
        page = client.post(CHANGELIST, chosen)
    assert page.status_code == 200
    coordinators = [
        each["sql"]
        for each in captured
        if '"auth_group"."name" = ' in each["sql"] and "accounts_user" in each["sql"]
    ]
    return page, len(captured), coordinators


def test_the_confirmation_costs_the_same_for_pairs_in_one_programme_as_in_five(client, cast):
    client.force_login(cast.superuser)
    one, five = mentors_in_pairs_of(1, "Solo"), mentors_in_pairs_of(5, "Quintet")

    _, few, read_for_one = confirmation(client, one)
    _, many, read_for_five = confirmation(client, five)

    assert many == few
    assert len(read_for_five) == len(read_for_one)


def test_each_programmes_office_is_still_named_as_told(client, cast):
    client.force_login(cast.superuser)
    people = mentors_in_pairs_of(3, "Trio")

    page, _, _ = confirmation(client, people)

    for shown in page.context["people"]:
        told = [line for line in shown["emailed"] if "the programme office of Trio" in line]
        # The cast's two coordinators, Carmen and Sue, for the one programme the pair is in.
        assert [line.split(" (")[0] for line in told] == ["Carmen Coordinator", "Sue Super"]
