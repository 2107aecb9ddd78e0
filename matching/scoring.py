"""How well a mentor and a board member might suit each other: a score and its reasons.

Pure functions of two profiles; no database. `compatibility` explains one pair in
words for the match board; `score_matrix` scores every pair of a cohort at once for
the assignment, and gives exactly the same numbers.

Each sub-score is a fraction, so the score is computed exactly (with `Fraction` for one
pair, with integers over a common denominator for many) and rounded half to even, like
Python's `round`. Floats would let the two paths round a tie differently.
"""

import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction

import numpy as np
from django.db import models

from mentoring.availability import describe
from mentoring.choices import InteractionApproach, LearningStyle


class Weight(models.TextChoices):
    """How much a coordinator wants a criterion to count."""

    MANDATORY = "mandatory", "Mandatory"
    HIGH = "high", "High"
    MEDIUM = "medium", "Medium"
    LOW = "low", "Low"
    OFF = "off", "Off"

    @property
    def points(self) -> int:
        return WEIGHT_POINTS[self]


# Mandatory counts like High in the score; on top of that it blocks the pair outright.
WEIGHT_POINTS = {
    Weight.MANDATORY: 3,
    Weight.HIGH: 3,
    Weight.MEDIUM: 2,
    Weight.LOW: 1,
    Weight.OFF: 0,
}

CRITERIA = ("themes", "learning_styles", "interaction_approaches", "availability", "departments")

DEFAULT_WEIGHTS: dict[str, Weight] = {
    "themes": Weight.HIGH,
    "learning_styles": Weight.MEDIUM,
    "interaction_approaches": Weight.MEDIUM,
    "availability": Weight.MANDATORY,
    "departments": Weight.LOW,
}

# Said when a Mandatory criterion scores zero. Styles and approaches never score zero
# (the same style still scores 0.3), so Mandatory only makes them count like High.
BLOCKING = {
    "themes": "no themes in common, which this programme requires",
    "availability": "no shared availability, which this programme requires",
    "departments": "both in the same department, which this programme rules out",
}

# Three shared slots give a pair enough choice of times; more overlap adds nothing.
ENOUGH_SLOTS = 3
MAX_THEMES = 64  # themes are packed into one 64-bit integer per person

# Pairs of styles (and of approaches) in this order: opposites sit at 0-1 and 2-3.
STYLE_ORDER = [
    LearningStyle.ACTIVIST,
    LearningStyle.REFLECTOR,
    LearningStyle.THEORIST,
    LearningStyle.PRAGMATIST,
]
APPROACH_ORDER = [
    InteractionApproach.DIRECT,
    InteractionApproach.DIPLOMATIC,
    InteractionApproach.QUESTIONING,
    InteractionApproach.STORYTELLING,
]
STYLE_WORDS = {
    LearningStyle.ACTIVIST: "doing",
    LearningStyle.REFLECTOR: "reflecting",
    LearningStyle.THEORIST: "understanding",
    LearningStyle.PRAGMATIST: "applying",
}
APPROACH_WORDS = {approach: approach.value for approach in InteractionApproach}

# In tenths, so that both paths can stay in integers: opposite, different, same.
OPPOSITE, DIFFERENT, SAME = 10, 7, 3


def _pairing_tenths(a: int, b: int) -> int:
    if a == b:
        return SAME
    return OPPOSITE if a // 2 == b // 2 else DIFFERENT


PAIRING_TENTHS = np.array([[_pairing_tenths(a, b) for b in range(4)] for a in range(4)])


@dataclass(frozen=True)
class Profile:
    department: str
    themes: frozenset[str]
    learning_style: str  # a LearningStyle value
    interaction_approach: str  # an InteractionApproach value
    availability: int  # a mask from mentoring.availability


@dataclass(frozen=True)
class Compatibility:
    score: int  # 0..100
    reasons: list[str]  # strongest first
    blocking: list[str]  # Mandatory criteria not met; empty when the pair may be made


