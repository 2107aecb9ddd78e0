"""Answering surveys: the person's surveys at /surveys/, and one survey at /surveys/<id>/,
answered in two steps (the questions, then "check your answers") and submitted once."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.cache import never_cache

from accounts.refused import problem_form, typed_in_built, typed_to_read
from evaluation.access import survey_for_person
from evaluation.forms import SurveyForm
from evaluation.models import Question, Survey
from evaluation.selectors import Stage, my_surveys, stage_of
from evaluation.services import QUESTIONS_CHANGED, SurveyError, questions_seen, survey_answer

# Why answers posted to a survey that cannot take them were not recorded (a tab left open
# while the survey closed, or the survey answered meanwhile from another tab).
NOT_RECORDED = {
    Stage.ANSWERED: "You have already answered this survey, so these answers were not "
    "recorded. Your first answers stand.",
    Stage.COMING_UP: "This survey is not open yet, so your answers were not recorded.",
    Stage.CLOSED: "This survey closed before you submitted, so your answers were not recorded.",
}


@never_cache
@login_required
def survey_list(request):
    return render(request, "evaluation/survey_list.html", {"surveys": my_surveys(request.user)})


def _survey_form(pk: int) -> SurveyForm:
    """The survey's form as its page builds it, its questions the labels of its boxes: for
    answers sent after the session was over (`typed_in_built`). Only while the survey asks
    people (`Survey.objects.asking`): who sent them is not known by then, so a draft's or a
    closed survey's questions are not shown to whoever posts to its address."""
    asking = Survey.objects.asking(timezone.now()).filter(pk=pk)
    return SurveyForm(questions=list(Question.objects.filter(survey__in=asking)))


@typed_in_built(_survey_form)
@never_cache
@login_required
def survey_answer_view(request, pk):
    """The questions (GET, or a POST that needs correcting), the check page (a valid POST),
    and the answers recorded (the confirmed POST), then back here to say thank you."""
    access = survey_for_person(request.user, pk)
    survey = access.survey
    if access.role is None:
        return render(request, "evaluation/survey_other_group.html", {"survey": survey}, status=403)
    stage = stage_of(survey, answered=access.answered, now=timezone.now())
    if stage != Stage.OPEN:
        if request.method == "POST":
            # Shown back only if it has asked, so only to someone it showed its questions:
            # the written answers are labelled with them.
            asked = survey.asked_at is not None
            return not_recorded(request, survey, NOT_RECORDED[stage], shown_back=asked)
        return render(request, "evaluation/survey_done.html", {"survey": survey, "stage": stage})

    questions = list(survey.questions.all())
    action = request.POST.get("action")
    form = SurveyForm(request.POST or None, questions=questions)
    # What the questions asked when the person checked their answers (the check page carries
    # it): answers are recorded only to those questions, never to ones changed since.
    seen = questions_seen(survey, questions)
    checked = request.POST.get("seen") if action == "submit" else None
    if action == "change":
        form = SurveyForm(initial=form.kept(), questions=questions)
    elif checked not in (None, seen):
        form.add_error(None, QUESTIONS_CHANGED)
    elif request.method == "POST" and questions and form.is_valid():
        if action != "submit":
            return render(
                request,
                "evaluation/survey_check.html",
                {"survey": survey, "form": form, "seen": seen},
            )
        # Once recorded, the page itself thanks them (survey_done.html): no banner besides.
        try:
            survey_answer(survey=survey, person=request.user, answers=form.answers, seen=checked)
        except SurveyError as error:
            if str(error) != QUESTIONS_CHANGED:
                why = f"{error} These answers were not recorded."
                return not_recorded(request, survey, why, shown_back=True)
            # Changed as this was sent: the questions as they are now, the answers kept.
            form = SurveyForm(request.POST, questions=list(survey.questions.all()))
            form.add_error(None, QUESTIONS_CHANGED)
        else:
            return redirect("survey_answer", survey.pk)
    return render(
        request, "evaluation/survey_form.html", {"survey": survey, "form": form, "forms": [form]}
    )


def not_recorded(request, survey: Survey, why: str, *, shown_back: bool):
    """Answers sent that the survey cannot take (`why`: it closed, or they answered it from
    another tab meanwhile): a page of its own, not a redirect, which says so and shows
    back their written answers (`shown_back`), read-only, to copy, as nothing of them was
    recorded. Only what this request sent: nothing is kept of it anywhere, and nothing else
    is offered. 409, as for a pair's page refused for the same reason."""
    questions = list(survey.questions.all()) if shown_back else []
    page = {
        "survey": survey,
        "forms": [problem_form(why)],
        "typed": typed_to_read(request.POST, [SurveyForm(questions=questions)]),
    }
    return render(request, "evaluation/survey_not_recorded.html", page, status=409)
