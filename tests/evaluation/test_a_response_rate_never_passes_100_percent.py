"""Someone who answered and is asked no more (their account deleted) still counts among
those asked, in the role they answered in: open or closed and counted, no rate passes 100%."""

import pytest

from tests.factories import MentorFactory, QuestionFactory, SurveyFactory

pytestmark = pytest.mark.django_db


def test_someone_who_answered_and_then_deleted_their_account_still_counts_as_invited(cast):
    """Two of three mentors answer; then Omar deletes his account (his participation stays,
    as his answer does). The office must not read "Mentors: 2 invited, 2 answered, 100%"
    (or worse), neither while the survey is open nor once it has closed and been counted."""
    from accounts.services import account_delete
    from evaluation.results import survey_results
    from evaluation.services import survey_answer, surveys_count_invited
    from tests.factories import close_survey

    survey = SurveyFactory(programme=cast.programme, audience="mentors", min_group_size=3)
    MentorFactory(programme=cast.programme)  # a third mentor: enough for a rate to be shown
    question = QuestionFactory(survey=survey)
    for person in (cast.mentor, cast.other_mentor):
        survey_answer(survey=survey, person=person, answers={question.pk: 4})
    account_delete(user=cast.other_mentor, by=cast.other_mentor)

    (rate,) = survey_results(survey).rates
    assert (rate.invited, rate.answered) == (3, 2), (rate.invited, rate.answered, rate.percent)

    close_survey(survey)
    surveys_count_invited()
    survey.refresh_from_db()
    (rate,) = survey_results(survey).rates
    assert (rate.invited, rate.answered) == (3, 2), (rate.invited, rate.answered, rate.percent)
