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


class YesNoFilter(admin.SimpleListFilter):
    """Filter on one boolean lookup: `field` is True for "yes", False for "no"."""

    field = ""
    labels = ("Yes", "No")

    def lookups(self, request, model_admin):
        return [("yes", self.labels[0]), ("no", self.labels[1])]

    def queryset(self, request, queryset):
        if self.value() in ("yes", "no"):
            return queryset.filter(**{self.field: self.value() == "yes"})
        return queryset
