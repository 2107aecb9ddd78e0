"""The programme report counts the action steps pairs agreed and completed only once enough
pairs gave to each figure: the survey results' minimum group size rule, with the programme's
minimum. With one or two pairs logging, the sum would be a named pair's own (Programme health
shows the office which pair met, and when). Meetings stay counted: the office knows of them."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from evaluation.report import actions_withheld
from mentoring.models import ActionReview
from tests.factories import ActionStepFactory, HeldMeetingFactory
from tests.pages import table_rows

pytestmark = pytest.mark.django_db

RECORDED = (
    "Shown once at least {} pairs have recorded action steps, so that no pair's can be told apart."
)
COMPLETED = (
    "Shown once at least {} pairs have reviewed their action steps at a later meeting, so that "
    "no pair's can be told apart."
)


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
    ("pairs", "minimum", "shown"),
    [(0, 3, False), (2, 3, False), (3, 3, True), (4, 5, False), (5, 5, True), (9, 5, True)],
)
def test_a_figure_is_shown_once_the_minimum_of_pairs_gave_to_it(pairs, minimum, shown):
    withheld = actions_withheld(pairs, minimum=minimum, having="recorded action steps")

    assert (withheld == "") is shown
    if not shown:
        assert withheld == RECORDED.format(minimum)


def test_below_the_minimum_the_action_step_figures_are_withheld(client, cast):
    # The programme's minimum group size is 5 (its default); only the cast's two pairs log.
    steps_logged(cast.pair, steps=3, done=2)
    steps_logged(cast.other_pair, steps=1)

    shown = figures(client, cast)

    assert shown["Action steps recorded"] == RECORDED.format(5)
    assert shown["Action steps completed"] == COMPLETED.format(5)
    # Meetings are not from the log: the office knows that they happened, and when.
    assert shown["Meetings held"] == "4"


def test_at_the_minimum_the_action_step_figures_are_shown(client, cast, third_pair):
    cast.programme.survey_min_group_size = 3  # the lowest a programme may set
    cast.programme.save(update_fields=["survey_min_group_size"])
    steps_logged(cast.pair, steps=3, done=2)
    steps_logged(cast.other_pair, steps=2, done=0, reviewed=1)
    steps_logged(third_pair, steps=2, done=1)

    shown = figures(client, cast)

    assert shown["Action steps recorded"] == "7"
    assert shown["Action steps completed"] == "3"


def test_steps_completed_wait_for_enough_pairs_to_have_reviewed_theirs(client, cast, third_pair):
    """Three pairs recorded steps but only two reviewed any: the steps done are those two
    pairs' alone, and a pair that has reviewed none adds nothing to them."""
    cast.programme.survey_min_group_size = 3
    cast.programme.save(update_fields=["survey_min_group_size"])
    steps_logged(cast.pair, steps=3, done=2)
    steps_logged(cast.other_pair, steps=2, done=1)
    steps_logged(third_pair, steps=2)

    shown = figures(client, cast)

    assert shown["Action steps recorded"] == "7"
    assert shown["Action steps completed"] == COMPLETED.format(3)
