"""The programme page offers each person what applies to them: "Apply" only to people who
can apply, never a button that leads to a refusal."""

import re

import pytest
from django.urls import reverse

from mentoring.models import MentorApplication, Registration
from tests.admin_pages import words
from tests.cast import ROLES, sign_in_as
from tests.factories import (
    BoardMemberFactory,
    DraftApplicationFactory,
    MentorApplicationFactory,
    ProgrammeFactory,
)

pytestmark = pytest.mark.django_db

PAGE = "/programmes/pilot/"
APPLY_BUTTON = "Apply to be a reverse mentor"


def programme_page(client, cast, role) -> str:
    sign_in_as(client, cast, role)
    return client.get(PAGE).content.decode()


def test_a_signed_out_visitor_is_asked_to_sign_up_or_sign_in(client, cast):
    page = programme_page(client, cast, "anonymous")

    assert "Sign up to apply" in page
    assert f"{reverse('account_signup')}?next=/apply/%3Fprogramme%3Dpilot" in page
    assert f"{reverse('account_login')}?next=/apply/%3Fprogramme%3Dpilot" in page
    assert APPLY_BUTTON not in page


def test_staff_who_have_not_applied_see_the_apply_button(client, cast):
    page = programme_page(client, cast, "outsider")

    assert APPLY_BUTTON in page
    assert f'href="{reverse("apply")}?programme=pilot"' in page


def test_a_mentor_who_applied_sees_where_their_application_stands(client, cast):
    page = programme_page(client, cast, "mentor")

    assert "Your application" in page
    assert "Accepted" in page
    assert "you have been paired" in page
    assert "Read your application" in page
    assert APPLY_BUTTON not in page


def test_a_draft_is_continued_rather_than_started_again(client, cast):
    DraftApplicationFactory(programme=cast.programme, applicant=cast.outsider)
    page = programme_page(client, cast, "outsider")

    assert "Your application is a draft" in page
    assert "Continue your application" in page
    assert APPLY_BUTTON not in page


def test_a_paired_board_member_is_pointed_to_their_pair(client, cast):
    page = programme_page(client, cast, "board_member")

    assert "You take part as a board member" in page
    assert f"You are paired with {cast.mentor.full_name}, your reverse mentor" in page
    assert f'href="{reverse("match")}"' in page
    assert APPLY_BUTTON not in page


def test_a_board_member_not_yet_paired_is_pointed_to_their_profile(client, cast):
    member = BoardMemberFactory(
        programme=cast.programme, learning_goals="", profile_completed_at=None
    )
    client.force_login(member.user)

    page = client.get(PAGE).content.decode()

    assert "You take part as a board member" in page
    assert "Complete your profile" in page
    assert f"{reverse('profile')}?programme=pilot" in page
    assert APPLY_BUTTON not in page


@pytest.mark.parametrize("role", ["coordinator", "superuser"])
def test_the_programme_office_is_pointed_to_the_admin(client, cast, role):
    page = programme_page(client, cast, role)

    assert "You run this programme" in page
    assert "Recruitment is open." in page
    assert reverse("admin:index") in page
    assert APPLY_BUTTON not in page


@pytest.mark.parametrize("role", [*ROLES, "outsider"])
def test_every_apply_link_on_the_page_leads_somewhere_that_does_not_refuse(client, cast, role):
    page = programme_page(client, cast, role)

    for link in re.findall(r'href="(/apply/[^"]*)"', page):
        response = client.get(link.replace("&amp;", "&"))
        assert response.status_code in (200, 302), (role, link)
        if response.status_code == 302:  # signed out: to the sign-in page, then back
            assert response.url.startswith(reverse("account_login"))


def test_when_recruitment_is_closed_staff_read_the_message_instead(client, cast):
    cast.programme.recruitment_open = False
    cast.programme.recruitment_closed_message = "We will recruit again after the pilot."
    cast.programme.save(update_fields=["recruitment_open", "recruitment_closed_message"])

    for role in ("anonymous", "outsider"):
        page = programme_page(client, cast, role)
        assert "We will recruit again after the pilot." in page
        assert APPLY_BUTTON not in page
        assert "Sign up to apply" not in page
        client.logout()


def test_a_briefed_mentor_waiting_for_a_match_is_not_sent_to_a_briefing(client, cast):
    cast.pair.delete()  # accepted and briefed (tests/cast.py), not yet paired

    page = programme_page(client, cast, "mentor")

    assert 'aria-hidden="true">Briefed</span> You have been briefed.' in page
    assert "Next: nothing for now; the programme office will match you" in page
    assert "Not briefed yet" not in page


def test_an_accepted_mentor_not_yet_briefed_is_sent_to_a_briefing(client, cast):
    cast.pair.delete()
    Registration.objects.filter(person=cast.mentor).delete()

    page = programme_page(client, cast, "mentor")

    assert "Not briefed yet" in page
    assert "After the briefings, the programme office will match you" in page
    assert "You have been briefed" not in page


def test_a_board_member_of_another_programme_is_not_offered_to_apply_here(client, cast):
    cohort = ProgrammeFactory(name="Cohort 2", slug="cohort-two")
    sign_in_as(client, cast, "board_member")

    page = words(client.get(reverse("programme_detail", args=[cohort.slug])).content.decode())
    refused = client.get(f"{reverse('apply')}?programme={cohort.slug}")

    assert APPLY_BUTTON not in page
    said = "Board members are the ones mentored, never reverse mentors"
    assert said in page
    assert refused.status_code == 403
    assert said in words(refused.content.decode())
    assert not MentorApplication.objects.filter(programme=cohort).exists()


def test_an_application_made_before_becoming_a_board_member_elsewhere_stays_readable(client, cast):
    cohort = ProgrammeFactory(name="Cohort 2", slug="cohort-two")
    MentorApplicationFactory(programme=cohort, applicant=cast.board_member)
    sign_in_as(client, cast, "board_member")

    page = words(client.get(reverse("programme_detail", args=[cohort.slug])).content.decode())
    own = client.get(f"{reverse('apply')}?programme={cohort.slug}")

    assert "Your application" in page
    assert own.status_code == 200
    assert "Your application is with the programme office" in words(own.content.decode())