def compatibility(
    mentor: Profile, mentee: Profile, weights: Mapping[str, Weight] = DEFAULT_WEIGHTS
) -> Compatibility:
    weights = _checked(weights)
    assessed = {
        "themes": _themes(mentor, mentee),
        "learning_styles": _pairing(
            ("learning style", "learning styles"),
            STYLE_ORDER,
            STYLE_WORDS,
            mentor.learning_style,
            mentee.learning_style,
        ),
        "interaction_approaches": _pairing(
            ("interaction approach", "interaction approaches"),
            APPROACH_ORDER,
            APPROACH_WORDS,
            mentor.interaction_approach,
            mentee.interaction_approach,
        ),
        "availability": _availability(mentor, mentee),
        "departments": _departments(mentor, mentee),
    }
    counted = {name: assessed[name] for name in CRITERIA if weights[name] != Weight.OFF}
    total_points = sum(weights[name].points for name in counted)
    earned = sum(weights[name].points * sub_score for name, (sub_score, _) in counted.items())
    score = round(100 * Fraction(earned) / total_points) if total_points else 0
    strongest_first = sorted(
        counted, key=lambda name: weights[name].points * counted[name][0], reverse=True
    )
    return Compatibility(
        score=score,
        reasons=[counted[name][1] for name in strongest_first],
        blocking=[
            BLOCKING[name]
            for name in CRITERIA
            if weights[name] == Weight.MANDATORY and assessed[name][0] == 0
        ],
    )


def _checked(weights: Mapping[str, Weight | str]) -> dict[str, Weight]:
    """Every criterion must be given a weight: a missing one is a misconfiguration."""
    if set(weights) != set(CRITERIA):
        raise ValueError(f"weights must be given for exactly {', '.join(CRITERIA)}")
    return {name: Weight(weights[name]) for name in CRITERIA}


def _themes(mentor: Profile, mentee: Profile) -> tuple[Fraction, str]:
    shared = sorted(mentor.themes & mentee.themes)
    if not shared:
        return Fraction(0), "no themes in common"
    fewest = min(len(mentor.themes), len(mentee.themes))
    return Fraction(len(shared), fewest), f"both care about {_and(shared)}"


def _pairing(
    nouns: tuple[str, str], order: list[str], words: Mapping[str, str], mentors: str, mentees: str
) -> tuple[Fraction, str]:
    singular, plural = nouns
    tenths = _pairing_tenths(order.index(mentors), order.index(mentees))
    if tenths == SAME:
        return Fraction(tenths, 10), f"the same {singular} ({words[mentors]})"
    kind = "complementary" if tenths == OPPOSITE else "different"
    return Fraction(tenths, 10), f"{kind} {plural} ({words[mentors]} and {words[mentees]})"


def _availability(mentor: Profile, mentee: Profile) -> tuple[Fraction, str]:
    shared = mentor.availability & mentee.availability
    if not shared:
        return Fraction(0), "no shared availability"
    enough = min(shared.bit_count(), ENOUGH_SLOTS)
    return Fraction(enough, ENOUGH_SLOTS), f"available {describe(shared)}"


def _departments(mentor: Profile, mentee: Profile) -> tuple[Fraction, str]:
    if department_key(mentor.department) == department_key(mentee.department):
        return Fraction(0), "same department"
    return Fraction(1), "different departments"


def as_sentence(reason: str) -> str:
    """One part of a score, or one block, as a sentence: "Both care about Anti-racism."."""
    reason = reason.strip()
    return f"{reason[:1].upper()}{reason[1:]}." if reason else ""


# Apostrophes people type for the same name: "Provost's" on a keyboard, "Provost\u2019s" on a
# phone or a Mac that curls quotes as you type.
APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'", "\u2032": "'"})


def department_key(department: str) -> str:
    """A department as typed, in the form two spellings of the same one share: Unicode
    normalised (NFKC), one kind of apostrophe, white space collapsed, case folded."""
    normal = unicodedata.normalize("NFKC", department).translate(APOSTROPHES)
    return " ".join(normal.split()).casefold()


def _and(words: Sequence[str]) -> str:
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]


# Many pairs at once ---------------------------------------------------------------


@dataclass
class ProfileArrays:
    """Many profiles as columns, one entry per person, ready for broadcasting."""

    themes: np.ndarray  # uint64 bitset over the theme index
    theme_counts: np.ndarray  # how many themes each person chose
    style_codes: np.ndarray  # position in STYLE_ORDER
    approach_codes: np.ndarray  # position in APPROACH_ORDER
    availability: np.ndarray  # the availability mask
    departments: np.ndarray  # position in the department index


