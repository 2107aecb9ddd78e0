"""Bola, a board member paired in two programmes, reads /match/ with a screen reader: each
pair's controls (agree the ground rules, write the shared purpose, ask to end the pairing,
raise a concern, the schedule) are there once per pair, and each says with whom, so no two
controls on the page share a name."""

import html
import re
from collections import Counter

import pytest
from django.urls import reverse

from mentoring.models import MatchStatus
from tests.factories import (
    BriefedBoardMemberFactory,
    MatchFactory,
    MentorFactory,
    ProgrammeFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

CONTROLS = [
    "I agree to these ground rules",
    "Write your shared purpose",
    "ask to end the pairing",
    "raise a concern privately with the programme office",
]


def control_names(markup: str) -> list[str]:
    """The name a screen reader gives each link and button of the page's main part: its
    text, words shown only to screen readers included."""
    main = re.search(r"<main.*?</main>", markup, re.S).group(0)
    found = re.findall(r"<(a|button)\b[^>]*>(.*?)</\1>", main, re.S)
    return [" ".join(html.unescape(re.sub(r"<[^>]+>", "", text)).split()) for _, text in found]


@pytest.fixture
def second_programme_pair(cast):
    """Bola also sits on a later cohort's board, paired there with Sana."""
    later = ProgrammeFactory(name="2027/28 cohort", slug="later")
    return MatchFactory(
        mentor=MentorFactory(
            programme=later,
            applicant=UserFactory(full_name="Sana Second", email="sana@example.org"),
        ),
        board_member=BriefedBoardMemberFactory(programme=later, user=cast.board_member),
        status=MatchStatus.ACTIVE,
    )


def test_bola_in_two_pairs_meets_each_pairs_controls_named_with_her_partner(
    client, cast, second_programme_pair
):
    client.force_login(cast.board_member)

    names = control_names(client.get(reverse("match")).content.decode())

    for control in CONTROLS:
        named = sorted(name for name in names if name.startswith(control))
        assert len(named) == 2, control
        assert "Maya Mentor" in named[0], named
        assert "Sana Second" in named[1], named
    repeated = [name for name, count in Counter(names).items() if count > 1]
    assert repeated == ["Your schedule"]
