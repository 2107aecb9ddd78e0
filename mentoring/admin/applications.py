from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.http import Http404
from django.shortcuts import redirect
from django.template.defaultfilters import pluralize
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.text import capfirst

from accounts.admin_audit import AuditedAdminMixin
from accounts.admin_base import ModelAdmin
from accounts.admin_bounds import BoundedInline
from accounts.outbox import can_be_emailed, not_emailed_said
from mentoring.admin.filters import (
    BriefedFilter,
    ChoicesReadOnce,
    MentorInPairFilter,
    ThemeFilter,
)
from mentoring.admin.prebuilt import Prebuilt
from mentoring.availability import describe
from mentoring.exports import csv_download, csv_safe
from mentoring.models import ApplicationStatus, LineManagerRequest, MentorApplication
from mentoring.models.applications import ANSWER_FIELDS, DECIDED, LINE_MANAGER_ANSWERS
from mentoring.moments import local_dates
from mentoring.selectors import partners_ever_of_ids
from mentoring.selectors.attention import applications_waiting_for_line_manager
from mentoring.services.decisions import (
    application_changed_message,
    application_decision_problem,
    applications_decide,
    applications_in_pair,
    applications_on_the_board,
    places_given_back_said,
)

# Each decision: what the button says, what the confirmation says happens, what is done,
# and the confirmation's question, around "1 application" ("Put 1 application on the
# waiting list?", not "Put on the waiting list 1 application?").
DECISIONS = {
    ApplicationStatus.ACCEPTED: ("Accept", "accepted", "accept", "Accept {}?"),
    ApplicationStatus.WAITLISTED: (
        "Put on the waiting list",
        "put on the waiting list",
        "waitlist",
        "Put {} on the waiting list?",
    ),
    ApplicationStatus.DECLINED: ("Decline", "declined", "decline", "Decline {}?"),
}

# The applicant's yes/no answers, shown as the words they chose: Django's true/false icons
# would mark "No" to a conflict of interest, the answer hoped for, with a red cross.
_YES_NO = [
    "can_commit_time",
    "flexible_availability",
    "will_attend_briefing",
    "has_experiences",
    "has_conflict",
]

# The applicant's answers as the admin shows them: read-only, themes beside the grade (a
# many-to-many, not among ANSWER_FIELDS), availability and yes/no answers in words.
_SHOWN_AS = {
    "grade": ["grade", "theme_list"],
    "availability": ["availability_in_words"],
    **{field: [f"{field}_in_words"] for field in _YES_NO},
}


def _decision_intro(status, *, emailing: bool) -> str:
    """What the confirmation of a decision says happens: each applicant emailed at once, or,
    when no email reaches any of those chosen, that they are decided without one."""
    verb = DECISIONS[status][1]
    if emailing:
        said = f"Each applicant below is {verb} and emailed the decision at once. "
        said += "They cannot be unsent."
    else:
        said = f"Each application below is {verb} at once; no email reaches its applicant."
    given_back = places_given_back_said(status, emailing=emailing)
    return f"{said} {given_back}" if given_back else said


def _answer_in_words(field_name: str):
    """A read-only field showing one yes/no answer as "Yes", "No" or "Not answered", under
    the question it answers."""
    question = MentorApplication._meta.get_field(field_name).verbose_name

    @admin.display(description=capfirst(question))
    def shown(self, obj):
        return {True: "Yes", False: "No", None: "Not answered"}[getattr(obj, field_name)]

    return shown


ANSWERS = [
    "programme",
    "applicant",
    "status",
    "eligible",
    "submitted_at",
    "decided_at",
    "withdrawn_at",
    *(shown for field in ANSWER_FIELDS for shown in _SHOWN_AS.get(field, [field])),
    "line_manager",
]


class SentStatusFilter(admin.SimpleListFilter):
    """The statuses of a sent application: drafts are the applicant's, never listed here.
    The same address as Django's own filter (the start page links to it)."""

    title = "status"
    parameter_name = "status__exact"

    def lookups(self, request, model_admin):
        return [
            (status.value, status.label)
            for status in ApplicationStatus
            if status != ApplicationStatus.DRAFT
        ]

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(status=self.value())
        return queryset


