"""A survey counts among those it asked everyone who left while it was open (withdrew, was
wait-listed or declined, had their account switched off or deleted), whether or not they
answered: the count the office reads (the results' rate, the survey list's "answered", the
figures kept at close) never tells who answered. Someone who left before it opened was never
asked; someone who left and came back is counted once."""

from collections import Counter
from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from accounts.models import User
from accounts.services import account_delete
from evaluation.audience import invited_by_role
from evaluation.models import Role
from evaluation.services import survey_answer, surveys_count_invited
from mentoring.models import ApplicationStatus, MentorApplication
from mentoring.services.applications import application_withdraw
from mentoring.services.decisions import applications_decide
from tests.concurrency import needs_postgresql
from tests.factories import (
    BriefedBoardMemberFactory,
    MatchFactory,
    MentorFactory,
    QuestionFactory,
    SurveyFactory,
    UserFactory,
    close_survey,
)
from tests.migrations import migrate_to, migrate_to_latest

pytestmark = pytest.mark.django_db


def withdraws(application, cast):
    assert application_withdraw(application=application)


def is_wait_listed(application, cast):
    decided = applications_decide(
        applications=[application], status=ApplicationStatus.WAITLISTED, by=cast.coordinator
    )
    assert decided.decided


def is_declined(application, cast):
    decided = applications_decide(
        applications=[application], status=ApplicationStatus.DECLINED, by=cast.coordinator
    )
    assert decided.decided


def is_switched_off(application, cast):
    person = application.applicant
    person.is_active = False
    person.save()


def deletes_their_account(application, cast):
    account_delete(user=application.applicant, by=application.applicant)


WAYS_OF_LEAVING = [withdraws, is_wait_listed, is_declined, is_switched_off, deletes_their_account]


@pytest.fixture
def survey(cast):
    """Open to mentors since yesterday: it asks Maya and Omar (the cast's), and the two below."""
    survey = SurveyFactory(programme=cast.programme, audience="mentors", min_group_size=3)
    survey.question = QuestionFactory(survey=survey)
    return survey


def mentors_counted(survey) -> int:
    survey.refresh_from_db()
    return invited_by_role(survey)[Role.MENTOR]


@pytest.mark.parametrize("leaves", WAYS_OF_LEAVING)
def test_two_who_leave_while_it_is_open_are_counted_alike_whether_or_not_they_answered(
    cast, survey, leaves
):
    """Ada answers and Ned does not; both leave. Before, Ada alone stayed among those asked
    (so that her answer kept the rate under 100%), which told the office she had answered
    and Ned had not: 4 asked before they left, 3 after."""
    ada = MentorFactory(programme=cast.programme, applicant=UserFactory(full_name="Ada Answered"))
    ned = MentorFactory(programme=cast.programme, applicant=UserFactory(full_name="Ned Not"))
    survey_answer(survey=survey, person=ada.applicant, answers={survey.question.pk: 4})
    assert mentors_counted(survey) == 4

    for application in (ada, ned):
        leaves(MentorApplication.objects.get(pk=application.pk), cast)

    assert mentors_counted(survey) == 4
    close_survey(survey)
    assert surveys_count_invited() == 1
    assert mentors_counted(survey) == 4


@pytest.mark.parametrize("leaves", WAYS_OF_LEAVING)
def test_someone_who_left_before_it_opened_was_never_asked(cast, leaves):
    gone = MentorFactory(programme=cast.programme)
    leaves(gone, cast)
    later = SurveyFactory(
        programme=cast.programme,
        audience="mentors",
        opens_at=timezone.now() + timedelta(minutes=1),
    )

    assert invited_by_role(later) == Counter({Role.MENTOR: 2})  # Maya and Omar


def test_someone_switched_off_and_on_again_is_counted_once(cast, survey):
    cast.other_mentor.is_active = False
    cast.other_mentor.save()
    cast.other_mentor.is_active = True
    cast.other_mentor.save(update_fields=["is_active"])

    cast.other_mentor.refresh_from_db()
    assert cast.other_mentor.deactivated_at is None
    assert mentors_counted(survey) == 2


