from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import ValidationError
from django.forms.formsets import all_valid
from django.forms.models import BaseInlineFormSet
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.html import format_html
from django.utils.text import get_text_list

from accounts.admin_base import AsksBeforeSaving, ModelAdmin, posted_back
from accounts.admin_bounds import BoundedInline
from mentoring.models import Grade, KeyDate, Programme, ProgrammeStatus, Theme
from mentoring.models.programmes import PAGE_SECTIONS, SETTING_BOUNDS
from mentoring.selectors.programmes import programme_under_way
from mentoring.selectors.themes import theme_delete_refusals


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


# Why a programme's recruitment cannot open, in a word beside its name.
NOT_ACTIVE = {ProgrammeStatus.DRAFT: "a draft", ProgrammeStatus.CLOSED: "closed"}


@admin.register(Programme)
class ProgrammeAdmin(AsksBeforeSaving, ModelAdmin):
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

    went_back_message = (
        "Nothing was saved. Here is the programme as you typed it; Save asks again before it "
        "closes."
    )

    def ask_before_saving(self, request, object_id):
        """A valid save that closes the programme is shown first, naming what is still under
        way: it stays as it is, but nobody is reminded of anything of a closed programme.
        None lets Django's view save (or show the form's errors, or refuse)."""
        if object_id is None:
            return None  # a new programme closes nothing
        programme = self.get_object(request, unquote(object_id))
        if programme is None or not self.has_change_permission(request, programme):
            return None
        if programme.status == ProgrammeStatus.CLOSED:
            return None
        name = programme.name  # as it is called now (the form may rename it)
        form = self.get_form(request, programme, change=True)(
            request.POST, request.FILES, instance=programme
        )
        if not form.is_valid() or form.cleaned_data.get("status") != ProgrammeStatus.CLOSED:
            return None
        formsets, _inlines = self._create_formsets(request, form.instance, change=True)
        if not all_valid(formsets) or request.POST.get("confirmed") == "yes":
            return None
        under_way = programme_under_way(programme)
        return TemplateResponse(
            request,
            "admin/mentoring/programme/confirm_close.html",
            {
                **self.admin_site.each_context(request),
                "title": f"Close {name}?",
                "name": name,
                **under_way,
                "hidden": posted_back(request),
                "button": "Save and close the programme",
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
        chosen = list(queryset.only("pk", "name", "status"))
        active = [programme for programme in chosen if programme.status == ProgrammeStatus.ACTIVE]
        left = [programme for programme in chosen if programme.status != ProgrammeStatus.ACTIVE]
        if active:
            queryset.filter(pk__in=[programme.pk for programme in active]).update(
                recruitment_open=True
            )
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
        chosen = list(queryset.only("pk", "name"))
        queryset.update(recruitment_open=False)
        self.message_user(
            request,
            f"Recruitment is now closed for {_names(chosen)}: "
            f"{'its page shows' if len(chosen) == 1 else 'their pages show'} the closed message.",
        )


@admin.register(Grade)
class GradeAdmin(ModelAdmin):
    list_display = ["name", "position"]
    list_editable = ["position"]
    search_fields = ["name"]


def _names(programmes) -> str:
    """ "Cohort A, Cohort B and Cohort C"."""
    return get_text_list([str(programme) for programme in programmes], "and")
