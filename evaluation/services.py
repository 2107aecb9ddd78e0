"""Answering a survey: once, anonymously, all or nothing; opening the sealed answers once
it closes; counting those a survey asked when it closes; and building surveys. Who a survey
asks is `evaluation.audience`."""

import hashlib
import json
import random
from dataclasses import dataclass
from datetime import datetime

from django.db import IntegrityError, transaction
from django.db.models import Q, Value, prefetch_related_objects
from django.db.models.functions import Coalesce
from django.utils import timezone

from accounts.bounds import in_other_digits
from evaluation.audience import answered_by_role, at_least_answered, invited, role_in
from evaluation.models import (
    MAX_TEXT_ANSWER,
    Answer,
    Ballot,
    Participation,
    Question,
    QuestionKind,
    Response,
    Role,
    Survey,
    copy_dates,
    days_later,
)
from mentoring.models import Programme


class SurveyError(Exception):
    """A survey that cannot be answered (now, or by this person); the message says why."""


def surveys_count_invited(*, now: datetime | None = None) -> int:
    """Count, for each survey that has closed since it was last counted (or never was), how
    many people it asked in each role (`invited`: those who left while it was open among
    them, whether or not they answered; never fewer than answered, `at_least_answered`), so
    that people who join or leave the programme later do not change a closed survey's
    response rate; one that closed without ever asking, or of a programme still being
    prepared (a draft), asked nobody. Celery beat runs this every minute. Returns how many
    surveys were counted (one query, then for each survey whom it asked, who answered in each
    role and an update: four; whom it asked is no query for one that never asked)."""
    now = now or timezone.now()
    surveys = list(Survey.objects.closed_uncounted(now).select_related("programme"))
    counted = 0
    for survey in surveys:
        # One that never asked, or of a programme still being prepared, asked nobody
        # (`invited`, `people_counted`).
        roles = at_least_answered(invited(survey, now=now), answered_by_role(survey))
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


def surveys_mark_asked(*, now: datetime | None = None, survey_pk: int | None = None) -> int:
    """Keep, for each survey asking now (open with a question) that has not been marked,
    that it has asked (`Survey.asked_at`): once closed, or its dates moved, it stays asked.
    With it, how many it asks in each role (`Survey.invited_at_opening`), counted before
    anyone could answer: an answer marks its survey under the survey's lock before its
    ballot is written, in the same transaction. An open survey that had asked before these
    counts were kept is counted too (today's count for its opening one). Beat runs it every
    minute with `surveys_count_invited`; an answer and the office's save run it for their
    survey, under its lock. Each survey is marked only if still unmarked (two runs at once:
    the first to write keeps its count). Returns how many were marked (one query; then, for
    each survey marked, whom it asks and who answered, and an update: four)."""
    now = now or timezone.now()
    asking = Survey.objects.asking(now).filter(asked_at__isnull=True)
    uncounted = Survey.objects.open(now).filter(
        asked_at__isnull=False, invited_mentors_at_opening__isnull=True
    )
    surveys = Survey.objects.filter(
        Q(pk__in=asking.values("pk")) | Q(pk__in=uncounted.values("pk"))
    )
    if survey_pk is not None:
        surveys = surveys.filter(pk=survey_pk)
    marked = 0
    for survey in surveys:
        roles = at_least_answered(invited(survey, now=now), answered_by_role(survey))
        marked += Survey.objects.filter(
            pk=survey.pk, invited_mentors_at_opening__isnull=True
        ).update(
            asked_at=Coalesce("asked_at", Value(now)),
            invited_mentors_at_opening=roles[Role.MENTOR],
            invited_board_members_at_opening=roles[Role.BOARD_MEMBER],
        )
    return marked


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
            picks = sorted({_option(item) for item in value})
            if set(picks) <= allowed:
                return picks
        elif _option(value) in allowed:
            return _option(value)
    except (TypeError, ValueError):
        pass  # not a number: a forged value, refused like any other not on offer
    raise SurveyError(f"Choose among the options offered for {_quoted(question.text)}")


