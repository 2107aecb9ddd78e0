"""An alert to the programme office goes once per thing and day, to whoever is the office
then: a coordinator who joins later is not sent what the office was told weeks before."""

from datetime import timedelta

import pytest

from mentoring.models import Match
from tests.factories import (
    CoordinatorFactory,
    HeldMeetingFactory,
)
from tests.winter import MONDAY

pytestmark = pytest.mark.django_db

NOW = MONDAY  # tests.winter: a Monday in winter, 10:30


def subjects_to(mailoutbox, address) -> list[str]:
    return [mail.subject for mail in mailoutbox if mail.to == [address]]


def paired_days_ago(match, days):
    Match.objects.filter(pk=match.pk).update(activated_at=NOW - timedelta(days=days))


def test_the_office_told_a_meeting_is_overdue_is_not_told_again_when_a_coordinator_joins(
    cast, clock, dispatch, mailoutbox
):
    """README: "meeting overdue: the day after the window closed with nothing booked: the
    office". Told on that day, the office is not told again of the same overdue window weeks
    later because a coordinator joined it."""
    paired_days_ago(cast.pair, 120)
    HeldMeetingFactory(match=cast.pair, starts_at=NOW - timedelta(weeks=8, days=2))
    assert dispatch()["window_passed"] == 2  # Carmen and Sue
    overdue = "Overdue: Maya Mentor and Bola Board have no meeting booked"
    assert subjects_to(mailoutbox, "carmen@example.org").count(overdue) == 1

    clock.move_to(NOW + timedelta(weeks=5), tick=False)
    CoordinatorFactory(full_name="Nia New", email="nia@example.org")
    mailoutbox.clear()
    dispatch()

    assert overdue not in subjects_to(mailoutbox, "nia@example.org")
