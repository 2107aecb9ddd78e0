from django.contrib import admin

from accounts.admin_base import ModelAdmin, RecipientShownAdminMixin
from accounts.admin_readonly import ReadOnlyAdminMixin
from accounts.models import OutboxStatus
from mentoring.models import Reminder
from mentoring.models.reminders import reminder_email_kind
from mentoring.reminders import REGISTRY, kind_choices


class KindFilter(admin.SimpleListFilter):
    title = "kind"
    parameter_name = "kind"

    def lookups(self, request, model_admin):
        return kind_choices()

    def queryset(self, request, queryset):
        return queryset.filter(kind=self.value()) if self.value() else queryset


class OutcomeFilter(admin.SimpleListFilter):
    title = "email"
    parameter_name = "email"

    def lookups(self, request, model_admin):
        return OutboxStatus.choices

    def queryset(self, request, queryset):
        return queryset.filter(message__status=self.value()) if self.value() else queryset


@admin.register(Reminder)
class ReminderAdmin(RecipientShownAdminMixin, ReadOnlyAdminMixin, ModelAdmin):
    """Which reminder went to whom and for which date, and what became of its email.
    Read-only: the dispatcher writes it; a failed email is sent again from the outbox."""

    count_noun = "reminder"  # not "5 reminder log"

    list_display = [
        "created_at",
        "kind_label",
        "addressed_to",
        "due_on",
        "programme",
        "outcome",
        "attempts",
    ]
    list_filter = [KindFilter, OutcomeFilter, "programme", "due_on"]
    search_fields = ["to", "recipient__full_name"]
    date_hierarchy = "created_at"
    list_select_related = ["programme", "message"]
    fields = [
        "kind_label",
        "object_id",
        "addressed_to",
        "addressed_recipient",
        "due_on",
        "programme",
        "created_at",
        "outcome",
        "attempts",
    ]
    readonly_fields = fields

    def get_queryset(self, request):
        # The email's state, never its body (encrypted, and not for this page).
        return (
            super()
            .get_queryset(request)
            .defer("message__text", "message__html", "message__attachments")
        )

    def email_kind_of(self, obj) -> str:
        return reminder_email_kind(obj.kind)

    def hidden_kinds(self) -> list[str]:
        return [name for name, kind in REGISTRY.items() if kind.recipient_hidden]

    @admin.display(description="kind", ordering="kind")
    def kind_label(self, obj):
        kind = REGISTRY.get(obj.kind)
        return kind.label if kind else obj.kind

    @admin.display(description="email", ordering="message__status")
    def outcome(self, obj):
        message = obj.message
        if message is None:
            return "—"
        if message.status == OutboxStatus.CANCELLED:
            return f"Not sent: {message.cancelled_reason}"
        if message.status == OutboxStatus.FAILED:
            return f"Failed: {self.failure_shown(obj, message)}"
        if message.is_stuck:
            return "Stuck in sending"
        return message.get_status_display()

    @admin.display(description="attempts")
    def attempts(self, obj):
        return obj.message.attempts if obj.message else 0
