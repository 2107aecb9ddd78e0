"""The rules that protect each person in survey results (evaluation.results.question_result),
table by table, with no database: a group is shown at the minimum and withheld below it;
mentors and board members are shown apart only when both reach it; free text only when
shown, and in a random order."""

import itertools
import random
from types import SimpleNamespace

import pytest

from evaluation import results
from evaluation.models import Question, QuestionKind, Role
from evaluation.results import SurveyResults, question_result, results_csv_rows, said_once

MENTOR, BOARD = Role.MENTOR, Role.BOARD_MEMBER
BOTH = [MENTOR, BOARD]
OPTIONS = ["Once", "2 or 3 times", "4 or more"]


def question(kind=QuestionKind.LIKERT, choices=None, pk=1) -> Question:
    return Question(pk=pk, text=f"A {kind} question", kind=kind, choices=choices or [])


def labels(result) -> list[str]:
    return [group.label for group in result.groups]


def csv_groups(result) -> set[str]:
    rows = results_csv_rows(SurveyResults(survey=None, rates=[], questions=[result]))
    return {row[1] for row in rows[1:]}


# --- the minimum ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("minimum", "answered", "shown"),
    [
        (5, 4, False),
        (5, 5, True),
        (5, 6, True),
        (3, 2, False),
        (3, 3, True),
        (8, 7, False),
        (8, 8, True),
        (5, 0, False),
    ],
)
def test_a_question_is_shown_at_the_minimum_and_withheld_one_below(minimum, answered, shown):
    result = question_result(question(), {MENTOR: [4] * answered}, minimum=minimum, roles=[MENTOR])

    assert result.answered == answered
    if shown:
        assert result.withheld == ""
        assert labels(result) == ["Everyone"]
        assert result.groups[0].count == answered
    else:
        assert result.withheld == (
            f"Fewer than {minimum} people answered this question, so its results are "
            "withheld to protect them."
        )
        assert result.groups == []
        assert csv_groups(result) == {"withheld"}


def test_a_withheld_question_gives_nothing_away_in_the_csv():
    result = question_result(question(), {MENTOR: [1, 5, 5, 2]}, minimum=5, roles=[MENTOR])

    rows = results_csv_rows(SurveyResults(survey=None, rates=[], questions=[result]))

    assert rows[1:] == [["A likert question", "withheld", "", "", "", ""]]


# --- mentors and board members apart ---------------------------------------------------------


@pytest.mark.parametrize(
    ("mentors", "board_members", "minimum", "groups"),
    [
        (5, 5, 5, ["Everyone", "Mentors", "Board members"]),
        (7, 6, 5, ["Everyone", "Mentors", "Board members"]),
        (3, 3, 3, ["Everyone", "Mentors", "Board members"]),
        (5, 4, 5, ["Everyone"]),
        (4, 5, 5, ["Everyone"]),
        (9, 1, 5, ["Everyone"]),
        (5, 0, 5, ["Everyone"]),
        (3, 2, 3, ["Everyone"]),
    ],
)
def test_the_two_groups_are_shown_apart_only_when_both_reach_the_minimum(
    mentors, board_members, minimum, groups
):
    by_role = {MENTOR: [5] * mentors, BOARD: [2] * board_members}

    result = question_result(question(), by_role, minimum=minimum, roles=BOTH)

    assert labels(result) == groups
    assert result.groups[0].count == mentors + board_members
    if len(groups) == 3:
        assert [group.count for group in result.groups[1:]] == [mentors, board_members]
        assert result.note == ""
    else:
        assert result.note == (
            "Mentors and board members are not shown apart: one of the groups is smaller "
            f"than {minimum}."
        )


def test_with_one_group_below_the_minimum_only_the_total_is_shown_so_nothing_can_be_subtracted():
    # Five mentors all agree; four board members all strongly disagree. Were the mentors
    # shown, the total minus the mentors would give away the four board members' answers.
    by_role = {MENTOR: [4] * 5, BOARD: [1] * 4}

    result = question_result(question(), by_role, minimum=5, roles=BOTH)

    [everyone] = result.groups
    assert (everyone.label, everyone.count) == ("Everyone", 9)
    assert dict(everyone.distribution) == {
        "Strongly disagree": 4,
        "Disagree": 0,
        "Neither agree nor disagree": 0,
        "Agree": 5,
        "Strongly agree": 0,
    }
    assert everyone.mean == 2.7
    assert "not shown apart" in result.note
    assert csv_groups(result) == {"Everyone"}  # no mentors' row to subtract from the total


def test_a_survey_for_one_audience_has_one_group_and_no_note():
    result = question_result(question(), {MENTOR: [3] * 5}, minimum=5, roles=[MENTOR])

    assert labels(result) == ["Everyone"]
    assert result.note == ""


# --- what holds for every question, said once -------------------------------------------------

ALL_WITHHELD = (
    "Each question was answered by fewer than 5 people, so all the results are withheld to "
    "protect them."
)
NOT_APART = "Mentors and board members are not shown apart: one of the groups is smaller than 5."


