"""A board member's profile refuses odd input with a message (never a 500, nothing marked
complete), costs the same with 2 themes as with 20, and the availability saved is the one
the board scores."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from mentoring.models import Theme
from tests.factories import BriefedBoardMemberFactory, UserFactory, profile_answers
from tests.matching.board import (
    board_rows,
    board_url,
)
from tests.opened_now import post_opened_now

pytestmark = pytest.mark.django_db
PROFILE = reverse("profile")
# Grace's answers: free on Tuesday mornings, when Priya is.
LIBRARY = {"theme": "Anti-racism", "department": "Library", "availability": ["3"]}


def new_board_member(programme, name="Vera Vice"):
    """Joined and briefed, profile not started."""
    first = name.split()[0].lower()
    user = UserFactory(full_name=name, email=f"{first}@example.com")
    return BriefedBoardMemberFactory(
        programme=programme,
        user=user,
        email=user.email,
        board=None,
        department="",
        learning_goals="",
        learning_style="",
        interaction_approach="",
        availability=0,
        bio="",
        themes=[],
        profile_completed_at=None,
    )


@pytest.mark.parametrize(
    "odd",
    [
        {"availability": ["15"]},
        {"availability": ["-1"]},
        {"availability": ["x"]},
        {"availability": ["\u0661"]},  # an Arabic-Indic digit one
        {"themes": ["abc"]},
        {"themes": ["99999999999999999999999"]},
        {"board": "1.5"},
        {"board": "99999999999999999999999"},
        {"department": "Lib\x00rary"},
        {"learning_style": "nonsense"},
        {"department": "x" * 5000},
    ],
    ids=lambda odd: next(iter(odd)),
)
def test_odd_input_on_the_profile_is_an_error_on_the_page_not_a_500(client, programme, odd):
    member = new_board_member(programme)
    client.force_login(member.user)

    response = post_opened_now(client, PROFILE, profile_answers(programme, **{**LIBRARY, **odd}))

    assert response.status_code == 200
    member.refresh_from_db()
    assert not member.is_profile_complete


def test_the_profile_page_costs_the_same_for_two_themes_and_twenty(client, programme):
    member = new_board_member(programme)
    client.force_login(member.user)
    post_opened_now(client, PROFILE, profile_answers(programme, **LIBRARY))
    client.get(PROFILE)
    with CaptureQueriesContext(connection) as few:
        client.get(PROFILE)
    for n in range(18):
        Theme.objects.create(programme=programme, name=f"Theme {n}", position=10 + n)
    member.themes.set(programme.themes.all())
    client.get(PROFILE)
    with CaptureQueriesContext(connection) as many:
        client.get(PROFILE)
    assert len(many) == len(few)


def test_a_profile_saved_tuesday_morning_is_scored_as_tuesday_morning(
    client, coordinator, programme, priya
):
    """The grid's box is what the board reads: Priya is free only on Tuesday mornings."""
    member = new_board_member(programme)
    client.force_login(member.user)
    post_opened_now(client, PROFILE, profile_answers(programme, **LIBRARY))
    member.refresh_from_db()
    assert member.is_profile_complete
    client.force_login(coordinator)
    board = client.get(board_url(programme))
    row = board_rows(board)[str(member)]
    assert row["candidates"], row
    assert "Tuesday morning" in row["text"], row["text"]
