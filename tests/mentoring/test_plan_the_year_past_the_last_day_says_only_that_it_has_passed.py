""" "Plan the year" once the programme's last day has passed has no year to plan: every date
is after that day. The page says only that the day has passed, as the pair's pages say it
beside when a meeting is due, and offers one meeting; it names no date a plan "would start"
on. A plan sent from a page opened before the day passed (an old tab, its dates ticked) is
answered with the same sentence, not asked to tick a date, and nothing is proposed. Maya and
Bola last met on 10 November 2026; today is 1 December, and the last day was 30 November."""

from datetime import date, datetime

import pytest
from django.urls import reverse

from mentoring.models import Meeting, MeetingStatus
from tests.admin_pages import words
from tests.winter import LONDON

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("december")]

PASSED = (
    "The last day of 2026/27 pilot was 30 November 2026, but the programme office has not "
    "closed it yet, so you can still meet: propose a meeting"
)


@pytest.fixture
def last_day_passed(met_three_weeks_ago, cast):
    cast.programme.ends_on = date(2026, 11, 30)
    cast.programme.save(update_fields=["ends_on"])
    return reverse("pair_plan", args=[cast.pair.pk])


def test_the_plan_page_says_the_last_day_has_passed_and_offers_one_meeting(
    last_day_passed, cast, maya
):
    page = maya.get(last_day_passed).content.decode()

    assert PASSED in words(page)
    assert "would start" not in page
    assert f'href="{reverse("meeting_new", args=[cast.pair.pk])}"' in page


def test_a_plan_sent_from_an_old_tab_is_answered_with_the_same_sentence(
    last_day_passed, cast, maya
):
    # The first date the page offered before the last day passed.
    planned = datetime(2026, 12, 29, 10, 0, tzinfo=LONDON)

    answered = maya.post(last_day_passed, {"dates": [planned.isoformat()]})

    shown = words(answered.content.decode())
    assert PASSED in shown
    assert "Tick at least one date" not in shown
    assert answered.status_code == 409
    assert not Meeting.objects.filter(match=cast.pair, status=MeetingStatus.PROPOSED).exists()
