"""A board member's profile is complete by one rule (`profile_is_complete`), saved by the
programme office on its admin page or by the board member on their own: every answer
matching needs and, when their programme pairs only people who share a theme (shared themes
weighed Mandatory), at least one theme. Before, the office clearing the themes left the
profile "complete": the match board listed its board member as waiting with every mentor
blocked, and nobody asked them for a theme."""

import pytest
from django.test import Client
from django.urls import reverse

from matching.models import MatchingSettings
from mentoring.models import BoardMember
from tests.admin_pages import change_url, form_data, messages_shown, signed_in_for_real, words
from tests.factories import profile_answers
from tests.matching.board import board_rows, board_url, briefed_board_member, briefed_mentor
from tests.opened_now import post_opened_now
from tests.pages import page_text

pytestmark = pytest.mark.django_db

office = signed_in_for_real("coordinator")

NO_THEME = "Choose at least one theme: your programme pairs people who share one."


@pytest.fixture
def ben(cast):
    """Ben Newboard: joined the pilot, briefed, his profile complete with one theme, and
    still to be matched; Nadia New, a mentor sharing his theme, is free when he is. The
    pilot pairs only people who share a theme."""
    briefed_mentor(cast.programme, "Nadia New")
    member = briefed_board_member(cast.programme, "Ben Newboard")
    settings = MatchingSettings.for_programme(cast.programme)
    settings.themes_weight = "mandatory"
    settings.save()
    return member


def themes_cleared_by(office, member) -> list[str]:
    """The office saves `member`'s admin page with no theme ticked; the messages shown."""
    url = change_url(member)
    data = form_data(office.get(url))
    data.pop("themes")  # no box ticked: a browser sends nothing
    response = office.post(url, data, follow=True)
    assert response.status_code == 200
    return messages_shown(response)


def test_the_offices_page_says_the_programme_needs_a_theme(cast, office, ben):
    assert (
        "2026/27 pilot pairs only people who share a theme: with none chosen, the profile is "
        "not complete, and they are asked to choose one."
    ) in words(office.get(change_url(ben)).content.decode())


def test_the_office_clearing_the_themes_reopens_the_profile_and_says_why(cast, office, ben):
    shown = themes_cleared_by(office, ben)

    assert not BoardMember.objects.get(pk=ben.pk).is_profile_complete
    assert (
        "Ben Newboard's profile is no longer complete: it names no theme, and 2026/27 pilot "
        "pairs only people who share one. Until it is, they are off the match board; their "
        "dashboard asks them to complete it."
    ) in shown


def test_the_board_then_lists_them_as_waiting_for_a_complete_profile(cast, office, ben):
    themes_cleared_by(office, ben)

    board = office.get(board_url(cast.programme))

    assert "Ben Newboard" not in board_rows(board)  # not listed with every mentor blocked
    assert "Waiting for a complete profile (1)" in words(board.content.decode())


def test_the_board_member_is_asked_for_a_theme_and_completes_the_profile_by_choosing_one(
    cast, office, ben
):
    themes_cleared_by(office, ben)
    browser = Client()
    browser.force_login(ben.user)

    dashboard = page_text(browser.get(reverse("dashboard")))
    assert "Complete your profile" in dashboard
    assert "Your profile is complete" not in dashboard
    refused = post_opened_now(
        browser, reverse("profile"), profile_answers(cast.programme, themes=[])
    )
    assert NO_THEME in page_text(refused)
    assert not BoardMember.objects.get(pk=ben.pk).is_profile_complete

    post_opened_now(
        browser, reverse("profile"), profile_answers(cast.programme, theme="Anti-racism")
    )

    assert BoardMember.objects.get(pk=ben.pk).is_profile_complete
    board = office.get(board_url(cast.programme))
    assert "Ben Newboard" in board_rows(board)
    assert "Waiting for a complete profile" not in words(board.content.decode())


def test_the_office_saving_a_profile_with_a_theme_keeps_it_complete(cast, office, ben):
    url = change_url(ben)

    response = office.post(url, {**form_data(office.get(url)), "bio": "New to the city."})

    assert response.status_code == 302
    assert BoardMember.objects.get(pk=ben.pk).is_profile_complete


def test_a_programme_that_needs_no_theme_keeps_a_profile_without_one_complete(cast, office, ben):
    settings = MatchingSettings.for_programme(cast.programme)
    settings.themes_weight = "high"
    settings.save()

    shown = themes_cleared_by(office, ben)

    assert BoardMember.objects.get(pk=ben.pk).is_profile_complete
    assert not [said for said in shown if "no longer complete" in said]
