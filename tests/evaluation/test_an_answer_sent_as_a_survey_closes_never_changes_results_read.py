"""An answer sent in the moment a survey closes is either in before the results are first
read or refused: results once read never change (`Survey.reopening_refused`), or comparing
them before and after would show what one person said. The answer and the opening of the
answers both lock the survey's row, and the answer checks the closing again under it."""

import threading
from contextlib import contextmanager
from datetime import datetime, timedelta
from unittest import mock
from zoneinfo import ZoneInfo

import pytest
import time_machine

import evaluation.services as services
from evaluation.models import Ballot
from evaluation.results import survey_results
from evaluation.services import SurveyError, survey_answer, surveys_mark_asked
from tests.concurrency import needs_postgresql, started, waits_for_a_lock_or_ends
from tests.factories import BoardMemberFactory, MentorFactory, QuestionFactory, SurveyFactory

pytestmark = pytest.mark.django_db
LONDON = ZoneInfo("Europe/London")
CLOSES = datetime(2027, 6, 21, 0, 0, tzinfo=LONDON)
CLOSED = "This survey has closed. Thank you for your interest."


@pytest.fixture
def survey(cast):
    """Closing at midnight, one agree/disagree question, answered "Agree" by three people
    an hour before (a minimum group of 3, so the results show)."""
    survey = SurveyFactory(
        programme=cast.programme,
        opens_at=CLOSES - timedelta(days=14),
        closes_at=CLOSES,
        min_group_size=3,
    )
    question = QuestionFactory(survey=survey)
    with time_machine.travel(CLOSES - timedelta(hours=1), tick=False):
        for person in (cast.mentor, cast.other_mentor, cast.board_member):
            survey_answer(survey=survey, person=person, answers={question.pk: 4})
    return survey


def everyone(survey) -> dict:
    """The first question's answers, everyone together, as the office reads them."""
    return dict(survey_results(survey).questions[0].groups[0].distribution)


def late_answer(survey, cast):
    """Olive answers "Strongly disagree"."""
    question = survey.questions.get()
    return survey_answer(survey=survey, person=cast.other_board_member, answers={question.pk: 1})


def test_an_answer_checked_before_closing_and_saved_after_the_results_were_read_is_refused(
    survey, cast
):
    seen = {}
    real_role_in = services.role_in

    with time_machine.travel(CLOSES - timedelta(milliseconds=50), tick=False) as clock:

        def slow_role_in(s, person):
            # The answer passed the first "still open" check; meanwhile midnight passes and
            # the office reads the results.
            role = real_role_in(s, person)
            clock.move_to(CLOSES + timedelta(seconds=1))
            seen["before"] = everyone(survey)
            return role

        with (
            mock.patch.object(services, "role_in", slow_role_in),
            pytest.raises(SurveyError, match=CLOSED),
        ):
            late_answer(survey, cast)

        assert seen["before"]["Agree"] == 3
        assert everyone(survey) == seen["before"]
    assert not Ballot.objects.filter(survey=survey).exists()


@contextmanager
def an_answer_saving_as_it_closes(survey, cast, read):
    """Olive's answer, sent 50 ms before the closing, paused once past its checks; midnight
    passes and the office runs `read` in a connection of its own, which waits for the
    survey's lock (or ends without one); then the answer goes on. Yields what each gave
    ("result" or "error"), the clock still just after the closing."""
    inside, go = threading.Event(), threading.Event()
    real_seal = Ballot.seal

    def paused_seal(**fields):
        # Olive's answer is past its checks, not yet saved.
        inside.set()
        assert go.wait(10)
        return real_seal(**fields)

    with (
        time_machine.travel(CLOSES - timedelta(milliseconds=50), tick=False) as clock,
        mock.patch.object(Ballot, "seal", paused_seal),
    ):
        answering, answered = started(lambda: late_answer(survey, cast))
        assert inside.wait(10)
        clock.move_to(CLOSES + timedelta(seconds=1))  # midnight passes; the office reads
        reading, outcome = started(read)
        waits_for_a_lock_or_ends(reading)
        go.set()
        answering.join(30)
        reading.join(30)
        yield answered, outcome


@needs_postgresql
@pytest.mark.django_db(transaction=True)
def test_results_read_while_an_answer_sent_before_closing_is_saving_wait_for_it(survey, cast):
    with an_answer_saving_as_it_closes(survey, cast, lambda: everyone(survey)) as (answered, read):
        assert "error" not in answered, answered
        assert "error" not in read, read
        assert read["result"] == {**read["result"], "Agree": 3, "Strongly disagree": 1}
        assert everyone(survey) == read["result"]


@pytest.fixture
def unanswered(cast):
    """Closing at midnight, one question, nobody has answered yet. Three on each side (the
    minimum), so each side's rate is shown, how many answered included."""
    MentorFactory(programme=cast.programme)
    BoardMemberFactory(programme=cast.programme)
    survey = SurveyFactory(
        programme=cast.programme,
        opens_at=CLOSES - timedelta(days=14),
        closes_at=CLOSES,
        min_group_size=3,
    )
    QuestionFactory(survey=survey)
    with time_machine.travel(CLOSES - timedelta(hours=1), tick=False):
        surveys_mark_asked()  # beat, while it was open
    survey.refresh_from_db()
    return survey


def answered(survey) -> list[tuple[str, int, int]]:
    """How many of each group answered, as the office reads the results."""
    return [(rate.label, rate.invited, rate.answered) for rate in survey_results(survey).rates]


@needs_postgresql
@pytest.mark.django_db(transaction=True)
def test_results_read_while_the_first_answer_is_saving_wait_for_it(unanswered, cast):
    """Nobody had answered, so there was no sealed answer to open: the results still wait
    for the one being saved, or the numbers who answered would change once read."""
    with an_answer_saving_as_it_closes(unanswered, cast, lambda: answered(unanswered)) as (
        answer,
        read,
    ):
        assert "error" not in answer, answer
        assert "error" not in read, read
        assert sum(answered for _, _, answered in read["result"]) == 1
        assert answered(unanswered) == read["result"]
