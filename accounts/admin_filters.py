"""The office's lists' filters on a field: Django's, each leaving the rows as they are when
the list's address does not use it.

Django's `FieldListFilter.queryset` filters the rows by what the address gives the filter,
and when it gives nothing, copies the query for an empty `Q()`: some 90 Python calls for
each such filter on every page (seven on the list of applications), for the same rows. A
filter built on `UnusedLeavesRows` answers None instead, which `ChangeList.get_queryset`
reads as "unchanged".

Every admin's filters on a field are built on it (`field_filters`, which the office's
change list, accounts.admin_base.SharedRowsChangeList, applies to its `list_filter`): a field named
alone is given the filter Django chooses for it, one named with a filter class is given that
class, each built on it. A filter with a `queryset` of its own (one that reads more than its
parameters, such as mentoring's dates of events, "upcoming" or "past") is asked as always.
`tests/accounts/test_an_admin_lists_unused_filters_leave_its_rows_as_they_are.py` holds the
rows and their SQL to Django's."""

from functools import cache

from django.contrib.admin.filters import FieldListFilter


class UnusedLeavesRows:
    """Put first among the bases of a field filter whose `queryset` is Django's own
    (`FieldListFilter.queryset`): a filter the address does not use leaves the rows as they
    are."""

    def queryset(self, request, queryset):
        if not self.used_parameters:
            return None
        return super().queryset(request, queryset)


def field_filters(list_filter) -> list:
    """An admin's `list_filter`, each filter on a field built on `UnusedLeavesRows`; the
    others (a `SimpleListFilter`) as they are."""
    return [_built_on_it(each) for each in list_filter]


def _built_on_it(each):
    if isinstance(each, str):
        return (each, chosen_by_django)
    if isinstance(each, tuple | list) and len(each) == 2:
        name, filter_class = each
        if isinstance(filter_class, type):
            return (name, leaving_rows(filter_class))
    return each


def chosen_by_django(field, request, params, model, model_admin, field_path):
    """The filter Django's `FieldListFilter.create` chooses for the kind of `field`, built
    on `UnusedLeavesRows`."""
    for test, filter_class in FieldListFilter._field_list_filters:
        if test(field):
            return leaving_rows(filter_class)(
                field, request, params, model, model_admin, field_path=field_path
            )
    return None


@cache
def leaving_rows(filter_class: type) -> type:
    """`filter_class` built on `UnusedLeavesRows`, once per process; itself if its
    `queryset` is its own, or it already is."""
    if (
        not issubclass(filter_class, FieldListFilter)
        or issubclass(filter_class, UnusedLeavesRows)
        or filter_class.queryset is not FieldListFilter.queryset
    ):
        return filter_class
    return type(
        filter_class.__name__,
        (UnusedLeavesRows, filter_class),
        {"__module__": filter_class.__module__, "__qualname__": filter_class.__qualname__},
    )
