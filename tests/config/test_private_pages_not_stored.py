"""Pages with personal or confidential content are never kept by a browser or a proxy."""

import pytest
from django.urls import reverse

from evaluation.models import Question
from mentoring.services.pairs import calendar_feed_for
from tests.factories import MeetingFactory, SurveyFactory

pytestmark = pytest.mark.django_db


def stored(response) -> bool:
    return "no-store" not in response.get("Cache-Control", "")


def test_every_page_a_member_of_a_pair_sees_is_not_stored(client, cast):
    meeting = MeetingFactory(match=cast.pair)
    survey = SurveyFactory(programme=cast.programme)
    Question.objects.create(survey=survey, text="We built trust.", kind="likert")
    client.force_login(cast.board_member)
    pages = [
        reverse("dashboard"),
        reverse("profile"),
        reverse("match"),
        reverse("meetings"),
        reverse("meeting_detail", args=[meeting.pk]),
        reverse("meeting_calendar", args=[meeting.pk]),
        reverse("events"),
        reverse("surveys"),
        reverse("survey_answer", args=[survey.pk]),
        reverse("account_email"),
        reverse("account_change_password"),
    ]

    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        assert not stored(response), url


def test_the_calendar_feed_is_not_stored_though_it_needs_no_session(client, cast):
    feed = calendar_feed_for(cast.mentor)

    response = client.get(reverse("calendar_feed"), {"token": feed.token})

    assert response.status_code == 200
    assert not stored(response)


def test_the_public_programme_page_may_be_kept(client, cast):
    response = client.get(reverse("programme_detail", args=[cast.programme.slug]))

    assert response.status_code == 200
    assert stored(response)
