"""The start page names the pairs still active in a closed programme (nobody reminds them),
also once the next programme is active, linking to those pairs alone."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.admin_pages import sign_in_for_real, words
from tests.factories import (
    ProgrammeFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def office(client, cast):
    sign_in_for_real(client, cast, "coordinator")
    return client


START = reverse("admin:index")


def _next_cohort():
    """The office opened next year's cohort (active, recruiting, starting later)."""
    return ProgrammeFactory(
        name="2027/28 cohort",
        slug="next",
        starts_on=timezone.localdate() + timedelta(days=200),
    )


def test_pairs_left_active_in_a_closed_programme_are_still_said_once_the_next_is_active(
    office, cast
):
    """The start page warns that pairs left active in a closed programme get no reminders,
    but only while no programme is active: once the next cohort is opened (the usual order:
    close the pilot, open the next) the same two forgotten pairs are not mentioned."""
    cast.programme.status = "closed"
    cast.programme.recruitment_open = False
    cast.programme.save()
    _next_cohort()
    page = words(office.get(START).content.decode())
    assert "Needs attention in 2027/28 cohort" in page
    assert "still active in a closed programme" in page, (
        "two pairs left active in the closed pilot, reminded by nobody, are not mentioned"
    )