def test_someone_wait_listed_and_accepted_again_is_counted_once(cast, survey):
    again = MentorFactory(programme=cast.programme)
    is_wait_listed(again, cast)
    again.refresh_from_db()
    assert again.accepted_until is not None
    applications_decide(
        applications=[again], status=ApplicationStatus.ACCEPTED, by=cast.coordinator
    )

    again.refresh_from_db()
    assert again.accepted_until is None
    assert mentors_counted(survey) == 3


def test_an_application_never_accepted_never_counts(cast, survey):
    never = MentorFactory(programme=cast.programme, status=ApplicationStatus.SUBMITTED)
    withdraws(never, cast)

    never.refresh_from_db()
    assert never.accepted_until is None
    assert mentors_counted(survey) == 2


def test_the_database_keeps_the_two_new_facts_consistent(cast):
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        User.objects.filter(pk=cast.outsider.pk).update(is_active=False)
    with pytest.raises(IntegrityError), transaction.atomic():
        MentorApplication.objects.filter(applicant=cast.mentor).update(
            accepted_until=timezone.now()
        )


@needs_postgresql
@pytest.mark.django_db(transaction=True)
def test_applications_that_left_before_the_change_are_known_by_their_pair_or_their_answer(cast):
    """Applications that left before `accepted_until` existed: one that mentored a pair, or
    answered a survey of the programme, was accepted; one that did neither is not known to
    have been (and, having answered nothing, keeps no rate under 100% either)."""
    survey = SurveyFactory(programme=cast.programme, audience="mentors")
    paired = MentorFactory(programme=cast.programme, status=ApplicationStatus.WITHDRAWN)
    MatchFactory(
        mentor=paired,
        board_member=BriefedBoardMemberFactory(programme=cast.programme),
        status="ended",
    )
    answered = MentorFactory(programme=cast.programme, status=ApplicationStatus.DECLINED)
    survey.participations.create(person=answered.applicant)
    neither = MentorFactory(programme=cast.programme, status=ApplicationStatus.WITHDRAWN)

    # None of the rows above knows when it left, as before the change: its filling in runs.
    migrate_to([("evaluation", "0011_pairs_survey_asks_those_paired_before_it_closed")])
    migrate_to_latest()

    paired.refresh_from_db(), answered.refresh_from_db(), neither.refresh_from_db()
    assert paired.accepted_until == paired.withdrawn_at
    assert answered.accepted_until == answered.decided_at
    assert neither.accepted_until is None


@needs_postgresql
@pytest.mark.django_db(transaction=True)
def test_accounts_switched_off_before_the_change_are_taken_as_switched_off_now(cast):
    """An account deleted before `deactivated_at` existed left when it was deleted; one only
    switched off is taken as leaving now: counted by a survey open today (as it was if it had
    answered), by none opening later."""
    survey = SurveyFactory(programme=cast.programme, audience="mentors")
    account_delete(user=cast.other_mentor, by=cast.other_mentor)
    migrate_to([("accounts", "0016_outbox_says_why_an_email_waits")])
    try:
        with connection.cursor() as cursor:
            cursor.execute(
                "UPDATE accounts_user SET is_active = false WHERE id = %s", [cast.mentor.pk]
            )
    finally:
        migrate_to_latest()

    deleted = User.objects.get(pk=cast.other_mentor.pk)
    switched_off = User.objects.get(pk=cast.mentor.pk)
    assert deleted.deactivated_at == deleted.deleted_at
    assert timezone.now() - switched_off.deactivated_at < timedelta(minutes=1)
    assert invited_by_role(survey) == Counter({Role.MENTOR: 2})
    later = SurveyFactory(
        programme=cast.programme, audience="mentors", opens_at=timezone.now() + timedelta(minutes=1)
    )
    assert invited_by_role(later) == Counter()
