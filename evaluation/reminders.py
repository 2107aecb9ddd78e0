"""Survey reminders, registered in EvaluationConfig.ready: "survey open" on the day a survey
opens and "survey closing" three days before it closes, each to the people it asks who have
not answered yet; or, for a survey whose results may withhold how many answered (a group
asked fewer people than its minimum group size), to everyone it asks (`reminds_everyone`).

Who is asked is decided where it always is (evaluation.audience: `people_asked`, by
`role_for`); this module only adds when. One dispatcher run reads the open surveys, the
people they ask and who has answered: three queries for both kinds, whatever the number of
surveys and people, and one more while closing reminders are due (who has had one already:
each person hears once that a survey closes soon, wherever its last day moves).

Both kinds are essential, not optional nudges: answering the evaluation is part of taking
part in the programme (the programme page lists it in the commitment), there are at most two
emails per survey, and switching nudges off on the profile is meant for the pair's meeting
rhythm. So a person who switched nudges off still hears that a survey is open.
"""

from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings

from accounts.models import OutboxStatus, User
from accounts.outbox import CallOff
from evaluation.audience import people_asked, role_for, sides_read, survey_read_for
from evaluation.models import Participation, Role, SaveEffect, Survey, save_effect
from evaluation.results import withholds_how_many_answered
from evaluation.services import has_answered
from mentoring.models import ProgrammeStatus, Reminder
from mentoring.reminders import Due, ReminderKind, Run, register
from mentoring.reminders.rules import next_sending, reminder_day

CLOSING_NOTICE = timedelta(days=3)
# Why a reminder to one person was called off, as the office reads it (the reminder and
# outbox lists): the same words whether they answered since or are no longer asked, as who
# answered is nobody's business, not even by telling the two apart.
NO_LONGER_NEEDED = "No longer needed."


# When: pure functions of the survey's dates and the clock.


def _local_day(moment: datetime, zone: ZoneInfo) -> date:
    return moment.astimezone(zone).date()


def closing_reminder_day(*, opens_at: datetime, closes_at: datetime, zone: ZoneInfo) -> date | None:
    """Three days before the closing date; none for a survey so short that this day is not
    after the opening day (the opening reminder has just said when it closes)."""
    day = _local_day(closes_at, zone) - CLOSING_NOTICE
    return day if day > _local_day(opens_at, zone) else None


def closing_reminder_due(
    *, opens_at: datetime, closes_at: datetime, now: datetime, zone: ZoneInfo
) -> date | None:
    """The "survey closing" reminder's due date, if it is due at `now`: from 08:00 three days
    before the closing date, while the survey is open (later, if the dispatcher was down)."""
    if not opens_at <= now < closes_at:
        return None
    day = closing_reminder_day(opens_at=opens_at, closes_at=closes_at, zone=zone)
    return day if day is not None and day <= reminder_day(now, zone) else None


def closing_reminder_brought_on(
    *,
    was_opens_at: datetime,
    was_closes_at: datetime,
    opens_at: datetime,
    closes_at: datetime,
    sending: datetime,
    zone: ZoneInfo,
) -> bool:
    """Whether giving a survey these dates makes its "survey closing" reminder due at
    `sending` (the next sending after a save, `next_sending`: now by day, or this or the next
    morning at 08:00 for a save in the night), when with the dates it had it would not have
    been (its last day moved nearer). A reminder due with the old dates as well went, or goes
    anyway: the save does not bring it on."""
    due = closing_reminder_due(opens_at=opens_at, closes_at=closes_at, now=sending, zone=zone)
    was_due = closing_reminder_due(
        opens_at=was_opens_at, closes_at=was_closes_at, now=sending, zone=zone
    )
    return due is not None and was_due is None


def opening_reminder_due(
    *, opens_at: datetime, closes_at: datetime, now: datetime, zone: ZoneInfo
) -> date | None:
    """The "survey open" reminder's due date (the opening day), if it is due at `now`: from
    08:00 on the opening day (or the opening itself, if later) while the survey is open, until
    the closing reminder is due, which then says it all."""
    if not opens_at <= now < closes_at:
        return None
    day = _local_day(opens_at, zone)
    if day > reminder_day(now, zone):
        return None
    if opening_reminder_replaced(opens_at=opens_at, closes_at=closes_at, now=now, zone=zone):
        return None
    return day


def opening_reminder_replaced(
    *, opens_at: datetime, closes_at: datetime, now: datetime, zone: ZoneInfo
) -> bool:
    """Whether the closing reminder, due at `now`, has taken the opening one's place: the
    opening one then goes no more, neither written (`opening_reminder_due`) nor, held up in
    the outbox until then, sent on top of it."""
    return (
        closing_reminder_due(opens_at=opens_at, closes_at=closes_at, now=now, zone=zone) is not None
    )


# Who: the people each open survey asks who have not answered it.


