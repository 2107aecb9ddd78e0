"""Who may answer a survey, and answering it: once, anonymously, all or nothing."""

from collections import Counter
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import IntegrityError, transaction
from django.db.models import CharField, Count, F, Q, Value
from django.utils import timezone

from accounts.models import User
from evaluation.models import (
    MAX_TEXT_ANSWER,
    Answer,
    Participation,
    Question,
    QuestionKind,
    Response,
    Role,
    Survey,
    SurveyAudience,
)
from mentoring.models import ApplicationStatus, BoardMember, MentorApplication, Programme


class SurveyError(Exception):
    """A survey that cannot be answered (now, or by this person); the message says why."""


# Who is asked: accepted mentors, and board members who have joined.


def mentors_of(programme_ids):
    return User.objects.filter(
        mentor_applications__programme__in=programme_ids,
        mentor_applications__status=ApplicationStatus.ACCEPTED,
        is_active=True,
    )


def board_members_of(programme_ids):
    return User.objects.filter(board_memberships__programme__in=programme_ids, is_active=True)


def role_for(audience: str, *, mentor: bool, board_member: bool) -> str | None:
    """The one rule: in which role a person is asked, from the survey's audience and what
    they are in its programme (an accepted mentor, a board member who has joined)."""
    if mentor and audience != SurveyAudience.BOARD_MEMBERS:
        return Role.MENTOR
    if board_member and audience != SurveyAudience.MENTORS:
        return Role.BOARD_MEMBER
    return None


def _people_of(programme_ids: set[int]):
    """Accepted mentors and joined board members of the programmes, each row with the
    programme (`asked_in`) and the side (`side`, a `Role`): one query. The annotation reuses
    the join `mentors_of`/`board_members_of` filtered on, so it names the programme they are
    in."""
    side = CharField()
    mentors = (
        mentors_of(programme_ids)
        .annotate(asked_in=F("mentor_applications__programme"), side=Value(Role.MENTOR.value, side))
        .order_by()
    )
    members = (
        board_members_of(programme_ids)
        .annotate(
            asked_in=F("board_memberships__programme"), side=Value(Role.BOARD_MEMBER.value, side)
        )
        .order_by()
    )
    return mentors.union(members, all=True)


def people_asked(surveys: list[Survey]) -> dict[int, list[tuple[User, str]]]:
    """Everyone each survey asks today, with their role (`role_for`), by survey id: one query,
    whatever the number of surveys and people."""
    if not surveys:
        return {}
    sides: dict[int, dict[int, set[str]]] = {}  # programme -> person -> sides
    people: dict[int, User] = {}
    for person in _people_of({survey.programme_id for survey in surveys}):
        people.setdefault(person.pk, person)
        sides.setdefault(person.asked_in, {}).setdefault(person.pk, set()).add(person.side)
    asked = {}
    for survey in surveys:
        asked[survey.pk] = []
        for person_id, person_sides in sides.get(survey.programme_id, {}).items():
            role = role_for(
                survey.audience,
                mentor=Role.MENTOR in person_sides,
                board_member=Role.BOARD_MEMBER in person_sides,
            )
            if role is not None:
                asked[survey.pk].append((people[person_id], role))
    return asked


def _people_counted(programme_id: int) -> dict[tuple[bool, bool], int]:
    """How many people of the programme are an accepted mentor, a board member who has
    joined, or both, keyed by (mentor, board member): one query, counted by the database
    from the same two groups `people_asked` reads."""
    mentor = Q(pk__in=mentors_of([programme_id]).values("pk"))
    board_member = Q(pk__in=board_members_of([programme_id]).values("pk"))
    counts = User.objects.filter(mentor | board_member).aggregate(
        mentor_only=Count("pk", filter=mentor & ~board_member),
        both=Count("pk", filter=mentor & board_member),
        board_member_only=Count("pk", filter=~mentor & board_member),
    )
    return {
        (True, False): counts["mentor_only"],
        (True, True): counts["both"],
        (False, True): counts["board_member_only"],
    }


