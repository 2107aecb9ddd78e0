"""Maya's pilot pair ran its course while the pilot runs on; she is now accepted and briefed
in a later cohort, waiting to be matched there. Her dashboard's pilot card no longer tells
her to write to the office "to talk about what happens next", under the later cohort's card
saying what happens next: it points to that cohort. Someone with no place elsewhere is still
told to write to the office."""

import pytest

from mentoring.models import EndReason
from mentoring.services.matches import match_end
from tests.factories import BriefedBoardMemberFactory, MentorFactory, ProgrammeFactory
from tests.pages import page_text

pytestmark = pytest.mark.django_db

ADVICE = "To talk about what happens next, write to the programme office"


@pytest.fixture
def later_cohort(cast):
    return ProgrammeFactory(name="2027/28 cohort", slug="cohort-two")


def dashboard(client, person) -> str:
    client.force_login(person)
    return page_text(client.get("/dashboard/"))


def test_a_mentor_accepted_in_a_later_cohort_is_pointed_there_not_to_the_office(
    client, cast, later_cohort
):
    match_end(match=cast.pair, reason=EndReason.COMPLETED)
    MentorFactory(programme=later_cohort, applicant=cast.mentor)

    text = dashboard(client, cast.mentor)

    assert ADVICE not in text
    assert (
        "Thank you for the time you gave it. Next: nothing you need to do here; what happens "
        "next for you is in 2027/28 cohort" in text
    )


def test_a_board_member_on_a_later_cohorts_board_is_pointed_there_not_to_the_office(
    client, cast, later_cohort
):
    match_end(match=cast.pair, reason=EndReason.COMPLETED)
    BriefedBoardMemberFactory(programme=later_cohort, user=cast.board_member)

    text = dashboard(client, cast.board_member)

    assert ADVICE not in text
    assert "what happens next for you is in 2027/28 cohort" in text


def test_someone_with_no_place_elsewhere_is_still_told_to_write_to_the_office(client, cast):
    match_end(match=cast.pair, reason=EndReason.COMPLETED)

    assert ADVICE in dashboard(client, cast.mentor)