def _option(value) -> int:
    """An option's number as posted: read only from the digits 0 to 9, as an id is (`int`
    reads "٣", which no radio sends, as 3)."""
    if in_other_digits(value):
        raise ValueError(value)
    return int(value)


QUESTIONS_CHANGED = (
    "The questions have changed since you checked your answers, so nothing was recorded. "
    "Please look at them again as they are now."
)


def questions_seen(survey: Survey, questions: list[Question]) -> str:
    """What the questions ask, and the minimum group size the page promised, as a short
    fingerprint: the check page carries it, so that an answer is recorded only to the
    questions the person saw when they checked it (an option is stored by its place in the
    list: reordered, "Once" would become "4 or more"), under the minimum they were told."""
    asked = [survey.min_group_size] + [
        [question.pk, question.text, question.kind, question.choices, question.required]
        for question in questions
    ]
    return hashlib.sha256(json.dumps(asked, ensure_ascii=False).encode()).hexdigest()[:32]


def _refuse_unless_open(survey: Survey, now: datetime) -> None:
    if now < survey.opens_at:
        raise SurveyError(f"This survey opens on {timezone.localtime(survey.opens_at):%-d %B %Y}.")
    if now >= survey.closes_at:
        raise SurveyError("This survey has closed. Thank you for your interest.")


def survey_lock(survey_pk: int) -> Survey | None:
    """The survey, its row locked until the transaction ends (None if it is gone). Taken
    by an answer (`survey_answer`), by the opening of the answers (`ballots_open`) and by
    the office's save of a survey (`SurveyAdmin`), so that each runs whole before or after
    the others: an answer is in before its results are read, or refused; no question
    changes under an answer. No key is updated, so rows that only point at the survey are
    not held up."""
    locked = surveys_lock([survey_pk])
    return locked[0] if locked else None


def surveys_lock(survey_pks: list[int]) -> list[Survey]:
    """The surveys still there, their rows locked as `survey_lock` locks one, in the order of
    their ids (so that two who lock some of the same surveys never each wait for the other)."""
    return list(
        Survey.objects.select_for_update(no_key=True).filter(pk__in=survey_pks).order_by("pk")
    )


def survey_answer(
    *, survey: Survey, person, answers: dict[int, object], seen: str | None = None
) -> Ballot:
    """Record `person`'s answers: that they answered (Participation) and, apart and sealed,
    what (a Ballot: their role, the date and the answers, encrypted). Once per person; all
    or nothing. The ballot becomes a response only once the survey has closed
    (`ballots_open`). With `seen` (`questions_seen` of the questions the person checked),
    refused if the questions have changed since."""
    _refuse_unless_open(survey, timezone.now())  # early, before any lock is waited for
    role = role_in(survey, person)
    if role is None:
        raise SurveyError("This survey is for other people in the programme.")
    try:
        with transaction.atomic():
            # Checked again under the survey's lock, at the time the lock was had: results
            # read at closing must never change (`Survey.reopening_refused`), so an answer
            # sent as it closes is in before they are opened or is refused. Its questions
            # are read under the lock too: the office cannot change one meanwhile.
            survey = survey_lock(survey.pk)
            if survey is None:
                raise SurveyError("This survey has closed. Thank you for your interest.")
            now = timezone.now()
            _refuse_unless_open(survey, now)
            # Whom it asks, read again: the office may have changed it while this waited.
            role = role_in(survey, person)
            if role is None:
                raise SurveyError("This survey is for other people in the programme.")
            # Answered, it has asked for good (`Survey.has_asked`).
            surveys_mark_asked(now=now, survey_pk=survey.pk)
            questions = list(survey.questions.all())
            if seen is not None and questions_seen(survey, questions) != seen:
                raise SurveyError(QUESTIONS_CHANGED)
            stored = {
                question.pk: check_value(question, answers.get(question.pk))
                for question in questions
            }
            ballot = Ballot.seal(
                survey=survey,
                role=role,
                submitted_on=timezone.localdate(now),
                answers={pk: value for pk, value in stored.items() if value is not None},
            )
            Participation.objects.create(survey=survey, person=person)
            ballot.save(force_insert=True)
    except IntegrityError:
        raise SurveyError("You have already answered this survey. Thank you.") from None
    return ballot


