"""A time Bola proposed that Maya declined reads "Declined" wherever its state is shown: the
badge on both people's pair page, schedule and meeting page, the line on the meeting page
that says who turned it down and when, and both people's data download; as the message
after declining and Bola's email say. A proposal its own proposer dropped reads
"Withdrawn" (test_a_proposal_withdrawn_by_its_proposer_reads_withdrawn_everywhere.py)."""

import json

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests.admin_pages import words_at
from tests.cast import browser_of

pytestmark = pytest.mark.django_db

DECLINED = '<span class="badge text-bg-secondary">Declined</span>'


def call_off(person, meeting) -> None:
    response = browser_of(person).post(
        reverse("meeting_cancel", args=[meeting.pk]),
        {"reason": "Exam board that day", "sequence": meeting.sequence},
    )
    assert response.status_code == 302


def html_at(browser: Client, url: str) -> str:
    response = browser.get(url)
    assert response.status_code == 200, url
    return " ".join(response.content.decode().split())


def downloaded_status(person) -> str:
    data = json.loads(browser_of(person).get(reverse("personal_data_download")).content)
    ((meeting,),) = [pair["meetings"] for pair in data["pairs"]]
    return meeting["status"]


def test_a_declined_time_is_declined_on_both_peoples_lists_and_meeting_page(
    cast, proposed_by_the_board_member
):
    call_off(cast.mentor, proposed_by_the_board_member)

    for person in (cast.mentor, cast.board_member):
        browser = browser_of(person)
        for url in (
            reverse("match"),
            reverse("meetings"),
            reverse("meeting_detail", args=[proposed_by_the_board_member.pk]),
        ):
            page = html_at(browser, url)
            assert DECLINED in page, (person, url)
            assert "Not taken up" not in page, (person, url)
            # Listed with those not going ahead: never booked, so not "called off".
            if url != reverse("meeting_detail", args=[proposed_by_the_board_member.pk]):
                assert "Not going ahead:</p>" in page, (person, url)
                assert "Called off:" not in page, (person, url)


def test_the_meeting_page_says_who_declined_it_and_when(cast, proposed_by_the_board_member):
    call_off(cast.mentor, proposed_by_the_board_member)
    url = reverse("meeting_detail", args=[proposed_by_the_board_member.pk])
    today = f"{timezone.localdate():%-d %B %Y}"

    maya = words_at(browser_of(cast.mentor), url)
    bola = words_at(browser_of(cast.board_member), url)

    assert f"Declined by you on {today}. Reason: Exam board that day" in maya
    assert f"Declined by Maya Mentor on {today}. Reason: Exam board that day" in bola


def test_both_peoples_data_download_says_declined(cast, proposed_by_the_board_member):
    call_off(cast.mentor, proposed_by_the_board_member)

    assert downloaded_status(cast.mentor) == "Declined"
    assert downloaded_status(cast.board_member) == "Declined"
