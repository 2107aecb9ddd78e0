from zoneinfo import ZoneInfo

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import ValidationError
from django.db import transaction
from django.forms.formsets import all_valid
from django.forms.models import BaseInlineFormSet
from django.template.defaultfilters import pluralize
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.text import get_text_list

from accounts.admin_base import AsksBeforeSaving, ModelAdmin, StaleEditGuard, posted_back
from accounts.admin_bounds import BoundedInline
from accounts.outbox import can_be_emailed, not_emailed_said
from mentoring.activation import announced_on_activation
from mentoring.models import Grade, KeyDate, Programme, ProgrammeStatus, Theme
from mentoring.models.matches import NOTES_NOTICE
from mentoring.models.programmes import PAGE_SECTIONS, SETTING_BOUNDS, StatusMoves
from mentoring.reminders.rules import next_sending, reminders_go_in_words
from mentoring.selectors.programmes import (
    applications_without_line_manager,
    notes_brought_forward,
    people_take_part,
    programme_status_moves,
    programme_under_way,
)
from mentoring.selectors.themes import theme_delete_refusals
from mentoring.services.retention import notes_retention_shortened


class ThemeFormSet(BaseInlineFormSet):
    """A theme ticked "Delete?" goes only if nothing chose it (`theme_delete_refusals`):
    otherwise nothing on the page is saved and the summary at the top says why."""

    def clean(self):
        super().clean()
        refusals = theme_delete_refusals(form.instance for form in self.deleted_forms)
        if refusals:
            raise ValidationError(refusals)


class ThemeInline(BoundedInline, admin.TabularInline):
    model = Theme
    formset = ThemeFormSet
    extra = 1
    max_num = 50
    fields = ["name", "description", "position"]


class KeyDateInline(BoundedInline, admin.TabularInline):
    model = KeyDate
    extra = 1
    max_num = 50