def reminds_everyone(survey: Survey, asked: list[tuple[User, str]]) -> bool:
    """Whether the survey's reminders go to everyone it asks (`asked`, with their roles, as
    `people_asked` gives them), answered or not: whenever its results may withhold how many
    answered (`evaluation.results.withholds_how_many_answered`: a group asked fewer than its
    minimum, when it opened or today). Reminders to only those who had not answered would
    tell it, as the office's reminder and outbox lists count them (one fewer for each who
    had): a survey asking two mentors and two board members, minimum 3, would list no
    closing reminder where all four answered and four where none did. Decided from how many
    it asks, never from who answered, and the same for every survey the results treat alike
    (one asking fewer people than its minimum in all is one of them)."""
    return withholds_how_many_answered(survey, Counter(role for _person, role in asked))


@dataclass(frozen=True)
class Unanswered:
    survey: Survey
    person: User


def unanswered(run: Run) -> list[Unanswered]:
    """Each open survey of an active programme, with each person its reminders go to
    (`to_remind`; three queries, shared by both kinds in a run)."""

    def compute():
        # One with no question yet has nothing to answer: it is announced once it has one.
        surveys = list(
            Survey.objects.asking(run.now).filter(programme__status=ProgrammeStatus.ACTIVE)
        )
        if not surveys:
            return []
        reminded = to_remind(surveys)
        return [
            Unanswered(survey, person)
            for survey in surveys
            for person, _role in reminded[survey.pk]
        ]

    return run.memo("surveys_unanswered", compute)


def to_remind(surveys: list[Survey]) -> dict[int, list[tuple[User, str]]]:
    """Each survey's people (and roles) its reminders go to: those it asks who have not
    answered it, or all of them (`reminds_everyone`). Two queries."""
    asked = people_asked(surveys)
    answered = set(
        Participation.objects.filter(survey__in=surveys).values_list("survey_id", "person_id")
    )
    return {
        survey.pk: asked[survey.pk]
        if reminds_everyone(survey, asked[survey.pk])
        else [
            (person, role)
            for person, role in asked[survey.pk]
            if (survey.pk, person.pk) not in answered
        ]
        for survey in surveys
    }


class SurveyReminder(ReminderKind):
    """A survey reminder, to one person it asks; `due_rule` says when."""

    # It goes to those who have not answered: who they are is not the office's to read.
    recipient_hidden = "Not shown for survey reminders"
    about_a_day = True

    def __init__(
        self,
        name: str,
        label: str,
        due_rule,
        scheduled_day,
        replaced_rule=None,
        once_per_person: bool = False,
    ):
        self.name, self.label = name, label
        self.due_rule, self.scheduled_day = due_rule, scheduled_day
        # Whether a later reminder has taken this one's place (as `due_rule` follows it).
        self.replaced_rule = replaced_rule
        # Sent to each person once per survey, whatever its due date: a reminder is keyed by
        # its due date, and a last day moved again within its last days is a new one, while
        # a survey emails each person at most twice (this module's docstring). A rule read
        # here, not the table's key (kind, object, person, due date: Reminder's constraint
        # `reminder_once_per_person`), as one written but called off unsent (`reminded`)
        # must not stop the new one, which no unique key can tell apart.
        self.once_per_person = once_per_person

    @property
    def template(self) -> str:
        return f"evaluation/email/reminder_{self.name}"

    def find(self, run):
        dues = []
        for item in unanswered(run):
            survey = item.survey
            due_on = self.due_rule(
                opens_at=survey.opens_at, closes_at=survey.closes_at, now=run.now, zone=run.zone
            )
            if due_on is not None:
                dues.append(
                    Due(survey.pk, due_on, item.person.email, item.person, survey.programme_id)
                )
        if self.once_per_person and dues:
            reminded = self.reminded({due.object_id for due in dues})
            dues = [due for due in dues if (due.object_id, due.recipient_id) not in reminded]
        return dues

    def reminded(self, survey_ids: set[int]) -> set[tuple[int, int]]:
        """(survey, person) of each reminder of this kind sent, or being sent, for any due
        date (one query): for a kind sent `once_per_person`, those it goes to no more. One
        written but not sent is left out: it is called off if its survey's dates have changed
        since (`compose`), and the new one must go."""
        return set(
            Reminder.objects.filter(
                kind=self.name,
                object_id__in=survey_ids,
                recipient__isnull=False,
                message__status__in=[OutboxStatus.SENT, OutboxStatus.SENDING],
            ).values_list("object_id", "recipient_id")
        )

    def compose(self, reminder: Reminder, now: datetime) -> tuple[dict, list]:
        survey = Survey.objects.filter(pk=reminder.object_id).first()
        if survey is None:
            raise CallOff("The survey no longer exists.")
        if now >= survey.closes_at:
            raise CallOff("The survey has closed.")
        if now < survey.opens_at:
            raise CallOff("The survey is not open yet.")
        zone = ZoneInfo(settings.TIME_ZONE)
        scheduled = self.scheduled_day(survey, zone)
        if scheduled != reminder.due_on:
            raise CallOff(
                "The survey's dates have changed; its new dates have reminders of their own."
            )
        if self.replaced_rule is not None and self.replaced_rule(
            opens_at=survey.opens_at, closes_at=survey.closes_at, now=now, zone=zone
        ):
            # Held up (the mail server away, or sent again by the office) until the later
            # reminder is due: that one goes, not both. Said alike to everyone, answered or
            # not, before anything about the person.
            raise CallOff("A later reminder has taken its place.")
        person = reminder.recipient
        read = survey_read_for(person, survey.pk) if person is not None else None
        sides = sides_read(read) if read is not None else {}
        role = role_for(survey, **sides) if read is not None else None
        if role is None:
            raise CallOff(NO_LONGER_NEEDED)
        # Read for everyone reminded, not only those who answered: the same words go to all
        # of a survey that reminds everyone, or its emails would tell them apart.
        to_everyone = reminds_everyone(survey, people_asked([survey])[survey.pk])
        if has_answered(survey, person) and not to_everyone:
            raise CallOff(NO_LONGER_NEEDED)
        context = {
            "survey": survey,
            "role": Role(role),
            # Sent to everyone it asks, answered or not: worded for both.
            "to_everyone": to_everyone,
            # The public URL contract (DESIGN.md): /surveys/<id>/ is stable.
            "survey_path": f"/surveys/{survey.pk}/",
            # The pair footer's word on what a pair discusses is for those ever in a pair on
            # the side they are asked as; someone never paired reads the participant's.
            "audience": None if sides[role].paired_until is not None else "participant",
        }
        return context, []


