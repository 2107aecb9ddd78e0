"""An answer waiting for the survey's lock while the office changes whom it asks is checked
again once it has the lock: refused in words, never recorded under a role the survey no
longer asks (where its results would never show it)."""

import pytest

from tests.factories import (
    QuestionFactory,
    SurveyFactory,
)

pytestmark = pytest.mark.django_db


def test_an_answer_waiting_for_the_lock_is_refused_if_the_survey_stopped_asking_meanwhile(
    cast, monkeypatch
):
    """Bola (a board member) submits her answers just as the office saves the survey (not
    yet answered, so its audience can change) as "Mentors" only. `survey_answer` reads her
    role before it takes the survey's lock, and only the dates and questions are read again
    under it: the office's save commits first, then her answer is recorded anyway, as a
    board member's, in a survey that no longer asks board members. Her participation
    counts, but the results only read the survey's roles, so her answer is in no figure:
    silently lost, and the survey's audience is now locked as "Mentors" with a board
    member's answer under it. Who the survey asks should be read under the lock, like the
    questions, and the answer refused ("This survey is for other people…")."""
    from evaluation import services
    from evaluation.models import Participation, Survey
    from evaluation.results import survey_results
    from tests.factories import close_survey

    survey = SurveyFactory(programme=cast.programme, title="Mid-point pulse", audience="both")
    question = QuestionFactory(survey=survey)
    real_lock = services.survey_lock

    def office_saves_first(pk):
        # The office's save held the lock; it commits, and then the answer gets it.
        Survey.objects.filter(pk=pk).update(audience="mentors")
        return real_lock(pk)

    monkeypatch.setattr(services, "survey_lock", office_saves_first)

    try:
        services.survey_answer(survey=survey, person=cast.board_member, answers={question.pk: 4})
        refused = False
    except services.SurveyError:
        refused = True

    monkeypatch.setattr(services, "survey_lock", real_lock)
    recorded = Participation.objects.filter(survey=survey).count()
    close_survey(survey)
    results = survey_results(Survey.objects.get(pk=survey.pk))
    assert refused, (
        f"recorded ({recorded} participation) as a board member's answer to a survey for "
        f"mentors; its results count {results.questions[0].answered} answers and "
        f"{sum(rate.answered for rate in results.rates)} respondents"
    )
