"""Maya's pilot pair ran its course while the pilot runs on; she is now accepted and briefed
in a later cohort, waiting to be matched there. Her dashboard's pilot card no longer tells
her to write to the office "to talk about what happens next", under the later cohort's card
saying what happens next: it points to that cohort; so does her own application page for the
pilot (/apply/?programme=pilot), in the same words. Someone with no place elsewhere is still
told to write to the office."""

import pytest
from django.urls import reverse

from mentoring.models import EndReason, Match
from mentoring.services.matches import match_end
from tests.factories import BriefedBoardMemberFactory, MentorFactory, ProgrammeFactory
from tests.pages import page_text
from tests.query_counts import queries_for

pytestmark = pytest.mark.django_db

ADVICE = "To talk about what happens next, write to the programme office"
PILOT_APPLICATION = f"{reverse('apply')}?programme=pilot"


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


def test_a_mentors_pilot_application_page_points_to_her_place_in_a_later_cohort_not_to_the_office(
    client, cast, later_cohort
):
    match_end(match=cast.pair, reason=EndReason.COMPLETED)
    MentorFactory(programme=later_cohort, applicant=cast.mentor)
    client.force_login(cast.mentor)

    response = client.get(PILOT_APPLICATION)

    text = page_text(response)
    assert ADVICE not in text
    assert (
        "Thank you for the time you gave it. Next: nothing you need to do here; what happens "
        "next for you is in 2027/28 cohort" in text
    )
    link = f'<a href="{reverse("programme_detail", args=[later_cohort.slug])}">2027/28 cohort</a>'
    assert link in response.content.decode()


def test_a_mentors_pilot_application_page_with_no_place_elsewhere_still_says_to_write_to_the_office(
    client, cast, later_cohort
):
    match_end(match=cast.pair, reason=EndReason.COMPLETED)
    # A colleague's place in the later cohort, not hers.
    MentorFactory(programme=later_cohort, applicant=cast.other_mentor)
    client.force_login(cast.mentor)

    text = page_text(client.get(PILOT_APPLICATION))

    assert f"{ADVICE} at {cast.programme.contact_email}" in text
    assert "what happens next for you is in" not in text


# Maya's own application page, the navigation's facts kept: 1 session, 2 user, 3 the programme
# by its slug, 4 to 6 whether she may apply (`why_cannot_apply`: whether a coordinator, her
# board places, and any board place reached by another address of hers), 7 her application
# (with its programme, grade, line-manager request and whether briefed), 8 its themes, 9 her
# pairs, 10 their meetings and 11 the other programmes recruiting that she may apply to
# (mentoring.views.applications._recruiting_besides: one query, however many). After her
# pair ran its course, and only then, one more: 12 her place in a later programme still
# running (mentoring.stages.after_pair_ended). One ended to rematch leaves her still to be
# matched in the pilot, so no place is looked for.
APPLICATION_PAGE_QUERIES = 11


def test_the_application_page_looks_for_a_place_elsewhere_only_once_her_pair_ran_its_course(
    client, cast, later_cohort
):
    MentorFactory(programme=later_cohort, applicant=cast.mentor)
    client.force_login(cast.mentor)
    client.get(PILOT_APPLICATION)  # the navigation's facts kept
    assert queries_for(client, PILOT_APPLICATION) == APPLICATION_PAGE_QUERIES

    match_end(match=cast.pair, reason=EndReason.REMATCHED)
    client.get(PILOT_APPLICATION)  # the navigation's facts, read again after the change, kept
    assert queries_for(client, PILOT_APPLICATION) == APPLICATION_PAGE_QUERIES

    Match.objects.filter(pk=cast.pair.pk).update(end_reason=EndReason.COMPLETED)
    client.get(PILOT_APPLICATION)
    assert queries_for(client, PILOT_APPLICATION) == APPLICATION_PAGE_QUERIES + 1