def _opening_day(survey: Survey, zone: ZoneInfo) -> date:
    return _local_day(survey.opens_at, zone)


def _closing_day(survey: Survey, zone: ZoneInfo) -> date | None:
    return closing_reminder_day(opens_at=survey.opens_at, closes_at=survey.closes_at, zone=zone)


CLOSING = SurveyReminder(
    "survey_closing",
    "Survey closing in 3 days",
    closing_reminder_due,
    _closing_day,
    once_per_person=True,
)
KINDS = [
    SurveyReminder(
        "survey_open",
        "Survey open",
        opening_reminder_due,
        _opening_day,
        replaced_rule=opening_reminder_replaced,
    ),
    CLOSING,
]


# What saving a survey does at once, the closing reminder it brings on included: asked first.


def closing_reminder_not_had(survey: Survey) -> list[tuple[User, str]]:
    """Those (and their roles) the survey asks who have not had its "survey closing" reminder
    (`CLOSING.reminded`: each person hears it once), answered or not: nobody unless its
    programme emails its people (`Survey.announced_by_email`). Two queries.

    Those who answered are counted too, though a survey that does not remind everyone
    (`reminds_everyone`) will not email them: whether a save asks first must not depend on
    who has answered, or its asking or not would tell the office whether someone added
    since the reminder went has answered. In a survey that reminds everyone, they are those
    it goes to."""
    if not survey.announced_by_email:
        return []
    reminded = CLOSING.reminded({survey.pk})
    return [
        (person, role)
        for person, role in people_asked([survey])[survey.pk]
        if (survey.pk, person.pk) not in reminded
    ]


def save_brings_on_closing_reminder(*, before: Survey, survey: Survey, now: datetime) -> bool:
    """Whether saving `before` with `survey`'s dates, at `now`, brings on its "survey closing"
    reminder at the next sending (`next_sending`) when with the dates it had it would not
    have been due (`closing_reminder_brought_on`), while someone it asks has not had it
    (`closing_reminder_not_had`)."""
    zone = ZoneInfo(settings.TIME_ZONE)
    return closing_reminder_brought_on(
        was_opens_at=before.opens_at,
        was_closes_at=before.closes_at,
        opens_at=survey.opens_at,
        closes_at=survey.closes_at,
        sending=next_sending(now, zone),
        zone=zone,
    ) and bool(closing_reminder_not_had(survey))


def survey_save_effect(
    *, before: Survey | None, survey: Survey, now: datetime, asks_something: bool
) -> SaveEffect | None:
    """What saving `survey` (a new one when `before` is None; else `before` as it was) at
    `now` does at once (`save_effect`): opens, closes, or, for one that asks something
    (`asks_something`: it will have a question after the save), brings on its closing
    reminder (`save_brings_on_closing_reminder`, read only for a save that could)."""
    return save_effect(
        opens_at=survey.opens_at,
        closes_at=survey.closes_at,
        now=now,
        was_opens_at=before.opens_at if before else None,
        was_closes_at=before.closes_at if before else None,
        brings_on_closing_reminder=before is not None
        and asks_something
        and save_brings_on_closing_reminder(before=before, survey=survey, now=now),
    )


def register_all() -> None:
    for kind in KINDS:
        register(kind)
