"""A list's filters on a field that its address does not use leave the rows as they are
without Django copying the query for an empty `Q()` (accounts.admin_filters, which the
office's change list applies to every admin's `list_filter`): the same rows and the same SQL
as Django's, a filter the address uses still narrows the list, and an admin's
`get_list_filter` still answers its filters as Django's does."""

import pytest
from django.contrib import admin
from django.contrib.admin.filters import (
    BooleanFieldListFilter,
    DateFieldListFilter,
    FieldListFilter,
)
from django.urls import reverse

from accounts import admin_base
from accounts.admin_filters import UnusedLeavesRows, chosen_by_django, field_filters
from mentoring.admin.applications import MentorApplicationAdmin
from mentoring.admin.filters import BriefedFilter, EventDateFilter
from mentoring.models import MentorApplication
from tests.cast import sign_in_as

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:mentoring_mentorapplication_changelist")


def test_djangos_field_filter_asked_nothing_filters_by_nothing():
    # What the shortcut relies on: Django's own `queryset` of a field's filter with no
    # parameters gives the rows it was handed (the same SQL), and a filter's parameters
    # are in `used_parameters`.
    field = MentorApplication._meta.get_field("eligible")
    rows = MentorApplication.objects.order_by("pk")

    class Unused:
        used_parameters = {}

    assert str(FieldListFilter.queryset(Unused(), None, rows).query) == str(rows.query)
    assert "used_parameters" in vars(
        BooleanFieldListFilter(field, None, {}, None, None, "eligible")
    )


def test_the_unused_field_filters_of_the_list_of_applications_are_not_asked(
    client, cast, monkeypatch
):
    sign_in_as(client, cast, "coordinator")

    response = client.get(CHANGELIST)
    cl = response.context["cl"]

    field_filters = [spec for spec in cl.filter_specs if isinstance(spec, FieldListFilter)]
    assert field_filters
    assert all(spec.queryset(None, None) is None for spec in field_filters)
    assert str(cl.queryset.query) == str(djangos_rows(response, monkeypatch).query)


def test_a_filter_the_address_uses_still_filters(client, cast, monkeypatch):
    sign_in_as(client, cast, "coordinator")

    response = client.get(f"{CHANGELIST}?eligible__exact=0")
    cl = response.context["cl"]

    (eligible,) = [
        spec for spec in cl.filter_specs if getattr(spec, "field_path", "") == "eligible"
    ]
    assert eligible.queryset(None, MentorApplication.objects.all()) is not None
    assert str(cl.queryset.query) == str(djangos_rows(response, monkeypatch).query)
    assert all(not row.eligible for row in cl.result_list)


def djangos_rows(response, monkeypatch):
    """The rows Django's own filters would have the list read, for the same request."""
    with monkeypatch.context() as patched:
        patched.setattr(admin_base, "field_filters", lambda list_filter: list_filter)
        cl = response.context["cl"].model_admin.get_changelist_instance(response.wsgi_request)
    return cl.queryset


def test_every_filter_on_a_field_is_built_on_it_but_one_with_a_queryset_of_its_own():
    # Django's own filters, named or chosen for the field, are built on it; a filter reading
    # more than its parameters (the events' "upcoming" and "past") is asked as always.
    named, alone, own, simple = field_filters(
        [
            ("submitted_at", DateFieldListFilter),
            "eligible",
            ("starts_at", EventDateFilter),
            BriefedFilter,
        ]
    )

    assert named[0] == "submitted_at"
    assert issubclass(named[1], UnusedLeavesRows)
    assert issubclass(named[1], DateFieldListFilter)
    assert alone == ("eligible", chosen_by_django)
    assert own == ("starts_at", EventDateFilter)
    assert simple is BriefedFilter
    eligible = chosen_by_django(
        MentorApplication._meta.get_field("eligible"),
        None,
        {},
        MentorApplication,
        None,
        "eligible",
    )
    assert isinstance(eligible, BooleanFieldListFilter)
    assert isinstance(eligible, UnusedLeavesRows)


def test_an_admin_narrowing_its_filters_by_name_finds_djangos_names(client, cast):
    # A subclass takes a filter out of super()'s by its name, as with Django's admin.
    class WithoutEligible(MentorApplicationAdmin):
        def get_list_filter(self, request):
            return [each for each in super().get_list_filter(request) if each != "eligible"]

    sign_in_as(client, cast, "coordinator")
    request = client.get(CHANGELIST).wsgi_request
    narrowed = WithoutEligible(MentorApplication, admin.site)

    assert narrowed.get_list_filter(request) == [
        each for each in MentorApplicationAdmin.list_filter if each != "eligible"
    ]
    cl = narrowed.get_changelist_instance(request)
    assert "eligible" not in [getattr(spec, "field_path", "") for spec in cl.filter_specs]
