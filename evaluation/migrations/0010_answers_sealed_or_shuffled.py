"""Answers given before ballots existed were written in the same transaction as the
participation of whoever gave them, so PostgreSQL's `xmin` (and the rows' order in a dump)
tied them together. Here, in one transaction: a survey not yet closed has its responses
sealed into ballots (opened with the others once it closes); a closed survey has its
responses copied, in a random order and under new ids, and the old rows deleted. Either way
no response left shares a transaction with a participation."""

import json
import random

from django.db import migrations
from django.utils import timezone

TEXT, MULTIPLE = "text", "multiple"


def _value(kind, answer):
    if kind == TEXT:
        return answer.text
    if kind == MULTIPLE:
        return answer.picks
    return answer.number


def seal_or_shuffle(apps, schema_editor):
    Survey = apps.get_model("evaluation", "Survey")
    Response = apps.get_model("evaluation", "Response")
    Answer = apps.get_model("evaluation", "Answer")
    Ballot = apps.get_model("evaluation", "Ballot")
    shuffle = random.SystemRandom().shuffle
    now = timezone.now()
    for survey in Survey.objects.filter(responses__isnull=False).distinct():
        responses = list(Response.objects.filter(survey=survey))
        answers = {}
        for answer in Answer.objects.filter(response__survey=survey).select_related("question"):
            answers.setdefault(answer.response_id, []).append(answer)
        shuffle(responses)
        if now < survey.closes_at:
            Ballot.objects.bulk_create(
                Ballot(
                    survey=survey,
                    sealed=json.dumps(
                        {
                            "role": response.role,
                            "submitted_on": response.submitted_on.isoformat(),
                            "answers": {
                                str(answer.question_id): _value(answer.question.kind, answer)
                                for answer in answers.get(response.pk, [])
                            },
                        }
                    ),
                )
                for response in responses
            )
        else:
            copies, copied_answers = [], []
            for response in responses:
                copy = Response(
                    survey=survey, role=response.role, submitted_on=response.submitted_on
                )
                copies.append(copy)
                copied_answers += [
                    Answer(
                        response=copy,
                        question_id=answer.question_id,
                        number=answer.number,
                        picks=answer.picks,
                        text=answer.text,
                    )
                    for answer in answers.get(response.pk, [])
                ]
            shuffle(copied_answers)
            Response.objects.bulk_create(copies)
            Answer.objects.bulk_create(copied_answers)
        Answer.objects.filter(response__in=[response.pk for response in responses]).delete()
        Response.objects.filter(pk__in=[response.pk for response in responses]).delete()


def open_all(apps, schema_editor):
    """Back to responses only: every ballot, open or closed, becomes a response (shuffled)."""
    Ballot = apps.get_model("evaluation", "Ballot")
    Response = apps.get_model("evaluation", "Response")
    Answer = apps.get_model("evaluation", "Answer")
    Question = apps.get_model("evaluation", "Question")
    shuffle = random.SystemRandom().shuffle
    ballots = list(Ballot.objects.all())
    shuffle(ballots)
    kinds = dict(
        Question.objects.filter(survey__ballots__isnull=False).values_list("pk", "kind").distinct()
    )
    responses, answers = [], []
    for ballot in ballots:
        content = json.loads(ballot.sealed)
        response = Response(
            survey_id=ballot.survey_id,
            role=content["role"],
            submitted_on=content["submitted_on"],
        )
        responses.append(response)
        for pk, value in content["answers"].items():
            kind = kinds.get(int(pk))
            if kind is None:
                continue  # the question was deleted, and its answers with it
            field = {TEXT: "text", MULTIPLE: "picks"}.get(kind, "number")
            answers.append(Answer(response=response, question_id=int(pk), **{field: value}))
    shuffle(answers)
    Response.objects.bulk_create(responses)
    Answer.objects.bulk_create(answers)
    Ballot.objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("evaluation", "0009_ballots_sealed_until_close")]

    operations = [migrations.RunPython(seal_or_shuffle, open_all)]