class LineManagerFilter(admin.SimpleListFilter):
    """Whether the office waits for the line manager's agreement before it can accept: the
    start page links here, with its two figures."""

    title = "line manager's agreement"
    parameter_name = "line_manager"

    def lookups(self, request, model_admin):
        return [("waiting", "Waiting for it"), ("not_waiting", "Not waiting for it")]

    def queryset(self, request, queryset):
        if self.value() not in ("waiting", "not_waiting"):
            return queryset
        waiting = applications_waiting_for_line_manager(queryset, now=timezone.now())
        return waiting if self.value() == "waiting" else queryset.exclude(pk__in=waiting)


# The departments named in sent applications, in order, each found from the one before
# through the index of their departments (`application_sent_departments`, whose condition
# the SQL repeats word for word, so that the database reads it there): a step for each
# department. `SELECT DISTINCT` read every sent application on every page of the list,
# 0.8 ms of the database's time at the load bench's 5,000 (1 ms for 50 departments, against
# 0.15 this way).
_SENT_DEPARTMENTS = """
    WITH RECURSIVE found (department) AS (
        SELECT MIN(department) FROM {table} WHERE {sent}
        UNION ALL
        SELECT (SELECT MIN(department) FROM {table} WHERE {sent} AND department > found.department)
        FROM found WHERE found.department IS NOT NULL
    )
    SELECT department FROM found WHERE department IS NOT NULL ORDER BY department
"""


def sent_departments() -> list[str]:
    """The departments named in sent applications, in order (`_SENT_DEPARTMENTS`)."""
    sql = _SENT_DEPARTMENTS.format(
        table=connection.ops.quote_name(MentorApplication._meta.db_table),
        sent=f"NOT (status = '{ApplicationStatus.DRAFT}') AND NOT (department = '')",
    )
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return [department for (department,) in cursor.fetchall()]


# Whether each applicant is briefed (`with_briefed`), as every page of the list reads it: its
# subqueries' SQL worked out once per process (mentoring.admin.prebuilt).
_BRIEFED = Prebuilt(MentorApplication.objects.with_briefed, "is_briefed")


class DepartmentFilter(admin.SimpleListFilter):
    title = "department"
    parameter_name = "department"

    def lookups(self, request, model_admin):
        return [(department, department) for department in sent_departments()]

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(department=self.value())
        return queryset


