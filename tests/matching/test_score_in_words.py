"""A score shows its scale, and its parts read as sentences: on the board and on a pair's
page, never the JSON the reasons are stored as."""

import re

import pytest
from django.urls import reverse

from tests.factories import MatchFactory
from tests.matching.board import briefed_board_member, briefed_mentor, words

pytestmark = pytest.mark.django_db


@pytest.fixture
def proposal(programme):
    return MatchFactory(
        mentor=briefed_mentor(programme, "Priya Patel"),
        board_member=briefed_board_member(programme, "Grace Okafor"),
        score=76,
        reasons=["both care about Anti-racism", "available Tuesday morning"],
    )


def no_json(text: str) -> bool:
    return not re.search(r'\["|"\]|\[\]', text)


def test_the_board_shows_each_score_out_of_100_with_its_parts_as_sentences(
    office, programme, proposal
):
    content = office.get(reverse("admin:matching_board", args=[programme.pk])).content.decode()

    text = words(content)
    assert "76 out of 100" in text
    assert "<li>Both care about Anti-racism.</li>" in content
    assert "<li>Available Tuesday morning.</li>" in content
    assert no_json(content)


def test_a_candidates_score_on_the_board_has_its_scale_too(office, programme):
    briefed_mentor(programme, "Tom Tran", department="Estates")
    briefed_board_member(programme, "Harold Hughes")

    text = words(office.get(reverse("admin:matching_board", args=[programme.pk])).content.decode())

    assert re.search(r"Tom Tran Estates \d+ out of 100 Both care about Anti-racism\.", text)


def test_the_pairs_own_page_shows_the_score_and_its_parts_as_sentences(office, proposal):
    content = office.get(
        reverse("admin:mentoring_match_change", args=[proposal.pk])
    ).content.decode()

    score = re.search(r'<div class="[^"]*field-score_out_of_100.*?</div>\s*</div>', content, re.S)
    why = re.search(r'<div class="[^"]*field-reasons_in_words.*?</ul>', content, re.S)
    assert "76 out of 100" in score[0]
    assert "<li>Both care about Anti-racism.</li>" in why[0]
    assert "<li>Available Tuesday morning.</li>" in why[0]
    assert no_json(why[0])
    assert "both care about Anti-racism&quot;" not in content  # the stored JSON, escaped


def test_the_list_of_matches_shows_the_scale(office, proposal):
    content = office.get(reverse("admin:mentoring_match_changelist")).content.decode()

    assert "76 out of 100" in content


def test_matching_settings_show_real_figures_before_the_board_is_first_opened(
    office, programme, proposal
):
    briefed_mentor(programme, "Ravi Rao", briefed=False, department="Estates")

    content = words(
        office.get(reverse("admin:matching_matchingsettings_changelist")).content.decode()
    )

    assert "1 of 2 accepted mentors ready" in content
    assert "1 of 1 board member who joined ready" in content
    assert "The mentor has not been briefed (nor exempted). 1" in content
    assert "A conflict of interest is recorded between them. 0" in content
