"""A time Bola proposed and then dropped herself reads "Withdrawn" wherever its state is
shown: the badge on both people's pair page, schedule and meeting page, the line on the
meeting page that says who withdrew it and when, and both people's data download. Maya
never answered it, so it is not "Not taken up": that stays for a time nobody answered."""

import json
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from mentoring.models import MeetingStatus
from tests.admin_pages import words, words_at
from tests.cast import browser_of
from tests.factories import MeetingFactory

pytestmark = pytest.mark.django_db

WITHDRAWN = '<span class="badge text-bg-secondary">Withdrawn</span>'


@pytest.fixture
def withdrawn(cast, proposed_by_the_board_member):
    """Bola drops the time she proposed to Maya, through her meeting's page."""
    response = browser_of(cast.board_member).post(
        reverse("meeting_cancel", args=[proposed_by_the_board_member.pk]),
        {"reason": "Diary clash", "sequence": proposed_by_the_board_member.sequence},
    )
    assert response.status_code == 302
    proposed_by_the_board_member.refresh_from_db()
    assert proposed_by_the_board_member.status == MeetingStatus.DROPPED
    return proposed_by_the_board_member


def test_both_peoples_lists_and_meeting_page_badge_it_withdrawn(cast, withdrawn):
    for person in (cast.mentor, cast.board_member):
        browser = browser_of(person)
        for url in (
            reverse("match"),
            reverse("meetings"),
            reverse("meeting_detail", args=[withdrawn.pk]),
        ):
            response = browser.get(url)
            assert response.status_code == 200, url
            page = " ".join(response.content.decode().split())
            assert WITHDRAWN in page, (person, url)
            assert "Not taken up" not in page, (person, url)


def test_its_page_says_who_withdrew_it_and_when_in_the_same_word(cast, withdrawn):
    url = reverse("meeting_detail", args=[withdrawn.pk])
    today = f"{timezone.localdate():%-d %B %Y}"

    assert f"Withdrawn by you on {today}" in words_at(browser_of(cast.board_member), url)
    assert f"Withdrawn by Bola Board on {today}" in words_at(browser_of(cast.mentor), url)


def test_the_button_the_message_and_mayas_email_say_withdraw_too(
    cast, proposed_by_the_board_member, mailoutbox, django_capture_on_commit_callbacks
):
    bola = browser_of(cast.board_member)
    url = reverse("meeting_detail", args=[proposed_by_the_board_member.pk])
    assert "Withdraw this proposal" in words_at(bola, url)

    with django_capture_on_commit_callbacks(execute=True):
        done = bola.post(
            reverse("meeting_cancel", args=[proposed_by_the_board_member.pk]),
            {"reason": "Diary clash", "sequence": proposed_by_the_board_member.sequence},
            follow=True,
        )

    assert "You withdrew the time you proposed" in words(done.content.decode())
    [email] = mailoutbox
    day = timezone.localtime(proposed_by_the_board_member.starts_at)
    assert email.subject == f"Bola Board withdrew the time they proposed for {day:%-d %B}"
    assert "Bola Board has withdrawn the time they proposed for" in words(email.body)
    assert "Diary clash" not in email.body  # the reason stays on the meeting's page


def test_both_peoples_data_download_says_withdrawn(cast, withdrawn):
    for person in (cast.mentor, cast.board_member):
        data = json.loads(browser_of(person).get(reverse("personal_data_download")).content)
        ((meeting,),) = [pair["meetings"] for pair in data["pairs"]]
        assert meeting["status"] == "Withdrawn"


def test_a_time_nobody_answered_is_still_not_taken_up(cast):
    """Its time came unanswered, and Maya, to whom it was proposed, dropped it then."""
    meeting = MeetingFactory(
        match=cast.pair,
        status=MeetingStatus.DROPPED,
        proposed_by=cast.board_member,
        cancelled_by=cast.mentor,
        starts_at=timezone.now() - timedelta(days=2),
        cancelled_at=timezone.now() - timedelta(days=1),
    )

    assert meeting.status_label == "Not taken up"
    assert "Withdrawn" not in words(
        browser_of(cast.mentor).get(reverse("meeting_detail", args=[meeting.pk])).content.decode()
    )
