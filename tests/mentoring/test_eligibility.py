import pytest

from mentoring.eligibility import MIN_STATEMENT_LENGTH, REASONS, Answers, eligibility

LONG = "x" * MIN_STATEMENT_LENGTH
ELIGIBLE = {
    "can_commit_time": True,
    "flexible_availability": True,
    "will_attend_briefing": True,
    "has_experiences": True,
    "experience_statement": LONG,
    "has_conflict": False,
}


@pytest.mark.parametrize(
    ("changes", "verdict", "reasons"),
    [
        ({}, True, []),
        ({"can_commit_time": False}, False, ["can_commit_time"]),
        ({"flexible_availability": False}, False, ["flexible_availability"]),
        ({"will_attend_briefing": False}, False, ["will_attend_briefing"]),
        ({"has_experiences": False, "experience_statement": ""}, False, ["has_experiences"]),
        # A short statement needs a little more (the completeness rule), not a verdict.
        ({"experience_statement": "x" * (MIN_STATEMENT_LENGTH - 1)}, True, []),
        ({"experience_statement": ""}, True, []),
        ({"has_conflict": True}, False, ["has_conflict"]),
        (
            {"can_commit_time": False, "has_conflict": True},
            False,
            ["can_commit_time", "has_conflict"],
        ),
        ({"can_commit_time": None}, None, []),
        ({"has_conflict": None}, None, []),
        # A definite "no" is worth saying even before the rest is answered.
        ({"has_conflict": True, "can_commit_time": None}, False, ["has_conflict"]),
    ],
)
def test_eligibility_gives_the_verdict_and_the_reasons(changes, verdict, reasons):
    result = eligibility(Answers(**{**ELIGIBLE, **changes}))
    assert result.eligible is verdict
    assert list(result.reasons) == [REASONS[name] for name in reasons]


def test_unanswered_questions_are_listed():
    result = eligibility(Answers(can_commit_time=True))
    assert result.unanswered == (
        "flexible_availability",
        "will_attend_briefing",
        "has_experiences",
        "has_conflict",
    )


def test_the_reasons_are_kind():
    # Reasons are read by a colleague who has just been told "not this time".
    for reason in REASONS.values():
        assert "you are not" not in reason.lower()
        assert "rejected" not in reason.lower()
        assert reason.endswith(".")
