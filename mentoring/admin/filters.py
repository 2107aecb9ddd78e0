from functools import partial
from operator import attrgetter

from django.contrib import admin
from django.db import models
from django.db.models import Count, Q, QuerySet

from accounts.bounds import posted_number
from accounts.statements import Statement
from mentoring.models import Theme
from mentoring.models.events import going_ahead, not_started
from mentoring.models.matches import filters_confidential
from mentoring.selectors.attention import in_active_pair


class UnfilteredByWhatPairsWrote:
    """For the office's lists of pairs: never filtered by what a pair wrote for itself
    (`?purpose=`, which Django allows on any field of the row's own, from a hand-made
    address): which pairs have written a shared purpose, or who changed it, is the pair's
    own. The whole list is shown instead, saying why (`refused_lookup`)."""

    def refused_lookup(self, lookup: str) -> str:
        if filters_confidential(lookup):
            return (
                "Pairs are not listed by what they wrote for themselves, which is theirs "
                "alone. All are shown."
            )
        return super().refused_lookup(lookup)


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


class InPairFilter(YesNoFilter):
    """In an active pair or not: the start page's "not yet briefed" figures leave out people
    already in one, and link here with `in_pair=no`. `related_name` is the Match field that
    points at the listed model."""

    title = "in a pair"
    parameter_name = "in_pair"
    field = "in_active_pair"
    labels = ("Yes, in an active pair", "No, not in an active pair")
    related_name = ""

    def queryset(self, request, queryset):
        if self.value() in ("yes", "no"):
            queryset = queryset.annotate(in_active_pair=in_active_pair(self.related_name))
        return super().queryset(request, queryset)


class MentorInPairFilter(InPairFilter):
    related_name = "mentor"


class BoardMemberInPairFilter(InPairFilter):
    related_name = "board_member"


class ChoicesReadOnce(admin.RelatedFieldListFilter):
    """Django's filter on a foreign key (a programme, a grade), its choices read by SQL
    worked out once per process for each model and ordering (accounts.statements):
    building and compiling that query on every page cost the list of applications some
    3,000 Python calls, for a handful of rows. The rows it read stay on it (`rows_read`,
    by the value the key holds), so that the list's rows take their programme from them
    rather than reading it again (accounts.admin_base.SharedRowsChangeList)."""

    def field_choices(self, field, request, model_admin):
        if not isinstance(field, models.ForeignKey) or field.get_limit_choices_to():
            raise TypeError(f"{field}: Django's RelatedFieldListFilter, not ChoicesReadOnce")
        ordering = tuple(self.field_admin_ordering(field, request, model_admin))
        model = field.remote_field.model
        statement = _CHOICES.get((model, ordering))
        if statement is None:
            statement = _CHOICES[model, ordering] = Statement(partial(_choices_of, model, ordering))
        # Django's `Field.get_choices`: each row by the column the key holds, and its name.
        value_of = attrgetter(field.remote_field.get_related_field().attname)
        self.rows_read = {value_of(row): row for row in statement.fetch()}
        return [(value, str(row)) for value, row in self.rows_read.items()]


# The statements of ChoicesReadOnce, for each model and ordering (one or two in all).
_CHOICES: dict[tuple, Statement] = {}


def _choices_of(model, ordering: tuple) -> QuerySet:
    rows = model._default_manager.all()
    return rows.order_by(*ordering) if ordering else rows


class ThemeFilter(admin.RelatedFieldListFilter):
    """The themes of the programme chosen in the programme filter, by name; with none chosen,
    every programme's, each named with its programme, newest first (each cohort may have
    its own "Belonging"). Read by SQL worked out once per process (accounts.statements)."""

    def field_choices(self, field, request, model_admin):
        chosen = posted_number(request.GET.get("programme__id__exact"))
        if chosen is not None:
            return [(pk, name) for pk, name, _ in _THEMES_OF.fetch(programme=chosen)]
        return [(pk, f"{name} ({programme})") for pk, name, programme in _THEMES.fetch()]


def _themes() -> QuerySet:
    return Theme.objects.order_by(
        "-programme__starts_on", "programme__name", "position", "name"
    ).values_list("pk", "name", "programme__name")


def _themes_of(programme: int) -> QuerySet:
    return _themes().filter(programme_id=programme)


_THEMES = Statement(_themes)
_THEMES_OF = Statement(_themes_of)


class EventDateFilter(admin.DateFieldListFilter):
    """Django's choices of dates (today, this month… in the programme's time zone), with
    the events still to come and those already started first: what the office looks for."""

    WHEN = {"upcoming": "Upcoming", "past": "Past"}

    def __init__(self, field, request, params, model, model_admin, field_path):
        # Before Django's __init__, which reads `expected_parameters`.
        self.lookup_kwarg_when = f"{field_path}__when"
        super().__init__(field, request, params, model, model_admin, field_path)
        any_date, *dates = self.links
        when = [(label, {self.lookup_kwarg_when: key}) for key, label in self.WHEN.items()]
        self.links = (any_date, *when, *dates)
        # Not a lookup: Django's own `queryset` filters by the rest.
        chosen = self.used_parameters.pop(self.lookup_kwarg_when, None) or [""]
        self.when = chosen[-1] if isinstance(chosen, list) else chosen

    def expected_parameters(self):
        return [*super().expected_parameters(), self.lookup_kwarg_when]

    def _when(self, key) -> Q:
        """The events `key` chooses ("upcoming", "past"); anything else chooses all."""
        if key == "upcoming":
            return not_started()
        if key == "past":
            return ~not_started()
        return Q()

    def queryset(self, request, queryset):
        return super().queryset(request, queryset).filter(self._when(self.when))

    def get_facet_counts(self, pk_attname, filtered_qs):
        counts = super().get_facet_counts(pk_attname, filtered_qs)
        for index, (_, params) in enumerate(self.links):
            if self.lookup_kwarg_when in params:
                counts[f"{index}__c"] = Count(
                    pk_attname, filter=self._when(params[self.lookup_kwarg_when])
                )
        return counts


class CalledOffFilter(admin.SimpleListFilter):
    """Events the programme office called off, or those going ahead."""

    title = "called off"
    parameter_name = "called_off"

    def lookups(self, request, model_admin):
        return [("yes", "Called off"), ("no", "Going ahead")]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.exclude(going_ahead())
        if self.value() == "no":
            return queryset.filter(going_ahead())
        return queryset
