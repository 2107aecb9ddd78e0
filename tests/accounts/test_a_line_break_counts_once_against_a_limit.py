"""A line break counts once against a box's limit, as the browser counts it against its
maxlength (it sends each as CR LF): a bio within the limit stated is saved."""

import pytest
from django.urls import reverse

from tests.opened_now import post_opened_now

pytestmark = pytest.mark.django_db

PROFILE = reverse("profile")


def test_a_bio_within_its_limit_in_the_browser_is_not_refused_for_its_line_breaks(client, cast):
    """A board member writes a bio of 20 short paragraphs, 1,999 characters as the box
    counts them (its `maxlength`, like the "Up to 2,000 characters." beside it, counts a line
    break as one character), and presses "Save my profile". The browser sends each line
    break as CR LF, so the server counts 2,018 characters and answers "This can be up to
    2,000 characters long. Please shorten it.": the person cannot tell what to shorten, and
    nothing is saved. A line break should count once (accounts.bounds.CountsLineBreaksOnce,
    which `state_limit` gives every bounded box), so the bio is saved."""
    member = cast.pair.board_member
    client.force_login(cast.board_member)
    page = client.get(PROFILE).content.decode()
    assert 'maxlength="2000"' in page
    paragraphs = ["x" * 99] * 20
    as_the_browser_counts = "\n".join(paragraphs)
    assert len(as_the_browser_counts) == 2000 - 1
    data = {
        "section": "profile",
        "board": member.board_id,
        "role_title": member.role_title,
        "department": member.department,
        "learning_goals": member.learning_goals,
        "learning_style": member.learning_style,
        "interaction_approach": member.interaction_approach,
        "availability": ["0", "1"],
        "bio": "\r\n".join(paragraphs),  # as the browser sends it
    }

    response = post_opened_now(client, PROFILE, data)

    assert "Please shorten it" not in response.content.decode()
    member.refresh_from_db()
    assert member.bio.replace("\r\n", "\n") == as_the_browser_counts
