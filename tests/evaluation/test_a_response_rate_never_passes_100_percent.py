"""Someone who answered and is asked no more (their account deleted) still counts among
those asked; someone who answered and changed side while it was open, or was accepted again
after it closed, leaves no role with more answers than people asked: open or closed and
counted, no rate passes 100%."""

from collections import Counter

import pytest
from django.utils import timezone

from evaluation.audience import invited_by_role
from evaluation.results import survey_results
from evaluation.services import survey_answer
from mentoring.models import ApplicationStatus
from mentoring.services.decisions import applications_decide
from tests.factories import (
    BoardMemberFactory,
    MentorApplicationFactory,
    MentorFactory,
    QuestionFactory,
    SurveyFactory,
    UserFactory,
    close_survey,
)

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


def test_a_board_member_who_answered_then_is_accepted_as_a_mentor_keeps_the_rate_under_100(cast):
    """Bea, a board member of the programme, answers the open survey as a board member; her
    mentor application in the same programme is then accepted while it is still open. The
    counts now put her among the mentors, while her sealed answer stays a board member's:
    the board members' rate read 4 of 3 (133%) before the floor (`at_least_answered`)."""
    survey = SurveyFactory(programme=cast.programme, audience="both", min_group_size=3)
    question = QuestionFactory(survey=survey)
    bea = UserFactory(full_name="Bea Both")
    BoardMemberFactory(programme=cast.programme, user=bea)
    application = MentorApplicationFactory(
        programme=cast.programme, applicant=bea, submitted_at=timezone.now()
    )
    dee = BoardMemberFactory(programme=cast.programme).user
    for person in (cast.board_member, cast.other_board_member, dee, bea):
        survey_answer(survey=survey, person=person, answers={question.pk: 4})

    applications_decide(
        applications=[application], status=ApplicationStatus.ACCEPTED, by=cast.coordinator
    )

    survey.refresh_from_db()
    answered = Counter(ballot.content["role"] for ballot in survey.ballots.all())
    invited = invited_by_role(survey)
    for rate in survey_results(survey).rates:
        assert rate.percent is None or rate.percent <= 100, (rate, answered, invited)


def test_a_mentor_who_answered_and_is_accepted_again_before_the_count_keeps_the_rate_under_100(
    cast,
):
    """Ada answers, is wait-listed while the survey is open, and accepted again just after it
    closed, before beat counted it (it runs every minute; the results page may be read
    first). Her new acceptance is after the closing, so the live count drops her while her
    answer stays: 4 answered of 3 asked, before the floor (`at_least_answered`)."""
    survey = SurveyFactory(programme=cast.programme, audience="mentors", min_group_size=3)
    question = QuestionFactory(survey=survey)
    ada = MentorFactory(programme=cast.programme, applicant=UserFactory(full_name="Ada"))
    ned = MentorFactory(programme=cast.programme, applicant=UserFactory(full_name="Ned"))
    for person in (cast.mentor, cast.other_mentor, ada.applicant, ned.applicant):
        survey_answer(survey=survey, person=person, answers={question.pk: 4})
    applications_decide(
        applications=[ada], status=ApplicationStatus.WAITLISTED, by=cast.coordinator
    )
    close_survey(survey)
    ada.refresh_from_db()
    applications_decide(applications=[ada], status=ApplicationStatus.ACCEPTED, by=cast.coordinator)

    survey.refresh_from_db()
    for rate in survey_results(survey).rates:
        assert rate.percent is None or rate.percent <= 100, rate
