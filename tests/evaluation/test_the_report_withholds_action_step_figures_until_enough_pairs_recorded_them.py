"""The programme report counts the action steps pairs agreed and completed only once the
programme has closed and enough pairs gave to each figure: the survey results' rules, with the
programme's minimum group size. With one or two pairs logging, the sum would be a named pair's
own (Programme health shows the office which pair met, and when); and while the programme runs,
so would the change in the figures after one pair's meeting, however many pairs gave to them,
as a survey's results wait for it to close. Meetings stay counted: the office knows of them."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from evaluation.report import actions_withheld
from mentoring.models import ActionReview, ProgrammeStatus
from tests.factories import ActionStepFactory, HeldMeetingFactory
from tests.pages import table_rows

pytestmark = pytest.mark.django_db

RECORDED = (
    "Shown once the programme has closed, and at least {} pairs have recorded action steps, so "
    "that no pair's can be told apart."
)
COMPLETED = (
    "Shown once the programme has closed, and at least {} pairs have reviewed their action "
    "steps at a later meeting, so that no pair's can be told apart."
)
RECORDED_CLOSED = (
    "Withheld, so that no pair's can be told apart: fewer than {} pairs recorded action steps."
)
COMPLETED_CLOSED = (
    "Withheld, so that no pair's can be told apart: fewer than {} pairs reviewed their action "
    "steps at a later meeting."
)


def closed(programme, *, minimum: int = 3) -> None:
    """The office closed the programme, whose minimum group size is `minimum` (3, the lowest a
    programme may set, unless said)."""
    programme.status = ProgrammeStatus.CLOSED
    programme.recruitment_open = False
    programme.survey_min_group_size = minimum
    programme.save(update_fields=["status", "recruitment_open", "survey_min_group_size"])


def steps_logged(pair, *, steps: int, done: int = 0, reviewed: int | None = None) -> None:
    """The pair agreed `steps` action steps at one meeting and reviewed `reviewed` of them (all
    those done, by default) at the next, `done` of them as done and the rest as in progress."""
    now = timezone.now()
    agreed = HeldMeetingFactory(match=pair, starts_at=now - timedelta(days=60))
    later = HeldMeetingFactory(match=pair, starts_at=now - timedelta(days=14))
    actions = [ActionStepFactory(meeting=agreed) for _ in range(steps)]
    reviewed = done if reviewed is None else reviewed
    for i, action in enumerate(actions[:reviewed]):
        status = "done" if i < done else "in_progress"
        ActionReview.objects.create(action=action, meeting=later, status=status)


def figures(client, cast) -> dict[str, str]:
    client.force_login(cast.coordinator)
    response = client.get(reverse("programme_report", args=[cast.programme.slug]))
    assert response.status_code == 200
    return {row[0]: row[1] for row in table_rows(response.content.decode()) if len(row) == 2}


@pytest.mark.parametrize(
    ("pairs_gave", "minimum", "is_closed", "shown"),
    [
        (0, 3, True, False),
        (2, 3, True, False),
        (3, 3, True, True),
        (4, 5, True, False),
        (5, 5, True, True),
        (9, 5, True, True),
        # While the programme runs, each pair's meeting would show in the figures.
        (3, 3, False, False),
        (9, 5, False, False),
    ],
)
def test_a_figure_is_shown_once_the_programme_closed_and_the_minimum_gave_to_it(
    pairs_gave, minimum, is_closed, shown
):
    withheld = actions_withheld(
        pairs_gave, minimum=minimum, having="recorded action steps", closed=is_closed, pairs=9
    )

    assert (withheld == "") is shown
    if not shown:
        expected = RECORDED if not is_closed else RECORDED_CLOSED
        assert withheld == expected.format(minimum)


@pytest.mark.parametrize(
    ("pairs", "is_closed", "said"),
    [
        (3, False, " This programme has 3 pairs so far."),
        (1, False, " This programme has 1 pair so far."),
        (0, False, " This programme has no pairs so far."),
        (3, True, " This programme has 3 pairs."),
        (5, False, ""),
    ],
)
def test_a_programme_with_fewer_pairs_than_the_minimum_says_how_many_it_has(pairs, is_closed, said):
    withheld = actions_withheld(
        0, minimum=5, having="recorded action steps", closed=is_closed, pairs=pairs
    )

    expected = RECORDED_CLOSED if is_closed else RECORDED
    assert withheld == expected.format(5) + said


def test_while_the_programme_runs_the_figures_wait_even_at_the_minimum(client, cast, third_pair):
    """Three pairs of three logged, at the minimum of 3: one pair's next meeting would still
    show as the change in the figures, so they wait for the programme to close."""
    cast.programme.survey_min_group_size = 3
    cast.programme.save(update_fields=["survey_min_group_size"])
    steps_logged(cast.pair, steps=3, done=2)
    steps_logged(cast.other_pair, steps=2, done=0, reviewed=1)
    steps_logged(third_pair, steps=2, done=1)

    shown = figures(client, cast)

    assert shown["Action steps recorded"] == RECORDED.format(3)
    assert shown["Action steps completed"] == COMPLETED.format(3)


def test_below_the_minimum_the_action_step_figures_are_withheld(client, cast):
    # The programme's minimum group size is 5 (its default); only the cast's two pairs log,
    # of the two it has, which the page says so that the office does not wait for more.
    steps_logged(cast.pair, steps=3, done=2)
    steps_logged(cast.other_pair, steps=1)

    shown = figures(client, cast)

    so_far = " This programme has 2 pairs so far."
    assert shown["Action steps recorded"] == RECORDED.format(5) + so_far
    assert shown["Action steps completed"] == COMPLETED.format(5) + so_far
    # Meetings are not from the log: the office knows that they happened, and when.
    assert shown["Meetings held"] == "4"


def test_once_closed_too_few_pairs_keep_the_figures_withheld(client, cast, third_pair):
    steps_logged(cast.pair, steps=3, done=2)
    steps_logged(cast.other_pair, steps=1)
    closed(cast.programme)  # after the steps: the figures count those up to it

    shown = figures(client, cast)

    assert shown["Action steps recorded"] == RECORDED_CLOSED.format(3)
    assert shown["Action steps completed"] == COMPLETED_CLOSED.format(3)


def test_once_closed_at_the_minimum_the_action_step_figures_are_shown(client, cast, third_pair):
    steps_logged(cast.pair, steps=3, done=2)
    steps_logged(cast.other_pair, steps=2, done=0, reviewed=1)
    steps_logged(third_pair, steps=2, done=1)
    closed(cast.programme)  # after the steps: the figures count those up to it

    shown = figures(client, cast)

    assert shown["Action steps recorded"] == "7"
    assert shown["Action steps completed"] == "3"


def test_steps_completed_wait_for_enough_pairs_to_have_reviewed_theirs(client, cast, third_pair):
    """Three pairs recorded steps but only two reviewed any: the steps done are those two
    pairs' alone, and a pair that has reviewed none adds nothing to them."""
    steps_logged(cast.pair, steps=3, done=2)
    steps_logged(cast.other_pair, steps=2, done=1)
    steps_logged(third_pair, steps=2)
    closed(cast.programme)  # after the steps: the figures count those up to it

    shown = figures(client, cast)

    assert shown["Action steps recorded"] == "7"
    assert shown["Action steps completed"] == COMPLETED_CLOSED.format(3)
