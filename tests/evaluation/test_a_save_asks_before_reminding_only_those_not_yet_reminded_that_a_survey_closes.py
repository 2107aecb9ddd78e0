"""Each person hears once that a survey closes soon (`SurveyReminder.once_per_person`). So a
save bringing the "closing soon" reminder on again (its last day moved later, then back near)
asks first, "Save and remind now", only when someone is left to have it: the page names and
counts only those who have not had it yet, in a survey that reminds everyone it asks
(`reminds_everyone`: its results may withhold how many answered, as the cast's four are
fewer than its minimum). With nobody left, the save just saves. In a survey reminding only
those who have not answered (each group it asks at least its minimum: here the cast and a
third pair, minimum 3), who had the reminder is who
had not answered then: the page names everyone it asks, as before, and says so; and it asks
while anyone it asks has not had the reminder, answered or not, so that whether it asks tells
nobody who answered."""

import pytest
import time_machine

from tests.admin_pages import change_url, confirmed, recipients_named, words
from tests.closing_reminders import (
    THIRD_PAIR,
    at,
    closing_reminders_sent_at,
    moved_later_then_back_near,
    never_reached,
    open_until_saturday,
)
from tests.surveys import THE_CAST, answer

pytestmark = pytest.mark.django_db

OMAR = "Omar Other (omar@example.org): mentor"


def test_with_everyone_reminded_already_the_save_just_saves(
    client, cast, django_capture_on_commit_callbacks, mailoutbox
):
    survey = open_until_saturday(cast)
    assert closing_reminders_sent_at(at(10, 9), django_capture_on_commit_callbacks) == 4

    saved = moved_later_then_back_near(client, cast, survey)

    assert saved.status_code == 302
    survey.refresh_from_db()
    assert str(survey.last_day) == "2027-06-11"
    assert closing_reminders_sent_at(at(10, 10, 5), django_capture_on_commit_callbacks) == 0


def test_the_page_names_and_counts_only_those_not_reminded_yet(
    client, cast, django_capture_on_commit_callbacks, mailoutbox
):
    survey = open_until_saturday(cast)
    closing_reminders_sent_at(at(10, 9), django_capture_on_commit_callbacks)
    never_reached(cast.other_mentor)

    page = moved_later_then_back_near(client, cast, survey)

    assert page.status_code == 200
    shown = words(page.content.decode())
    assert "Save and remind now" in shown
    assert "the 1 person of the 4 people it asks who have not had it yet is emailed" in shown
    assert recipients_named(page) == [OMAR]
    with time_machine.travel(at(10, 10), tick=False):
        assert client.post(change_url(survey), confirmed(page)).status_code == 302
    assert closing_reminders_sent_at(at(10, 10, 5), django_capture_on_commit_callbacks) == 1


def test_in_a_survey_reminding_those_who_have_not_answered_one_who_answered_is_still_asked_about(
    client, cast, third_pair, django_capture_on_commit_callbacks, mailoutbox
):
    # Asking 3 mentors and 3 board members, minimum 3: each group's rate is shown, and only
    # those who have not answered are reminded.
    survey = open_until_saturday(cast, min_group_size=3)
    with time_machine.travel(at(8, 12), tick=False):
        answer(survey, cast.board_member)
    assert closing_reminders_sent_at(at(10, 9), django_capture_on_commit_callbacks) == 5

    page = moved_later_then_back_near(client, cast, survey)

    # Bola, who answered, was never reminded: the save asks first, as it would had she not
    # answered, and "Yes" emails nobody.
    assert page.status_code == 200
    assert "Save and remind now" in words(page.content.decode())
    with time_machine.travel(at(10, 10), tick=False):
        assert client.post(change_url(survey), confirmed(page)).status_code == 302
    assert closing_reminders_sent_at(at(10, 10, 5), django_capture_on_commit_callbacks) == 0


def test_in_a_survey_reminding_those_who_have_not_answered_all_are_named_still(
    client, cast, third_pair, django_capture_on_commit_callbacks, mailoutbox
):
    survey = open_until_saturday(cast, min_group_size=3)
    with time_machine.travel(at(8, 12), tick=False):
        answer(survey, cast.board_member)
    closing_reminders_sent_at(at(10, 9), django_capture_on_commit_callbacks)
    never_reached(cast.other_mentor)

    page = moved_later_then_back_near(client, cast, survey)

    assert page.status_code == 200
    shown = words(page.content.decode())
    assert (
        "those of the 6 people it asks who have not answered it, nor had it already, are "
        "emailed" in shown
    )
    # Leaving out those reminded would name those who had answered by then (Bola).
    assert recipients_named(page) == [*THE_CAST, *THIRD_PAIR]
