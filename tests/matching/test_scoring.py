import random
from dataclasses import replace

import numpy as np
import pytest

from matching.scoring import (
    CRITERIA,
    DEFAULT_WEIGHTS,
    Profile,
    Weight,
    compatibility,
    score_matrix,
    to_arrays,
)
from mentoring.availability import SLOTS, to_mask

TUESDAY_MORNING = to_mask([("Tuesday", "morning")])
TUESDAY_AND_THURSDAY_MORNINGS = to_mask([("Tuesday", "morning"), ("Thursday", "morning")])

# Two people who differ on everything except their learning style and approach.
MENTOR = Profile(
    department="Finance",
    themes=frozenset({"anti-racism"}),
    learning_style="activist",
    interaction_approach="direct",
    availability=TUESDAY_MORNING,
)
BOARD_MEMBER = Profile(
    department="Estates",
    themes=frozenset({"anti-racism", "allyship"}),
    learning_style="activist",
    interaction_approach="direct",
    availability=TUESDAY_MORNING,
)


def only(criterion: str, weight: Weight = Weight.HIGH) -> dict[str, Weight]:
    """Weights that count one criterion, so the score is that criterion's sub-score."""
    return {name: weight if name == criterion else Weight.OFF for name in CRITERIA}


@pytest.mark.parametrize(
    ("mentors", "board_members", "score", "reason"),
    [
        ("activist", "reflector", 100, "complementary learning styles (doing and reflecting)"),
        (
            "pragmatist",
            "theorist",
            100,
            "complementary learning styles (applying and understanding)",
        ),
        ("activist", "theorist", 70, "different learning styles (doing and understanding)"),
        ("reflector", "pragmatist", 70, "different learning styles (reflecting and applying)"),
        ("theorist", "theorist", 30, "the same learning style (understanding)"),
    ],
)
def test_opposite_learning_styles_suit_each_other_best(mentors, board_members, score, reason):
    result = compatibility(
        replace(MENTOR, learning_style=mentors),
        replace(BOARD_MEMBER, learning_style=board_members),
        only("learning_styles"),
    )
    assert (result.score, result.reasons) == (score, [reason])


@pytest.mark.parametrize(
    ("mentors", "board_members", "score", "reason"),
    [
        (
            "direct",
            "diplomatic",
            100,
            "complementary interaction approaches (direct and diplomatic)",
        ),
        (
            "storytelling",
            "questioning",
            100,
            "complementary interaction approaches (storytelling and questioning)",
        ),
        (
            "direct",
            "storytelling",
            70,
            "different interaction approaches (direct and storytelling)",
        ),
        ("questioning", "questioning", 30, "the same interaction approach (questioning)"),
    ],
)
def test_opposite_interaction_approaches_suit_each_other_best(
    mentors, board_members, score, reason
):
    result = compatibility(
        replace(MENTOR, interaction_approach=mentors),
        replace(BOARD_MEMBER, interaction_approach=board_members),
        only("interaction_approaches"),
    )
    assert (result.score, result.reasons) == (score, [reason])


@pytest.mark.parametrize(
    ("mentors", "board_members", "score", "reason"),
    [
        ({"anti-racism"}, {"anti-racism", "allyship"}, 100, "both care about anti-racism"),
        (
            {"anti-racism", "allyship", "belonging"},
            {"allyship", "anti-racism"},
            100,
            "both care about allyship and anti-racism",
        ),
        (
            {"allyship", "anti-racism", "belonging"},
            {"belonging", "allyship", "anti-racism", "culture change"},
            100,
            "both care about allyship, anti-racism and belonging",
        ),
        (
            {"anti-racism", "allyship"},
            {"anti-racism", "belonging"},
            50,
            "both care about anti-racism",
        ),
        ({"anti-racism"}, {"belonging"}, 0, "no themes in common"),
        (set(), {"belonging"}, 0, "no themes in common"),
    ],
)
def test_shared_themes_count_against_the_shorter_list(mentors, board_members, score, reason):
    result = compatibility(
        replace(MENTOR, themes=frozenset(mentors)),
        replace(BOARD_MEMBER, themes=frozenset(board_members)),
        only("themes"),
    )
    assert (result.score, result.reasons) == (score, [reason])


