"""Bola is on the pilot's board and on the board of "2025 cohort", both running. Her pilot
pair ends to rematch (or is withdrawn): the pilot will offer her a new mentor, so what
happens next is in the pilot. Neither her dashboard nor the pilot's page points her to 2025
cohort; they say what they say of any pair ended so: nothing to do, that the pilot's office
may pair her anew and will email her if it does, and to write to it to talk about it. Maya
alike, accepted in 2025 cohort (not once she has withdrawn). Only a pairing that ran its
course points elsewhere, and only to a programme beginning after the pair's: one that began
before it is not where things go on."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from mentoring.models import BoardMember, EndReason
from mentoring.services.applications import application_withdraw
from mentoring.services.matches import match_end
from tests.factories import BriefedBoardMemberFactory, MentorFactory, ProgrammeFactory
from tests.pages import page_text

pytestmark = pytest.mark.django_db

ADVICE = (
    "Next: nothing you need to do. The programme office may pair you with a new {partner}, and "
    "will email you if they do. To talk about what happens next, write to the programme office"
)
POINTED = "what happens next for you is in 2025 cohort"


def pages(client, cast, person) -> list[str]:
    """Her dashboard and the pilot's programme page, as text."""
    client.force_login(person)
    return [
        page_text(client.get(reverse("dashboard"))),
        page_text(client.get(reverse("programme_detail", args=[cast.programme.slug]))),
    ]


@pytest.mark.parametrize("reason", [EndReason.REMATCHED, EndReason.WITHDRAWN])
def test_bola_rematched_in_the_pilot_is_not_pointed_to_2025_cohort(client, cast, reason):
    cohort = ProgrammeFactory(name="2025 cohort", slug="cohort-2025")
    BriefedBoardMemberFactory(programme=cohort, user=cast.board_member)
    match_end(match=cast.pair, reason=reason)

    for text in pages(client, cast, cast.board_member):
        assert POINTED not in text
        assert ADVICE.format(partner="reverse mentor") in text


@pytest.mark.parametrize("reason", [EndReason.REMATCHED, EndReason.WITHDRAWN])
def test_maya_whose_pilot_pair_ended_to_rematch_is_not_pointed_to_2025_cohort(client, cast, reason):
    MentorFactory(
        programme=ProgrammeFactory(name="2025 cohort", slug="cohort-2025"), applicant=cast.mentor
    )
    match_end(match=cast.pair, reason=reason)

    for text in pages(client, cast, cast.mentor):
        assert POINTED not in text
        assert ADVICE.format(partner="board member") in text


@pytest.mark.parametrize("person", ["mentor", "board_member"])
def test_a_pairing_that_ran_its_course_is_not_pointed_to_a_programme_that_began_before_it(
    client, cast, person
):
    earlier = ProgrammeFactory(
        name="2025 cohort",
        slug="cohort-2025",
        starts_on=timezone.localdate() - timedelta(days=365),
        recruitment_open=False,
    )
    if person == "mentor":
        MentorFactory(programme=earlier, applicant=cast.mentor)
    else:
        BriefedBoardMemberFactory(programme=earlier, user=cast.board_member)
    match_end(match=cast.pair, reason=EndReason.COMPLETED)

    for text in pages(client, cast, getattr(cast, person)):
        assert POINTED not in text
        assert "To talk about what happens next, write to the programme office" in text
        assert "may pair you with a new" not in text


def test_a_mentor_who_withdrew_is_not_told_they_may_be_paired_again(client, cast):
    """Withdrawing her application ended Maya's pair; Bola stays on the board."""
    assert application_withdraw(application=cast.pair.mentor)

    maya = pages(client, cast, cast.mentor)
    bola = pages(client, cast, cast.board_member)

    assert not any("may pair you with a new" in text for text in maya)
    for text in bola:
        assert ADVICE.format(partner="reverse mentor") in text


def test_a_board_member_whose_profile_was_reopened_is_asked_to_complete_it_first(client, cast):
    """The match board lists her only with a complete profile: the office reopened it (a
    theme now asked for), so that is her next step, not waiting."""
    match_end(match=cast.pair, reason=EndReason.REMATCHED)
    BoardMember.objects.filter(pk=cast.pair.board_member_id).update(profile_completed_at=None)

    for text in pages(client, cast, cast.board_member):
        assert "Next: complete your profile" in text
        assert (
            "so that the programme office can pair you with a new reverse mentor; they will "
            "email you if they do." in text
        )
        assert "nothing you need to do" not in text
