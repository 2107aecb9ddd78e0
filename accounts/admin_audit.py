"""The audit trail in the admin: read-only for everyone, superusers included, and the mixin
that puts an admin's own saves and deletions into it and links each page to its trail."""

import datetime
import re
from urllib.parse import urlencode

from django.apps import apps
from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Q
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html

from accounts.admin_base import ModelAdmin
from accounts.admin_readonly import ReadOnlyAdminMixin
from accounts.audit import Audited, audit_form_changes, audit_record, audit_record_many
from accounts.models import AuditAction, AuditEvent, Invitation, User

VIEW_TRAIL = "accounts.view_auditevent"


# A date or a time as audit_value keeps it.
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}(T|$)")


def trail_url(model, object_id) -> str:
    """The audit trail filtered to one object."""
    content_type = ContentType.objects.get_for_model(model)
    query = urlencode({"content_type__id__exact": content_type.pk, "object_id__exact": object_id})
    return f"{reverse('admin:accounts_auditevent_changelist')}?{query}"


class AuditTrailLinkMixin:
    """The object's page links to its audit trail, for those who may read it (its template's
    object tools extend admin/audit_trail_object_tools.html)."""

    def change_view(self, request, object_id, form_url="", extra_context=None):
        extra_context = extra_context or {}
        if request.user.has_perm(VIEW_TRAIL):
            extra_context["audit_trail_url"] = trail_url(self.model, unquote(object_id))
        return super().change_view(request, object_id, form_url, extra_context)


class AuditedAdminMixin(AuditTrailLinkMixin):
    """Saves and deletions made in this admin are recorded, in the admin's transaction; the
    object's page links to its trail. Actions record through the services they call.

    `audit_values` lists the fields whose old and new values may be kept (plain facts such
    as a status or a date); any other field changed is recorded by name only."""

    audit_values: tuple[str, ...] = ()

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        values, names = audit_form_changes(form, self.audit_values)
        if change and not (values or names):
            return  # saved with nothing changed: nothing to record
        action = AuditAction.EDITED if change else AuditAction.ADDED
        audit_record(actor=request.user, action=action, obj=obj, values=values, names=names)

    def delete_model(self, request, obj):
        with transaction.atomic():
            audit_record(actor=request.user, action=AuditAction.DELETED, obj=obj)
            super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        with transaction.atomic():
            audit_record_many(
                actor=request.user,
                action=AuditAction.DELETED,
                changes=[Audited(obj) for obj in queryset],
            )
            super().delete_queryset(request, queryset)


class ActorFilter(admin.SimpleListFilter):
    """By who, as the trail names them (an account deleted since is still listed)."""

    title = "who"
    parameter_name = "who"

    def lookups(self, request, model_admin):
        labels = (
            AuditEvent.objects.order_by("actor_label")
            .values_list("actor_label", flat=True)
            .distinct()
        )
        return [(label, label) for label in labels]

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(actor_label=self.value())
        return queryset


def rows_about_people(term: str) -> Q:
    """The audit rows about an application, pair or invitation of a person whose name or
    address contains `term`: subqueries, no query of their own."""
    # By name: the audit trail is the accounts app's, the applications and pairs are not.
    Match = apps.get_model("mentoring", "Match")
    MentorApplication = apps.get_model("mentoring", "MentorApplication")
    people = User.objects.filter(Q(full_name__icontains=term) | Q(email__icontains=term))
    about = {
        MentorApplication: MentorApplication.objects.filter(applicant__in=people),
        Match: Match.objects.filter(
            Q(mentor__applicant__in=people)
            | Q(board_member__user__in=people)
            | Q(board_member__email__icontains=term)
        ),
        Invitation: Invitation.objects.filter(email__icontains=term),
    }
    rows = Q(pk__in=[])
    for model, objects in about.items():
        rows |= Q(
            content_type=ContentType.objects.get_for_model(model),
            object_id__in=objects.values("pk"),
        )
    return rows


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdminMixin, ModelAdmin):
    """Who changed what, when. Nobody adds, edits or deletes a row here, superusers neither."""

    list_display = ["at", "actor_label", "action", "changed_object", "changes_in_words"]
    list_filter = ["action", ActorFilter, "at"]
    search_fields = ["actor_label", "object_label", "object_name__text"]
    list_select_related = ["object_name"]
    date_hierarchy = "at"
    fields = ["at", "actor_label", "action", "changed_object", "changes_in_words"]
    readonly_fields = fields
    list_per_page = 100
    show_full_result_count = False  # one count of a long table per page is enough

    def get_search_results(self, request, queryset, search_term):
        """Who changed it or what it is ("Pair #12"), and also whom it concerns: the rows
        about the applications, pairs and invitations of anyone whose name or address
        matches. Still one query."""
        found, duplicates = super().get_search_results(request, queryset, search_term)
        term = search_term.strip()[:254]
        if not term:
            return found, duplicates
        return found | queryset.filter(rows_about_people(term)), duplicates

    @admin.display(description="changed", ordering="object_label")
    def changed_object(self, obj):
        """The object by kind and number, linked, then what it was called when the row was
        written ("Pair #12: Maya Mentor and Bola Board"), which outlives the object."""
        name = getattr(obj, "object_name", None)
        said = format_html("{}: {}", obj.object_label, name.text) if name else obj.object_label
        # Content types are cached by id, so a page of rows costs no query per row.
        model = ContentType.objects.get_for_id(obj.content_type_id).model_class()
        if model is None or not self.admin_site.is_registered(model):
            return said
        try:
            url = reverse(
                f"admin:{model._meta.app_label}_{model._meta.model_name}_change",
                args=[obj.object_id],
            )
        except NoReverseMatch:
            return said
        return format_html('<a href="{}">{}</a>', url, said)

    @admin.display(description="fields changed")
    def changes_in_words(self, obj):
        parts = []
        for name, change in sorted(obj.changes.items()):
            field = name.replace("_", " ")
            if "old" in change or "new" in change:
                parts.append(f"{field}: {_shown(change.get('old'))} → {_shown(change.get('new'))}")
            else:
                parts.append(f"{field} (changed; its text is not kept here)")
        return "; ".join(parts) or "-"


def _shown(value) -> str:
    """A kept value as the office reads it: a time in the programme's time zone, a date in
    words (the trail keeps them as ISO text, in UTC)."""
    if value in (None, ""):
        return "(none)"
    if isinstance(value, str) and ISO_DATE.match(value):
        try:
            moment = datetime.datetime.fromisoformat(value)
        except ValueError:
            return value
        if "T" not in value:
            return date_format(moment.date(), "j M Y")
        if timezone.is_aware(moment):
            moment = timezone.localtime(moment)
        return date_format(moment, "j M Y, H:i")
    return str(value)
