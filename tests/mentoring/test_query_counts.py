"""Pages that list applications cost the same number of queries for 5 rows as for 50."""

import pytest
from django.urls import reverse

from mentoring.models import ApplicationStatus
from tests.factories import (
    DraftApplicationFactory,
    GradeFactory,
    LineManagerRequestFactory,
    MentorApplicationFactory,
    ProgrammeFactory,
)
from tests.query_counts import queries_for

pytestmark = pytest.mark.django_db


STATUSES = [
    ApplicationStatus.SUBMITTED,
    ApplicationStatus.ACCEPTED,
    ApplicationStatus.WAITLISTED,
    ApplicationStatus.DECLINED,
    ApplicationStatus.WITHDRAWN,
]


# --- the applicant's dashboard --------------------------------------------------------------


def give_applications(person, count):
    """`person` has applied to `count` programmes over the years, in every state."""
    for n in range(count):
        programme = ProgrammeFactory(line_manager_agreement=True, line_manager_silence_days=10)
        if n % 6 == 5:
            DraftApplicationFactory(programme=programme, applicant=person)
            continue
        application = MentorApplicationFactory(
            programme=programme, applicant=person, status=STATUSES[n % 6]
        )
        LineManagerRequestFactory(application=application, email="lee@example.org")


# 1 session, 2 user, 3 the applications with their programme and line-manager request (and
# whether briefed; one query, JOINs), 4 the navigation's facts (which say they are no board
# member, so their memberships are not read), 5 upcoming briefings for the applications in
# the running, 6 the person's pairs (meetings and action steps are prefetched only when
# there is a pair). The current programme is one they applied to: not read again.
DASHBOARD_QUERIES = 6


@pytest.mark.parametrize("count", [5, 50])
def test_the_dashboard_costs_the_same_for_few_and_many_applications(
    client, staff_member, django_assert_max_num_queries, count
):
    give_applications(staff_member, count)
    client.force_login(staff_member)

    with django_assert_max_num_queries(DASHBOARD_QUERIES):
        response = client.get(reverse("dashboard"))

    assert response.content.decode().count("Your application:") == count


def test_the_dashboard_does_not_grow_with_applications(client, staff_member):
    give_applications(staff_member, 5)
    client.force_login(staff_member)
    few = queries_for(client, reverse("dashboard"))

    give_applications(staff_member, 45)
    many = queries_for(client, reverse("dashboard"))

    assert many == few


# --- the programme office's list of applications --------------------------------------------


def submit_applications(programme, count):
    """`count` applications, each with its own grade, two themes and a line-manager request."""
    for n in range(count):
        application = MentorApplicationFactory(
            programme=programme,
            grade=GradeFactory(name=f"Grade {n}"),
            themes=programme.themes.all(),
            status=STATUSES[n % 4],
        )
        LineManagerRequestFactory(application=application)


# 1 session, 2 user, 3 whether they have an authenticator, are a coordinator (the export
# action), and their permissions (one query: accounts.access.staff_facts_read), 4-7 filter
# choices (programme, department, themes, grade), 8 count, 9 the page of applications with
# applicant, grade and line-manager request (one query, JOINs), 10 their programme
# (prefetch): with two programmes or more, the programme filter shows, and the rows take
# theirs from its choices (read at 4) instead.
CHANGELIST_QUERIES = 10


@pytest.mark.parametrize("count", [5, 50])
def test_the_application_list_costs_the_same_for_few_and_many_applications(
    client, coordinator, django_assert_max_num_queries, count
):
    programme = ProgrammeFactory(line_manager_agreement=True, line_manager_silence_days=10)
    submit_applications(programme, count)
    client.force_login(coordinator)

    with django_assert_max_num_queries(CHANGELIST_QUERIES):
        response = client.get(reverse("admin:mentoring_mentorapplication_changelist"))

    assert response.content.decode().count('<td class="field-line_manager">') == count


def test_the_application_list_takes_its_programmes_from_the_programme_filter(
    client, coordinator, django_assert_max_num_queries
):
    programmes = [ProgrammeFactory(line_manager_agreement=flag) for flag in (True, False)]
    for programme in programmes:
        submit_applications(programme, 3)
    client.force_login(coordinator)

    with django_assert_max_num_queries(CHANGELIST_QUERIES - 1):
        response = client.get(reverse("admin:mentoring_mentorapplication_changelist"))

    page = response.content.decode()
    assert page.count('<td class="field-line_manager">Not needed</td>') == 3


def test_the_application_list_does_not_grow_with_applications(client, coordinator):
    programme = ProgrammeFactory(line_manager_agreement=True, line_manager_silence_days=10)
    url = reverse("admin:mentoring_mentorapplication_changelist")
    submit_applications(programme, 5)
    client.force_login(coordinator)
    few = queries_for(client, url)

    submit_applications(programme, 45)
    many = queries_for(client, url)

    assert many == few
