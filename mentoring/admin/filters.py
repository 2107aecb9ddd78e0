from django.contrib import admin


class BriefedFilter(admin.SimpleListFilter):
    """Needs a queryset annotated with `is_briefed` (see `with_briefed()`)."""

    title = "briefed"
    parameter_name = "briefed"

    def lookups(self, request, model_admin):
        return [("yes", "Briefed or exempted"), ("no", "Not yet briefed")]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(is_briefed=True)
        if self.value() == "no":
            return queryset.filter(is_briefed=False)
        return queryset
