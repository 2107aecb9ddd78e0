"""Logging a meeting, as a test needs it: through the service, held for an hour with nothing
else said unless the test says it (`meeting_logged`), or as the log form's browser sends it
(`log_answers`)."""

from accounts.models import User
from mentoring.models import Meeting
from mentoring.services.meetings import meeting_log


def meeting_logged(meeting: Meeting, by: User, **changes) -> Meeting:
    """`meeting` logged by `by` through the service: held for 60 minutes, no themes, no notes,
    no new action steps and nothing reviewed, with `changes` (any of `meeting_log`'s other
    arguments) said over it. Logged as not held, it lasted no minutes unless said."""
    held = changes.get("held", True)
    fields = {
        "held": held,
        "actual_minutes": 60 if held else None,
        "themes": [],
        "note": "",
        "new_actions": [],
        "reviews": [],
    }
    return meeting_log(meeting=meeting, by=by, **(fields | changes))


def log_answers(*, held="yes", minutes="55", themes=(), note="", actions=(), reviews=()) -> dict:
    """The log form as the browser sends it: three rows of new action steps, and a status
    and note for each earlier action step up for review."""
    data = {
        "held": held,
        "actual_minutes": minutes,
        "themes": [theme.pk for theme in themes],
        "note": note,
        "action-TOTAL_FORMS": "3",
        "action-INITIAL_FORMS": "0",
        "action-MIN_NUM_FORMS": "0",
        "action-MAX_NUM_FORMS": "3",
    }
    for row, (text, owner, due_on) in enumerate(actions):
        data |= {
            f"action-{row}-text": text,
            f"action-{row}-owner": owner,
            f"action-{row}-due_on": due_on.isoformat(),
        }
    for action, status, review_note in reviews:
        data |= {f"review-{action.pk}-status": status, f"review-{action.pk}-note": review_note}
    return data