def _invited(survey: Survey, people: dict[tuple[bool, bool], int]) -> Counter[str]:
    """How many of the programme's people (`_people_counted`) the survey asks in each role."""
    invited: Counter[str] = Counter()
    for (mentor, board_member), count in people.items():
        role = role_for(survey.audience, mentor=mentor, board_member=board_member)
        if role is not None:
            invited[role] += count
    return invited


def invited_by_role(survey: Survey) -> Counter[str]:
    """How many people the survey asks in each role: as counted when it closed, or today's
    while it is open (or not counted yet: one query)."""
    at_close = survey.invited_at_close
    if at_close is not None:
        return Counter(at_close)
    return _invited(survey, _people_counted(survey.programme_id))


def surveys_count_invited(*, now: datetime | None = None) -> int:
    """Count, for each survey that has closed since it was last counted (or never was), how
    many people it asked in each role, so that people who join or leave the programme later
    do not change a closed survey's response rate. Celery beat runs this every minute.
    Returns how many surveys were counted (one query, then a count per programme and an
    update per survey)."""
    now = now or timezone.now()
    surveys = list(Survey.objects.closed_uncounted(now))
    people = {pk: _people_counted(pk) for pk in {survey.programme_id for survey in surveys}}
    counted = 0
    for survey in surveys:
        roles = _invited(survey, people[survey.programme_id])
        # Only if still uncounted: the office may have moved its closing time meanwhile.
        counted += (
            Survey.objects.filter(pk=survey.pk)
            .closed_uncounted(now)
            .update(
                invited_mentors=roles[Role.MENTOR],
                invited_board_members=roles[Role.BOARD_MEMBER],
                invited_counted_at=now,
            )
        )
    return counted


def _programmes_of(person) -> tuple[set[int], set[int]]:
    """The programmes where the person is an accepted mentor, and a board member."""
    mentor_of = set(
        MentorApplication.objects.filter(
            applicant=person, status=ApplicationStatus.ACCEPTED
        ).values_list("programme_id", flat=True)
    )
    member_of = set(BoardMember.objects.filter(user=person).values_list("programme_id", flat=True))
    return mentor_of, member_of


def role_in(survey: Survey, person) -> str | None:
    """The role in which `person` is asked to answer `survey`, or None if they are not."""
    if not person.is_authenticated:
        return None
    mentor_of, member_of = _programmes_of(person)
    return role_for(
        survey.audience,
        mentor=survey.programme_id in mentor_of,
        board_member=survey.programme_id in member_of,
    )


def surveys_for(person) -> list[tuple[Survey, str]]:
    """Every survey that asks the person, with their role (three queries, whatever the
    number of surveys)."""
    mentor_of, member_of = _programmes_of(person)
    surveys = Survey.objects.filter(programme__in=mentor_of | member_of).select_related("programme")
    found = []
    for survey in surveys:
        role = role_for(
            survey.audience,
            mentor=survey.programme_id in mentor_of,
            board_member=survey.programme_id in member_of,
        )
        if role:
            found.append((survey, role))
    return found


def has_answered(survey: Survey, person) -> bool:
    return Participation.objects.filter(survey=survey, person=person).exists()


# Answering


def _quoted(text: str) -> str:
    """A question quoted at the end of a sentence: its own full stop or question mark ends
    the sentence too, so none is added after the quotation marks."""
    return f"“{text}”" if text.rstrip().endswith((".", "?", "!")) else f"“{text}”."


def check_value(question: Question, value):
    """The stored form of one answer, or SurveyError. `value` as a form gives it: an int,
    a list of ints (several choices), a str (free text), or None (not answered). Numbers
    may come as the strings a form posts; anything else is refused, never a crash."""
    if isinstance(value, str):
        value = value.strip()
    empty = value in (None, "", [])
    if empty:
        if question.required:
            raise SurveyError(f"Answer {_quoted(question.text)}")
        return None
    if question.kind == QuestionKind.TEXT:
        text = str(value)
        if len(text) > MAX_TEXT_ANSWER:
            raise SurveyError(f"Keep “{question.text}” to {MAX_TEXT_ANSWER:,} characters.")
        return text
    allowed = {stored for stored, _label in question.options}
    try:
        if question.kind == QuestionKind.MULTIPLE:
            picks = sorted({int(item) for item in value})
            if set(picks) <= allowed:
                return picks
        elif int(value) in allowed:
            return int(value)
    except (TypeError, ValueError):
        pass  # not a number: a forged value, refused like any other not on offer
    raise SurveyError(f"Choose among the options offered for {_quoted(question.text)}")


