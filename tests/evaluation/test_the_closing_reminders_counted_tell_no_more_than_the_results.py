"""A survey's reminders go to everyone it asks, answered or not, whenever its results may
withhold how many answered: a group asked fewer people than its minimum, when it opened or
today, so that "Everyone asked" stands in for it (`evaluation.results.withholds_how_many_answered`,
read by `evaluation.reminders.reminds_everyone`). They went to everyone only when the survey
asked fewer than its minimum in all: the pilot's survey of its 2 mentors and 2 board members
(minimum 3) withholds "4 of 4", yet the office's reminder log listed no closing reminder
where all four had answered and four where none had. The "Save and remind now" confirmation
follows the same rule. A survey whose every group reaches its minimum shows each group's
rate, and still reminds only those who have not answered."""

import pytest
import time_machine
from django.urls import reverse

from tests.admin_pages import recipients_named, rows, signed_in_for_real, words
from tests.closing_reminders import (
    at,
    closing_reminders_sent_at,
    june_pilot,
    moved_later_then_back_near,
    never_reached,
    open_until_saturday,
    reminded_to_close,
)
from tests.surveys import answer

pytestmark = pytest.mark.django_db

office = signed_in_for_real("coordinator")
REMINDERS = reverse("admin:mentoring_reminder_changelist")
TO_EVERYONE = "this reminder goes to everyone the survey asks"


def reminded_three_days_before(office, cast, survey, answering, capture):
    """Those of `answering` answer on the opening day; three days before it closes, the
    reminders run. The results' words and the closing reminders the office's log lists."""
    reminded_to_close(survey, answering, capture)
    results = office.get(reverse("admin:evaluation_survey_results", args=[survey.pk]))
    closing = f"?kind=survey_closing&programme__id__exact={cast.programme.pk}"
    return words(results.content.decode()), rows(office.get(REMINDERS + closing))


@pytest.mark.parametrize("answering", ["everyone", "nobody"])
def test_the_log_lists_as_many_closing_reminders_whether_all_four_answered_or_none(
    office, cast, answering, django_capture_on_commit_callbacks, mailoutbox
):
    """The board members are never shown apart (2, fewer than 3), and "4 of 4" would say
    each of them answered: the results withhold it, and so must the log's count."""
    four = [cast.mentor, cast.other_mentor, cast.board_member, cast.other_board_member]
    survey = june_pilot(cast.programme)

    results, listed = reminded_three_days_before(
        office,
        cast,
        survey,
        four if answering == "everyone" else [],
        django_capture_on_commit_callbacks,
    )

    assert "Not shown: it is said only when at least 3" in results
    assert len(listed) == 4
    assert [row["outcome"] for row in listed] == ["Sent"] * 4
    # Worded for those who answered as for those who did not.
    [to_bola] = [mail for mail in mailoutbox if mail.to == ["bola@example.org"]]
    assert TO_EVERYONE in to_bola.body
    assert TO_EVERYONE in to_bola.alternatives[0][0]


def test_a_survey_showing_each_group_apart_reminds_only_those_who_have_not_answered(
    office, cast, third_pair, django_capture_on_commit_callbacks, mailoutbox
):
    """Three mentors and three board members, minimum 3: each group's rate is shown, so the
    log's count tells nothing the results do not."""
    survey = june_pilot(cast.programme)

    results, listed = reminded_three_days_before(
        office, cast, survey, [cast.mentor], django_capture_on_commit_callbacks
    )

    assert "Mentors" in results
    assert "Board members" in results
    assert "Everyone asked" not in results
    assert len(listed) == 5
    to_others = [mail for mail in mailoutbox if "Pilot" in mail.subject]
    assert "maya@example.org" not in [address for mail in to_others for address in mail.to]
    assert all(TO_EVERYONE not in mail.body for mail in to_others)


def test_save_and_remind_now_names_only_those_not_reminded_yet_as_the_results_withhold_the_count(
    client, cast, django_capture_on_commit_callbacks, mailoutbox
):
    """Bola answered before the closing reminder went to all four (it reminds everyone, as
    its results withhold how many answered); Omar's never reached him. Moving the last day
    later and back near asks first, naming Omar alone, and emails only him."""
    survey = open_until_saturday(cast, min_group_size=3)
    with time_machine.travel(at(8, 12), tick=False):
        answer(survey, cast.board_member)
    assert closing_reminders_sent_at(at(10, 9), django_capture_on_commit_callbacks) == 4
    never_reached(cast.other_mentor)

    page = moved_later_then_back_near(client, cast, survey)

    assert page.status_code == 200
    shown = words(page.content.decode())
    assert "Save and remind now" in shown
    assert "the 1 person of the 4 people it asks who have not had it yet is emailed" in shown
    assert recipients_named(page) == ["Omar Other (omar@example.org): mentor"]
