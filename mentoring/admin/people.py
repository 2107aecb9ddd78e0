"""The people list (accounts' user admin) with what the programme office tells people apart
by: their roles in the programmes, and which programme. Accounts knows nothing of
programmes, so mentoring registers the list again with its own filters and column."""

from django.contrib import admin
from django.db.models import BooleanField, ExpressionWrapper

from accounts.admin import UserAdmin
from accounts.bounds import posted_number
from accounts.models import User
from mentoring.forms.profile import department_needed
from mentoring.models import Programme
from mentoring.selectors import ROLES, parts_of, roles
from mentoring.services.applications import department_follows


def _chosen_programme(request) -> int | None:
    return posted_number(request.GET.get(ProgrammeFilter.parameter_name))


class RoleFilter(admin.SimpleListFilter):
    """A role anywhere, or in the programme chosen in the programme filter."""

    title = "role"
    parameter_name = "role"

    def lookups(self, request, model_admin):
        return list(ROLES.items())

    def queryset(self, request, queryset):
        if self.value() not in ROLES:
            return queryset
        return queryset.filter(roles(programme=_chosen_programme(request))[self.value()])


class ProgrammeFilter(admin.SimpleListFilter):
    """Whoever holds a role in the programme: applicant, mentor or board member."""

    title = "programme"
    parameter_name = "programme"

    def lookups(self, request, model_admin):
        programmes = Programme.objects.order_by("-starts_on", "name")
        return [(str(programme.pk), programme.name) for programme in programmes]

    def queryset(self, request, queryset):
        chosen = _chosen_programme(request)
        if chosen is None:
            return queryset
        held = roles(programme=chosen)
        return queryset.filter(held["mentor"] | held["applicant"] | held["board_member"])


admin.site.unregister(User)


@admin.register(User)
class PersonAdmin(UserAdmin):
    list_display = [
        "email",
        "full_name",
        "roles",
        "job_title",
        "department",
        "is_staff",
        "is_active",
    ]
    list_filter = [RoleFilter, ProgrammeFilter, "is_staff", "is_active", "department", "deleted_at"]

    def get_queryset(self, request):
        # Each role read in the list's own query: none per row.
        held = {
            f"role_{name}": ExpressionWrapper(condition, output_field=BooleanField())
            for name, condition in roles().items()
        }
        return super().get_queryset(request).annotate(**held)

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        if obj is not None and "department" in form.base_fields:
            department_needed(form.base_fields["department"], parts_of(obj))
        return form

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if change and "department" in form.changed_data:
            department_follows(obj, by=request.user)

    @admin.display(description="Roles")
    def roles(self, obj):
        return ", ".join(label for name, label in ROLES.items() if getattr(obj, f"role_{name}"))