def survey_answer(*, survey: Survey, person, answers: dict[int, object]) -> Response:
    """Record `person`'s answers: that they answered (Participation) and, apart, what
    (Response, with their role and the date only). Once per person; all or nothing."""
    now = timezone.now()
    if now < survey.opens_at:
        raise SurveyError(f"This survey opens on {timezone.localtime(survey.opens_at):%-d %B %Y}.")
    if now >= survey.closes_at:
        raise SurveyError("This survey has closed. Thank you for your interest.")
    role = role_in(survey, person)
    if role is None:
        raise SurveyError("This survey is for other people in the programme.")
    questions = list(survey.questions.all())
    stored = {
        question.pk: check_value(question, answers.get(question.pk)) for question in questions
    }
    try:
        with transaction.atomic():
            Participation.objects.create(survey=survey, person=person)
            response = Response.objects.create(
                survey=survey, role=role, submitted_on=timezone.localdate(now)
            )
            Answer.objects.bulk_create(
                _answer(response, question, stored[question.pk])
                for question in questions
                if stored[question.pk] is not None
            )
    except IntegrityError:
        raise SurveyError("You have already answered this survey. Thank you.") from None
    return response


def _answer(response: Response, question: Question, value) -> Answer:
    if question.kind == QuestionKind.TEXT:
        return Answer(response=response, question=question, text=value)
    if question.kind == QuestionKind.MULTIPLE:
        return Answer(response=response, question=question, picks=value)
    return Answer(response=response, question=question, number=value)


# Building surveys


def questions_locked(survey: Survey) -> bool:
    """Questions cannot change once anyone has answered: copy the survey instead."""
    return survey.pk is not None and survey.responses.exists()


def survey_copy(*, survey: Survey, opens_at: datetime | None = None) -> Survey:
    """A new survey with the same questions, not yet answered. By default it opens a week
    after the original closes (or a week from now, if it has): nobody is asked, or reminded,
    before the office has checked the copy."""
    with transaction.atomic():
        length = survey.closes_at - survey.opens_at
        opens_at = opens_at or max(timezone.now(), survey.closes_at) + timedelta(weeks=1)
        copy = Survey.objects.create(
            programme=survey.programme,
            title=f"{survey.title} (copy)"[:150],
            introduction=survey.introduction,
            audience=survey.audience,
            opens_at=opens_at,
            closes_at=opens_at + length,
            min_group_size=survey.min_group_size,
        )
        Question.objects.bulk_create(
            Question(
                survey=copy,
                position=question.position,
                text=question.text,
                help_text=question.help_text,
                kind=question.kind,
                choices=question.choices,
                required=question.required,
            )
            for question in survey.questions.all()
        )
    return copy


@dataclass(frozen=True)
class Template:
    key: str
    title: str
    audience: str
    introduction: str
    questions: list[tuple[str, str, list[str], bool]]  # text, kind, choices, required


def survey_from_template(
    *, programme: Programme, template: Template, opens_at: datetime, closes_at: datetime
) -> Survey:
    with transaction.atomic():
        survey = Survey.objects.create(
            programme=programme,
            title=template.title,
            introduction=template.introduction,
            audience=template.audience,
            opens_at=opens_at,
            closes_at=closes_at,
            min_group_size=programme.survey_min_group_size,
        )
        Question.objects.bulk_create(
            Question(
                survey=survey,
                position=position,
                text=text,
                kind=kind,
                choices=choices,
                required=required,
            )
            for position, (text, kind, choices, required) in enumerate(template.questions)
        )
    return survey