def ballots_open(survey: Survey, *, now: datetime | None = None) -> int:
    """Turn the sealed ballots of a survey that has closed into its responses and answers
    (`surveys_ballots_open`, for this one survey). Returns how many ballots were opened."""
    return surveys_ballots_open([survey], now=now)


def surveys_ballots_open(surveys: list[Survey], *, now: datetime | None = None) -> int:
    """Turn the sealed ballots of each of the surveys that has closed into its responses and
    answers, all in one transaction and in a random order, and delete the ballots. Each ballot
    was written in the same transaction as its person's participation, which PostgreSQL can
    tell (the rows' `xmin`; and the order rows lie in a dump): the responses made here
    share this one transaction and lie in no order, so none can be tied to a person.
    Nothing is done for a survey still open. Safe to run again, or twice at once: the
    surveys are locked, and whoever comes second finds no ballot left. A fixed number of
    queries, whatever the number of surveys. Returns how many ballots were opened."""
    now = now or timezone.now()
    closed = [survey.pk for survey in surveys if now >= survey.closes_at]
    if not closed:
        return 0
    shuffle = random.SystemRandom().shuffle
    with transaction.atomic():
        # The lock an answer takes (`survey_lock`), before the ballots are read, even when
        # none may be left: an answer that passed its check before the closing commits
        # before this reads (the survey's first answer included), and one that comes after
        # is refused, so results once read never change.
        locked = surveys_lock(closed)
        if not locked:
            return 0
        ballots = list(
            Ballot.objects.select_for_update(of=("self",)).filter(
                survey__in=locked, survey__closes_at__lte=now
            )
        )
        if not ballots:
            return 0
        opening = {ballot.survey_id for ballot in ballots}
        questions = {
            question.pk: question for question in Question.objects.filter(survey__in=opening)
        }
        # A ballot saved as the survey closed, after the others were opened, would stand
        # alone in this transaction and be told apart by it: the responses opened before are
        # made again with it, under new ids, so that all share this one and no order.
        earlier = list(Response.objects.filter(survey__in=opening).prefetch_related("answers"))
        contents = [(ballot.survey_id, ballot.content) for ballot in ballots]
        contents += [(response.survey_id, _content(response, questions)) for response in earlier]
        shuffle(contents)
        responses, answers = [], []
        for survey_id, content in contents:
            response = Response(
                survey_id=survey_id, role=content["role"], submitted_on=content["submitted_on"]
            )
            responses.append(response)
            answers += [
                _answer(response, questions[pk], value)
                # A question deleted since would have taken its answers with it. A value that
                # no longer fits its question's kind (a question changed under the answer,
                # which the survey's lock now prevents) is left out rather than failing
                # every opening, and so every reading of the results, for good.
                for pk, value in content["answers"].items()
                if pk in questions
                and questions[pk].survey_id == survey_id
                and _fits(questions[pk], value)
            ]
        shuffle(answers)
        Response.objects.filter(pk__in=[response.pk for response in earlier]).delete()
        Response.objects.bulk_create(responses)
        Answer.objects.bulk_create(answers)
        Ballot.objects.filter(pk__in=[ballot.pk for ballot in ballots]).delete()
    return len(ballots)


def closed_ballots_open(*, now: datetime | None = None) -> int:
    """Open the ballots of every survey that has closed and still holds some (Celery beat
    runs this every five minutes; results open them too, as soon as they are read).
    Returns how many ballots were opened."""
    now = now or timezone.now()
    surveys = Survey.objects.filter(closes_at__lte=now, ballots__isnull=False).distinct()
    return sum(ballots_open(survey, now=now) for survey in surveys)


