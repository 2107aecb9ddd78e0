"""Booking and logging a meeting, as a test needs it: a time proposed as the meeting form's
browser sends it (`proposal_answers`, `book_anyway`), a day so many days from today
(`in_days`); a meeting logged through the service, held for an hour with nothing else said
unless the test says it (`meeting_logged`), or as the log form's browser sends it
(`log_answers`)."""

import re
from datetime import date, timedelta

from django.utils import timezone

from accounts.models import User
from mentoring.models import Meeting
from mentoring.services.meetings import meeting_log
from tests.pages import page_html

ROOM = "Room 2.14, Main Building"


def in_days(days: int) -> date:
    """Today in the programme's time zone, moved on by `days` days."""
    return timezone.localdate() + timedelta(days=days)


def proposal_answers(day, start="10:00", end="11:00", **extra) -> dict:
    """The meeting form as the browser sends it: `day` from `start` to `end` in ROOM."""
    return {
        "day": day.isoformat(),
        "start": start,
        "end": end,
        "location": ROOM,
        "online_url": "",
        **extra,
    }


def book_anyway(response, data: dict) -> dict:
    """`data` again with "Propose it anyway" ticked, as the page that showed the warnings
    sends it back."""
    warned = re.search(r'name="warned" value="([^"]+)"', page_html(response)).group(1)
    return data | {"confirm": "on", "warned": warned}


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
