"""Survey reminders: when they are due, to whom (those asked who have not answered), what they
say, when they are called off, and what one dispatcher run costs."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.models import OutboxStatus
from accounts.outbox import outbox_sweep
from evaluation.reminders import KINDS, closing_reminder_due, opening_reminder_due
from evaluation.services import survey_answer
from mentoring.models import ApplicationStatus, Reminder
from mentoring.reminders import REGISTRY, Run, reminders_dispatch
from tests.factories import (
    BriefedBoardMemberFactory,
    MentorApplicationFactory,
    MentorFactory,
    ProgrammeFactory,
    QuestionFactory,
    SurveyFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

LONDON = ZoneInfo("Europe/London")


def at(day: int, hour: int, minute: int = 0, month: int = 6) -> datetime:
    """A moment in June 2027, London time (summer time: an hour ahead of UTC)."""
    return datetime(2027, month, day, hour, minute, tzinfo=LONDON)


# A survey open from midnight on Monday 7 June to 17:00 on Monday 21 June 2027.
OPENS, CLOSES = at(7, 0), at(21, 17)


# --- when: pure rules, no database ---------------------------------------------------------


@pytest.mark.parametrize(
    ("now", "opening", "closing"),
    [
        (at(6, 23, 59), None, None),  # not open yet
        (at(7, 7, 59), None, None),  # open, but nobody is emailed before 08:00
        (at(7, 8, 0), date(2027, 6, 7), None),
        (at(10, 15, 0), date(2027, 6, 7), None),  # the dispatcher was down: caught up
        (at(18, 7, 59), date(2027, 6, 7), None),  # the closing reminder is not due yet
        (at(18, 8, 0), None, date(2027, 6, 18)),  # three days before closing: it says it all
        (at(21, 16, 59), None, date(2027, 6, 18)),
        (at(21, 17, 0), None, None),  # closed
    ],
)
def test_the_survey_reminders_are_due_from_eight_on_their_day_while_it_is_open(
    now, opening, closing
):
    dates = {"opens_at": OPENS, "closes_at": CLOSES, "now": now, "zone": LONDON}

    assert opening_reminder_due(**dates) == opening
    assert closing_reminder_due(**dates) == closing


@pytest.mark.parametrize(
    ("now", "opening"),
    [(at(7, 13, 59), None), (at(7, 14, 0), date(2027, 6, 7))],
)
def test_a_survey_opening_in_the_afternoon_is_announced_when_it_opens(now, opening):
    assert opening_reminder_due(opens_at=at(7, 14), closes_at=CLOSES, now=now, zone=LONDON) == (
        opening
    )


def test_a_survey_open_for_three_days_has_no_closing_reminder():
    short = {"opens_at": at(7, 9), "closes_at": at(10, 17), "zone": LONDON}

    assert closing_reminder_due(now=at(9, 12), **short) is None
    assert opening_reminder_due(now=at(9, 12), **short) == date(2027, 6, 7)


def test_both_kinds_are_registered_and_not_optional():
    for kind in KINDS:
        assert REGISTRY[kind.name] is kind
        assert kind.optional is False
        assert kind.template == f"evaluation/email/reminder_{kind.name}"


# --- to whom: the dispatcher -----------------------------------------------------------------


@pytest.fixture
def survey(cast, third_pair):
    # Asking the cast's four and the third pair: three mentors and three board members, each
    # group as many as its minimum group size, so its results show how many answered in each
    # and its reminders go to those who have not answered (one whose results may withhold it
    # reminds everyone it asks: tests/evaluation/test_the_closing_reminders_counted_tell_...).
    survey = SurveyFactory(
        programme=cast.programme,
        title="Pilot evaluation",
        opens_at=OPENS,
        closes_at=CLOSES,
        min_group_size=3,
    )
    QuestionFactory(survey=survey, text="My partner and I built a relationship of trust.")
    return survey


@pytest.fixture
def dispatch(django_capture_on_commit_callbacks):
    """Run the dispatcher at `now`; its emails are sent (eagerly) once it commits."""

    def run(now, *, send=True):
        with (
            time_machine.travel(now, tick=False),
            django_capture_on_commit_callbacks(execute=send),
        ):
            return reminders_dispatch()

    return run


def answer(survey, person, when):
    with time_machine.travel(when, tick=False):
        question = survey.questions.get()
        return survey_answer(survey=survey, person=person, answers={question.pk: 4})


def survey_mail(mailoutbox) -> list:
    # The cast's pairs have reminders of their own by June 2027 (to the office): not these.
    return [mail for mail in mailoutbox if "Pilot evaluation" in mail.subject]


def sent_to(mailoutbox) -> list[str]:
    return sorted(address for mail in survey_mail(mailoutbox) for address in mail.to)


def survey_reminders():
    return Reminder.objects.filter(kind__startswith="survey_").select_related("message")


def test_nobody_is_reminded_before_eight_on_the_opening_day(cast, survey, dispatch, mailoutbox):
    written = dispatch(at(7, 7, 59))

    assert written["survey_open"] == 0
    assert sent_to(mailoutbox) == []


def test_at_eight_everyone_asked_who_has_not_answered_hears_it_is_open(
    cast, survey, dispatch, mailoutbox
):
    answer(survey, cast.mentor, at(7, 7, 30))  # Maya answered before the email went

    written = dispatch(at(7, 8, 0))

    assert written["survey_open"] == 5
    assert sent_to(mailoutbox) == [
        "bola@example.org",
        "olive@example.org",
        "omar@example.org",
        "tariq@example.org",
        "thea@example.org",
    ]
    reminders = survey_reminders()
    assert {r.due_on for r in reminders} == {date(2027, 6, 7)}
    assert {r.object_id for r in reminders} == {survey.pk}
    assert {r.programme_id for r in reminders} == {cast.programme.pk}


def test_a_survey_for_mentors_is_not_sent_to_board_members_nor_to_people_outside_it(
    cast, survey, dispatch, mailoutbox
):
    survey.audience = "mentors"
    survey.save()
    MentorApplicationFactory(
        programme=cast.programme, status=ApplicationStatus.DECLINED, applicant=cast.outsider
    )

    dispatch(at(7, 9, 0))

    # Not the board members, the declined applicant, nor the coordinator.
    assert sent_to(mailoutbox) == ["maya@example.org", "omar@example.org", "tariq@example.org"]


def test_the_opening_email_says_it_is_anonymous_when_it_closes_and_where_to_answer(
    cast, survey, dispatch, mailoutbox
):
    dispatch(at(7, 8, 0))

    [mail] = [m for m in survey_mail(mailoutbox) if m.to == ["maya@example.org"]]
    assert mail.subject == "Survey open: Pilot evaluation (anonymous, until 21 June at 17:00 BST)"
    html = mail.alternatives[0][0]
    for body in (mail.body, html):
        assert "Dear Maya," in body
        assert "as a mentor in 2026/27 pilot" in body
        assert "anonymous" in body
        assert "at least 3 people" in body
        # 17:00 in London (16:00 UTC): the programme's time, with its zone at that date.
        assert "Monday 21 June 2027 at 17:00 BST" in body
        assert "Write to the programme office" in body
    assert f"https://mentoring.example.org/surveys/{survey.pk}/" in mail.body
    assert f'href="https://mentoring.example.org/surveys/{survey.pk}/"' in html
    assert "switch off nudges" not in mail.body  # essential, not a nudge


def test_three_days_before_closing_those_who_have_not_answered_are_reminded_once(
    cast, survey, dispatch, mailoutbox
):
    dispatch(at(7, 8, 0))
    answer(survey, cast.board_member, at(12, 10, 0))
    mailoutbox.clear()

    first = dispatch(at(18, 8, 0))
    again = dispatch(at(19, 8, 0))

    assert first["survey_closing"] == 5
    assert first["survey_open"] == 0
    assert again["survey_closing"] == 0
    assert sent_to(mailoutbox) == [
        "maya@example.org",
        "olive@example.org",
        "omar@example.org",
        "tariq@example.org",
        "thea@example.org",
    ]
    mail = survey_mail(mailoutbox)[0]
    assert mail.subject == "Closes Monday 21 June at 17:00 BST: Pilot evaluation (anonymous)"
    assert "we have not had your answers yet" in mail.body
    assert "we have not had your answers yet" in mail.alternatives[0][0]


def test_someone_who_answers_after_the_reminder_was_queued_is_not_sent_it(
    cast, survey, dispatch, mailoutbox, django_capture_on_commit_callbacks
):
    dispatch(at(7, 8, 0), send=False)  # written, not sent yet: the worker is busy
    answer(survey, cast.other_mentor, at(7, 8, 5))

    with (
        time_machine.travel(at(7, 8, 10), tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        outbox_sweep()

    assert sent_to(mailoutbox) == [
        "bola@example.org",
        "maya@example.org",
        "olive@example.org",
        "tariq@example.org",
        "thea@example.org",
    ]
    to_omar = survey_reminders().get(to="omar@example.org")
    assert to_omar.message.status == OutboxStatus.CANCELLED
    assert to_omar.message.cancelled_reason == "No longer needed."


def test_a_reminder_is_called_off_when_the_person_is_no_longer_asked(
    cast, survey, dispatch, mailoutbox, django_capture_on_commit_callbacks
):
    dispatch(at(18, 8, 0), send=False)
    application = cast.other_mentor.mentor_applications.get()
    application.status = ApplicationStatus.WITHDRAWN
    application.withdrawn_at = at(18, 8, 30)
    application.save()

    with (
        time_machine.travel(at(18, 9, 0), tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        outbox_sweep()

    assert sent_to(mailoutbox) == [
        "bola@example.org",
        "maya@example.org",
        "olive@example.org",
        "tariq@example.org",
        "thea@example.org",
    ]
    assert survey_reminders().get(to="omar@example.org").message.cancelled_reason == (
        "No longer needed."
    )


def test_a_reminder_still_waiting_when_the_survey_closes_is_called_off(
    cast, survey, dispatch, mailoutbox, django_capture_on_commit_callbacks
):
    dispatch(at(18, 8, 0), send=False)  # the worker was down until after closing

    with (
        time_machine.travel(at(21, 17, 0), tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        outbox_sweep()

    assert sent_to(mailoutbox) == []
    assert {r.message.status for r in survey_reminders()} == {OutboxStatus.CANCELLED}
    assert {r.message.cancelled_reason for r in survey_reminders()} == {"The survey has closed."}


def test_a_survey_whose_dates_moved_is_not_reminded_of_for_the_old_ones(
    cast, survey, dispatch, mailoutbox, django_capture_on_commit_callbacks
):
    dispatch(at(18, 8, 0), send=False)
    survey.closes_at = at(28, 17)
    survey.save()

    with (
        time_machine.travel(at(18, 9, 0), tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        outbox_sweep()

    assert sent_to(mailoutbox) == []
    assert {r.message.cancelled_reason for r in survey_reminders()} == {
        "The survey's dates have changed; its new dates have reminders of their own."
    }
    assert dispatch(at(25, 8, 0))["survey_closing"] == 6


def test_a_closed_survey_and_one_not_yet_open_send_nothing(cast, survey, dispatch, mailoutbox):
    SurveyFactory(programme=cast.programme, opens_at=at(1, 9), closes_at=at(6, 17))
    SurveyFactory(programme=cast.programme, opens_at=at(20, 9), closes_at=at(30, 17))
    survey.delete()

    written = dispatch(at(10, 9, 0))

    assert written["survey_open"] == written["survey_closing"] == 0


# --- what a run costs ----------------------------------------------------------------------


def programme_with_people(n: int):
    """An open survey asking `n` people, mentors and board members alike (each group at least
    its minimum group size, 3, from 6 people: its reminders go to those who have not
    answered), one in three answered."""
    programme = ProgrammeFactory()
    survey = SurveyFactory(programme=programme, opens_at=OPENS, closes_at=CLOSES, min_group_size=3)
    QuestionFactory(survey=survey)
    people = []
    for i in range(n):
        if i % 2:
            people.append(BriefedBoardMemberFactory(programme=programme).user)
        else:
            people.append(MentorFactory(programme=programme, applicant=UserFactory()).applicant)
    for person in people[::3]:
        answer(survey, person, at(7, 7, 0))
    return survey


def survey_queries(now) -> tuple[int, int]:
    """Queries of the two survey kinds' `find` in one run, and how many reminders are due."""
    run = Run(now)
    with CaptureQueriesContext(connection) as captured:
        due = sum(len(list(kind.find(run))) for kind in KINDS)
    return len(captured), due


