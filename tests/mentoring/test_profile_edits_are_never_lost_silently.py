"""/profile/ has several sections, each with its own Save button, in one form: whichever
button is pressed saves its own section, and what was typed in the others comes back as
typed, with a note naming what is not saved yet. Nothing typed is thrown away unsaid. A
section's own address, opened in the browser, leads back to the profile page."""

import re

import pytest
from django.urls import reverse

from mentoring.models import BoardMember
from tests.admin_pages import words
from tests.cast import sign_in_as
from tests.profile_page import PROFILE, the_page_as_shown

pytestmark = pytest.mark.django_db

DETAILS = reverse("profile_details")
NUDGES = reverse("profile_nudges")
NOT_SAVED = "Not saved yet"


def test_a_board_member_saving_their_details_keeps_their_profile_edits_and_says_so(client, cast):
    sign_in_as(client, cast, "board_member")
    data = the_page_as_shown(client)
    data.update(role_title="Pro-Vice-Chancellor", full_name="Bola Board-Smith")

    response = client.post(DETAILS, data)

    page = response.content.decode()
    assert response.status_code == 200
    assert "Your details are saved." in page
    assert NOT_SAVED in words(page)
    assert "Your programme profile: press “Save my profile” to save them." in words(page)
    assert 'value="Pro-Vice-Chancellor"' in page
    assert "There is a problem" not in page
    cast.board_member.refresh_from_db()
    assert cast.board_member.full_name == "Bola Board-Smith"
    member = BoardMember.objects.get(user=cast.board_member)
    assert member.role_title != "Pro-Vice-Chancellor"


def test_a_mentor_saving_their_choice_of_emails_keeps_their_new_name_and_says_so(client, cast):
    sign_in_as(client, cast, "mentor")
    data = the_page_as_shown(client)
    data.update(full_name="Maya Mentor-Jones", wants_nudges="no")

    page = client.post(NUDGES, data).content.decode()

    assert "Nudges are off." in page
    assert "Your details: press “Save my details” to save them." in words(page)
    assert 'value="Maya Mentor-Jones"' in page
    cast.mentor.refresh_from_db()
    assert (cast.mentor.wants_nudges, cast.mentor.full_name) == (False, "Maya Mentor")


def test_a_failed_save_keeps_the_other_sections_as_typed_with_one_error_summary(client, cast):
    sign_in_as(client, cast, "mentor")
    data = the_page_as_shown(client)
    data.update(full_name="", wants_nudges="no")

    page = client.post(DETAILS, data).content.decode()

    assert page.count("There is a problem") == 1
    assert page.count("Tell us your name.") == 2  # in the summary, and beside the field
    assert "The emails we send you: press “Save my choice” to save them." in words(page)
    assert re.search(r'name="wants_nudges" value="no"[^>]* checked>', page)


def test_saving_with_nothing_else_changed_goes_on_as_before(client, cast):
    sign_in_as(client, cast, "board_member")
    data = the_page_as_shown(client)
    data.update(full_name="Bola Board-Smith")

    response = client.post(DETAILS, data)

    assert response.status_code == 302
    assert response.url == PROFILE


@pytest.mark.parametrize(
    ("address", "section"), [(DETAILS, "account-heading"), (NUDGES, "nudges-heading")]
)
def test_opening_a_sections_own_address_leads_to_that_section_of_the_profile(
    client, cast, address, section
):
    sign_in_as(client, cast, "mentor")

    response = client.get(address)

    assert response.status_code == 302
    assert response.url == f"{PROFILE}#{section}"
    assert client.get(response.url).status_code == 200


def test_a_section_kept_as_typed_is_not_checked_until_its_own_button_is_pressed(client, cast):
    sign_in_as(client, cast, "board_member")
    data = the_page_as_shown(client)
    data.update(role_title="Pro-Vice-Chancellor", learning_style="", full_name="Bola Board-Smith")

    response = client.post(DETAILS, data)

    page = response.content.decode()
    assert "Your programme profile: press “Save my profile” to save them." in words(page)
    assert "Choose how you like to learn." not in page  # left empty, said only on its save
    assert "There is a problem" not in page
    # Drawn from what was typed as its starting values: a form nothing has checked.
    [profile] = [form for form in response.context["forms"] if "role_title" in form.fields]
    assert not profile.is_bound
    assert profile["role_title"].value() == "Pro-Vice-Chancellor"