class ProgrammeAdminForm(forms.ModelForm):
    """What a programme's settings may no longer change once people take part in it. Its
    status offers only where the programme may go from the status it has, saying why not
    elsewhere (`status_moves`), and a status posted anyway is refused in those words."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        moves = moves_of(self.instance)
        if status := self.fields.get("status"):
            status.choices = [(v, label) for v, label in status.choices if v in moves.statuses]
            if moves.refused:
                status.help_text = moves.refused
                status.error_messages["invalid_choice"] = moves.refused

    def clean(self):
        cleaned = super().clean()
        programme = self.instance
        status = cleaned.get("status")
        if status == ProgrammeStatus.CLOSED:
            # Closing closes its recruitment, as the confirmation says.
            cleaned["recruitment_open"] = False
        elif status == ProgrammeStatus.DRAFT and cleaned.get("recruitment_open"):
            self.add_error(
                "recruitment_open",
                "A draft takes no applications: untick this, or make the programme active.",
            )
        if programme.pk is None:
            return cleaned
        was_asked = (
            Programme.objects.filter(pk=programme.pk)
            .values_list("line_manager_agreement", flat=True)
            .first()
        )
        # Applications sent while no line manager was asked name none, and no request went
        # out: switched on, the agreement would leave them waiting for ever.
        if cleaned.get("line_manager_agreement") and not was_asked:
            count, names = applications_without_line_manager(programme)
            if count:
                more = f" and {count - len(names)} more" if count > len(names) else ""
                many = count != 1
                self.add_error(
                    "line_manager_agreement",
                    f"{count} application{'s' if many else ''} still to be decided "
                    f"{'were' if many else 'was'} sent without a line manager "
                    f"({get_text_list(names, 'and')}{more}): nobody would be asked to agree, "
                    f"so {'they' if many else 'it'} could never be accepted. Decide "
                    f"{'them' if many else 'it'} first, or ask for the agreement in the next "
                    "cohort.",
                )
        return cleaned


def moves_of(programme: Programme) -> StatusMoves:
    """`programme_status_moves`, read once per request from the programme as it was fetched:
    the form (its status choices) and the admin (recruitment read-only where it may not
    change) both ask, before and after a posted form has changed the programme."""
    if not hasattr(programme, "_moves"):
        programme._moves = programme_status_moves(programme)
    return programme._moves


# Why a programme's recruitment cannot open, in a word beside its name.
NOT_ACTIVE = {ProgrammeStatus.DRAFT: "a draft", ProgrammeStatus.CLOSED: "closed"}


@admin.register(Programme)
class ProgrammeAdmin(StaleEditGuard, AsksBeforeSaving, ModelAdmin):
    form = ProgrammeAdminForm
    list_display = [
        "name",
        "organisation",
        "status",
        "recruitment_open",
        "starts_on",
        "ends_on",
        "report",
    ]
    list_filter = ["status", "recruitment_open"]
    search_fields = ["name", "organisation"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [ThemeInline, KeyDateInline]
    actions = ["open_recruitment", "close_recruitment"]
    fieldsets = [
        (None, {"fields": ["name", "slug", "organisation", "status", "starts_on", "ends_on"]}),
        ("Recruitment", {"fields": ["recruitment_open", "recruitment_closed_message"]}),
        (
            "Public page (Markdown: paragraphs, lists, bold, italics, links)",
            {"fields": ["summary", *PAGE_SECTIONS]},
        ),
        (
            "Meetings",
            {
                "fields": [
                    "meeting_minutes",
                    "gap_min_weeks",
                    "gap_max_weeks",
                    "holiday_country",
                    "holiday_subdivision",
                ]
            },
        ),
        (
            "Line-manager agreement",
            {"fields": ["line_manager_agreement", "line_manager_silence_days"]},
        ),
        (
            "Reminders",
            {
                "fields": [
                    "office_email",
                    "notify_office_of_applications",
                    "remind_days_before",
                    "remind_days_before_last",
                    "log_reminder_days_after",
                    "first_contact_days",
                    "line_manager_reminder_days",
                ]
            },
        ),
        ("Evaluation", {"fields": ["survey_min_group_size"]}),
        ("Confidentiality", {"fields": ["notes_retention_days"]}),
    ]

    def get_readonly_fields(self, request, obj=None):
        # Emails link to the programme's address (/programmes/<slug>/, /profile/?programme=):
        # once it is published or anyone is in it, a new slug would break every such link.
        fields = list(super().get_readonly_fields(request, obj))
        if obj is not None and obj.pk is not None:
            if not hasattr(obj, "_address_in_use"):  # asked several times a page
                obj._address_in_use = obj.is_published or people_take_part(obj)
            if obj._address_in_use:
                fields.append("slug")
        if obj is not None and not moves_of(obj).recruitment_may_change:
            fields.append("recruitment_open")
        return fields

    def get_prepopulated_fields(self, request, obj=None):
        if "slug" in self.get_readonly_fields(request, obj):
            return {}
        return super().get_prepopulated_fields(request, obj)

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        # A number setting's bounds in the form too, not only in the database check: the
        # browser then knows them, and 0 or 99999 get the one sentence that states them
        # (the column alone answered "greater than or equal to 0", or PostgreSQL's range).
        # Given to the model's own form field, which keeps the model's default.
        if limits := SETTING_BOUNDS.get(db_field.name):
            kwargs |= {
                "min_value": limits.low,
                "max_value": limits.high,
                "error_messages": {"min_value": limits.refused, "max_value": limits.refused},
            }
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    # --- closing a programme: asked first, saying what is still under way ---

    # What each confirmation asked, named in its hidden field `asked` (`_confirmation`), so
    # that "No, go back" says what Save asks again about.
    went_back_messages = {
        "closing": "Save asks again before it closes.",
        "activating": "Save asks again before it becomes active.",
        "retention": "Save asks again before what ended pairs wrote is deleted sooner.",
    }
    went_back_message = "Nothing was saved. Here is the programme as you typed it."

    def went_back_said(self, request) -> str:
        again = self.went_back_messages.get(request.POST.get("asked", ""))
        return f"{self.went_back_message[:-1]}; {again}" if again else self.went_back_message

    def ask_before_saving(self, request, object_id):
        """A valid save that closes the programme is shown first, naming what is still under
        way: it stays as it is, but nobody is reminded of anything of a closed programme.
        So is one that shortens the notes' retention so that what ended pairs wrote is
        deleted sooner than their members were told: it names them, and that they are
        emailed the new date (`notes_retention_shortened`). None lets Django's view save (or
        show the form's errors, or refuse)."""
        if object_id is None:
            return None  # a new programme closes nothing and has no pairs
        programme = self.get_object(request, unquote(object_id))
        if programme is None or not self.has_change_permission(request, programme):
            return None
        name = programme.name  # as it is called now (the form may rename it)
        was_closed = programme.status == ProgrammeStatus.CLOSED
        was_active = programme.status == ProgrammeStatus.ACTIVE
        kept_for = programme.notes_retention_days
        form = self.posted_form(request, programme)
        if not form.is_valid():
            return None
        closing = not was_closed and form.cleaned_data.get("status") == ProgrammeStatus.CLOSED
        asks_closing = closing and request.POST.get("confirmed") != "yes"
        # Only a draft becomes active: a closed programme does not open again (the form).
        activating = (
            not was_active
            and form.cleaned_data.get("status") == ProgrammeStatus.ACTIVE
            and request.POST.get("activation_confirmed") != "yes"
        )
        announced = announced_on_activation(programme) if activating else []
        under_way = programme_under_way(programme) if activating else {}
        asks_activating = bool(announced) or any(
            under_way.get(name) for name in ("pairs", "meetings_ahead", "events")
        )
        # Named: the pairs whose date moves. The rest are held to the date they were given
        # (due within the notice anyway), unnamed and not emailed (`notes_brought_forward`).
        # Read once a request: a "Yes" saves them as checked here (`save_model`).
        days = form.cleaned_data.get("notes_retention_days")
        held = notes_brought_forward(programme, days=days, was=kept_for, now=timezone.now())
        request.notes_brought_forward = ((kept_for, days), held)
        sooner = [each for each in held if each.moves]
        # "Yes" saves only the pairs and dates the page named: a pair that ended since, or
        # one whose date has moved or no longer moves, is shown on the page again.
        shown = set(request.POST.get("retention_shown", "").split())
        confirmed = request.POST.get("retention_confirmed") == "yes"
        named = {_retention_named(each) for each in sooner}
        retention_seen = confirmed and shown == named
        if not asks_closing and not asks_activating and (not sooner or retention_seen):
            return None  # nothing to ask: its themes and key dates are read once, by the save
        formsets, _inlines = self._create_formsets(request, form.instance, change=True)
        if not all_valid(formsets):
            return None
        if asks_activating:
            now, zone = timezone.now(), ZoneInfo(settings.TIME_ZONE)
            return self._confirmation(
                request,
                "admin/mentoring/programme/confirm_activate.html",
                asked="activating",
                title=f"Make {name} active?",
                name=name,
                button="Save and make the programme active",
                recipients=announced,
                extra_hidden=[("activation_confirmed", "yes")],
                # When what is due already goes, said as the survey pages say it.
                reminders_go=reminders_go_in_words(now, zone),
                waits_for_morning=next_sending(now, zone) != now,
                **under_way,
            )
        if asks_closing:
            return self._confirmation(
                request,
                "admin/mentoring/programme/confirm_close.html",
                asked="closing",
                title=f"Close {name}?",
                name=name,
                button="Save and close the programme",
                programme_id=programme.pk,
                **programme_under_way(programme),
            )
        members = [
            person
            for each in sooner
            for person in (each.pair.mentor.applicant, each.pair.board_member.user)
            if person is not None
        ]
        left_out = [person.full_name for person in members if not can_be_emailed(person)]
        return self._confirmation(
            request,
            "admin/mentoring/programme/confirm_retention.html",
            asked="retention",
            title=(f"Delete sooner what {len(sooner)} ended pair{pluralize(len(sooner))} wrote?"),
            name=name,
            button="Save, and email them the new dates",
            pairs=sooner,
            emailed=[person for person in members if can_be_emailed(person)],
            not_emailed=not_emailed_said(left_out, done=False) if left_out else "",
            more_since={
                each.pair.pk
                for each in sooner
                if str(each.pair.pk) not in {token.partition(":")[0] for token in shown}
            }
            if confirmed
            else set(),
            changed_since=confirmed and shown != named,
            days=form.cleaned_data.get("notes_retention_days"),
            was=kept_for,
            notice_days=NOTES_NOTICE.days,
            extra_hidden=[
                ("retention_confirmed", "yes"),
                ("retention_shown", " ".join(_retention_named(each) for each in sooner)),
            ],
        )

    def save_model(self, request, obj, form, change):
        # The period as it is now, read under the programme's lock in the save's transaction:
        # a colleague's save of it meanwhile is waited for and counted from, so two
        # shortenings at once give each pair one date, the later, not two in any order.
        was = (
            Programme.objects.select_for_update()
            .filter(pk=obj.pk)
            .values_list("notes_retention_days", flat=True)
            .first()
            if change
            else None
        )
        super().save_model(request, obj, form, change)
        if change and was != obj.notes_retention_days:
            # In the save's transaction, as the confirmation page named them: as its check read
            # them (`ask_before_saving`), unless a colleague's save changed the period since.
            read_for, held = getattr(request, "notes_brought_forward", (None, None))
            now = timezone.now()
            if read_for != (was, obj.notes_retention_days):
                held = notes_brought_forward(obj, days=obj.notes_retention_days, was=was, now=now)
            emailed = notes_retention_shortened(programme=obj, was=was, now=now, held=held)
            if emailed:
                self.message_user(
                    request,
                    f"{emailed} {'person was' if emailed == 1 else 'people were'} emailed the "
                    "new date their pairing's notes will be deleted.",
                )
            elif not any(each.moves for each in held) and (
                named := len(request.POST.get("retention_shown", "").split())
            ):
                # The page said they would be emailed; by its "Yes" no date moved any more.
                self.message_user(request, nothing_brought_forward_said(named), messages.WARNING)

    def _confirmation(self, request, template, *, asked, title, button, extra_hidden=(), **context):
        extra_hidden = [*extra_hidden, ("asked", asked)]  # for `went_back_said`
        return TemplateResponse(
            request,
            template,
            {
                **self.admin_site.each_context(request),
                "title": title,
                **context,
                "hidden": [
                    *posted_back(request, besides=tuple(name for name, _ in extra_hidden)),
                    *extra_hidden,
                ],
                "button": button,
                "back_posts": True,
                "opts": self.model._meta,
            },
        )

    @admin.display(description="report")
    def report(self, obj):
        # The report page lives in evaluation (wired in config/urls.py): linked by its name,
        # so mentoring does not import evaluation.
        return format_html(
            '<a href="{}">Programme report<span class="visually-hidden"> for {}</span></a>',
            reverse("programme_report", args=[obj.slug]),
            obj.name,
        )

    @admin.action(description="Open recruitment", permissions=["change"])
    def open_recruitment(self, request, queryset):
        with transaction.atomic():
            # Each status read under the row's lock: a colleague closing one of them
            # meanwhile is waited for, so the check (only an active programme recruits) is
            # met, not broken by a status read before that closing (a 500).
            locked = Programme.objects.select_for_update().filter(pk__in=queryset.values("pk"))
            list(locked.order_by("pk").values_list("pk"))
            chosen = list(queryset.only("pk", "name", "status"))
            active = [p for p in chosen if p.status == ProgrammeStatus.ACTIVE]
            left = [p for p in chosen if p.status != ProgrammeStatus.ACTIVE]
            if active:
                Programme.objects.filter(pk__in=[p.pk for p in active]).update(
                    recruitment_open=True
                )
        if active:
            self.message_user(request, f"Recruitment is now open for {_names(active)}.")
        if left:
            reasons = [f"{programme} ({NOT_ACTIVE[programme.status]})" for programme in left]
            self.message_user(
                request,
                f"Recruitment stays closed for {get_text_list(reasons, 'and')}: it opens only "
                "for an active programme.",
                messages.WARNING,
            )

    @admin.action(
        description="Close recruitment (shows each programme's closed message)",
        permissions=["change"],
    )
    def close_recruitment(self, request, queryset):
        chosen = list(queryset.only("pk", "name", "recruitment_open"))
        # Only an active programme recruits (a check): those are the ones whose pages now show
        # the closed message. The rest were closed already, and an ended programme's page
        # says it has ended, a draft's is not public.
        closing = [programme for programme in chosen if programme.recruitment_open]
        left = [programme for programme in chosen if not programme.recruitment_open]
        if closing:
            queryset.filter(pk__in=[programme.pk for programme in closing]).update(
                recruitment_open=False
            )
            self.message_user(
                request,
                f"Recruitment is now closed for {_names(closing)}: "
                f"{'its page shows' if len(closing) == 1 else 'their pages show'} the closed "
                "message.",
            )
        if left:
            self.message_user(
                request,
                f"Recruitment was already closed for {_names(left)}: nothing changed.",
                messages.WARNING if not closing else messages.INFO,
            )


@admin.register(Grade)
class GradeAdmin(ModelAdmin):
    list_display = ["name", "position"]
    list_editable = ["position"]
    search_fields = ["name"]


def nothing_brought_forward_said(named: int) -> str:
    """Why a shorter period the confirmation said would email `named` pairs' members emailed
    nobody: each has come within the notice of the date it was given, which it keeps."""
    each = "the ended pair it named" if named == 1 else f"each of the {named} ended pairs it named"
    return (
        "No pair's notes were brought forward and nobody was emailed: since the confirmation "
        f"page was shown, {each} has come within {NOTES_NOTICE.days} days of the date its "
        "members were given, so keeps that date. Nothing more needs doing."
    )


def _retention_named(each) -> str:
    """A pair named on the retention confirmation, and the day it names (`retention_shown`):
    "<pk>:<date>"."""
    return f"{each.pair.pk}:{timezone.localtime(each.after):%Y-%m-%d}"


def _names(programmes) -> str:
    """ "Cohort A, Cohort B and Cohort C"."""
    return get_text_list([str(programme) for programme in programmes], "and")
