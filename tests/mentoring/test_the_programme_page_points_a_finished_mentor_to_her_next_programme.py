"""Maya's pilot pair ran its course while the pilot runs on. On the pilot's own page, as on
her dashboard, what happens next follows where she stands elsewhere: accepted (or on a
later cohort's board) in a later cohort still running, she is pointed there, not told to
write to the office; with nothing elsewhere, or with an application there still being
decided (or on its waiting list: no place yet), she is told to write to the office as
before. A later cohort being prepared (not published) or closed holds no place either."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from mentoring.models import ApplicationStatus, EndReason, Programme, ProgrammeStatus
from mentoring.services.matches import match_end
from tests.factories import (
    BriefedBoardMemberFactory,
    MentorApplicationFactory,
    MentorFactory,
    ProgrammeFactory,
)
from tests.pages import page_text

pytestmark = pytest.mark.django_db

ADVICE = "To talk about what happens next, write to the programme office"
POINTED = "Next: nothing you need to do here; what happens next for you is in 2027/28 cohort"


@pytest.fixture
def later_cohort(cast):
    return ProgrammeFactory(name="2027/28 cohort", slug="cohort-two")


@pytest.fixture
def pilot_pair_completed(cast):
    match_end(match=cast.pair, reason=EndReason.COMPLETED)


def pilot_page(client, cast, person) -> str:
    client.force_login(person)
    return page_text(client.get(reverse("programme_detail", args=[cast.programme.slug])))


def test_maya_accepted_in_a_later_cohort_is_pointed_there_from_the_pilots_page(
    client, cast, later_cohort, pilot_pair_completed
):
    MentorFactory(programme=later_cohort, applicant=cast.mentor)

    text = pilot_page(client, cast, cast.mentor)

    assert ADVICE not in text
    assert f"Thank you for the time you gave it. {POINTED}" in text
    assert (
        'href="/programmes/cohort-two/"'
        in client.get(reverse("programme_detail", args=[cast.programme.slug])).content.decode()
    )


def test_bola_on_a_later_cohorts_board_is_pointed_there_from_the_pilots_page(
    client, cast, later_cohort, pilot_pair_completed
):
    BriefedBoardMemberFactory(programme=later_cohort, user=cast.board_member)

    text = pilot_page(client, cast, cast.board_member)

    assert ADVICE not in text
    assert POINTED in text


@pytest.mark.parametrize("person", ["mentor", "board_member"])
def test_with_nothing_elsewhere_the_pilots_page_still_says_to_write_to_the_office(
    client, cast, pilot_pair_completed, person
):
    text = pilot_page(client, cast, getattr(cast, person))

    assert ADVICE in text
    assert "what happens next for you is in" not in text


@pytest.mark.parametrize(
    "status", [ApplicationStatus.SUBMITTED, ApplicationStatus.WAITLISTED, ApplicationStatus.DRAFT]
)
def test_an_application_elsewhere_not_yet_accepted_is_no_place_to_point_to(
    client, cast, later_cohort, pilot_pair_completed, status
):
    MentorApplicationFactory(programme=later_cohort, applicant=cast.mentor, status=status)

    text = pilot_page(client, cast, cast.mentor)

    assert ADVICE in text
    assert "what happens next for you is in" not in text


@pytest.mark.parametrize("status", [ProgrammeStatus.DRAFT, ProgrammeStatus.CLOSED])
def test_a_place_in_a_cohort_not_running_is_no_place_to_point_to(
    client, cast, pilot_pair_completed, status
):
    not_running = ProgrammeFactory(
        name="2027/28 cohort", slug="cohort-two", status=status, recruitment_open=False
    )
    MentorFactory(programme=not_running, applicant=cast.mentor)

    text = pilot_page(client, cast, cast.mentor)

    assert ADVICE in text
    assert "what happens next for you is in" not in text


def test_the_dashboard_says_the_same_as_the_programme_page(
    client, cast, later_cohort, pilot_pair_completed
):
    MentorFactory(programme=later_cohort, applicant=cast.mentor)
    MentorApplicationFactory(
        programme=ProgrammeFactory(name="2028/29 cohort", slug="cohort-three"),
        applicant=cast.mentor,
        status=ApplicationStatus.SUBMITTED,
    )

    client.force_login(cast.mentor)
    dashboard = page_text(client.get(reverse("dashboard")))

    assert ADVICE not in dashboard
    assert POINTED in dashboard
    assert POINTED in pilot_page(client, cast, cast.mentor)


def test_a_later_programme_is_one_that_newest_first_puts_before_it(cast):
    """`Programme.is_later_than`, by which the place elsewhere is picked from those read
    newest first, orders programmes as `newest_first` does in the database: by the day each
    begins (its start, or for one not dated the day it was made), then by when it was made.
    Two beginning on the same day and made at the same moment are neither later."""
    today = timezone.localdate()
    made_same_day = ProgrammeFactory(starts_on=today)  # begins as the undated pilot does
    ProgrammeFactory(starts_on=today + timedelta(days=30))
    ProgrammeFactory(starts_on=today - timedelta(days=30))
    undated = ProgrammeFactory()

    newest_first = list(Programme.objects.newest_first())
    for position, programme in enumerate(newest_first):
        for older in newest_first[position + 1 :]:
            assert programme.is_later_than(older)
            assert not older.is_later_than(programme)

    Programme.objects.filter(pk=undated.pk).update(created_at=made_same_day.created_at)
    undated.refresh_from_db()
    assert not undated.is_later_than(made_same_day)
    assert not made_same_day.is_later_than(undated)
