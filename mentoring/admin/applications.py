import csv

from django.contrib import admin, messages
from django.http import HttpResponse
from django.utils import timezone

from mentoring.admin.filters import BriefedFilter
from mentoring.availability import describe
from mentoring.exports import csv_safe
from mentoring.models import ApplicationStatus, LineManagerRequest, MentorApplication
from mentoring.services.applications import application_decide

ANSWERS = [
    "programme",
    "applicant",
    "status",
    "eligible",
    "submitted_at",
    "decided_at",
    "withdrawn_at",
    "can_commit_time",
    "flexible_availability",
    "will_attend_briefing",
    "has_experiences",
    "experience_statement",
    "has_conflict",
    "conflict_details",
    "department",
    "grade",
    "theme_list",
    "learning_style",
    "interaction_approach",
    "availability_in_words",
    "bio",
    "qualities_reflection",
    "line_manager_name",
    "line_manager_email",
    "line_manager",
]


class DepartmentFilter(admin.SimpleListFilter):
    title = "department"
    parameter_name = "department"

    def lookups(self, request, model_admin):
        departments = (
            MentorApplication.objects.sent()
            .exclude(department="")
            .order_by("department")
            .values_list("department", flat=True)
            .distinct()
        )
        return [(department, department) for department in departments]

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(department=self.value())
        return queryset


class LineManagerRequestInline(admin.StackedInline):
    model = LineManagerRequest
    can_delete = False
    extra = 0
    fields = ["email", "sent_at", "decision", "reason", "answered_at"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(MentorApplication)
class MentorApplicationAdmin(admin.ModelAdmin):
    list_display = [
        "applicant_name",
        "department",
        "grade",
        "status",
        "eligible",
        "line_manager",
        "briefed",
        "submitted_at",
    ]
    list_filter = [
        "programme",
        "status",
        "eligible",
        BriefedFilter,
        DepartmentFilter,
        "themes",
        "grade",
        "learning_style",
        "interaction_approach",
    ]
    search_fields = [
        "applicant__full_name",
        "applicant__email",
        "department",
        "experience_statement",
    ]
    list_select_related = ["applicant", "grade", "programme", "line_manager_request"]
    readonly_fields = ANSWERS
    fields = [*ANSWERS, "coordinator_notes"]
    inlines = [LineManagerRequestInline]
    actions = ["accept", "waitlist", "decline", "export_csv"]
    date_hierarchy = "submitted_at"

    def get_queryset(self, request):
        # Drafts belong to the applicant until they are submitted.
        return super().get_queryset(request).sent().with_briefed()

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

    def _decide(self, request, queryset, status: str, verb: str):
        changed = sum(
            application_decide(application=application, status=status) for application in queryset
        )
        if changed:
            self.message_user(
                request, f"{changed} application(s) {verb}; each applicant has been emailed."
            )
        skipped = queryset.count() - changed
        if skipped:
            why = {
                ApplicationStatus.ACCEPTED: "already accepted, withdrawn, not eligible, or "
                "without the line manager's agreement",
            }.get(status, "already in that state, withdrawn, or in an active pair")
            self.message_user(request, f"{skipped} left unchanged: {why}.", messages.WARNING)

    @admin.action(description="Accept the selected applications", permissions=["change"])
    def accept(self, request, queryset):
        self._decide(request, queryset, ApplicationStatus.ACCEPTED, "accepted")

    @admin.action(
        description="Put the selected applications on the waiting list", permissions=["change"]
    )
    def waitlist(self, request, queryset):
        self._decide(request, queryset, ApplicationStatus.WAITLISTED, "put on the waiting list")

    @admin.action(description="Decline the selected applications", permissions=["change"])
    def decline(self, request, queryset):
        self._decide(request, queryset, ApplicationStatus.DECLINED, "declined")

    @admin.action(description="Export the selected applications as CSV", permissions=["view"])
    def export_csv(self, request, queryset):
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
        response["Content-Disposition"] = f'attachment; filename="applications-{stamp}.csv"'
        writer = csv.writer(response)
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
            ]
            writer.writerow([csv_safe(cell) for cell in row])
        return response
