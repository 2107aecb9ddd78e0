"""An action step still to do whose due date has passed is marked Overdue wherever the
pair's steps are listed (the dashboard, the pair's page, the meeting it came from), by
the programme's calendar; one done, dropped or due today is not."""

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from mentoring.models.meetings import action_overdue
from tests.factories import ActionStepFactory, HeldMeetingFactory, agree_ground_rules
from tests.pages import page_text

pytestmark = pytest.mark.django_db

LONDON = ZoneInfo("Europe/London")
# Noon on 30 November 2026 in the programme's time zone.
ON_30_NOVEMBER = datetime(2026, 11, 30, 12, 0, tzinfo=LONDON)


@pytest.mark.parametrize(
    ("status", "due_on", "overdue"),
    [
        ("in_progress", date(2026, 9, 29), True),
        ("open", date(2026, 11, 29), True),
        ("open", date(2026, 11, 30), False),
        ("open", date(2026, 12, 1), False),
        ("open", None, False),
        ("done", date(2026, 9, 29), False),
        ("dropped", date(2026, 9, 29), False),
    ],
)
def test_a_step_is_overdue_once_its_day_has_gone_while_still_to_do(status, due_on, overdue):
    assert action_overdue(status, due_on, date(2026, 11, 30)) is overdue


@pytest.fixture
def steps(cast):
    """On 30 November: Bola's step due 29 September, in progress; Maya's due today; and
    one of Bola's done late, all agreed at a meeting a week before."""
    with time_machine.travel(ON_30_NOVEMBER, tick=False):
        agree_ground_rules(cast.pair)
        meeting = HeldMeetingFactory(match=cast.pair)
        late = ActionStepFactory(
            meeting=meeting,
            text="Read the staff survey",
            owner="board_member",
            due_on=date(2026, 9, 29),
            status="in_progress",
        )
        today = ActionStepFactory(
            meeting=meeting,
            text="Draft the workshop plan",
            owner="mentor",
            due_on=date(2026, 11, 30),
        )
        ActionStepFactory(
            meeting=meeting,
            text="Visit the library",
            owner="board_member",
            due_on=date(2026, 9, 29),
            status="done",
        )
    return meeting, late, today


def _see(client, person, url):
    client.force_login(person)
    with time_machine.travel(ON_30_NOVEMBER, tick=False):
        response = client.get(url)
    assert response.status_code == 200
    return page_text(response)


def test_the_pairs_page_marks_the_step_whose_due_date_has_passed(client, cast, steps):
    text = _see(client, cast.mentor, reverse("match"))

    assert "Read the staff survey · Bola · due 29 September 2026 Overdue · in progress" in text
    assert "Draft the workshop plan · you · due 30 November 2026 · open" in text
    assert text.count("Overdue") == 1


def test_the_dashboard_marks_my_step_whose_due_date_has_passed(client, cast, steps):
    text = _see(client, cast.board_member, reverse("dashboard"))

    assert "Read the staff survey · due 29 September 2026 Overdue" in text


def test_the_dashboard_does_not_mark_a_step_due_today(client, cast, steps):
    text = _see(client, cast.mentor, reverse("dashboard"))

    assert "Draft the workshop plan · due 30 November 2026" in text
    assert "Overdue" not in text


def test_the_meeting_marks_only_the_step_still_to_do(client, cast, steps):
    meeting, _, _ = steps
    text = _see(client, cast.mentor, reverse("meeting_detail", args=[meeting.pk]))

    assert "Read the staff survey · Bola · due 29 September 2026 Overdue · in progress" in text
    assert "Visit the library · Bola · due 29 September 2026 · done" in text
    assert text.count("Overdue") == 1


def test_the_day_turns_by_the_programmes_clock_not_utc(client, cast, steps):
    """At 23:30 UTC on 30 June it is already 1 July in London (summer time), so a step
    due on 30 June is overdue there."""
    _, _, today = steps
    today.due_on = date(2027, 6, 30)
    today.save()
    with time_machine.travel(datetime(2027, 6, 30, 23, 30, tzinfo=UTC), tick=False):
        client.force_login(cast.mentor)
        text = page_text(client.get(reverse("match")))

    assert "Draft the workshop plan · you · due 30 June 2027 Overdue · open" in text
