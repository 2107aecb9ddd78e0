"""The programme office's side of evaluation: surveys and their questions, and results that
protect each person.

Responses, answers and participations are deliberately not registered: nothing per response
or per person is reachable here. The office sees aggregates only, under the rules of
evaluation.results, and finds out who has not answered by not needing to: reminders ask them.
"""

import csv
from copy import copy as shallow_copy
from datetime import date, datetime, time, timedelta

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count
from django.forms.formsets import all_valid
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.defaultfilters import pluralize
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html

from accounts.admin_base import ModelAdmin, PlainWordsForm
from accounts.admin_bounds import BoundedInline
from evaluation.audience import people_asked
from evaluation.models import (
    MIN_GROUP_FLOOR,
    OPTIONS_HELP,
    Question,
    Role,
    SaveEffect,
    Survey,
    last_day_of,
    save_effect,
    start_of_day_after,
)
from evaluation.reminders import CLOSING_NOTICE
from evaluation.results import results_csv_rows, survey_results
from evaluation.services import Template, questions_locked, survey_copy, survey_from_template
from evaluation.survey_templates import TEMPLATES
from mentoring.admin.events import ShownAgain
from mentoring.exports import csv_safe
from mentoring.forms.fields import DateInput
from mentoring.models import Programme, ProgrammeStatus

LOCKED_NOTICE = "Questions cannot change once someone has answered: copy the survey instead."
# Far enough for any real survey; near enough that a copy's dates can always be worked out.
FURTHEST_AHEAD = timedelta(days=5 * 365)
TOO_FAR = "Choose a date in the next five years."


def survey_state(survey: Survey, now: datetime) -> str:
    if now < survey.opens_at:
        return "Coming up"
    return "Open" if now < survey.closes_at else "Closed"


class StateFilter(admin.SimpleListFilter):
    title = "state"
    parameter_name = "state"

    def lookups(self, request, model_admin):
        return [("open", "Open"), ("coming", "Coming up"), ("closed", "Closed")]

    def queryset(self, request, queryset):
        now = timezone.now()
        match self.value():
            case "open":
                return queryset.open(now)
            case "coming":
                return queryset.filter(opens_at__gt=now)
            case "closed":
                return queryset.filter(closes_at__lte=now)
        return queryset


ROLE_NAMES = {Role.MENTOR: "mentor", Role.BOARD_MEMBER: "board member"}


def _people(count: int) -> str:
    return f"{count:,} {'person' if count == 1 else 'people'}"


def _have_answered(count: int) -> str:
    return (
        "nobody has answered"
        if count == 0
        else f"{count:,} {pluralize(count, 'has,have')} answered"
    )


def _went_back(request) -> bool:
    return request.method == "POST" and request.POST.get("went_back") == "yes"


# --- the survey and its questions -------------------------------------------------------------


class LastDayField(forms.DateField):
    """A survey's `closes_at` (the moment it closes), edited as its last day: a survey that
    closes "after 16 December" is stored as closing at midnight starting the 17th."""

    widget = DateInput

    def prepare_value(self, value):
        return last_day_of(value) if isinstance(value, datetime) else value

    def has_changed(self, initial, data):
        return super().has_changed(self.prepare_value(initial), data)


