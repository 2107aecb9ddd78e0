"""A meeting proposed for 01:30 on the night the clocks go back could be either of two
moments an hour apart. Its own line in a list says which ("01:30 GMT", `long_moment`); so do
the sentences that name the day of a proposal to answer or waiting for an answer: the
dashboard's pair card and the next step on the programme page."""

import re
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories import MeetingFactory

LONDON = ZoneInfo("Europe/London")


def _fall_back() -> date:
    """The next last Sunday of October still ahead: 01:00 to 01:59 happen twice in London."""
    year = timezone.localdate().year + 1
    day = date(year, 10, 31)
    return day - timedelta(days=(day.weekday() + 1) % 7)


def _said(response) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


@pytest.fixture(params=[(0, "BST"), (1, "GMT")], ids=["first 01:30", "second 01:30"])
def proposed(request, cast):
    """Bola proposed to meet at one of the two 01:30s; the words that say which."""
    fold, zone = request.param
    starts_at = datetime.combine(_fall_back(), time(1, 30, fold=fold), tzinfo=LONDON)
    MeetingFactory(
        match=cast.pair, status="proposed", proposed_by=cast.board_member, starts_at=starts_at
    )
    return f"{_fall_back():%A} {_fall_back().day} October {_fall_back().year}, 01:30 {zone}"


def test_maya_is_asked_to_answer_the_proposal_at_that_0130_on_her_dashboard(maya, proposed):
    said = _said(maya.get(reverse("dashboard")))

    assert f"waiting for your answer: answer the one on {proposed} ." in said


def test_maya_is_asked_to_answer_the_proposal_at_that_0130_on_the_programme_page(
    maya, cast, proposed
):
    said = _said(maya.get(reverse("programme_detail", args=[cast.programme.slug])))

    assert f"Next: answer Bola Board's proposal to meet on {proposed} ." in said


def test_bolas_dashboard_says_she_proposed_that_0130(bola, proposed):
    said = _said(bola.get(reverse("dashboard")))

    assert f"You proposed to meet on {proposed} ; waiting for Maya to answer." in said