def test_finding_survey_reminders_costs_three_queries_for_6_people_or_30():
    programme_with_people(6)
    small, due_small = survey_queries(at(7, 8, 0))
    assert due_small == 4

    programme_with_people(30)
    large, due_large = survey_queries(at(7, 8, 0))

    assert due_large == 4 + 20
    # The open surveys, the people they ask (mentors and board members, one UNION), and who
    # has answered: three, shared by both kinds.
    assert small == large == 3


def test_a_whole_dispatcher_run_costs_no_more_for_30_people_than_for_6(dispatch):
    # Each run finds written already what an earlier run wrote (read again only to see
    # whether any was called off and applies again), as every run after the first does.
    programme_with_people(6)
    dispatch(at(7, 8, 0), send=False)
    programme_with_people(6)
    with CaptureQueriesContext(connection) as small:
        written_small = dispatch(at(7, 8, 1), send=False)
    programme_with_people(30)
    with CaptureQueriesContext(connection) as large:
        written_large = dispatch(at(7, 8, 2), send=False)

    assert written_small["survey_open"] == 4
    assert written_large["survey_open"] == 20
    assert len(large) <= len(small)


def test_someone_never_paired_is_not_told_what_a_pair_discusses_stays_out_of_email(
    cast, survey, dispatch, mailoutbox
):
    """The reminders' footer tells a member of a pair that what they discuss is never sent by
    email; an accepted mentor never paired reads the participant's footer instead."""
    MentorFactory(
        programme=cast.programme,
        applicant=UserFactory(full_name="Una Unpaired", email="una@example.org"),
    )

    dispatch(at(7, 8, 0))

    mails = {mail.to[0]: mail for mail in survey_mail(mailoutbox)}
    never_paired, maya = mails["una@example.org"], mails["maya@example.org"]
    for body in (never_paired.body, never_paired.alternatives[0][0]):
        assert "what you discuss" not in body
        assert "This is an automatic message." in body
    for body in (maya.body, maya.alternatives[0][0]):
        assert "what you discuss is never sent by email" in body
