"""Each page says where the person stands and what to do next, in whichever programme that
is: a new cohort's wait for a match is not hidden behind a pair that ended in a closed one,
nor an application in the running behind a draft to the next; a board member whose profile
is unfinished is sent to it, not promised a match; a board member (of a programme not yet
published too) is never invited to apply, nor offered an application /apply/ refuses to
show; and an application that waited when its programme ended asks nobody to chase."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from mentoring.models import MatchStatus, ProgrammeStatus
from tests.factories import (
    BriefedBoardMemberFactory,
    MentorFactory,
    ProgrammeFactory,
    line_manager_asked,
)

pytestmark = pytest.mark.django_db


def _pilot_ended_with_pair_ended(cast):
    """The cast's pair ended, then the pilot closed."""
    cast.pair.status = MatchStatus.ENDED
    cast.pair.ended_at = timezone.now() - timedelta(days=30)
    cast.pair.end_reason = "completed"
    cast.pair.save()
    cast.programme.status = ProgrammeStatus.CLOSED
    cast.programme.recruitment_open = False
    cast.programme.save()


@pytest.mark.parametrize("page", ["match", "meetings"])
def test_a_mentor_waiting_in_a_new_cohort_is_told_so_not_only_that_the_old_pair_ended(
    client, cast, page
):
    """Maya's pilot pair ended and the pilot closed; she was accepted (and briefed) as a
    mentor in the next cohort, where she waits to be matched. /match/ and /meetings/ only
    say "the pilot has ended: thank you for taking part", as if she took no part now."""
    _pilot_ended_with_pair_ended(cast)
    cohort = ProgrammeFactory(name="2027/28 cohort", slug="cohort-2027")
    MentorFactory(programme=cohort, applicant=cast.mentor)
    client.force_login(cast.mentor)

    body = client.get(reverse(page)).content.decode()

    assert "2027/28 cohort" in body or "match you with a board member" in body


@pytest.mark.parametrize("page", ["match", "meetings"])
def test_a_board_member_invited_to_a_new_cohort_is_told_they_wait_for_a_mentor(client, cast, page):
    """Bola's pilot pair ended and the pilot closed; she joined the next cohort as a board
    member, briefed, waiting for a mentor. /match/ says only that the pilot ended."""
    _pilot_ended_with_pair_ended(cast)
    cohort = ProgrammeFactory(name="2027/28 cohort", slug="cohort-2027")
    BriefedBoardMemberFactory(programme=cohort, user=cast.board_member, email="bola2@example.org")
    client.force_login(cast.board_member)

    body = client.get(reverse(page)).content.decode()

    assert "match you with a reverse mentor" in body


@pytest.fixture
def bola_with_profile_to_finish(cast):
    """Bola is a briefed board member of a new cohort, waiting for a mentor, whose profile is
    not complete: the match board does not list her as waiting until it is
    (BoardMember.objects.waiting_for_a_mentor)."""
    _pilot_ended_with_pair_ended(cast)
    cohort = ProgrammeFactory(name="2027/28 cohort", slug="cohort-2027")
    BriefedBoardMemberFactory(
        programme=cohort,
        user=cast.board_member,
        email="bola2@example.org",
        profile_completed_at=None,
        bio="",
    )
    return cast.board_member


@pytest.mark.parametrize("page", ["match", "meetings"])
def test_a_board_member_without_a_complete_profile_is_sent_to_it_not_promised_a_match(
    client, bola_with_profile_to_finish, page
):
    client.force_login(bola_with_profile_to_finish)

    body = client.get(reverse(page)).content.decode()

    assert f"{reverse('profile')}?programme=cohort-2027" in body
    assert "will match you with a reverse mentor" not in body


def test_the_programme_page_promises_no_match_while_the_profile_is_to_complete(
    client, bola_with_profile_to_finish
):
    """The dashboard says "the programme office will match you" only once the profile is
    complete; the programme page said it beside "Complete your profile"."""
    client.force_login(bola_with_profile_to_finish)

    body = client.get(reverse("programme_detail", args=["cohort-2027"])).content.decode()

    assert "Complete your profile" in body
    assert "will match you with a reverse mentor" not in body


