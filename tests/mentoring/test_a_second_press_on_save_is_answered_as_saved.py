"""Maya presses "Save" on a meeting's log twice (a double click): her browser shows the
second press's answer. The log it sends is the one the first press saved, from the same
page, so it is answered as saved (the meeting's page, "The meeting is logged."), and
nothing is recorded twice. A different log sent from a page built before the last save is
still refused on a page of its own (409): hers from another tab, or Bola's, even when Bola
typed the same."""

import re
from datetime import timedelta
from html import unescape

import pytest
from django.urls import reverse
from django.utils import timezone

from mentoring.models import ActionStep, Meeting
from tests.factories import MeetingFactory, agree_ground_rules
from tests.meetings import log_answers

pytestmark = pytest.mark.django_db

NOTES = "Maya's notes: the rota idea needs the union's view first."
STEP = "Ask the union rep about the rota"
SAVED = "The meeting is logged."


@pytest.fixture
def meeting(cast):
    agree_ground_rules(cast.pair)
    return MeetingFactory(match=cast.pair, starts_at=timezone.now() - timedelta(hours=2))


@pytest.fixture
def url(meeting) -> str:
    return reverse("meeting_log", args=[meeting.pk])


def _stamp(response) -> str:
    return re.search(r'name="log_stamp" value="([^"]*)"', response.content.decode()).group(1)


def _mayas_log(**changes) -> dict:
    return log_answers(
        **{
            "minutes": "50",
            "note": NOTES,
            "actions": [(STEP, "board_member", timezone.localdate())],
        }
        | changes
    )


def _page(response) -> str:
    return unescape(response.content.decode())


def test_the_same_log_sent_twice_from_one_page_is_answered_as_saved_and_recorded_once(
    cast, meeting, url, maya
):
    sent = _mayas_log() | {"log_stamp": _stamp(maya.get(url))}

    first = maya.post(url, sent, follow=True)
    second = maya.post(url, sent, follow=True)

    assert SAVED in _page(first)
    assert second.redirect_chain == [(reverse("meeting_detail", args=[meeting.pk]), 302)]
    page = _page(second)
    assert SAVED in page
    assert "saved meanwhile" not in page
    assert "Logged by you.</p>" in page  # once: the second press changed nothing
    meeting.refresh_from_db()
    assert (meeting.logged_by, meeting.last_changed_at) == (cast.mentor, None)
    assert meeting.actual_minutes == 50
    assert meeting.notes.get(author=cast.mentor).text == NOTES
    assert list(ActionStep.objects.values_list("text", flat=True)) == [STEP]


def test_a_correction_sent_twice_is_answered_as_saved(cast, meeting, url, maya):
    maya.post(url, log_answers(minutes="50", note=NOTES) | {"log_stamp": _stamp(maya.get(url))})
    corrected = log_answers(minutes="45", note=NOTES) | {"log_stamp": _stamp(maya.get(url))}

    assert SAVED in _page(maya.post(url, corrected, follow=True))
    corrected_at = Meeting.objects.get(pk=meeting.pk).last_changed_at
    second = maya.post(url, corrected, follow=True)

    assert SAVED in _page(second)
    meeting.refresh_from_db()
    assert meeting.actual_minutes == 45
    assert (meeting.last_changed_by, meeting.last_changed_at) == (cast.mentor, corrected_at)


def test_a_different_log_from_the_same_page_is_still_refused(cast, meeting, url, maya):
    """Another tab of the same page, or the page sent again after changing it: what it
    holds is not saved, so it is not said to be."""
    stale = _stamp(maya.get(url))
    maya.post(url, _mayas_log() | {"log_stamp": stale}, follow=True)

    other = "Maya's second thoughts, typed in another tab."
    response = maya.post(url, _mayas_log(note=other) | {"log_stamp": stale})

    page = _page(response)
    assert response.status_code == 409
    assert "This meeting's log was saved meanwhile by you" in page
    assert other in page  # shown back, to copy
    assert SAVED not in page
    assert meeting.notes.get(author=cast.mentor).text == NOTES
    assert ActionStep.objects.count() == 1


def test_the_partner_sending_the_same_log_from_a_page_built_before_is_refused(
    cast, meeting, url, maya, bola
):
    stale = _stamp(bola.get(url))
    maya.post(url, _mayas_log() | {"log_stamp": stale})

    response = bola.post(url, _mayas_log() | {"log_stamp": stale})

    assert response.status_code == 409
    assert "This meeting's log was saved meanwhile by Maya." in _page(response)
    assert not meeting.notes.filter(author=cast.board_member).exists()
    assert ActionStep.objects.count() == 1


def test_a_log_sent_again_after_a_later_save_is_refused(cast, meeting, url, maya):
    """Maya's first log, sent again from its page once she has corrected it since, would
    undo the correction: it is not the log saved last, so it is refused."""
    first_page = _stamp(maya.get(url))
    first = log_answers(minutes="50", note=NOTES) | {"log_stamp": first_page}
    maya.post(url, first)
    later = log_answers(minutes="45", note=NOTES) | {"log_stamp": _stamp(maya.get(url))}
    assert SAVED in _page(maya.post(url, later, follow=True))

    response = maya.post(url, first)

    assert response.status_code == 409
    assert "This meeting's log was saved meanwhile by you" in _page(response)
    meeting.refresh_from_db()
    assert meeting.actual_minutes == 45


def test_a_second_press_reaching_the_save_while_the_first_saves_is_answered_as_saved(
    cast, meeting, url, maya, monkeypatch
):
    """The second press passes the page's check of the version before the first press's
    save lands: the save itself (mentoring.services.meetings.meeting_log) finds its own
    log there, and records nothing twice. (No new action step in it: the page built
    once the first press has saved one would carry a form for it, which this log lacks.)"""
    sent = log_answers(minutes="50", note=NOTES) | {"log_stamp": _stamp(maya.get(url))}
    maya.post(url, sent, follow=True)
    monkeypatch.setattr("mentoring.views.meeting_log.log_changed_since", lambda *args: False)

    second = maya.post(url, sent, follow=True)

    assert SAVED in _page(second)
    meeting.refresh_from_db()
    assert (meeting.logged_by, meeting.last_changed_at) == (cast.mentor, None)