@pytest.mark.parametrize(
    ("answers", "withheld", "note"),
    [
        # (mentors, board members) answering each question
        ([], "", ""),
        ([(4, 0)], ALL_WITHHELD, ""),
        ([(2, 2), (4, 0), (0, 0)], ALL_WITHHELD, ""),
        ([(5, 0), (4, 0)], "", NOT_APART),  # one shown, one withheld: the note holds for all
        ([(5, 0), (5, 1)], "", NOT_APART),
        ([(5, 5), (5, 5)], "", ""),
        ([(5, 5), (5, 0)], "", ""),  # one shown apart, one not: each says its own
    ],
)
def test_what_holds_for_every_question_is_said_once_for_the_survey(answers, withheld, note):
    questions = [
        question_result(
            question(pk=n), {MENTOR: [4] * mentors, BOARD: [4] * board}, minimum=5, roles=BOTH
        )
        for n, (mentors, board) in enumerate(answers, start=1)
    ]

    assert said_once(questions, minimum=5) == (withheld, note)


# --- free text --------------------------------------------------------------------------------

TEXTS = [f"Answer number {n}, in my own words." for n in range(6)]


def test_free_text_is_withheld_one_below_the_minimum():
    result = question_result(
        question(QuestionKind.TEXT), {MENTOR: TEXTS[:5]}, minimum=6, roles=[MENTOR]
    )

    assert result.withheld
    assert result.groups == []
    assert csv_groups(result) == {"withheld"}


def test_free_text_is_shown_at_the_minimum_every_answer_once():
    result = question_result(
        question(QuestionKind.TEXT), {MENTOR: TEXTS}, minimum=6, roles=[MENTOR]
    )

    [everyone] = result.groups
    assert everyone.count == 6
    assert sorted(everyone.texts) == sorted(TEXTS)


def test_free_text_comes_in_a_different_order_each_time(monkeypatch):
    seeds = itertools.count(1)
    # Each SystemRandom() the rule asks for is a seeded one: different, and reproducible.
    monkeypatch.setattr(
        results, "random", SimpleNamespace(SystemRandom=lambda: random.Random(next(seeds)))
    )

    orders = [
        question_result(question(QuestionKind.TEXT), {MENTOR: TEXTS}, minimum=5, roles=[MENTOR])
        .groups[0]
        .texts
        for _ in range(3)
    ]

    for order in orders:
        assert set(order) == set(TEXTS)
        assert len(order) == len(TEXTS)
    assert len({tuple(order) for order in orders}) > 1
    assert any(order != TEXTS for order in orders)  # not the order they were stored in


def test_the_csv_counts_free_text_and_never_quotes_it():
    result = question_result(
        question(QuestionKind.TEXT), {MENTOR: TEXTS}, minimum=5, roles=[MENTOR]
    )

    rows = results_csv_rows(SurveyResults(survey=None, rates=[], questions=[result]))

    assert rows[1:] == [["A text question", "Everyone", 6, "free text", "", ""]]


# --- counts and means -------------------------------------------------------------------------


def test_several_choices_count_each_option_picked_and_each_person_once():
    picks = [[0, 2], [1], [0], [0, 1, 2], [2]]

    result = question_result(
        question(QuestionKind.MULTIPLE, OPTIONS), {MENTOR: picks}, minimum=5, roles=[MENTOR]
    )

    [everyone] = result.groups
    assert everyone.count == 5
    assert everyone.distribution == [("Once", 3), ("2 or 3 times", 2), ("4 or more", 3)]
    assert everyone.mean is None


def test_one_choice_counts_each_option_including_those_nobody_chose():
    result = question_result(
        question(QuestionKind.SINGLE, OPTIONS), {MENTOR: [0, 0, 2, 0, 2]}, minimum=5, roles=[MENTOR]
    )

    assert result.groups[0].distribution == [("Once", 3), ("2 or 3 times", 0), ("4 or more", 2)]
    assert result.groups[0].mean is None


@pytest.mark.parametrize(
    ("kind", "values", "mean"),
    [
        (QuestionKind.LIKERT, [1, 2, 3, 4, 5], 3.0),
        (QuestionKind.LIKERT, [4, 4, 5, 5, 5, 2], 4.2),
        (QuestionKind.SCALE, [10, 9, 9, 7, 0], 7.0),
        (QuestionKind.SCALE, [0, 0, 0, 0, 0], 0.0),
    ],
)
def test_numbers_have_a_mean_to_one_decimal(kind, values, mean):
    result = question_result(question(kind), {MENTOR: values}, minimum=5, roles=[MENTOR])

    assert result.groups[0].mean == mean


def test_a_0_to_10_question_counts_all_eleven_points_and_a_mean_of_0_reaches_the_csv():
    result = question_result(
        question(QuestionKind.SCALE), {MENTOR: [0, 0, 0, 0, 10]}, minimum=5, roles=[MENTOR]
    )

    distribution = result.groups[0].distribution
    assert [label for label, _ in distribution] == [str(n) for n in range(11)]
    assert dict(distribution)["0"] == 4
    assert dict(distribution)["10"] == 1
    rows = results_csv_rows(SurveyResults(survey=None, rates=[], questions=[result]))
    assert {row[5] for row in rows[1:]} == {2.0}

    zero = question_result(
        question(QuestionKind.SCALE), {MENTOR: [0] * 5}, minimum=5, roles=[MENTOR]
    )
    rows = results_csv_rows(SurveyResults(survey=None, rates=[], questions=[zero]))
    assert {row[5] for row in rows[1:]} == {0.0}


def test_the_means_of_each_group_shown_apart():
    by_role = {MENTOR: [5, 5, 5, 4, 4], BOARD: [2, 2, 3, 3, 1]}

    result = question_result(question(), by_role, minimum=5, roles=BOTH)

    assert [(group.label, group.mean) for group in result.groups] == [
        ("Everyone", 3.4),
        ("Mentors", 4.6),
        ("Board members", 2.2),
    ]
