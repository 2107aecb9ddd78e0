"""/match/ and /meetings/ for someone in no pair say why, by where they stand (the stages
their dashboard reads): only an accepted mentor or a board member is told the programme
office will match them; an applicant still considered, wait-listed, declined, withdrawn or
ruled out is told so; someone whose pair ended is told what happens next."""

from datetime import date, timedelta

import pytest
from django.urls import reverse

from mentoring.models import Audience, EndReason, MentorApplication
from mentoring.services.matches import match_end
from tests.admin_pages import words
from tests.factories import (
    BoardMemberFactory,
    DraftApplicationFactory,
    MentorApplicationFactory,
    MentorFactory,
    ProgrammeFactory,
    attend_briefing,
    line_manager_asked,
)

pytestmark = pytest.mark.django_db

PAGES = [reverse("match"), reverse("meetings")]
MATCHES_YOU = "the programme office matches you with"
WILL_MATCH_YOU = "the programme office will match you with"
HOW_TO_TAKE_PART = "says how you can take part"


def pages_for(client, person) -> list[str]:
    client.force_login(person)
    return [words(client.get(address).content.decode()) for address in PAGES]


@pytest.mark.parametrize(
    ("state", "said"),
    [
        ("submitted", "your application to 2026/27 pilot is still being considered"),
        ("line_manager", "your application to 2026/27 pilot is still being considered"),
        ("waitlisted", "you are on the waiting list for 2026/27 pilot. If a place comes up"),
        ("declined", "could not offer you a place in 2026/27 pilot this time"),
        ("withdrawn", "you withdrew your application to 2026/27 pilot"),
        ("ineligible", "your application to 2026/27 pilot cannot go any further this time"),
        ("draft", "your application to 2026/27 pilot is a draft, not sent yet"),
    ],
)
def test_an_applicant_not_accepted_is_told_where_their_application_stands(
    client, cast, state, said
):
    if state == "line_manager":
        line_manager_asked(cast.programme, cast.outsider, "lena@example.org")
    elif state == "draft":
        DraftApplicationFactory(programme=cast.programme, applicant=cast.outsider)
    elif state == "ineligible":
        MentorApplicationFactory(programme=cast.programme, applicant=cast.outsider, eligible=False)
    else:
        MentorApplicationFactory(programme=cast.programme, applicant=cast.outsider, status=state)

    for page in pages_for(client, cast.outsider):
        assert said in page
        assert MATCHES_YOU not in page
        assert WILL_MATCH_YOU not in page
        assert HOW_TO_TAKE_PART not in page


@pytest.mark.parametrize("briefed", [True, False])
def test_an_accepted_mentor_waits_to_be_matched_after_their_briefing(client, cast, briefed):
    MentorApplicationFactory(programme=cast.programme, applicant=cast.outsider, status="accepted")
    if briefed:
        attend_briefing(cast.outsider, cast.programme, Audience.MENTORS)

    for page in pages_for(client, cast.outsider):
        if briefed:
            assert f"You have been briefed, and {WILL_MATCH_YOU} a board member" in page
        else:
            assert f"Once you have attended a mentor briefing, {MATCHES_YOU} a board member" in page


@pytest.mark.parametrize("briefed", [True, False])
def test_a_board_member_waits_for_a_mentor(client, cast, briefed):
    BoardMemberFactory(programme=cast.programme, user=cast.outsider)
    if briefed:
        attend_briefing(cast.outsider, cast.programme, Audience.BOARD_MEMBERS)

    for page in pages_for(client, cast.outsider):
        if briefed:
            assert f"You have been briefed, and {WILL_MATCH_YOU} a reverse mentor" in page
        else:
            assert f"board members' briefing, {MATCHES_YOU} a reverse mentor" in page


@pytest.mark.parametrize("member", ["mentor", "board_member"])
def test_someone_whose_pair_ended_is_told_what_happens_next(client, cast, member):
    match_end(match=cast.pair, reason=EndReason.WITHDRAWN, by=cast.coordinator)

    for page in pages_for(client, getattr(cast, member)):
        assert "ended on" in page
        assert "To talk about what happens next, write to the programme office" in page
        assert MATCHES_YOU not in page


WRITE_TO_THE_OFFICE = "To talk about what happens next, write to the programme office"


def test_a_mentor_whose_pair_ran_its_course_is_pointed_to_her_place_in_a_later_programme(
    client, cast
):
    """Maya applied to the 2027/28 cohort, opened beside the pilot, before she applied to the
    pilot: the pilot's is her newest application, so where she stands is its ended pair. She
    holds a place in that later cohort, and is pointed there, as her dashboard points her
    (mentoring.selectors.place_elsewhere)."""
    later = ProgrammeFactory(name="2027/28 cohort", slug="cohort-two", starts_on=date(2027, 9, 1))
    applied_first = MentorFactory(programme=later, applicant=cast.mentor)
    MentorApplication.objects.filter(pk=applied_first.pk).update(
        created_at=cast.pair.mentor.created_at - timedelta(days=1)
    )
    match_end(match=cast.pair, reason=EndReason.COMPLETED)
    client.force_login(cast.mentor)

    for address in PAGES:
        page = client.get(address).content.decode()
        assert "ended on" in words(page)
        assert "what happens next for you is in 2027/28 cohort" in words(page)
        assert 'href="/programmes/cohort-two/"' in page
        assert WRITE_TO_THE_OFFICE not in words(page)


@pytest.mark.parametrize("member", ["mentor", "board_member"])
def test_someone_whose_pair_ran_its_course_with_no_later_place_writes_to_the_office(
    client, cast, member
):
    match_end(match=cast.pair, reason=EndReason.COMPLETED)

    for page in pages_for(client, getattr(cast, member)):
        assert WRITE_TO_THE_OFFICE in page
        assert "what happens next for you is in" not in page
