"""Someone whose pair ended in a programme still running, and who takes part in another
running beside it (the next cohort), is told on /match/ and /meetings/ where they stand in
that one and what to do next there, as their dashboard says, not "nothing you need to do"
(`mentoring.stages.unpaired_standing`)."""

from datetime import timedelta

import pytest
from django.utils import timezone

from mentoring.models import Audience, EndReason
from mentoring.services.matches import match_end
from tests.factories import (
    BoardMemberFactory,
    EventFactory,
    MentorFactory,
    ProgrammeFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def cohort_two(cast):
    """The pilot runs on beside the next cohort (README: `?programme=` on the start page);
    Cohort Two has a briefing for each audience coming up."""
    cohort = ProgrammeFactory(name="Cohort Two", slug="cohort-two")
    for audience in (Audience.MENTORS, Audience.BOARD_MEMBERS):
        EventFactory(
            programme=cohort,
            audience=audience,
            title=f"Cohort Two briefing for {audience}",
            starts_at=timezone.now() + timedelta(days=10),
        )
    return cohort


@pytest.mark.parametrize("page", ["/match/", "/meetings/"])
def test_a_mentor_whose_pilot_pair_ended_is_told_their_step_in_the_next_cohort(
    client, cast, cohort_two, page
):
    """Maya's pilot pair ran its course; the pilot still runs. Accepted into Cohort Two and
    not briefed there, her next step is that cohort's briefing, as her dashboard says."""
    match_end(match=cast.pair, reason=EndReason.COMPLETED)
    MentorFactory(programme=cohort_two, applicant=cast.mentor, briefed=False)
    client.force_login(cast.mentor)

    dashboard = client.get("/dashboard/").content.decode()
    assert "register for it" in dashboard  # the dashboard knows the next step

    body = client.get(page).content.decode()
    assert "Next: nothing you need to do" not in body
    assert "Cohort Two" in body


@pytest.mark.parametrize("page", ["/match/", "/meetings/"])
def test_a_board_member_whose_pilot_pair_ended_is_sent_to_the_next_cohorts_profile(
    client, cast, cohort_two, page
):
    """Bola's pilot pair ran its course; invited to Cohort Two, her profile there is still
    to complete: that is her next step, not "nothing you need to do"."""
    match_end(match=cast.pair, reason=EndReason.COMPLETED)
    BoardMemberFactory(
        programme=cohort_two, user=cast.board_member, profile_completed_at=None, bio=""
    )
    client.force_login(cast.board_member)

    dashboard = client.get("/dashboard/").content.decode()
    assert "Complete your profile" in dashboard

    body = client.get(page).content.decode()
    assert "Next: nothing you need to do" not in body
    assert "/profile/?programme=cohort-two" in body
