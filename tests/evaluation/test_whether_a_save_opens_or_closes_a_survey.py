"""The one rule that decides whether saving a survey opens or closes it now, which the office
is asked to confirm first (`evaluation.models.save_effect`). A pure function of the dates
before and after the save and the clock: no database."""

from datetime import UTC, datetime, timedelta

import pytest

from evaluation.models import SaveEffect, save_effect

NOW = datetime(2026, 12, 2, 10, 0, tzinfo=UTC)
DAY = timedelta(days=1)
PAST, LATER = NOW - 3 * DAY, NOW + 3 * DAY
# (was) is the survey as saved before; None for a new survey.
OPEN = (NOW - 5 * DAY, NOW + 5 * DAY)
COMING = (NOW + 2 * DAY, NOW + 9 * DAY)
CLOSED = (NOW - 9 * DAY, NOW - 2 * DAY)


@pytest.mark.parametrize(
    ("was", "opens_at", "closes_at", "effect"),
    [
        # A new survey.
        (None, NOW, NOW + 14 * DAY, SaveEffect.OPENS),  # opening this very moment
        (None, PAST, LATER, SaveEffect.OPENS),  # opening in the past
        (None, NOW + timedelta(seconds=1), LATER, None),  # opens later: nothing to ask
        (None, LATER, LATER + DAY, None),
        (None, PAST - DAY, PAST, SaveEffect.CLOSES),  # added closed: nobody can answer
        (None, PAST, NOW, SaveEffect.CLOSES),  # closing this very moment
        # A survey still to come.
        (COMING, NOW, COMING[1], SaveEffect.OPENS),  # brought forward to now
        (COMING, PAST, COMING[1], SaveEffect.OPENS),
        (COMING, NOW + DAY, COMING[1], None),  # brought forward, still to come
        (COMING, *COMING, None),  # unchanged
        (COMING, PAST - DAY, PAST, SaveEffect.CLOSES),  # both dates moved into the past
        # An open survey.
        (OPEN, *OPEN, None),  # unchanged (a title corrected)
        (OPEN, OPEN[0], LATER, None),  # kept open longer
        (OPEN, PAST, OPEN[1], None),  # opened on another past day: still open
        (OPEN, OPEN[0], NOW + timedelta(seconds=1), None),  # closes soon, not yet
        (OPEN, OPEN[0], NOW, SaveEffect.CLOSES),  # its closing moved to now
        (OPEN, OPEN[0], PAST, SaveEffect.CLOSES),  # last day moved to before today
        (OPEN, LATER, LATER + DAY, None),  # put off: not open, not closed
        # A closed survey.
        (CLOSED, *CLOSED, None),  # unchanged
        (CLOSED, CLOSED[0], NOW - DAY, None),  # closed on another past day
        (CLOSED, CLOSED[0], LATER, SaveEffect.REOPENS),  # its last day moved past today
        (CLOSED, LATER, LATER + DAY, None),  # to run again later: asked when it opens
    ],
)
def test_a_save_opens_or_closes_a_survey_only_when_its_state_changes_now(
    was, opens_at, closes_at, effect
):
    was_opens_at, was_closes_at = was or (None, None)

    assert (
        save_effect(
            opens_at=opens_at,
            closes_at=closes_at,
            now=NOW,
            was_opens_at=was_opens_at,
            was_closes_at=was_closes_at,
        )
        == effect
    )