def _content(response: Response, questions: dict[int, Question]) -> dict:
    """An opened response as a ballot holds it (`Ballot.content`), to be made again."""
    return {
        "role": response.role,
        "submitted_on": response.submitted_on,
        "answers": {
            answer.question_id: _value(answer, questions[answer.question_id])
            for answer in response.answers.all()
        },
    }


def _value(answer: Answer, question: Question):
    """What `_answer` stored, read back."""
    if question.kind == QuestionKind.TEXT:
        return answer.text
    if question.kind == QuestionKind.MULTIPLE:
        return answer.picks
    return answer.number


def _fits(question: Question, value) -> bool:
    """Whether `value` is what `_answer` stores for a question of this kind."""
    if question.kind == QuestionKind.TEXT:
        return isinstance(value, str)
    if question.kind == QuestionKind.MULTIPLE:
        return isinstance(value, list) and all(_is_number(pick) for pick in value)
    return _is_number(value)


def _is_number(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _answer(response: Response, question: Question, value) -> Answer:
    if question.kind == QuestionKind.TEXT:
        return Answer(response=response, question=question, text=value)
    if question.kind == QuestionKind.MULTIPLE:
        return Answer(response=response, question=question, picks=value)
    return Answer(response=response, question=question, number=value)


# Building surveys


def questions_locked(survey: Survey) -> bool:
    """Questions cannot change once the survey has opened with them (`Survey.has_asked`),
    whether or not anyone has answered: copy the survey instead."""
    return survey.has_asked()


def survey_copy(*, survey: Survey, not_before: datetime | None = None) -> Survey:
    """A copy of `survey` (`surveys_copy`, for this one survey)."""
    return surveys_copy(surveys=[survey], not_before=not_before)[0]


def surveys_copy(*, surveys: list[Survey], not_before: datetime | None = None) -> list[Survey]:
    """A new survey for each of `surveys`, with the same questions, not yet answered, in
    the same order. Each opens no sooner than `not_before`, by default a week after its
    original closes (or a week from now, if it has): nobody is asked, or reminded, before
    the office has checked the copy. Its dates are the original's moved on by whole days,
    at the same times of day (`copy_dates`). One transaction, and the same few queries
    however many surveys."""
    now = timezone.now()
    prefetch_related_objects(surveys, "questions")
    copies = [
        _copy_of(survey, not_before or days_later(max(now, survey.closes_at), 7))
        for survey in surveys
    ]
    with transaction.atomic():
        Survey.objects.bulk_create(copies)
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
            for survey, copy in zip(surveys, copies, strict=True)
            for question in survey.questions.all()
        )
    return copies


def _copy_of(survey: Survey, not_before: datetime) -> Survey:
    """`survey`'s copy, unsaved: what a copy keeps of it, opening no sooner than
    `not_before`."""
    opens_at, closes_at = copy_dates(
        opens_at=survey.opens_at, closes_at=survey.closes_at, not_before=not_before
    )
    return Survey(
        programme_id=survey.programme_id,
        title=f"{survey.title} (copy)"[:150],
        introduction=survey.introduction,
        audience=survey.audience,
        pairs_only=survey.pairs_only,
        opens_at=opens_at,
        closes_at=closes_at,
        min_group_size=survey.min_group_size,
    )


@dataclass(frozen=True)
class Template:
    key: str
    title: str
    audience: str
    introduction: str
    questions: list[tuple[str, str, list[str], bool]]  # text, kind, choices, required
    pairs_only: bool = False


def survey_from_template(
    *, programme: Programme, template: Template, opens_at: datetime, closes_at: datetime
) -> Survey:
    with transaction.atomic():
        survey = Survey.objects.create(
            programme=programme,
            title=template.title,
            introduction=template.introduction,
            audience=template.audience,
            pairs_only=template.pairs_only,
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