@pytest.mark.parametrize(
    ("mentors", "board_members", "score", "reason"),
    [
        ([("Tuesday", "morning")], [("Tuesday", "morning")], 33, "available Tuesday morning"),
        (
            [("Tuesday", "morning"), ("Thursday", "morning"), ("Friday", "evening")],
            [("Tuesday", "morning"), ("Thursday", "morning")],
            67,
            "available Tuesday and Thursday mornings",
        ),
        (
            [("Monday", "evening"), ("Tuesday", "morning"), ("Friday", "afternoon")],
            [("Monday", "evening"), ("Tuesday", "morning"), ("Friday", "afternoon")],
            100,
            "available Tuesday morning, Friday afternoon, Monday evening",
        ),
        (
            SLOTS,
            SLOTS,
            100,
            "available every weekday morning, every weekday afternoon, every weekday evening",
        ),
        ([("Monday", "morning")], [("Monday", "evening")], 0, "no shared availability"),
    ],
)
def test_shared_availability_counts_up_to_three_slots(mentors, board_members, score, reason):
    result = compatibility(
        replace(MENTOR, availability=to_mask(mentors)),
        replace(BOARD_MEMBER, availability=to_mask(board_members)),
        only("availability"),
    )
    assert (result.score, result.reasons) == (score, [reason])


@pytest.mark.parametrize(
    ("mentors", "board_members", "score", "reason"),
    [
        ("Finance", "Estates", 100, "different departments"),
        ("Finance", "  finance ", 0, "same department"),
        ("Human Resources", "HUMAN RESOURCES", 0, "same department"),
    ],
)
def test_different_departments_are_preferred_whatever_the_spelling(
    mentors, board_members, score, reason
):
    result = compatibility(
        replace(MENTOR, department=mentors),
        replace(BOARD_MEMBER, department=board_members),
        only("departments"),
    )
    assert (result.score, result.reasons) == (score, [reason])


def test_the_default_score_weighs_each_criterion_and_puts_the_strongest_reasons_first():
    mentor = replace(
        MENTOR, learning_style="reflector", availability=TUESDAY_AND_THURSDAY_MORNINGS | 1
    )
    board_member = replace(BOARD_MEMBER, availability=TUESDAY_AND_THURSDAY_MORNINGS)

    result = compatibility(mentor, board_member)

    # themes 3 x 1 + styles 2 x 1 + approaches 2 x 0.3 + availability 3 x 2/3 + departments 1 x 1
    # = 8.6 out of 11
    assert result.score == 78
    assert result.reasons == [
        "both care about anti-racism",
        "complementary learning styles (reflecting and doing)",
        "available Tuesday and Thursday mornings",
        "different departments",
        "the same interaction approach (direct)",
    ]
    assert result.blocking == []


def test_a_criterion_switched_off_neither_counts_nor_gives_a_reason():
    weights = {**DEFAULT_WEIGHTS, "departments": Weight.OFF, "themes": Weight.OFF}
    board_member = replace(BOARD_MEMBER, department="Finance", themes=frozenset({"belonging"}))

    result = compatibility(MENTOR, board_member, weights)

    # approaches 2 x 0.3 + styles 2 x 0.3 + availability 3 x 1/3 = 2.2 out of 7
    assert result.score == 31
    assert result.reasons == [
        "available Tuesday morning",
        "the same learning style (doing)",
        "the same interaction approach (direct)",
    ]


def test_with_every_criterion_off_the_score_is_zero_and_there_are_no_reasons():
    result = compatibility(MENTOR, BOARD_MEMBER, dict.fromkeys(CRITERIA, Weight.OFF))
    assert result == type(result)(score=0, reasons=[], blocking=[])


@pytest.mark.parametrize(
    ("criterion", "board_member", "blocking"),
    [
        (
            "availability",
            replace(BOARD_MEMBER, availability=to_mask([("Friday", "evening")])),
            "no shared availability, which this programme requires",
        ),
        (
            "themes",
            replace(BOARD_MEMBER, themes=frozenset({"belonging"})),
            "no themes in common, which this programme requires",
        ),
        (
            "departments",
            replace(BOARD_MEMBER, department="finance"),
            "both in the same department, which this programme rules out",
        ),
    ],
)
def test_an_unmet_mandatory_criterion_blocks_the_pair_and_says_why(
    criterion, board_member, blocking
):
    weights = {**DEFAULT_WEIGHTS, criterion: Weight.MANDATORY}
    assert compatibility(MENTOR, board_member, weights).blocking == [blocking]
    assert compatibility(MENTOR, BOARD_MEMBER, weights).blocking == []


def test_mandatory_counts_like_high_in_the_score():
    mandatory = {**DEFAULT_WEIGHTS, "themes": Weight.MANDATORY}
    high = {**DEFAULT_WEIGHTS, "themes": Weight.HIGH}
    assert compatibility(MENTOR, BOARD_MEMBER, mandatory) == compatibility(
        MENTOR, BOARD_MEMBER, high
    )