class ApplicationAdminForm(forms.ModelForm):
    """The applicant's questions end in "?": no colon after them ("Can you commit…?:")."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)


class LineManagerRequestInline(BoundedInline, admin.StackedInline):
    model = LineManagerRequest
    can_delete = False
    extra = 0
    max_num = 1  # one request per application
    fields = ["email", "sent_at", "decision", "reason", "answered_at"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(MentorApplication)
class MentorApplicationAdmin(AuditedAdminMixin, ModelAdmin):
    list_display = [
        "applicant_name",
        "department",
        "grade",
        "status",
        "eligible",
        "line_manager",
        "briefed",
        "submitted_on",
    ]
    list_filter = [
        ("programme", ChoicesReadOnce),
        SentStatusFilter,
        LineManagerFilter,
        "eligible",
        BriefedFilter,
        MentorInPairFilter,
        DepartmentFilter,
        ("themes", ThemeFilter),
        ("grade", ChoicesReadOnce),
        "learning_style",
        "interaction_approach",
        ("submitted_at", admin.DateFieldListFilter),
    ]
    search_fields = [
        "applicant__full_name",
        "applicant__email",
        "department",
        "experience_statement",
    ]
    list_select_related = ["applicant", "grade", "line_manager_request__message"]
    # A row says where the line manager's answer stands, from the request and its email's
    # state alone: never the link sent to them, nor the email itself, each decrypted as read.
    list_deferred = [
        "line_manager_request__token",
        "line_manager_request__message__text",
        "line_manager_request__message__html",
        "line_manager_request__message__attachments",
    ]
    list_prefetch_related = ["programme"]
    readonly_fields = ANSWERS
    fields = [*ANSWERS, "coordinator_notes"]
    change_form_template = "admin/mentoring/mentorapplication/change_form.html"
    form = ApplicationAdminForm
    inlines = [LineManagerRequestInline]
    actions = ["accept", "waitlist", "decline", "export_csv"]
    list_per_page = 50
    show_full_result_count = False
    # Only the notes: a withdrawal, a decision or a corrected line manager's address made
    # while the notes were saved stays made.
    saves_only_what_it_edits = True

    def get_fields(self, request, obj=None):
        """The line manager said once: by a programme that asks for their agreement, their
        name, address and answer; by any other, nothing."""
        fields = super().get_fields(request, obj)
        if obj is not None and not obj.programme.line_manager_agreement:
            return [f for f in fields if f not in (*LINE_MANAGER_ANSWERS, "line_manager")]
        return fields

    def get_inline_instances(self, request, obj=None):
        # The line manager's answer, only where one was asked for (no empty heading).
        if obj is None or not hasattr(obj, "line_manager_request"):
            return []
        return super().get_inline_instances(request, obj)

    def get_queryset(self, request):
        # Drafts belong to the applicant until they are submitted. Never the applications of
        # someone the coordinator was paired with (`partners_ever_of`): a board member never
        # reads their mentor's; their own stays in the list.
        return (
            super()
            .get_queryset(request)
            .sent()
            .exclude(applicant__in=partners_ever_of_ids(request.user))
            .annotate(is_briefed=_BRIEFED.expression())
        )

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description="Applicant", ordering="applicant__full_name")
    def applicant_name(self, obj):
        return obj.applicant.full_name

    @admin.display(description="Briefed", boolean=True, ordering="is_briefed")
    def briefed(self, obj):
        return obj.is_briefed

    @admin.display(description="Submitted", ordering="submitted_at")
    def submitted_on(self, obj):
        # The day is enough in the list, and fits beside the filters; the page has the time.
        return self.submitted_days()(obj)

    def submitted_days(self):
        """`submitted_on` for the rows of a list, the time zone and the language read once
        for all of them (accounts.templatetags.admin_lists reads `per_list`)."""
        day, empty = local_dates("j M Y"), self.get_empty_value_display()

        def submitted_on(obj):
            if obj.submitted_at is None:  # a sent application always has one (a check)
                return empty
            return day(obj.submitted_at)

        return submitted_on

    submitted_on.per_list = submitted_days

    can_commit_time_in_words = _answer_in_words("can_commit_time")
    flexible_availability_in_words = _answer_in_words("flexible_availability")
    will_attend_briefing_in_words = _answer_in_words("will_attend_briefing")
    has_experiences_in_words = _answer_in_words("has_experiences")
    has_conflict_in_words = _answer_in_words("has_conflict")

    @admin.display(description="Themes")
    def theme_list(self, obj):
        return ", ".join(theme.name for theme in obj.themes.all())

    @admin.display(description="Availability")
    def availability_in_words(self, obj):
        return describe(obj.availability) or "none given"

    @admin.display(description="Line manager")
    def line_manager(self, obj):
        if not obj.programme.line_manager_agreement:
            return "Not needed"
        return obj.line_manager_status

    # --- decisions: each one emails the applicant, so each is confirmed first -------------

    def get_urls(self):
        decide = path(
            "<path:object_id>/decide/<str:status>/",
            self.admin_site.admin_view(self.decide_view),
            name="mentoring_mentorapplication_decide",
        )
        return [decide, *super().get_urls()]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        application = self.get_object(request, unquote(object_id))
        extra_context = extra_context or {}
        if application is not None and self.has_change_permission(request, application):
            extra_context["decisions"] = self._decisions(request, application)
        return super().change_view(request, object_id, form_url, extra_context)

    def _decisions(self, request, application) -> list[dict]:
        """The decision buttons of the application's page, each with why not, if not."""
        in_pair = bool(applications_in_pair([application]))
        on_the_board = bool(applications_on_the_board([application]))
        return [
            {
                "label": label,
                "status": status,
                "problem": application_decision_problem(
                    application=application,
                    status=status,
                    by=request.user,
                    in_pair=in_pair,
                    on_the_board=on_the_board,
                ),
            }
            for status, (label, *_) in DECISIONS.items()
        ]

    def response_change(self, request, obj):
        """A decision button sends the page's form: the coordinator's notes are saved
        first (nothing typed is lost), then the decision's confirmation opens, as of the
        status the page showed."""
        status = request.POST.get("_decide")
        if status not in DECIDED:
            return super().response_change(request, obj)
        seen = request.POST.get("_decision_seen") or obj.status
        decide = reverse("admin:mentoring_mentorapplication_decide", args=[obj.pk, status])
        return redirect(f"{decide}?{urlencode({'seen': seen})}")

    def decide_view(self, request, object_id, status):
        """One application's decision: a confirmation naming who is emailed, then the service."""
        if status not in DECIDED:
            raise Http404
        application = self.get_object(request, unquote(object_id))
        if application is None:
            raise Http404
        if not self.has_change_permission(request, application):
            raise PermissionDenied
        change_url = reverse("admin:mentoring_mentorapplication_change", args=[application.pk])
        seen = request.POST.get("seen") or request.GET.get("seen") or application.status
        if request.method == "POST" and request.POST.get("confirmed") == "yes":
            self._apply([application], status, {application.pk: seen}, request)
            return redirect(change_url)
        if seen != application.status:
            self.message_user(
                request, application_changed_message(application, seen), messages.ERROR
            )
            return redirect(change_url)
        return self._confirm(request, [application], status, back_url=change_url)

    def _confirm(self, request, applications, status, *, back_url, queryset=None):
        label, verb, action, question = DECISIONS[status]
        recipients, unreached, unchanged, hidden = [], [], [], []
        in_pair = applications_in_pair(applications)
        on_the_board = applications_on_the_board(applications)
        for application in applications:
            problem = application_decision_problem(
                application=application,
                status=status,
                by=request.user,
                in_pair=application.pk in in_pair,
                on_the_board=application.pk in on_the_board,
            )
            if problem:
                unchanged.append({"name": application.applicant.full_name, "note": problem})
                continue
            named = {
                "name": application.applicant.full_name,
                "email": application.applicant.email,
                "note": f"{application.status_in_words} now, to be {verb}",
            }
            # Decided too, but no email reaches them (`can_be_emailed`): not named as emailed.
            (recipients if can_be_emailed(application.applicant) else unreached).append(named)
            hidden.append((f"seen-{application.pk}", application.status))
        if queryset is None:
            hidden = [("seen", applications[0].status)]
        count, deciding = len(recipients), len(recipients) + len(unreached)
        button = f"Yes, {label.lower()} and email {count} applicant{pluralize(count)}"
        if unreached:
            emailing = f" and email {count} applicant{pluralize(count)}" if count else ""
            button = f"Yes, {label.lower()} {deciding} application{pluralize(deciding)}{emailing}"
        return TemplateResponse(
            request,
            "admin/confirm_emails.html",
            {
                **self.admin_site.each_context(request),
                "title": question.format(f"{deciding} application{pluralize(deciding)}"),
                "intro": _decision_intro(status, emailing=bool(count)),
                "recipients": recipients,
                "unchanged": unchanged,
                "unreached": unreached,
                "unreached_heading": f"{'Also ' + verb if count else verb.capitalize()}, "
                "not emailed: their account is switched off",
                "hidden": hidden,
                "button": button,
                "back_url": back_url,
                "queryset": queryset if queryset is not None else [],
                "action": action if queryset is not None else "",
                "opts": self.model._meta,
                "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
            },
        )

    def _apply(self, applications, status, seen: dict, request) -> None:
        """Decide each application the coordinator confirmed, as they saw it."""
        verb = DECISIONS[status][1]
        outcome = applications_decide(
            # Only those the confirmation said would be emailed.
            applications=[application for application in applications if application.pk in seen],
            status=status,
            by=request.user,
            seen=seen,
        )
        decided, refused, unchanged = len(outcome.decided), outcome.refused, outcome.unchanged
        if decided:
            unreached = [
                now.applicant.full_name
                for now in outcome.decided
                if not can_be_emailed(now.applicant)
            ]
            told = "each applicant has been emailed"
            if unreached:
                told = not_emailed_said(unreached) + (
                    "; every other applicant has been emailed" if decided > len(unreached) else ""
                )
            self.message_user(request, f"{decided} application{pluralize(decided)} {verb}; {told}.")
        for message in refused:
            self.message_user(request, message, messages.ERROR)
        if unchanged:
            self.message_user(
                request,
                f"{unchanged} left unchanged and not emailed: they can no longer be {verb}.",
                messages.WARNING,
            )

    def _decide_selected(self, request, queryset, status):
        applications = list(
            queryset.select_related("applicant", "programme", "line_manager_request__message")
        )
        if request.POST.get("confirmed") != "yes":
            return self._confirm(
                request,
                applications,
                status,
                back_url=reverse("admin:mentoring_mentorapplication_changelist"),
                queryset=queryset,
            )
        seen = {
            application.pk: request.POST[f"seen-{application.pk}"]
            for application in applications
            if f"seen-{application.pk}" in request.POST
        }
        self._apply(applications, status, seen, request)
        return None

    @admin.action(description="Accept the selected applications…", permissions=["change"])
    def accept(self, request, queryset):
        return self._decide_selected(request, queryset, ApplicationStatus.ACCEPTED)

    @admin.action(
        description="Put the selected applications on the waiting list…", permissions=["change"]
    )
    def waitlist(self, request, queryset):
        return self._decide_selected(request, queryset, ApplicationStatus.WAITLISTED)

    @admin.action(description="Decline the selected applications…", permissions=["change"])
    def decline(self, request, queryset):
        return self._decide_selected(request, queryset, ApplicationStatus.DECLINED)

    def has_export_permission(self, request):
        # The free-text answers go with the export: for the programme office only.
        return request.user.is_coordinator and self.has_view_permission(request)

    @admin.action(description="Export the selected applications as CSV", permissions=["export"])
    def export_csv(self, request, queryset):
        stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
        response, writer = csv_download(f"applications-{stamp}.csv")
        writer.writerow(
            [
                "Name",
                "Email",
                "Programme",
                "Department",
                "Grade",
                "Status",
                "Eligible",
                "Submitted",
                "Themes",
                "Learning style",
                "Interaction approach",
                "Availability",
                "Line manager",
                "Experiences to share",
                "Conflict of interest",
                "Conflict details",
                "Bio",
                "Reflection on the key qualities",
            ]
        )
        for application in queryset.select_related(
            "applicant", "grade", "programme", "line_manager_request"
        ).prefetch_related("themes"):
            row = [
                application.applicant.full_name,
                application.applicant.email,
                application.programme.name,
                application.department,
                application.grade or "",
                application.get_status_display(),
                {True: "yes", False: "no", None: ""}[application.eligible],
                timezone.localtime(application.submitted_at).strftime("%Y-%m-%d %H:%M"),
                "; ".join(theme.name for theme in application.themes.all()),
                application.get_learning_style_display(),
                application.get_interaction_approach_display(),
                describe(application.availability),
                self.line_manager(application),
                application.experience_statement,
                {True: "yes", False: "no", None: ""}[application.has_conflict],
                application.conflict_details,
                application.bio,
                application.qualities_reflection,
            ]
            writer.writerow([csv_safe(cell) for cell in row])
        return response
