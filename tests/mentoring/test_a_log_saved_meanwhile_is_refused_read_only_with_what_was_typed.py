"""Bola opens the log of a meeting; Maya saves it first. Bola's Save, sent from the page
built before, is refused on a page of its own (409) rather than as the form again, which
would carry the old version and be refused at every Save: one error summary says nothing
was saved and who saved the log meanwhile, what she typed is shown back once, to copy, and
the way on opens the log afresh, as it is now, where her Save goes through."""

import re
from datetime import timedelta
from html import unescape

import pytest
from django.urls import reverse
from django.utils import timezone

from mentoring.models import ActionStep
from tests.factories import MeetingFactory, agree_ground_rules
from tests.meetings import log_answers

pytestmark = pytest.mark.django_db

NOTES = "Bola's notes: the rota idea needs the union's view first."
STEP = "Ask the union rep about the rota"


@pytest.fixture
def meeting(cast):
    agree_ground_rules(cast.pair)
    return MeetingFactory(match=cast.pair, starts_at=timezone.now() - timedelta(hours=2))


def _stamp(response) -> str:
    return re.search(r'name="log_stamp" value="([^"]*)"', response.content.decode()).group(1)


def _typed_back(html: str) -> list[tuple[str, str]]:
    section = re.search(r'<section aria-labelledby="typed-heading".*?</section>', html, re.S)
    assert section, "nothing is shown back"
    pairs = re.findall(r"<dt>(.*?)</dt>\s*<dd[^>]*>(.*?)</dd>", section.group(0), re.S)
    return [(label.strip(), text.strip()) for label, text in pairs]


def _summary_lines(html: str) -> list[str]:
    assert html.count("data-error-summary") == 1
    summary = re.search(r"data-error-summary.*?</div>", html, re.S).group(0)
    assert "Nothing was saved." in summary
    return re.findall(r"<li>(.*?)</li>", summary)


def _bolas_log() -> dict:
    return log_answers(
        minutes="50", note=NOTES, actions=[(STEP, "board_member", timezone.localdate())]
    )


def test_a_log_sent_from_a_page_built_before_the_partner_saved_it_is_refused_read_only(
    cast, meeting, maya, bola
):
    url = reverse("meeting_log", args=[meeting.pk])
    stale = _stamp(bola.get(url))
    maya.post(url, log_answers(minutes="45", note="Maya's notes") | {"log_stamp": stale})

    response = bola.post(url, _bolas_log() | {"log_stamp": stale})

    page = unescape(response.content.decode())
    assert response.status_code == 409
    assert re.search(r"<title>Error: The meeting's log was not saved", page)
    assert _summary_lines(page) == [
        "This meeting's log was saved meanwhile by Maya. Open it as it is now, then add "
        "what is missing."
    ]
    assert _typed_back(page) == [
        ("Your private notes", NOTES),
        ("New action step 1: What will be done", STEP),
    ]
    assert page.count(NOTES) == 1
    assert "Save the log" not in page
    assert f'href="{url}">Open the meeting\'s log as it is now</a>' in page
    meeting.refresh_from_db()
    assert meeting.actual_minutes == 45
    assert not meeting.notes.filter(author=cast.board_member).exists()
    assert not ActionStep.objects.exists()

    fresh = bola.get(url)
    assert 'value="45"' in fresh.content.decode()  # the log as Maya saved it
    saved = bola.post(url, _bolas_log() | {"log_stamp": _stamp(fresh)})

    assert saved.status_code == 302
    meeting.refresh_from_db()
    assert meeting.actual_minutes == 50
    assert meeting.notes.get(author=cast.board_member).text == NOTES
    assert list(ActionStep.objects.values_list("text", flat=True)) == [STEP]


def test_a_log_the_partner_saves_while_the_save_waits_is_refused_read_only(
    meeting, maya, bola, monkeypatch
):
    """The partner's save lands between the page's check of the version and the save: the
    save itself finds it (mentoring.services.meetings.meeting_log) and refuses alike."""
    url = reverse("meeting_log", args=[meeting.pk])
    stale = _stamp(bola.get(url))
    maya.post(url, log_answers(minutes="45") | {"log_stamp": stale})
    monkeypatch.setattr("mentoring.views.meeting_log.log_changed_since", lambda *args: False)

    response = bola.post(url, _bolas_log() | {"log_stamp": stale})

    assert response.status_code == 409
    assert _typed_back(unescape(response.content.decode()))[0] == ("Your private notes", NOTES)
    assert not ActionStep.objects.exists()


def test_a_log_whose_counts_of_new_steps_are_missing_is_refused_read_only(meeting, bola):
    url = reverse("meeting_log", args=[meeting.pk])
    sent = _bolas_log() | {"log_stamp": _stamp(bola.get(url))}
    del sent["action-TOTAL_FORMS"]

    response = bola.post(url, sent)

    page = unescape(response.content.decode())
    assert response.status_code == 409
    assert _summary_lines(page) == ["The form arrived incomplete."]
    assert _typed_back(page) == [
        ("Your private notes", NOTES),
        ("New action step 1: What will be done", STEP),
    ]
    assert f'href="{url}">Open the meeting\'s log as it is now</a>' in page
    meeting.refresh_from_db()
    assert not meeting.is_logged
    assert not ActionStep.objects.exists()
