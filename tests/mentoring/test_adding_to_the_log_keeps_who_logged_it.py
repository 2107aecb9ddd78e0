"""Adding to or correcting a meeting's log never rewrites who logged it: the person who
first logged it stays, and the last change is recorded apart, by name."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from mentoring.models import Meeting
from tests.factories import MeetingFactory, agree_ground_rules
from tests.meetings import log_answers
from tests.pages import page_html

pytestmark = pytest.mark.django_db


@pytest.fixture
def held(cast):
    agree_ground_rules(cast.pair)
    return MeetingFactory(match=cast.pair, starts_at=timezone.now() - timedelta(hours=2))


def _stamp(page: str) -> str:
    return re.search(r'name="log_stamp" value="([^"]*)"', page).group(1)


def test_the_partner_adding_notes_leaves_who_logged_it(cast, maya, bola, held):
    log_url = reverse("meeting_log", args=[held.pk])
    maya.post(log_url, log_answers(minutes="50", note="Maya's notes"))

    page = page_html(bola.get(log_url))
    bola.post(log_url, log_answers(minutes="50", note="Bola's notes") | {"log_stamp": _stamp(page)})

    held.refresh_from_db()
    assert held.logged_by == cast.mentor
    assert held.last_changed_by == cast.board_member
    detail = reverse("meeting_detail", args=[held.pk])
    today = f"{timezone.localdate():%-d %B %Y}"
    assert f"Held, 50 minutes. Logged by Maya Mentor. Last changed by you on {today}." in page_html(
        bola.get(detail)
    )
    assert f"Logged by you. Last changed by Bola Board on {today}." in page_html(maya.get(detail))


def test_a_log_saved_once_names_no_change(cast, maya, held):
    maya.post(reverse("meeting_log", args=[held.pk]), log_answers(minutes="50"))

    page = page_html(maya.get(reverse("meeting_detail", args=[held.pk])))

    assert "Held, 50 minutes. Logged by you.</p>" in page
    assert "Last changed" not in page


def test_a_correction_from_a_page_built_before_the_last_change_is_refused(cast, maya, bola, held):
    log_url = reverse("meeting_log", args=[held.pk])
    maya.post(log_url, log_answers(minutes="50"))
    stale = _stamp(page_html(bola.get(log_url)))
    maya.post(
        log_url, log_answers(minutes="45") | {"log_stamp": _stamp(page_html(maya.get(log_url)))}
    )

    response = bola.post(log_url, log_answers(minutes="60") | {"log_stamp": stale})

    assert "saved meanwhile" in page_html(response)
    assert Meeting.objects.get(pk=held.pk).actual_minutes == 45
