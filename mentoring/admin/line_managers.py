"""Line managers' answers, as a list the start page can link to ("waiting over 7 days")."""

from datetime import timedelta

from django.contrib import admin
from django.utils import timezone

from accounts.admin_base import ModelAdmin
from accounts.admin_readonly import ReadOnlyAdminMixin
from mentoring.models import LineManagerRequest
from mentoring.selectors.attention import LINE_MANAGER_WAIT, line_managers_waiting


class WaitingFilter(admin.SimpleListFilter):
    title = "answer"
    parameter_name = "waiting"

    def lookups(self, request, model_admin):
        return [
            ("yes", "Waiting for a reply"),
            ("long", f"Waiting over {LINE_MANAGER_WAIT.days} days"),
        ]

    def queryset(self, request, queryset):
        if self.value() not in ("yes", "long"):
            return queryset
        longer_than = LINE_MANAGER_WAIT if self.value() == "long" else timedelta(0)
        return line_managers_waiting(queryset, now=timezone.now(), longer_than=longer_than)


@admin.register(LineManagerRequest)
class LineManagerRequestAdmin(ReadOnlyAdminMixin, ModelAdmin):
    """Read-only: line managers answer through their link, never through the admin."""

    list_display = ["applicant", "email", "sent_at", "answer", "programme"]
    list_filter = ["application__programme", WaitingFilter, "decision"]
    search_fields = ["application__applicant__full_name", "application__applicant__email", "email"]
    list_select_related = ["application__applicant", "application__programme"]
    fields = ["application", "email", "sent_at", "decision", "reason", "answered_at"]
    readonly_fields = fields
    ordering = ["sent_at"]

    @admin.display(description="applicant", ordering="application__applicant__full_name")
    def applicant(self, obj):
        return obj.application.applicant.full_name

    @admin.display(description="programme", ordering="application__programme__name")
    def programme(self, obj):
        return obj.application.programme

    @admin.display(description="answer")
    def answer(self, obj):
        return obj.status(obj.application.programme.line_manager_silence_days)