def test_weights_may_be_given_as_the_values_a_setting_stores():
    weights = {name: weight.value for name, weight in DEFAULT_WEIGHTS.items()}
    assert compatibility(MENTOR, BOARD_MEMBER, weights) == compatibility(MENTOR, BOARD_MEMBER)


@pytest.mark.parametrize(
    ("weights", "message"),
    [
        ({"themes": Weight.HIGH}, "weights must be given for exactly themes, learning_styles"),
        ({**DEFAULT_WEIGHTS, "seniority": Weight.LOW}, "weights must be given for exactly"),
        ({**DEFAULT_WEIGHTS, "themes": "very high"}, "'very high' is not a valid Weight"),
    ],
)
def test_incomplete_or_unknown_weights_are_refused(weights, message):
    with pytest.raises(ValueError, match=message):
        compatibility(MENTOR, BOARD_MEMBER, weights)


@pytest.mark.parametrize(
    ("shared", "score"),
    [
        (1, 12),  # 100 x 1/4 / 2 = 12.5
        (3, 38),  # 100 x 3/4 / 2 = 37.5
    ],
)
def test_a_score_exactly_halfway_rounds_to_even_in_both_paths(shared, score):
    themes = ["a", "b", "c", "d", "e", "f", "g"]
    mentor = replace(MENTOR, themes=frozenset(themes[:4]), availability=1)
    board_member = replace(BOARD_MEMBER, themes=frozenset(themes[4 - shared : 8 - shared]))
    weights = {**dict.fromkeys(CRITERIA, Weight.OFF), "themes": Weight.LOW, "availability": "low"}

    assert compatibility(mentor, board_member, weights).score == score
    scores, _ = score_matrix([mentor], [board_member], weights)
    assert scores.tolist() == [[score]]


THEMES = [f"theme {n}" for n in range(20)]
DEPARTMENTS = ["Finance", " finance", "FINANCE ", "Estates", "Legal Services", "Library"]
STYLES = ["activist", "reflector", "theorist", "pragmatist"]
APPROACHES = ["direct", "diplomatic", "questioning", "storytelling"]


def random_profile(rng: random.Random) -> Profile:
    return Profile(
        department=rng.choice(DEPARTMENTS),
        themes=frozenset(rng.sample(THEMES, rng.randint(0, 6))),
        learning_style=rng.choice(STYLES),
        interaction_approach=rng.choice(APPROACHES),
        availability=rng.getrandbits(len(SLOTS)) & rng.getrandbits(len(SLOTS)),
    )


@pytest.mark.parametrize(
    "weights",
    [
        DEFAULT_WEIGHTS,
        dict.fromkeys(CRITERIA, Weight.MANDATORY),
        dict.fromkeys(CRITERIA, Weight.OFF),
        dict.fromkeys(CRITERIA, Weight.LOW),
        *(
            {name: random.Random(seed).choice(list(Weight)) for name in CRITERIA}
            for seed in range(5)
        ),
    ],
)
def test_scoring_every_pair_at_once_agrees_with_scoring_each_pair(weights):
    rng = random.Random(str(weights))
    mentors = [random_profile(rng) for _ in range(20)]
    board_members = [random_profile(rng) for _ in range(10)]

    scores, mandatory_ok = score_matrix(mentors, board_members, weights)

    expected = [[compatibility(m, b, weights) for b in board_members] for m in mentors]
    assert scores.tolist() == [[c.score for c in row] for row in expected]
    assert mandatory_ok.tolist() == [[not c.blocking for c in row] for row in expected]
    assert ((scores >= 0) & (scores <= 100)).all()


def test_scoring_every_pair_at_once_gives_one_row_per_mentor():
    scores, mandatory_ok = score_matrix([MENTOR] * 3, [BOARD_MEMBER] * 2)
    assert scores.shape == mandatory_ok.shape == (3, 2)
    assert mandatory_ok.dtype == np.bool_


def test_more_than_64_themes_cannot_be_scored_at_once():
    mentors = [replace(MENTOR, themes=frozenset({f"theme {n}"})) for n in range(65)]
    with pytest.raises(ValueError, match="at most 64 distinct themes"):
        score_matrix(mentors, [BOARD_MEMBER])


def test_a_theme_index_past_64_is_refused():
    with pytest.raises(ValueError, match="at most 64 distinct themes"):
        to_arrays([MENTOR], {"anti-racism": 64}, {"finance": 0})


def test_64_themes_can_be_scored_at_once():
    mentors = [replace(MENTOR, themes=frozenset({f"theme {n}"})) for n in range(63)]
    board_member = replace(BOARD_MEMBER, themes=frozenset({"theme 62", "anti-racism"}))
    scores, _ = score_matrix(mentors, [board_member], only("themes"))
    assert scores[:, 0].tolist() == [0] * 62 + [100]
