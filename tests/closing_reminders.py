"""The pilot's survey in June and its closing reminders, for the tests of what the office's
lists tell of whom a reminder went to. `june_pilot(programme)` is open from midnight on
Monday 7 June 2027 to 17:00 on Monday 21 June (London time: `at`), to the programme's
mentors and board members, with one question and a minimum group size of 3;
`reminded_to_close` has some answer on the opening day, then runs the reminders three days
before it closes, when its closing reminder is due.

For the tests of a save that brings the closing reminder on again: `open_until_saturday`
(a `pilot_survey` open 7 to 12 June), the reminders run at a moment
(`closing_reminders_sent_at`), a reminder that never reached its person (`never_reached`), the
office moving its last day later then back near (`moved_later_then_back_near`), and the third
pair as a confirmation names them (`THIRD_PAIR`)."""

from datetime import datetime

import time_machine

from accounts.models import OutboxStatus
from accounts.outbox import outbox_sweep
from evaluation.models import Survey
from evaluation.services import survey_answer
from mentoring.models import Reminder
from mentoring.reminders import reminders_dispatch
from tests.admin_pages import change_url, sign_in_for_real
from tests.factories import QuestionFactory, SurveyFactory
from tests.surveys import form_data, pilot_survey
from tests.winter import LONDON


def at(day: int, hour: int, minute: int = 0) -> datetime:
    """A moment in June 2027, London time (summer time)."""
    return datetime(2027, 6, day, hour, minute, tzinfo=LONDON)


def june_pilot(programme, **fields) -> Survey:
    """A survey of `programme`'s mentors and board members open 7 to 21 June, with one
    question: "Pilot", with a minimum group size of 3, unless `fields` say otherwise."""
    survey = SurveyFactory(
        programme=programme,
        opens_at=at(7, 0),
        closes_at=at(21, 17),
        **{"title": "Pilot", "min_group_size": 3, **fields},
    )
    QuestionFactory(survey=survey)
    return survey


def reminded_to_close(survey: Survey, answering, django_capture_on_commit_callbacks) -> None:
    """Those of `answering` answer `survey` (of one question) on its opening day; at 08:00 on
    Friday 18 June the reminders run, and their emails are sent."""
    question = survey.questions.get()
    with time_machine.travel(at(7, 7), tick=False):
        for person in answering:
            survey_answer(survey=survey, person=person, answers={question.pk: 4})
    with (
        time_machine.travel(at(18, 8), tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        reminders_dispatch()


# The third pair (`third_pair`), named after the cast's four, as the page orders them by name.
THIRD_PAIR = [
    "Tariq Third (tariq@example.org): mentor",
    "Thea Third (thea@example.org): board member",
]


def open_until_saturday(cast, **fields):
    """Open from Monday 7 June to the end of Saturday 12 June, asking the cast's four: its
    closing reminder is due on Thursday 10 June."""
    return pilot_survey(cast, opens_at=at(7, 0), closes_at=at(13, 0), **fields)


def closing_reminders_sent_at(moment, django_capture_on_commit_callbacks) -> int:
    """The reminders run at `moment` and their emails go: how many closing reminders went."""
    with (
        time_machine.travel(moment, tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        written = reminders_dispatch()["survey_closing"]
        outbox_sweep()
    return written


def never_reached(person) -> None:
    """Their closing reminder failed for good (the mail server refused it): they never had
    it, so it is theirs still to have."""
    reminder = Reminder.objects.get(kind="survey_closing", recipient=person)
    reminder.message.status = OutboxStatus.FAILED
    reminder.message.save(update_fields=["status"])


def moved_later_then_back_near(client, cast, survey):
    """At 10:00 on Thursday the office moves its last day to 20 June, then back to Friday 11
    June: what the second save answers."""
    with time_machine.travel(at(10, 10), tick=False):
        sign_in_for_real(client, cast, "coordinator")
        later = client.post(change_url(survey), form_data(survey, closes_at="2027-06-20"))
        assert later.status_code == 302
        survey.refresh_from_db()
        return client.post(change_url(survey), form_data(survey, closes_at="2027-06-11"))
