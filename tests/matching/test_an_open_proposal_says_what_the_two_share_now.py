"""An open proposal on the match board says what the two share now, not what they shared when
it was proposed."""

import pytest
from django.urls import reverse

from matching.models import MatchingSettings
from tests.factories import profile_answers
from tests.matching.board import (
    board_url,
)
from tests.opened_now import post_opened_now

pytestmark = pytest.mark.django_db
PROFILE = reverse("profile")


def test_a_proposal_says_what_the_two_share_now_not_when_it_was_proposed(
    client, coordinator, programme, priya, grace
):
    """Grace is proposed with Priya while both are free on Tuesday and Thursday mornings and
    Friday afternoons. Grace then changes her profile: now free only on Tuesday mornings.
    The board's Proposals table still reads the score and reasons stored at proposing
    ("available Tuesday and Thursday mornings, Friday afternoon"), so the office accepts a
    pair on times Grace no longer has; the pair keeps that score."""
    import re

    from matching.scoring import compatibility
    from matching.selectors import profile
    from mentoring.models import Match
    from tests.admin_pages import words
    from tests.matching.board import propose

    client.force_login(coordinator)
    propose(client, programme, priya, grace)
    match = Match.objects.get(mentor=priya, board_member=grace)
    assert "Thursday" in " ".join(match.reasons)

    client.force_login(grace.user)
    both = list(programme.themes.values_list("pk", flat=True))
    saved = post_opened_now(
        client,
        PROFILE,
        profile_answers(
            programme, theme="Anti-racism", department="Library", themes=both, availability=["3"]
        ),
    )
    assert saved.status_code in (200, 302)
    grace.refresh_from_db()
    assert grace.availability == 1 << 3

    client.force_login(coordinator)
    page = client.get(board_url(programme)).content.decode()
    row = words(re.search(rf'<tr id="proposal-{match.pk}".*?</tr>', page, re.S).group(0))
    now = compatibility(
        profile(priya), profile(grace), MatchingSettings.for_programme(programme).weights
    )
    assert "Thursday" not in row, row
    assert f"{now.score} out of 100" in row, (now.score, row)
