"""The survey admin: the list, the change page with its questions (locked once it has opened
with them), the confirmation before a save opens or closes a survey now, copies, surveys from
templates and the results."""

import re
import uuid
from contextlib import suppress
from copy import copy as shallow_copy
from datetime import datetime
from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.forms.formsets import all_valid
from django.shortcuts import get_object_or_404, redirect
from django.template.defaultfilters import pluralize
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from redis.exceptions import RedisError

from accounts.admin_base import AsksBeforeSaving, ModelAdmin, StaleEditGuard, posted_back
from accounts.admin_bounds import BoundedInline
from evaluation.admin.forms import FromTemplateForm, QuestionForm, SurveyForm
from evaluation.audience import people_asked
from evaluation.models import (
    Question,
    Role,
    SaveEffect,
    Survey,
    start_of_day_after,
)
from evaluation.reminders import (
    CLOSING,
    CLOSING_NOTICE,
    closing_reminder_not_had,
    reminds_everyone,
    survey_save_effect,
)
from evaluation.results import WITHHELD, answered_in_all, results_csv_rows, survey_results
from evaluation.services import (
    questions_locked,
    survey_from_template,
    survey_lock,
    surveys_copy,
    surveys_mark_asked,
)
from evaluation.survey_templates import TEMPLATES
from mentoring.exports import csv_download, csv_safe
from mentoring.reminders.rules import reminders_go_in_words

LOCKED_NOTICE = (
    "This survey has asked its questions, so they cannot change, nor whom it asks or its "
    "minimum group size, and once it has closed it cannot open again. Copy the survey to ask "
    "again."
)
OPENED_MEANWHILE = (
    "The survey opened with its questions while you were editing it: its questions, whom it "
    "asks and its minimum group size stay as they were, and any change to them was not "
    "saved. Copy the survey to ask different questions."
)
# A field only an editable question posts: the page was shown before the survey had asked.
EDITABLE_QUESTION = re.compile(r"questions-\d+-(text|kind|choices|DELETE)")


def survey_state(survey: Survey, now: datetime, *, asks_something: bool = True) -> str:
    if now < survey.opens_at:
        return "Coming up"
    if now >= survey.closes_at:
        return "Closed"
    # Open by its dates, but nobody sees it or is emailed until it has a question.
    return "Open" if asks_something else "Open, but asking nothing yet: nobody sees it"


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


OPENS_WITH_ITS_FIRST_QUESTION = (
    "The survey asks nothing yet, so nobody sees it or is emailed. Saving its first question "
    "opens it to the people it asks, and asks you first."
)


def _questions_after(before: Survey | None, formsets) -> int:
    """How many questions the survey will have once this save is made: those it has, less
    those deleted, and those added."""
    forms = [form for formset in formsets if formset.model is Question for form in formset.forms]
    deleted = sum(1 for form in forms if form.instance.pk and form.cleaned_data.get("DELETE"))
    added = sum(
        1
        for form in forms
        if not form.instance.pk and form.has_changed() and not form.cleaned_data.get("DELETE")
    )
    had = before.questions.count() if before is not None else 0
    return had - deleted + added


def _answered_in_words(survey: Survey) -> str:
    """How many have answered, as the results page would say it: not at all where it
    withholds it (`answered_in_all`)."""
    if survey.pk is None:
        return "nobody has answered"
    count = answered_in_all(survey)
    if count is None:
        minimum = survey.min_group_size
        return f"how many have answered is not said: {WITHHELD.format(minimum=minimum)}"
    return (
        "nobody has answered"
        if count == 0
        else f"{count:,} {pluralize(count, 'has,have')} answered"
    )


def _locked(survey: Survey | None) -> bool:
    """`questions_locked`, asked once per survey object (the admin asks several times)."""
    if survey is None:
        return False
    if not hasattr(survey, "_questions_locked"):
        survey._questions_locked = questions_locked(survey)
    return survey._questions_locked


# The token a confirmation of adding a survey carries (`SurveyAdmin._added_already`), and how
# long a "Yes" to it is remembered.
ADDED_ONCE = "added_once"
ADDED_ONCE_SECONDS = 24 * 60 * 60


def _remember_added(key: str, pk: int) -> None:
    """The survey a confirmation's "Yes" added, once it is saved for good."""
    with suppress(RedisError):
        cache.set(key, pk, timeout=ADDED_ONCE_SECONDS)


