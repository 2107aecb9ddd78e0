"""Places at events in the admin: the registrations, with the actions that mark attendance
(asking first before marking absent someone recorded as attended), and exemptions from the
briefing."""

from django import forms
from django.contrib import admin, messages
from django.template.defaultfilters import pluralize
from django.template.response import TemplateResponse
from django.utils import timezone

from accounts.admin_base import (
    ModelAdmin,
    NothingEditedHere,
    as_shown,
    left_as_they_were,
    named_with_shown,
)
from accounts.bounds import PersonChoiceField
from mentoring.models import BriefingExemption, Registration, RegistrationStatus
from mentoring.selectors import people_in_roles
from mentoring.services.events import (
    absence_consequences,
    attendance_mark,
    exemption_consequences,
)


@admin.register(Registration)
class RegistrationAdmin(NothingEditedHere, ModelAdmin):
    # Nothing on the page is edited: attendance is marked with the actions of the list; a
    # save would take back a place given up meanwhile, and moving `updated_at` would drop
    # the briefing-tomorrow reminder's same-day catch-up (mentoring.reminders.kinds).
    acted_on = "Attendance is marked from the list's actions."
    list_display = ["person", "event", "status", "created_at"]
    list_filter = ["status", "event__kind", "event__audience", "event__programme", "event"]
    search_fields = ["person__full_name", "person__email", "event__title"]
    list_select_related = ["person"]
    list_prefetch_related = ["event"]
    readonly_fields = ["event", "person", "status", "created_at", "updated_at"]
    fields = ["event", "person", "status", "created_at", "updated_at"]
    actions = ["mark_attended", "mark_absent"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        # A place goes by being given up (its calendar cancel emailed) or marked absent
        # (asked first): deleting the row would tell nobody, and a place attended would stop
        # counting as briefed without a word. Not even a superuser deletes one.
        return False

    @admin.action(description="Mark the selected people as attended", permissions=["change"])
    def mark_attended(self, request, queryset):
        self._mark(request, queryset, RegistrationStatus.ATTENDED, "attended")

    @admin.action(description="Mark the selected people as absent", permissions=["change"])
    def mark_absent(self, request, queryset):
        return self._mark(request, queryset, RegistrationStatus.ABSENT, "absent")

    def _mark(self, request, queryset, status, word):
        """Only places at events that have started change; the rest are named with why, and
        nothing is announced as done when nothing was. Marking absent someone recorded as
        attended is asked first, saying what that changes."""
        rows = list(queryset.select_related("person", "event").order_by("person__full_name", "pk"))
        now = timezone.now()
        why = {
            "called_off": "whose event was called off",
            "not_started": "whose event has not started yet",
            "cancelled": "who had cancelled their place",
            "already": f"already marked {word}",
            "moved": "whose place changed after the page asking you was shown",
        }
        left = {key: [] for key in why}
        changing = []
        for row in rows:
            if row.event.is_called_off:
                left["called_off"].append(row)
            elif row.event.starts_at > now:
                left["not_started"].append(row)
            elif row.status == RegistrationStatus.CANCELLED:
                left["cancelled"].append(row)
            elif row.status == status:
                left["already"].append(row)
            else:
                changing.append(row)
        seen = None
        if request.POST.get("confirmed") == "yes":
            # "Yes" marks only the places the page named, each as it showed it: one whose
            # attendance a colleague recorded meanwhile is left as it is, and said.
            seen = dict(named_with_shown(request, changing))
            left["moved"] = [row for row in changing if seen.get(row) != row.status]
            changing = [row for row in changing if row not in left["moved"]]
        consequences = absence_consequences(changing) if status == RegistrationStatus.ABSENT else {}
        if consequences and seen is None:
            return self._confirm_absent(request, queryset, changing, consequences, left, why)
        changed = attendance_mark(
            registrations=queryset.filter(pk__in=[row.pk for row in changing]),
            status=status,
            seen={row.pk: row.status for row in changing} if seen is not None else None,
        )
        if changed:
            self.message_user(
                request, f"{changed} {pluralize(changed, 'person,people')} marked {word}."
            )
        if unchanged := left_as_they_were(
            [([str(row.person) for row in left[key]], said) for key, said in why.items()]
        ):
            self.message_user(request, unchanged, level=messages.WARNING)
        return None

    def _confirm_absent(self, request, queryset, changing, consequences, left, why):
        count = f"{len(changing)} {pluralize(len(changing), 'person,people')}"
        return TemplateResponse(
            request,
            "admin/confirm_changes.html",
            {
                **self.admin_site.each_context(request),
                "title": f"Mark {count} absent?",
                "intro": "Some of them are recorded as attended. Marking them absent changes "
                "what counts for them; nothing changes until you say yes.",
                "changed": [
                    {
                        "name": f"{row.person}, {row.event}",
                        "note": consequences.get(row.pk, "registered; will be marked absent"),
                    }
                    for row in changing
                ],
                "unchanged": [
                    {"name": str(row.person), "note": said}
                    for key, said in why.items()
                    for row in left[key]
                ],
                "hidden": as_shown(changing, lambda row: row.status),
                "button": f"Yes, mark {count} absent",
                "back_url": request.get_full_path(),
                "queryset": queryset,
                "action": "mark_absent",
                "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
                "opts": self.model._meta,
            },
        )


class BriefingExemptionForm(forms.ModelForm):
    """The person offered is one who takes part (an applicant, a mentor or a board member),
    with no deleted or inactive account, named with their address: two colleagues may share
    a name, and an exemption counts its person as briefed, whom the board then pairs."""

    class Meta:
        model = BriefingExemption
        fields = ["person", "programme", "note"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "person" in self.fields:  # on adding one: read-only once recorded
            self.fields["person"] = PersonChoiceField(
                queryset=people_in_roles("mentor", "applicant", "board_member"),
                label="Person",
                help_text="Someone who has applied, mentors, or is a board member, in a programme.",
                error_messages={"invalid_choice": "Choose someone taking part from the list."},
            )


@admin.register(BriefingExemption)
class BriefingExemptionAdmin(ModelAdmin):
    form = BriefingExemptionForm
    list_display = ["person", "programme", "note", "recorded_by", "recorded_at"]
    list_filter = ["programme"]
    search_fields = ["person__full_name", "person__email", "note"]
    list_select_related = ["person", "programme", "recorded_by"]

    def get_readonly_fields(self, request, obj=None):
        # Who is exempted, and where, is what was recorded by whom: another person is a new
        # exemption (this one deleted), never this one changed under its recorder's name.
        if obj is not None:
            return ["person", "programme", "recorded_by", "recorded_at"]
        return super().get_readonly_fields(request, obj)

    def get_deleted_objects(self, objs, request):
        """The confirmation (Delete on an exemption's page, or the action on several) says
        what deleting each changes, as marking someone absent does: its person may stop
        counting as briefed, a pair they are in staying as it is."""
        _listed, counts, perms_needed, protected = super().get_deleted_objects(objs, request)
        exemptions = list(objs)
        consequences = exemption_consequences(exemptions)
        listed = [
            f"{exemption.person} ({exemption.person.email}), exempted from the briefing in "
            f"{exemption.programme}: {consequences[exemption.pk]}"
            for exemption in exemptions
        ]
        return listed, counts, perms_needed, protected

    def save_model(self, request, obj, form, change):
        if not change:
            obj.recorded_by = request.user
        super().save_model(request, obj, form, change)
