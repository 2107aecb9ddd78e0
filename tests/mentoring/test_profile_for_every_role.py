"""/profile/ works for everyone: each person sees their own details and can change them;
a board member also answers the questions for matching. What is about pairs (the nudges, a
partner) is there only for someone who takes part in a programme, who may be paired."""

import pytest
from django.urls import reverse

from accounts.models import User
from tests.cast import sign_in_as
from tests.factories import BoardMemberFactory, MentorApplicationFactory

pytestmark = pytest.mark.django_db

PROFILE = reverse("profile")
DETAILS = reverse("profile_details")
NUDGES = "Emails we send you"
PARTNER = "The person you are paired with sees your name, job title and department."
# Who takes part in a programme (a mentor, a board member) and who takes part in none.
PARTICIPANTS = ["mentor", "board_member"]
IN_NONE = ["coordinator", "superuser", "outsider"]


@pytest.mark.parametrize("role", PARTICIPANTS + IN_NONE)
@pytest.mark.parametrize("query", ["", "?programme=pilot"])
def test_everyone_has_a_profile_page_with_the_nudges_only_if_they_may_be_paired(
    client, cast, role, query
):
    person = sign_in_as(client, cast, role)

    response = client.get(PROFILE + query)

    assert response.status_code == 200
    page = response.content.decode()
    assert "Your profile" in page
    assert "Your calendar address" in page
    if role != "board_member":  # whose page is their board-member profile
        assert person.email in page
    assert (NUDGES in page) == (role in PARTICIPANTS)
    assert (reverse("profile_nudges") in page) == (role in PARTICIPANTS)
    if role == "mentor":
        assert PARTNER in page
    if role in IN_NONE:  # who will not be paired
        assert "partner" not in page
        assert "paired" not in page


@pytest.mark.parametrize("part", ["submitted application", "board member"])
def test_a_coordinator_who_also_takes_part_still_has_the_nudges(client, cast, part):
    if part == "board member":
        BoardMemberFactory(programme=cast.programme, user=cast.coordinator)
    else:
        MentorApplicationFactory(programme=cast.programme, applicant=cast.coordinator)
    sign_in_as(client, cast, "coordinator")

    page = client.get(PROFILE).content.decode()

    assert NUDGES in page
    if part == "submitted application":
        assert PARTNER in page


@pytest.mark.parametrize("status", ["draft", "withdrawn", "declined"])
def test_an_application_out_of_the_running_brings_no_nudges(client, cast, status):
    MentorApplicationFactory(programme=cast.programme, applicant=cast.outsider, status=status)
    sign_in_as(client, cast, "outsider")

    page = client.get(PROFILE).content.decode()

    assert NUDGES not in page
    assert PARTNER not in page


def test_a_mentor_changes_the_details_their_board_member_sees(client, cast):
    sign_in_as(client, cast, "mentor")

    response = client.post(
        DETAILS,
        {"full_name": "Maya Mentor-Jones", "job_title": "Senior technician", "department": "Labs"},
        follow=True,
    )

    assert "Your details are saved." in response.content.decode()
    cast.mentor.refresh_from_db()
    assert (cast.mentor.full_name, cast.mentor.job_title, cast.mentor.department) == (
        "Maya Mentor-Jones",
        "Senior technician",
        "Labs",
    )


def test_a_mentor_is_pointed_to_what_they_told_the_office(client, cast):
    sign_in_as(client, cast, "mentor")
    page = client.get(PROFILE).content.decode()
    assert f'{reverse("apply")}?programme=pilot">your application to 2026/27 pilot' in page


def test_a_coordinator_is_pointed_to_the_programme_office(client, cast):
    sign_in_as(client, cast, "coordinator")
    page = client.get(PROFILE).content.decode()
    assert reverse("admin:index") in page
    assert "your application" not in page


def test_a_name_cannot_be_blanked_and_the_error_is_summarised(client, cast):
    sign_in_as(client, cast, "outsider")

    page = client.post(DETAILS, {"full_name": "", "job_title": "x"}).content.decode()

    assert '<a class="alert-link" href="#id_full_name">Tell us your name.</a>' in page
    assert User.objects.get(pk=cast.outsider.pk).full_name == "Olu Outsider"


def test_a_board_member_still_answers_the_questions_for_matching(client, cast):
    sign_in_as(client, cast, "board_member")
    page = client.get(PROFILE).content.decode()
    assert "What would you like to learn from reverse mentoring?" in page


MATCH_ME = "so that the programme office can match you with a mentor"


def test_a_paired_board_members_profile_is_no_longer_about_being_matched(client, cast):
    sign_in_as(client, cast, "board_member")

    page = client.get(PROFILE).content.decode()

    assert MATCH_ME not in page
    assert "keep it up to date as your goals change" in page


def test_an_unpaired_board_member_is_told_the_profile_is_for_matching(client, cast):
    member = BoardMemberFactory(programme=cast.programme, user=cast.outsider)
    assert member.user == cast.outsider
    client.force_login(cast.outsider)

    page = client.get(PROFILE).content.decode()

    assert MATCH_ME in page


def test_a_board_member_changes_their_name_from_the_same_details_as_everyone(client, cast):
    sign_in_as(client, cast, "board_member")

    page = client.get(PROFILE).content.decode()
    response = client.post(DETAILS, {"full_name": "Bola Board-Smith"}, follow=True)

    assert "Your details" in page
    assert f'action="{DETAILS}"' in page
    assert "Your details are saved." in response.content.decode()
    assert User.objects.get(pk=cast.board_member.pk).full_name == "Bola Board-Smith"


def test_a_board_member_is_asked_their_role_and_department_once_in_their_profile(client, cast):
    sign_in_as(client, cast, "board_member")

    page = client.get(PROFILE).content.decode()

    assert page.count('name="role_title"') == 1  # the programme profile's, which the mentor sees
    assert page.count('name="department"') == 1
    assert 'name="job_title"' not in page
    assert page.count('name="full_name"') == 1  # in their details


def test_a_board_members_rejected_name_is_summarised_on_their_profile(client, cast):
    sign_in_as(client, cast, "board_member")

    page = client.post(DETAILS, {"full_name": ""}).content.decode()

    assert '<a class="alert-link" href="#id_full_name">Tell us your name.</a>' in page
    assert "What would you like to learn from reverse mentoring?" in page  # their profile page
    assert User.objects.get(pk=cast.board_member.pk).full_name == "Bola Board"
