"""The pilot's survey in June and its closing reminders, for the tests of what the office's
lists tell of whom a reminder went to. `june_pilot(programme)` is open from midnight on
Monday 7 June 2027 to 17:00 on Monday 21 June (London time: `at`), to the programme's
mentors and board members, with one question and a minimum group size of 3;
`reminded_to_close` has some answer on the opening day, then runs the reminders three days
before it closes, when its closing reminder is due."""

from datetime import datetime

import time_machine

from evaluation.models import Survey
from evaluation.services import survey_answer
from mentoring.reminders import reminders_dispatch
from tests.factories import QuestionFactory, SurveyFactory
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