def to_arrays(
    profiles: Sequence[Profile],
    theme_index: Mapping[str, int],
    department_index: Mapping[str, int],
) -> ProfileArrays:
    """Column form of `profiles`. Mentors and mentees must share both indexes.

    `department_index` is keyed by the stripped, case-folded department name.
    """
    if len(theme_index) > MAX_THEMES or any(not 0 <= i < MAX_THEMES for i in theme_index.values()):
        raise ValueError(f"at most {MAX_THEMES} distinct themes can be scored at once")
    style_codes = {style: code for code, style in enumerate(STYLE_ORDER)}
    approach_codes = {approach: code for code, approach in enumerate(APPROACH_ORDER)}
    return ProfileArrays(
        themes=np.array(
            [sum(1 << theme_index[theme] for theme in p.themes) for p in profiles], dtype=np.uint64
        ),
        theme_counts=np.array([len(p.themes) for p in profiles], dtype=np.int64),
        style_codes=np.array([style_codes[p.learning_style] for p in profiles], dtype=np.intp),
        approach_codes=np.array(
            [approach_codes[p.interaction_approach] for p in profiles], dtype=np.intp
        ),
        availability=np.array([p.availability for p in profiles], dtype=np.uint16),
        departments=np.array(
            [department_index[department_key(p.department)] for p in profiles], dtype=np.int64
        ),
    )


def score_matrix(
    mentors: Sequence[Profile],
    mentees: Sequence[Profile],
    weights: Mapping[str, Weight] = DEFAULT_WEIGHTS,
) -> tuple[np.ndarray, np.ndarray]:
    """Scores of every (mentor, mentee) pair, and whether each meets every Mandatory criterion.

    Both arrays have one row per mentor and one column per mentee; the scores equal
    `compatibility(mentor, mentee, weights).score`.
    """
    scores, unmet = score_matrix_explained(mentors, mentees, weights)
    mandatory_ok = np.ones(scores.shape, dtype=bool)
    for blocked in unmet.values():
        mandatory_ok &= ~blocked
    return scores, mandatory_ok


def score_matrix_explained(
    mentors: Sequence[Profile],
    mentees: Sequence[Profile],
    weights: Mapping[str, Weight] = DEFAULT_WEIGHTS,
) -> tuple[np.ndarray, dict[str, np.ndarray]]:
    """Like `score_matrix`, with each Mandatory criterion's unmet pairs apart (keyed like
    `BLOCKING`), so the board can say why a pair is blocked without scoring it again."""
    weights = _checked(weights)
    people = [*mentors, *mentees]
    themes = sorted({theme for p in people for theme in p.themes})
    if len(themes) > MAX_THEMES:
        raise ValueError(f"at most {MAX_THEMES} distinct themes can be scored at once")
    theme_index = {theme: i for i, theme in enumerate(themes)}
    departments = sorted({department_key(p.department) for p in people})
    department_index = {department: i for i, department in enumerate(departments)}
    a = to_arrays(mentors, theme_index, department_index)
    b = to_arrays(mentees, theme_index, department_index)
    points = {name: weights[name].points for name in CRITERIA}

    # Every sub-score is a fraction over 1, 3, 10 or the smaller theme count, so over a
    # denominator of 30 * fewest themes the weighted sum is an integer: exact, and equal
    # to what `compatibility` gets from Fraction.
    shared_themes = np.bitwise_count(a.themes[:, None] & b.themes[None, :]).astype(np.int64)
    fewest_themes = np.maximum(np.minimum(a.theme_counts[:, None], b.theme_counts[None, :]), 1)
    shared_slots = np.bitwise_count(a.availability[:, None] & b.availability[None, :])
    different_departments = a.departments[:, None] != b.departments[None, :]

    # Styles and approaches together take one lookup: 16 style-approach combinations a side.
    pairings = 3 * (
        points["learning_styles"] * PAIRING_TENTHS[:, None, :, None]
        + points["interaction_approaches"] * PAIRING_TENTHS[None, :, None, :]
    ).reshape(16, 16)
    slots_per_count = 10 * points["availability"] * np.minimum(np.arange(16), ENOUGH_SLOTS)
    per_theme = (
        pairings[
            (a.style_codes * 4 + a.approach_codes)[:, None], b.style_codes * 4 + b.approach_codes
        ]
        + slots_per_count[shared_slots]
        + 30 * points["departments"] * different_departments
    )
    earned = 30 * points["themes"] * shared_themes + fewest_themes * per_theme

    total_points = sum(points.values())
    if total_points:
        scores = _round_half_even(100 * earned, 30 * total_points * fewest_themes)
    else:
        scores = np.zeros(earned.shape, dtype=np.int64)

    met = {
        "themes": shared_themes > 0,
        "availability": shared_slots > 0,
        "departments": different_departments,
    }
    unmet = {name: ~met[name] for name in BLOCKING if weights[name] == Weight.MANDATORY}
    return scores, unmet


def _round_half_even(numerator: np.ndarray, denominator: np.ndarray) -> np.ndarray:
    quotient, remainder = np.divmod(numerator, denominator)
    twice = 2 * remainder
    round_up = (twice > denominator) | ((twice == denominator) & (quotient % 2 == 1))
    return quotient + round_up
