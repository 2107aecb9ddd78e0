"""A board member of two programmes whose pages name neither (the pair and meetings pages of
someone not paired, the Profile link) speak of the one where their next step is: a running
programme where a mentor may still come for them, before one being prepared, before one
whose pairing ran its course, before one closed. They spoke of the newest invitation: a later
cohort being prepared ("nothing you need to do") or closed since ("nothing more to do in it")
hid the pilot, where Fay's profile is still to complete."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from mentoring.models import EndReason, MatchStatus, ProgrammeStatus
from tests.factories import BoardMemberFactory, MatchFactory, ProgrammeFactory, UserFactory

pytestmark = pytest.mark.django_db


def page(client, person, url) -> str:
    """The page's main part in words, each link's address kept in brackets."""
    client.force_login(person)
    response = client.get(url)
    assert response.status_code == 200
    main = re.search(r"<main.*?</main>", response.content.decode(), re.S).group(0)
    main = re.sub(r'<a [^>]*href="([^"]*)"[^>]*>', r" [\1] ", main)
    return " ".join(re.sub(r"<[^>]+>", " ", main).split())


def member_of(programme, person, *, days_ago: int, **fields):
    return BoardMemberFactory(
        programme=programme,
        user=person,
        invited_at=timezone.now() - timedelta(days=days_ago),
        joined_at=timezone.now() - timedelta(days=days_ago),
        **fields,
    )


@pytest.fixture
def fay(cast):
    """Fay, a board member of the running pilot for 60 days: not paired, not briefed, her
    profile still to complete. Her next step there is her profile."""
    fay = UserFactory(full_name="Fay Waiting", email="fay@example.org")
    member_of(cast.programme, fay, days_ago=60, profile_completed_at=None, learning_goals="")
    return fay


def later_cohort(status):
    return ProgrammeFactory(
        name="Later cohort", slug="later", status=status, recruitment_open=False
    )


@pytest.mark.parametrize("url", ["/match/", "/meetings/"])
@pytest.mark.parametrize(
    ("status", "said_of_it"),
    [
        (ProgrammeStatus.DRAFT, "still preparing"),
        (ProgrammeStatus.CLOSED, "nothing more to do"),
    ],
)
def test_a_later_cohort_does_not_hide_her_next_step_in_the_pilot(
    client, fay, url, status, said_of_it
):
    member_of(later_cohort(status), fay, days_ago=10, profile_completed_at=None)

    said = page(client, fay, url)

    assert "[/profile/?programme=pilot] complete your profile" in said
    assert "Later cohort" not in said
    assert said_of_it not in said


def test_the_profile_link_opens_the_profile_she_still_has_to_complete(client, fay):
    member_of(later_cohort(ProgrammeStatus.CLOSED), fay, days_ago=10)

    said = page(client, fay, "/profile/")

    assert said.startswith("2026/27 pilot Your profile")
    assert "Later cohort has ended" not in said


def test_once_her_pairing_ran_its_course_the_profile_is_the_next_cohorts(client, cast, fay):
    """Her pairing in the pilot ran its course: no new mentor comes there, and the cohort
    being prepared is where her profile matters now."""
    MatchFactory(
        mentor__programme=cast.programme,
        board_member=fay.board_memberships.get(),
        status=MatchStatus.ENDED,
        ended_at=timezone.now() - timedelta(days=5),
        end_reason=EndReason.COMPLETED,
    )
    member_of(later_cohort(ProgrammeStatus.DRAFT), fay, days_ago=10)

    assert page(client, fay, "/profile/").startswith("Later cohort Your profile")


def test_with_nothing_running_the_newest_invitation_leads(client, fay, cast):
    cast.programme.status, cast.programme.recruitment_open = ProgrammeStatus.CLOSED, False
    cast.programme.save()
    member_of(later_cohort(ProgrammeStatus.CLOSED), fay, days_ago=10)

    assert page(client, fay, "/profile/").startswith("Later cohort Your profile")