class SurveyForm(forms.ModelForm):
    closes_at = LastDayField(
        label="Closes after",
        help_text="At the end of the day, in the programme's time zone.",
    )

    class Meta:
        model = Survey
        fields = [
            "programme",
            "title",
            "introduction",
            "audience",
            "pairs_only",
            "opens_at",
            "closes_at",
            "min_group_size",
        ]
        help_texts = {
            "audience": "Accepted mentors, board members who have joined, or both.",
            "opens_at": (
                "Everyone the survey asks is emailed on the day it opens, and those who have "
                f"not answered {CLOSING_NOTICE.days} days before it closes."
            ),
            "min_group_size": (
                f"At least {MIN_GROUP_FLOOR}. The results of a smaller group are withheld. "
                "Leave it empty to use the programme's setting."
            ),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["min_group_size"].required = False

    def clean_min_group_size(self):
        size = self.cleaned_data["min_group_size"]
        if size is not None and size < MIN_GROUP_FLOOR:
            raise ValidationError(
                f"The minimum group size is at least {MIN_GROUP_FLOOR}, so that nobody can be "
                "picked out from the results."
            )
        if size is not None and size > 1000:
            raise ValidationError("The minimum group size is at most 1,000.")
        return size

    def clean_closes_at(self):
        day = self.cleaned_data["closes_at"]
        if self.instance.pk and "closes_at" not in self.changed_data:
            # Kept as it is: a survey copied from one that closes during a day still does.
            return self.instance.closes_at
        if day > timezone.localdate() + FURTHEST_AHEAD:
            raise ValidationError(TOO_FAR)
        return start_of_day_after(day)

    def clean(self):
        cleaned = super().clean()
        furthest = timezone.now() + FURTHEST_AHEAD
        for name in ("opens_at", "closes_at"):
            if cleaned.get(name) and cleaned[name] > furthest:
                self.add_error(name, TOO_FAR)
        programme = cleaned.get("programme") or (
            self.instance.programme if self.instance.programme_id else None
        )
        if cleaned.get("min_group_size") is None and programme is not None:
            cleaned["min_group_size"] = programme.survey_min_group_size
        return cleaned


class OptionsField(forms.CharField):
    """A JSON list of options, edited as one option per line."""

    widget = forms.Textarea(attrs={"rows": 4, "cols": 60})

    def prepare_value(self, value):
        if isinstance(value, list):
            return "\n".join(str(option) for option in value)
        return value

    def to_python(self, value):
        text = super().to_python(value)
        return [line.strip() for line in text.splitlines() if line.strip()]

    def has_changed(self, initial, data):
        # A blank extra question starts with no options (None, not []): no options typed is
        # no change, so that row is left out rather than refused.
        return (initial or []) != self.to_python(data)


class QuestionForm(forms.ModelForm):
    choices = OptionsField(
        label="Options",
        required=False,
        help_text=OPTIONS_HELP,
    )

    class Meta:
        model = Question
        fields = ["position", "text", "help_text", "kind", "choices", "required"]


def _locked(survey: Survey | None) -> bool:
    """`questions_locked`, asked once per survey object (the admin asks several times)."""
    if survey is None:
        return False
    if not hasattr(survey, "_questions_locked"):
        survey._questions_locked = questions_locked(survey)
    return survey._questions_locked


class QuestionInline(BoundedInline, admin.StackedInline):
    model = Question
    form = QuestionForm
    extra = 1
    max_num = 100
    fields = ["position", "text", "help_text", "kind", "choices", "required"]

    def get_fields(self, request, obj=None):
        if _locked(obj):
            return ["position", "text", "help_text", "kind", "options", "required"]
        return self.fields

    def get_readonly_fields(self, request, obj=None):
        return ["options"] if _locked(obj) else []

    def get_extra(self, request, obj=None, **kwargs):
        return 0 if _locked(obj) else self.extra

    def has_add_permission(self, request, obj=None):
        return not _locked(obj) and super().has_add_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        return not _locked(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return not _locked(obj) and super().has_delete_permission(request, obj)

    @admin.display(description="options")
    def options(self, question):
        return "; ".join(question.choices) or "-"


def template_summary(template: Template) -> str:
    questions = f"{len(template.questions)} questions"
    return f"{questions}, only for people in a pair" if template.pairs_only else questions


# --- starting from a template -----------------------------------------------------------------


class FromTemplateForm(PlainWordsForm, forms.Form):
    programme = forms.ModelChoiceField(queryset=Programme.objects.published())
    template = forms.ChoiceField(
        choices=[
            (key, f"{template.title} ({template_summary(template)})")
            for key, template in TEMPLATES.items()
        ]
    )
    opens_on = forms.DateField(
        label="Opens on",
        widget=DateInput,
        help_text="At the start of the day. From tomorrow at the earliest, so that you can "
        "check the questions before anyone is asked; everyone it asks is emailed that day.",
    )
    closes_on = forms.DateField(
        label="Closes after",
        widget=DateInput,
        help_text="At the end of the day.",
    )

    def clean(self):
        cleaned = super().clean()
        today = timezone.localdate()
        opens_on, closes_on = cleaned.get("opens_on"), cleaned.get("closes_on")
        if opens_on and opens_on <= today:
            self.add_error("opens_on", "Choose a day from tomorrow.")
        for name in ("opens_on", "closes_on"):
            if cleaned.get(name) and cleaned[name] > today + FURTHEST_AHEAD:
                self.add_error(name, TOO_FAR)
        if opens_on and closes_on and closes_on < opens_on:
            self.add_error("closes_on", "The survey closes on or after the day it opens.")
        return cleaned

    @staticmethod
    def start_of(day: date) -> datetime:
        return datetime.combine(day, time.min, tzinfo=timezone.get_current_timezone())


# --- the survey admin -------------------------------------------------------------------------


@admin.register(Survey)
class SurveyAdmin(ModelAdmin):
    form = SurveyForm
    inlines = [QuestionInline]
    change_list_template = "admin/evaluation/survey/change_list.html"
    change_form_template = "admin/evaluation/survey/change_form.html"
    list_display = [
        "title",
        "programme",
        "audience",
        "pairs_only",
        "opens_at",
        "closes",
        "state",
        "responses",
        "results",
    ]
    list_filter = ["programme", "audience", "pairs_only", StateFilter]
    search_fields = ["title"]
    list_select_related = ["programme"]
    actions = ["copy_surveys"]
    fields = SurveyForm.Meta.fields

    def get_queryset(self, request):
        # Counts only: nothing of a response is read.
        return super().get_queryset(request).annotate(response_count=Count("responses"))

    def get_readonly_fields(self, request, obj=None):
        # Answers were given to this programme's people, in these roles.
        return ["programme", "audience", "pairs_only"] if _locked(obj) else []

    def get_deleted_objects(self, objs, request):
        # By default the confirmation lists every row that goes with the survey, by name, and
        # a participation's name is the person's: say how many of each instead.
        _listed, counts, perms_needed, protected = super().get_deleted_objects(objs, request)
        return [str(survey) for survey in objs], counts, perms_needed, protected

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        context["questions_locked"] = _locked(obj)
        context["locked_notice"] = LOCKED_NOTICE
        return super().render_change_form(request, context, add, change, form_url, obj)

    # --- a save that opens or closes the survey now: asked first, saying who it affects ---

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        if _went_back(request):
            # "No, go back" from the confirmation: the form again, as typed, nothing saved.
            self.message_user(
                request,
                "Nothing was saved. Here is the survey as you typed it; Save asks again "
                "before it opens or closes.",
                messages.WARNING,
            )
        elif request.method == "POST":
            asked = self._ask_before_opening_or_closing(request, object_id)
            if asked is not None:
                return asked
        return super().changeform_view(request, object_id, form_url, extra_context)

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        if _went_back(request):
            return type(form)(form.__name__, (ShownAgain, form), {})
        return form

    def _ask_before_opening_or_closing(self, request, object_id):
        """A valid save that opens or closes the survey now (`save_effect`) is shown first;
        only a "Yes" to that same effect goes on. None lets Django's view save (or show
        the form's errors, or refuse)."""
        add = object_id is None
        survey = None if add else self.get_object(request, unquote(object_id))
        allowed = (
            self.has_add_permission(request)
            if add
            else survey is not None and self.has_change_permission(request, survey)
        )
        if not allowed:
            return None
        before = None if add else shallow_copy(survey)
        form = self.get_form(request, survey, change=not add)(
            request.POST, request.FILES, instance=survey
        )
        if not form.is_valid():
            return None
        formsets, _inlines = self._create_formsets(request, form.instance, change=not add)
        if not all_valid(formsets):
            return None
        effect = save_effect(
            opens_at=form.instance.opens_at,
            closes_at=form.instance.closes_at,
            now=timezone.now(),
            was_opens_at=before.opens_at if before else None,
            was_closes_at=before.closes_at if before else None,
        )
        if effect is None:
            return None
        if request.POST.get("confirmed") == "yes":
            if request.POST.get("seen_effect") == effect:
                return None
            # "Yes" to a page that said something else (the clock or a colleague moved on).
            self.message_user(
                request,
                "What saving does has changed since that page was shown: here it is now.",
                messages.WARNING,
            )
        return self._confirm_save(request, effect, before, form.instance)

    def _confirm_save(self, request, effect, before: Survey | None, survey: Survey):
        # Closing stops those it asked until now; opening asks those it will ask.
        asking = before if effect == SaveEffect.CLOSES and before is not None else survey
        asked = sorted(
            people_asked([asking])[asking.pk], key=lambda row: (row[0].full_name, row[0].email)
        )
        answered = survey.responses.count() if survey.pk else 0
        count = _people(len(asked))
        title = survey.title
        closes = survey.closes_in_words()
        if effect == SaveEffect.CLOSES:
            heading = f"Close “{title}” now?"
            intro = (
                f"Saving closes the survey at once, as its closing ({closes}) has passed. "
                f"The {count} it asks can no longer answer it; {_have_answered(answered)}. "
                "Nobody is emailed."
            )
        else:
            if effect == SaveEffect.REOPENS:
                heading = f"Open “{title}” again now?"
                intro = (
                    f"It has closed (its closing was {before.closes_in_words()}). Saving "
                    f"opens it again at once, until {closes}: those of the {count} it asks "
                    f"who have not answered can answer it ({_have_answered(answered)}), and "
                    "are reminded as usual: that it is open, unless they were told already, "
                    f"and {CLOSING_NOTICE.days} days before it closes."
                )
            else:
                heading = f"Open “{title}” now?"
                intro = (
                    f"Saving opens the survey at once, until {closes}. Opening it now emails "
                    f"the {count} it asks that it is open when the reminders next run (every "
                    "few minutes, from 08:00), and they can answer it from then on."
                )
            if survey.programme.status != ProgrammeStatus.ACTIVE:
                intro += (
                    f" Its programme is {survey.programme.get_status_display().lower()}: "
                    "nobody is emailed about the survey until the programme is active."
                )
        hidden = [
            (name, value)
            for name in request.POST
            if name not in ("csrfmiddlewaretoken", "confirmed", "seen_effect")
            for value in request.POST.getlist(name)
        ]
        return TemplateResponse(
            request,
            "admin/evaluation/survey/confirm_save.html",
            {
                **self.admin_site.each_context(request),
                "title": heading,
                "intro": intro,
                "people": [
                    {"name": person.full_name, "email": person.email, "note": ROLE_NAMES[role]}
                    for person, role in asked
                ]
                if effect != SaveEffect.CLOSES
                else [],
                "hidden": [*hidden, ("seen_effect", effect.value)],
                "button": "Save and close now"
                if effect == SaveEffect.CLOSES
                else "Save and open now",
                "back_posts": True,
                "opts": self.model._meta,
            },
        )

    @admin.display(description="closes", ordering="closes_at")
    def closes(self, survey):
        return survey.closes_in_words("j M Y")

    @admin.display(description="state")
    def state(self, survey):
        return survey_state(survey, timezone.now())

    @admin.display(description="responses", ordering="response_count")
    def responses(self, survey):
        return survey.response_count

    @admin.display(description="results")
    def results(self, survey):
        url = reverse("admin:evaluation_survey_results", args=[survey.pk])
        return format_html(
            '<a href="{}">Results<span class="visually-hidden"> of {}</span></a>', url, survey.title
        )

    @admin.action(description="Copy the selected surveys", permissions=["add"])
    def copy_surveys(self, request, queryset):
        copies = [survey_copy(survey=survey) for survey in queryset.prefetch_related("questions")]
        for copy in copies:
            self.message_user(
                request,
                format_html(
                    '<a href="{}">{}</a> opens on {}: check its dates and questions before then.',
                    reverse("admin:evaluation_survey_change", args=[copy.pk]),
                    copy.title,
                    f"{timezone.localtime(copy.opens_at):%-d %B %Y}",
                ),
            )
        self.message_user(request, f"{len(copies)} survey{pluralize(len(copies))} copied.")

    # --- extra pages ------------------------------------------------------------------------

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path(
                "from-template/",
                view(self.from_template_view),
                name="evaluation_survey_from_template",
            ),
            path(
                "<int:survey_id>/results/",
                view(self.results_view),
                name="evaluation_survey_results",
            ),
            path(
                "<int:survey_id>/results.csv",
                view(self.results_csv_view),
                name="evaluation_survey_results_csv",
            ),
            *super().get_urls(),
        ]

    def from_template_view(self, request):
        if not self.has_add_permission(request):
            raise PermissionDenied
        form = FromTemplateForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            survey = survey_from_template(
                programme=data["programme"],
                template=TEMPLATES[data["template"]],
                opens_at=form.start_of(data["opens_on"]),
                closes_at=start_of_day_after(data["closes_on"]),
            )
            self.message_user(
                request,
                f"“{survey.title}” created for {survey.programme} with "
                f"{len(TEMPLATES[data['template']].questions)} questions. Check them before it "
                "opens: they cannot change once someone has answered.",
                messages.SUCCESS,
            )
            return redirect("admin:evaluation_survey_change", survey.pk)
        context = {
            **self.admin_site.each_context(request),
            "title": "Start a survey from a template",
            "opts": self.model._meta,
            "adminform": admin.helpers.AdminForm(form, [(None, {"fields": list(form.fields)})], {}),
            "form": form,
            "templates": TEMPLATES.values(),
        }
        return TemplateResponse(request, "admin/evaluation/survey/from_template.html", context)

    def _survey(self, request, survey_id) -> Survey:
        survey = get_object_or_404(Survey.objects.select_related("programme"), pk=survey_id)
        if not self.has_view_permission(request, survey):
            raise PermissionDenied
        return survey

    def results_view(self, request, survey_id):
        survey = self._survey(request, survey_id)
        context = {
            **self.admin_site.each_context(request),
            "title": f"Results: {survey.title}",
            "opts": self.model._meta,
            "survey": survey,
            "state": survey_state(survey, timezone.now()),
            "results": survey_results(survey),
        }
        return TemplateResponse(request, "admin/evaluation/survey/results.html", context)

    def results_csv_view(self, request, survey_id):
        survey = self._survey(request, survey_id)
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="survey-{survey.pk}-results.csv"'
        writer = csv.writer(response)
        for row in results_csv_rows(survey_results(survey)):
            writer.writerow([csv_safe(cell) for cell in row])
        return response
