"""Surveys for the tests of the programme office's survey pages: one open now to the cast's
programme with three questions (`pilot_survey`), the same opening in three days
(`coming_survey`), a person's answers to it (`answer`), its change form as posted
(`form_data`); the add form as a coordinator fills it in (`new_survey`, `when`), surveys coming
up or closed without asking anyone (`coming_up`, `closed_asking_nothing`), whom the cast's
programme asks (`THE_CAST`), and what a page says (`shown`)."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from evaluation.admin.forms import SurveyForm
from evaluation.admin.surveys import QuestionInline
from evaluation.models import Question, Response, Survey
from evaluation.services import survey_answer
from tests.admin_pages import words
from tests.factories import QuestionFactory, SurveyFactory
from tests.opened_now import rows_stamped_as_saved, stamp_as_saved

# The office's page for adding a survey.
ADD = reverse("admin:evaluation_survey_add")


# The options of `pilot_survey`'s second question.
MEETINGS = ["Once", "2 or 3 times", "4 times or more"]


def pilot_survey(cast, **fields) -> Survey:
    """Open now, to mentors and board members of the cast's programme (minimum 5)."""
    survey = SurveyFactory(programme=cast.programme, title="Spring pilot evaluation", **fields)
    QuestionFactory(survey=survey, position=0, text="My partner and I built trust.")
    QuestionFactory(
        survey=survey,
        position=1,
        text="How many times did you meet?",
        kind="single",
        choices=MEETINGS,
    )
    QuestionFactory(
        survey=survey, position=2, text="What should we change?", kind="text", required=False
    )
    return survey


def coming_survey(cast, **fields) -> Survey:
    """`pilot_survey`, opening in three days: nobody has been asked it yet."""
    opens_at = timezone.now() + timedelta(days=3)
    return pilot_survey(cast, opens_at=opens_at, closes_at=opens_at + timedelta(days=14), **fields)


def answer(survey, person, suggestion="More time together.", agree=4, met=1) -> Response:
    """`person` answers a `pilot_survey`: how far they agree, how often they met, a suggestion."""
    trust, meetings, change = survey.questions.all()
    return survey_answer(
        survey=survey,
        person=person,
        answers={trust.pk: agree, meetings.pk: met, change.pk: suggestion},
    )


def form_data(survey, questions=None, **fields) -> dict:
    """The survey's change form as posted, with its questions (or `questions`, a list of
    dicts) and any field replaced."""
    local = timezone.localtime
    data = {
        "programme": survey.programme_id,
        "title": survey.title,
        "introduction": survey.introduction,
        "audience": survey.audience,
        "opens_at_0": f"{local(survey.opens_at):%Y-%m-%d}",
        "opens_at_1": f"{local(survey.opens_at):%H:%M:%S}",
        "closes_at": survey.last_day.isoformat(),
        "min_group_size": survey.min_group_size or "",
        **({"pairs_only": "on"} if survey.pairs_only else {}),
    }
    existing = list(survey.questions.all()) if survey.pk else []
    if questions is None:
        questions = [
            {
                "id": q.pk,
                "position": q.position,
                "text": q.text,
                "help_text": q.help_text,
                "kind": q.kind,
                "choices": "\n".join(q.choices),
                "required": "on" if q.required else "",
            }
            for q in existing
        ]
    data |= {
        "questions-TOTAL_FORMS": len(questions),
        "questions-INITIAL_FORMS": len(existing),
        "questions-MIN_NUM_FORMS": 0,
        "questions-MAX_NUM_FORMS": 1000,
    }
    for n, question in enumerate(questions):
        for name, value in question.items():
            data[f"questions-{n}-{name}"] = value
        data[f"questions-{n}-survey"] = survey.pk or ""
    if survey.pk:  # as its page, opened now, stamps it and each of its questions
        data |= stamp_as_saved(survey, SURVEY_STAMPED)
        saved = {q.pk: q for q in existing}
        shown = {n: saved[q["id"]] for n, q in enumerate(questions) if q.get("id") in saved}
        data |= rows_stamped_as_saved("questions", shown, QUESTION_STAMPED)
    return data | fields


# The survey's columns its change form edits, stamped as its page would (`form_data`).
SURVEY_STAMPED = [Survey._meta.get_field(name).attname for name in SurveyForm.Meta.fields]
# A question's, as its row of the page stamps it (the columns it edits, in the model's order).
QUESTION_STAMPED = [
    field.attname for field in Question._meta.concrete_fields if field.name in QuestionInline.fields
]


# Everyone the cast's programme asks, as a confirmation names them.
THE_CAST = [
    "Bola Board (bola@example.org): board member",
    "Maya Mentor (maya@example.org): mentor",
    "Olive Other (olive@example.org): board member",
    "Omar Other (omar@example.org): mentor",
]


def when(moment) -> dict:
    """The survey form's opening date and time boxes, filled in with `moment`."""
    local = timezone.localtime(moment)
    return {"opens_at_0": f"{local:%Y-%m-%d}", "opens_at_1": f"{local:%H:%M:%S}"}


def new_survey(cast, opens_at, **fields) -> dict:
    """The add form as a coordinator fills it in: one question, to everyone in the cast's
    programme, closing a fortnight after it opens."""
    return {
        "programme": cast.programme.pk,
        "title": "Autumn pulse",
        "introduction": "Three quick questions.",
        "audience": "both",
        **when(opens_at),
        "closes_at": (timezone.localdate(opens_at) + timedelta(days=14)).isoformat(),
        "min_group_size": "",
        "questions-TOTAL_FORMS": 1,
        "questions-INITIAL_FORMS": 0,
        "questions-MIN_NUM_FORMS": 0,
        "questions-MAX_NUM_FORMS": 100,
        "questions-0-position": 0,
        "questions-0-text": "Our meetings are worth the time.",
        "questions-0-help_text": "",
        "questions-0-kind": "likert",
        "questions-0-choices": "",
        "questions-0-required": "on",
        "_save": "Save",
        **fields,
    }


def an_hour_ago():
    """The moment an hour ago."""
    return timezone.now() - timedelta(hours=1)


def shown(page) -> str:
    """What a reader sees of a response's page: its words."""
    return words(page.content.decode())


def coming_up(cast) -> Survey:
    """A survey of the cast's programme opening in three days, with one question."""
    opens_at = timezone.now() + timedelta(days=3)
    survey = SurveyFactory(
        programme=cast.programme,
        title="Spring pilot evaluation",
        opens_at=opens_at,
        closes_at=opens_at + timedelta(days=14),
    )
    QuestionFactory(survey=survey, text="My partner and I built trust.")
    return survey


def closed_asking_nothing(cast) -> Survey:
    """Open from 20 days ago to 10 days ago, with no question: it never asked anyone."""
    opened = timezone.now() - timedelta(days=20)
    return SurveyFactory(
        programme=cast.programme,
        title="Spring pilot evaluation",
        opens_at=opened,
        closes_at=opened + timedelta(days=10),
    )


# The add form with its one question left blank.
NO_QUESTION = {"title": "Still being written", "questions-0-text": "", "questions-0-kind": ""}
