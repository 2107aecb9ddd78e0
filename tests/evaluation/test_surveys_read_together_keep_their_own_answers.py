"""Several surveys read at once (`surveys_results`, `surveys_ballots_open`, as the programme
report reads them) each keep their own answers and rates: one programme, three surveys
answered differently, read together, in any order, before and after beat counts them, give
what each gives read alone."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine

from evaluation.models import Ballot, Response
from evaluation.report import programme_report
from evaluation.results import survey_results, surveys_results
from evaluation.services import survey_answer, surveys_count_invited
from tests.factories import (
    BriefedBoardMemberFactory,
    MentorFactory,
    ProgrammeFactory,
    QuestionFactory,
    SurveyFactory,
)

pytestmark = pytest.mark.django_db

LONDON = ZoneInfo("Europe/London")
NOW = datetime(2027, 3, 10, 12, 0, 10, tzinfo=LONDON)


def _people(programme, mentors, board_members):
    m = [MentorFactory(programme=programme).applicant for _ in range(mentors)]
    b = [BriefedBoardMemberFactory(programme=programme).user for _ in range(board_members)]
    return m, b


def _answer_all(survey, people, value, at):
    question = survey.questions.get()
    with time_machine.travel(at, tick=False):
        for person in people:
            survey_answer(survey=survey, person=person, answers={question.pk: value})


def _rates(result):
    return {rate.label: (rate.invited, rate.answered) for rate in result.rates}


def _everyone(result):
    item = result.questions[0]
    if item.withheld:
        return None
    group = item.groups[0]
    return group.count, group.mean


@pytest.fixture
def three_surveys():
    """One programme, 6 mentors and 6 board members, three surveys answered differently."""
    programme = ProgrammeFactory(survey_min_group_size=3)
    mentors, members = _people(programme, 6, 6)
    surveys = {}
    # A: closed, everyone answered "5".
    surveys["a"] = SurveyFactory(
        programme=programme,
        title="A",
        opens_at=NOW - timedelta(days=40),
        closes_at=NOW - timedelta(days=20),
        min_group_size=3,
    )
    # B: closed, only 4 mentors answered "1".
    surveys["b"] = SurveyFactory(
        programme=programme,
        title="B",
        opens_at=NOW - timedelta(days=15),
        closes_at=NOW - timedelta(days=2),
        min_group_size=3,
    )
    # C: open, 3 board members answered "3".
    surveys["c"] = SurveyFactory(
        programme=programme,
        title="C",
        opens_at=NOW - timedelta(days=1),
        closes_at=NOW + timedelta(days=10),
        min_group_size=3,
    )
    for survey in surveys.values():
        QuestionFactory(survey=survey, text=f"Question of {survey.title}")
    _answer_all(surveys["a"], mentors + members, 5, NOW - timedelta(days=30))
    _answer_all(surveys["b"], mentors[:4], 1, NOW - timedelta(days=10))
    _answer_all(surveys["c"], members[:3], 3, NOW)
    return programme, surveys


def test_the_report_counts_each_surveys_own_answers(three_surveys):
    programme, surveys = three_surveys
    with time_machine.travel(NOW, tick=False):
        report = programme_report(programme, with_surveys=True)
    by_title = {item.survey.title: item for item in report.surveys}
    a, b, c = by_title["A"], by_title["B"], by_title["C"]
    assert {r.label: (r.invited, r.answered) for r in a.rates} == {
        "Mentors": (6, 6),
        "Board members": (6, 6),
    }
    assert {r.label: (r.invited, r.answered) for r in b.rates} == {
        "Mentors": (6, 4),
        "Board members": (6, 0),
    }
    assert {r.label: (r.invited, r.answered) for r in c.rates} == {
        "Mentors": (6, 0),
        "Board members": (6, 3),
    }
    assert a.questions[0].answered == 12
    assert a.questions[0].groups[0] == ("Everyone", "mean 5.0 (1 to 5)")
    assert b.questions[0].answered == 4
    assert b.questions[0].groups[0] == ("Everyone", "mean 1.0 (1 to 5)")
    assert c.state == "open"
    assert not c.questions
    # Each closed survey holds only its own responses; the open one still sealed.
    assert Response.objects.filter(survey=surveys["a"]).count() == 12
    assert Response.objects.filter(survey=surveys["b"]).count() == 4
    assert Response.objects.filter(survey=surveys["c"]).count() == 0
    assert Ballot.objects.filter(survey=surveys["c"]).count() == 3


def test_many_surveys_read_at_once_give_what_each_gives_alone(three_surveys):
    _programme, surveys = three_surveys
    ordered = [surveys["c"], surveys["b"], surveys["a"]]
    with time_machine.travel(NOW, tick=False):
        together = surveys_results(ordered)
        alone = [survey_results(survey) for survey in ordered]
    for one, other in zip(together, alone, strict=True):
        assert one.survey.pk == other.survey.pk
        assert _rates(one) == _rates(other)
        assert _everyone(one) == _everyone(other)


def test_after_beat_counted_the_closed_ones_the_report_still_keeps_them_apart(three_surveys):
    programme, _surveys = three_surveys
    with time_machine.travel(NOW, tick=False):
        surveys_count_invited()
        report = programme_report(programme, with_surveys=True)
    by_title = {item.survey.title: item for item in report.surveys}
    assert {r.label: (r.invited, r.answered) for r in by_title["B"].rates} == {
        "Mentors": (6, 4),
        "Board members": (6, 0),
    }
    assert by_title["B"].questions[0].groups[0] == ("Everyone", "mean 1.0 (1 to 5)")
