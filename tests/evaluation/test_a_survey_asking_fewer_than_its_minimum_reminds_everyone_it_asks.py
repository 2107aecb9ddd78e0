"""A survey asking fewer people than its minimum group size (its results withhold how many
answered: of one or two people, that says who) reminds everyone it asks, answered or not, in
words that suit both. It reminded only those who had not answered, and the office's reminder
log and outbox counted them: a survey asking two mentors listed one closing reminder where
one had answered and two where nobody had, telling the office what its results withheld
(`evaluation.reminders.reminds_everyone`). So does any survey whose results may withhold it
(tests/evaluation/test_the_closing_reminders_counted_tell_no_more_than_the_results.py); one
asking each group at least its minimum still reminds only those who have not answered
(tests/evaluation/test_survey_reminders.py)."""

import pytest
from django.urls import reverse

from tests.admin_pages import rows, signed_in_for_real, words
from tests.closing_reminders import june_pilot, reminded_to_close
from tests.factories import MentorFactory, ProgrammeFactory

pytestmark = pytest.mark.django_db

office = signed_in_for_real("coordinator")
REMINDERS = reverse("admin:mentoring_reminder_changelist")
OUTBOX = reverse("admin:accounts_outboxmessage_changelist")


def of_their_mentors(programme, title: str):
    """A survey of `programme`'s mentors (two in each here), open 7 to 21 June, minimum 5."""
    return june_pilot(programme, title=title, audience="mentors", min_group_size=5)


@pytest.fixture
def two_small_surveys(cast, django_capture_on_commit_callbacks):
    """Maya answers "Ours" early; nobody answers "Theirs". Both reach their closing reminder."""
    other = ProgrammeFactory(name="Second cohort", slug="second")
    MentorFactory(programme=other)
    MentorFactory(programme=other)
    ours, theirs = of_their_mentors(cast.programme, "Ours"), of_their_mentors(other, "Theirs")
    reminded_to_close(ours, [cast.mentor], django_capture_on_commit_callbacks)
    return ours, theirs


def test_the_reminder_log_lists_as_many_for_a_survey_one_answered_as_for_one_nobody_did(
    office, cast, two_small_surveys
):
    ours, theirs = two_small_surveys
    results = office.get(reverse("admin:evaluation_survey_results", args=[ours.pk]))
    closing = "?kind=survey_closing&programme__id__exact={}"

    ours_listed = rows(office.get(REMINDERS + closing.format(ours.programme_id)))
    theirs_listed = rows(office.get(REMINDERS + closing.format(theirs.programme_id)))

    assert "Not shown: it is said only when at least 5" in words(results.content.decode())
    assert len(ours_listed) == len(theirs_listed) == 2
    assert [row["outcome"] for row in ours_listed] == ["Sent", "Sent"]


def test_the_reminder_to_someone_who_answered_thanks_them_and_says_why_it_came(
    cast, two_small_surveys, mailoutbox
):
    [to_maya] = [mail for mail in mailoutbox if mail.to == ["maya@example.org"]]
    [to_omar] = [mail for mail in mailoutbox if mail.to == ["omar@example.org"]]

    for mail in (to_maya, to_omar):  # the same words to both: nobody is told apart
        for body in (mail.body, mail.alternatives[0][0]):
            said = words(body)
            assert "If you have not answered yet, every answer helps us decide" in said
            assert "if you have, thank you, and there is nothing more to do" in said
            assert "this reminder goes to everyone the survey asks" in said
            assert "we have not had your answers yet" not in said
    assert to_maya.body == to_omar.body.replace("Omar", "Maya")