def _give_back_unless_added(request, *, failed: bool = False) -> None:
    """The token this request claimed (`SurveyAdmin._added_already`) is given back when it
    added nothing: its save failed (the database away, and everything rolled back), or
    never ran. The same "Yes" pressed again then adds the survey, rather than answering
    that it was saved already while nothing was."""
    key = getattr(request, "added_once_claimed", None)
    if key is None or (getattr(request, "added_once_saved", False) and not failed):
        return
    with suppress(RedisError):
        cache.delete(key)


def _added_once_key(request) -> str | None:
    token = request.POST.get(ADDED_ONCE, "")
    if not re.fullmatch(r"[0-9a-f]{32}", token):
        return None
    return f"survey-added:{token}"


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


# --- the survey admin -------------------------------------------------------------------------


@admin.register(Survey)
class SurveyAdmin(StaleEditGuard, AsksBeforeSaving, ModelAdmin):
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
        "results",
    ]
    list_filter = ["programme", "audience", "pairs_only", StateFilter]
    search_fields = ["title"]
    list_select_related = ["programme"]
    actions = ["copy_surveys"]
    fields = SurveyForm.Meta.fields

    def get_readonly_fields(self, request, obj=None):
        # Answers were given to this programme's people, in these roles, under this minimum.
        locked = ["programme", "audience", "pairs_only", "min_group_size"]
        return locked if _locked(obj) else []

    def get_deleted_objects(self, objs, request):
        # By default the confirmation lists every row that goes with the survey, by name, and
        # a participation's name is the person's; and how many answered, which the results
        # page withholds from a survey asked of too few (it could say who did). Said here:
        # the surveys and their questions, the answers only as going with them.
        _listed, counts, perms_needed, protected = super().get_deleted_objects(objs, request)
        kept = {Survey._meta.verbose_name_plural, Question._meta.verbose_name_plural}
        counts = {name: count for name, count in counts.items() if name in kept}
        listed = [f"{survey}, with its questions and every answer given to it" for survey in objs]
        return listed, counts, perms_needed, protected

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        context["questions_locked"] = _locked(obj)
        context["locked_notice"] = LOCKED_NOTICE
        # Results only from the day it opens: before, there can be none to see.
        context["has_results"] = obj is not None and timezone.now() >= obj.opens_at
        return super().render_change_form(request, context, add, change, form_url, obj)

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        """A save runs with the survey's row locked, the lock an answer takes
        (`survey_lock`): whether the survey has opened with its questions is read under it,
        so an answer to a survey opening meanwhile waits for the save, and no question
        changes under an answer."""
        if request.method != "POST":
            return super().changeform_view(request, object_id, form_url, extra_context)
        if object_id is None:
            try:
                response = super().changeform_view(request, object_id, form_url, extra_context)
            except BaseException:
                _give_back_unless_added(request, failed=True)
                raise
            _give_back_unless_added(request)
            return response
        with transaction.atomic():
            # Not a survey's id: nothing to lock, and Django's view says it does not exist.
            with suppress(ValidationError):
                if survey := survey_lock(Survey._meta.pk.to_python(unquote(object_id))):
                    # Asking now, it has asked for good, whatever this save does to its
                    # dates (`Survey.has_asked`).
                    surveys_mark_asked(survey_pk=survey.pk)
            return super().changeform_view(request, object_id, form_url, extra_context)

    def save_related(self, request, form, formsets, change):
        # The page was shown editable, and the survey has opened with its questions since:
        # they were read-only for this save (`_locked`), which the coordinator must be told.
        if _locked(form.instance) and any(map(EDITABLE_QUESTION.fullmatch, request.POST)):
            self.message_user(request, OPENED_MEANWHILE, messages.WARNING)
        super().save_related(request, form, formsets, change)

    # --- a save that opens or closes the survey now: asked first, saying who it affects ---

    went_back_message = (
        "Nothing was saved. Here is the survey as you typed it; Save asks again before it "
        "opens or closes, or before its closing reminder is emailed."
    )

    def ask_before_saving(self, request, object_id):
        """A valid save that opens or closes the survey now, or brings its closing near
        enough that its closing reminder is emailed at the next sending (`survey_save_effect`), is
        shown first; only a "Yes" to that same effect goes on. None lets Django's view save
        (or show the form's errors, or refuse)."""
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
        form = self.posted_form(request, survey)
        if not form.is_valid():
            return None
        formsets, _inlines = self._create_formsets(request, form.instance, change=not add)
        if not all_valid(formsets):
            return None
        now = timezone.now()
        asks_something = _questions_after(before, formsets) > 0
        effect = survey_save_effect(
            before=before, survey=form.instance, now=now, asks_something=asks_something
        )
        if effect in (None, SaveEffect.REMINDS) and before is not None and before.is_open:
            # Open by its dates but asking nothing yet, nobody was emailed: its first
            # question opens it to those it asks, who are emailed, so it is asked first too;
            # unless the same save moves its opening later, which opens nothing now.
            if asks_something and not before.questions.exists() and form.instance.is_open:
                effect = SaveEffect.OPENS
        elif effect in (SaveEffect.OPENS, SaveEffect.REOPENS) and not asks_something:
            # Open by its dates but asking nothing: nobody sees it or is emailed until its
            # first question is saved, which asks first then. Nothing to promise now.
            self.message_user(request, OPENS_WITH_ITS_FIRST_QUESTION, messages.INFO)
            return None
        if effect is None:
            return None
        if request.POST.get("confirmed") == "yes":
            if request.POST.get("seen_effect") == effect:
                return self._added_already(request) if add else None
            # "Yes" to a page that said something else (the clock or a colleague moved on).
            self.message_user(
                request,
                "What saving does has changed since that page was shown: here it is now.",
                messages.WARNING,
            )
        return self._confirm_save(request, effect, before, form.instance, now)

    def _added_already(self, request):
        """A "Yes" to adding a survey that opens now, pressed again (a double click, the page
        sent twice): the first one saves it and emails those it asks, the next saves nothing
        more. Each confirmation page carries a token of its own (`ADDED_ONCE`), claimed in
        the shared cache, so that two workers cannot both take it. None lets the first go on
        (and `save_model` records the survey it made, or the token is given back if its save
        fails: `_give_back_unless_added`); with the cache away, every "Yes" goes on, as
        before there was a token."""
        key = _added_once_key(request)
        if key is None:
            return None
        try:
            if cache.add(key, 0, timeout=ADDED_ONCE_SECONDS):
                request.added_once_claimed = key
                return None
            added = cache.get(key)
        except RedisError:
            return None
        self.message_user(
            request,
            "This survey was saved already (the button was pressed twice): nothing more was "
            "saved, and nobody was emailed again.",
            messages.WARNING,
        )
        if added:
            return redirect(reverse("admin:evaluation_survey_change", args=[added]))
        return redirect(reverse("admin:evaluation_survey_changelist"))

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if not change and (key := _added_once_key(request)):
            request.added_once_saved = True
            transaction.on_commit(lambda: _remember_added(key, obj.pk))

    def _confirm_save(self, request, effect, before: Survey | None, survey: Survey, now: datetime):
        # Closing stops those it asked until now; opening asks those it will ask.
        asking = before if effect == SaveEffect.CLOSES and before is not None else survey
        asked = sorted(
            people_asked([asking])[asking.pk], key=lambda row: (row[0].full_name, row[0].email)
        )
        count = _people(len(asked))
        title = survey.title
        closes = survey.closes_in_words()
        goes = reminders_go_in_words(now, ZoneInfo(settings.TIME_ZONE))
        if effect == SaveEffect.CLOSES and (before is None or not before.has_asked()):
            # Not open yet, or open with no question: nobody could answer it, and nobody has.
            heading = f"Close “{title}” before it asks anyone?"
            intro = (
                f"The survey has not asked anyone yet. As its closing ({closes}) has passed, "
                f"saving closes it without its ever asking: the {count} it would ask cannot "
                "answer it, and nobody is emailed. It can still be changed: a later closing would "
                "have it ask them after all."
            )
        elif effect == SaveEffect.CLOSES:
            heading = f"Close “{title}” now?"
            intro = (
                f"Saving closes the survey at once, as its closing ({closes}) has passed. "
                f"The {count} it asks can no longer answer it; {_answered_in_words(survey)}. "
                "Nobody is emailed."
            )
        elif effect == SaveEffect.REMINDS:
            heading = f"Remind those “{title}” asks now that it closes soon?"
            if reminds_everyone(survey, asked):
                # Each person hears it once: those who had it are not named. It went to
                # everyone asked then, answered or not, so that tells nobody who answered.
                goes_to = {person.pk for person, _role in closing_reminder_not_had(survey)}
                left = [(person, role) for person, role in asked if person.pk in goes_to]
                emailed = (
                    f"the {count} it asks {pluralize(len(asked), 'is,are')}"
                    if len(left) == len(asked)
                    else f"the {_people(len(left))} of the {count} it asks who have not had "
                    f"it yet {pluralize(len(left), 'is,are')}"
                )
                asked = left
            else:
                # Said alike whoever has answered, and named alike whoever had it already:
                # it went only to those who had not answered then, so who had it is not the
                # office's to read either (how many did, the reminders list says).
                had_it = ", nor had it already," if CLOSING.reminded({survey.pk}) else ""
                emailed = f"those of the {count} it asks who have not answered it{had_it} are"
            intro = (
                f"Saving moves its closing to {closes}, which brings on its reminder that it "
                f"closes soon ({CLOSING_NOTICE.days} days before): {emailed} emailed {goes}."
            )
        else:
            if effect == SaveEffect.REOPENS:
                heading = f"Open “{title}” again now?"
                # Only a survey that never asked anything opens again
                # (`Survey.reopening_refused`), so nobody has answered it.
                intro = (
                    f"It has closed (its closing was {before.closes_in_words()}) without "
                    f"asking anything. Saving opens it again at once, until {closes}"
                )
                emailed = (
                    f": the {count} it asks can answer it, and are reminded as usual: that it is "
                    f"open, unless they were told already, and {CLOSING_NOTICE.days} days before "
                    "it closes."
                )
            else:
                heading = f"Open “{title}” now?"
                intro = f"Saving opens the survey at once, until {closes}"
                emailed = (
                    f". Opening it now emails the {count} it asks that it is open {goes}; they "
                    "can answer it from now on."
                )
            if survey.programme.has_ended:
                # Closed by the office (`Programme.has_ended`, whatever its dates), never
                # active again, so nobody it asks is ever reminded of it
                # (`Survey.announced_by_email`); they find it on their surveys page
                # (`SurveyQuerySet.published`).
                intro += (
                    f": the {count} it asks can answer it on their surveys page. Its programme "
                    "is closed, so nobody is emailed about the survey."
                )
            elif survey.announced_by_email:
                intro += emailed
            else:
                # What `emailed` promises waits for the programme to be active.
                intro += (
                    f". Its programme is {survey.programme.get_status_display().lower()}: "
                    "nobody is emailed about the survey until the programme is active."
                )
        hidden = posted_back(request, besides=("seen_effect", ADDED_ONCE))
        if before is None:
            hidden.append((ADDED_ONCE, uuid.uuid4().hex))
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
                "button": {
                    SaveEffect.CLOSES: "Save and close now",
                    SaveEffect.REMINDS: "Save and remind now",
                }.get(effect, "Save and open now"),
                "back_posts": True,
                "opts": self.model._meta,
            },
        )

    @admin.display(description="closes", ordering="closes_at")
    def closes(self, survey):
        return survey.closes_in_words("j M Y")

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(asks_something=Exists(Question.objects.filter(survey=OuterRef("pk"))))
        )

    @admin.display(description="state")
    def state(self, survey):
        return survey_state(survey, timezone.now(), asks_something=survey.asks_something)

    @admin.display(description="results")
    def results(self, survey):
        if timezone.now() < survey.opens_at:
            return "None before it opens"
        url = reverse("admin:evaluation_survey_results", args=[survey.pk])
        return format_html(
            '<a href="{}">Results<span class="visually-hidden"> of {}</span></a>', url, survey.title
        )

    @admin.action(description="Copy the selected surveys", permissions=["add"])
    def copy_surveys(self, request, queryset):
        copies = surveys_copy(surveys=list(queryset))
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
                "opens: they cannot change once it has opened with them.",
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
        response, writer = csv_download(f"survey-{survey.pk}-results.csv")
        for row in results_csv_rows(survey_results(survey)):
            writer.writerow([csv_safe(cell) for cell in row])
        return response