@pytest.fixture
def board_member_of_a_cohort_in_preparation(cast):
    """The office prepares the next cohort (a draft programme, not yet published) and has
    invited a board member to it, who joined. The pilot recruits mentors meanwhile."""
    cohort = ProgrammeFactory(
        name="2027/28 cohort",
        slug="cohort-2027",
        status=ProgrammeStatus.DRAFT,
        recruitment_open=False,
    )
    return BriefedBoardMemberFactory(programme=cohort).user


def test_a_board_member_of_a_programme_not_yet_published_is_not_invited_to_apply(
    client, cast, board_member_of_a_cohort_in_preparation
):
    """/apply/ refuses them (a board member elsewhere) and the navigation offers no Apply:
    the dashboard invited them to apply, and called them "a member of staff"."""
    person = board_member_of_a_cohort_in_preparation
    client.force_login(person)
    assert client.get(reverse("apply") + "?programme=pilot").status_code == 403

    body = client.get(reverse("dashboard")).content.decode()

    assert "Apply to be a reverse mentor" not in body
    assert "You are signed in as a member of staff" not in body


@pytest.mark.parametrize("page", ["dashboard", "programme page"])
def test_an_application_waiting_for_a_line_manager_in_an_ended_programme_asks_no_chasing(
    client, cast, page
):
    """The pilot closed while the outsider's application waited for their line manager. The
    page still asked them to tell their line manager to look out for the email, and said
    the office reviews it once they answer; /match/ says the pilot ended while it was being
    considered."""
    line_manager_asked(cast.programme, cast.outsider, "lee.manager@example.org")
    cast.programme.status, cast.programme.recruitment_open = ProgrammeStatus.CLOSED, False
    cast.programme.save()
    client.force_login(cast.outsider)
    url = (
        reverse("dashboard") if page == "dashboard" else reverse("programme_detail", args=["pilot"])
    )

    body = client.get(url).content.decode()

    assert "you may like to tell them to look out for it" not in body
    assert "reviews your application once they have answered" not in body
    assert "2026/27 pilot ended while your application" in body


def _nav_links(client) -> str:
    body = client.get(reverse("dashboard")).content.decode()
    start = body.index("<nav")
    return body[start : body.index("</nav>", start)]


def test_my_application_is_not_offered_to_a_board_member_whose_draft_is_refused(client, cast):
    """The outsider began a draft to the pilot, then joined another programme as a board
    member: /apply/ refuses them now (a draft is not sent any more), yet the navigation
    still offered "My application", leading to that refusal."""
    from tests.factories import DraftApplicationFactory

    DraftApplicationFactory(programme=cast.programme, applicant=cast.outsider)
    earlier = ProgrammeFactory(status=ProgrammeStatus.CLOSED, recruitment_open=False)
    BriefedBoardMemberFactory(programme=earlier, user=cast.outsider)
    client.force_login(cast.outsider)
    assert client.get(reverse("apply")).status_code == 403

    assert "My application" not in _nav_links(client)


def test_my_application_is_not_offered_to_a_board_member_of_the_programme(client, cast):
    """The outsider was declined as a mentor in the pilot, then invited to it as a board
    member (allowed: they are no longer in the running). /apply/ refuses them as a board
    member here; the navigation still offered "My application"."""
    from tests.factories import MentorApplicationFactory

    MentorApplicationFactory(programme=cast.programme, applicant=cast.outsider, status="declined")
    BriefedBoardMemberFactory(programme=cast.programme, user=cast.outsider)
    client.force_login(cast.outsider)
    assert client.get(reverse("apply")).status_code == 403

    assert "My application" not in _nav_links(client)

    page = client.get(reverse("dashboard")).content.decode()
    assert f"{reverse('apply')}?programme=pilot" not in page  # "Read your application": 403


@pytest.mark.parametrize("page", ["match", "meetings"])
def test_a_mentor_waiting_for_a_match_is_told_so_beside_a_draft_to_the_next_cohort(
    client, cast, page
):
    """The outsider is an accepted, briefed mentor of the pilot waiting to be matched, and
    has begun a draft to the next cohort. /match/ said only that the draft is not sent."""
    from tests.factories import DraftApplicationFactory

    MentorFactory(programme=cast.programme, applicant=cast.outsider)
    cohort = ProgrammeFactory(name="2027/28 cohort", slug="cohort-2027")
    DraftApplicationFactory(programme=cohort, applicant=cast.outsider)
    client.force_login(cast.outsider)

    body = client.get(reverse(page)).content.decode()

    assert "will match you with a board member" in body
