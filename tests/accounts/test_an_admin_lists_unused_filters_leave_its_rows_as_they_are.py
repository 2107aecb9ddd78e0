"""A list's filters on a field that its address does not use leave the rows as they are
without Django copying the query for an empty `Q()` (accounts.admin_base
.SharedRowsChangeList.get_filters): the same rows and the same SQL as Django's, and a
filter the address uses still narrows the list."""

import pytest
from django.contrib.admin.filters import BooleanFieldListFilter, FieldListFilter
from django.contrib.admin.views.main import ChangeList
from django.urls import reverse

from accounts.admin_base import SharedRowsChangeList
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
    """The rows Django's own `get_filters` would have the list read, for the same request."""
    with monkeypatch.context() as patched:
        patched.setattr(SharedRowsChangeList, "get_filters", ChangeList.get_filters)
        cl = response.context["cl"].model_admin.get_changelist_instance(response.wsgi_request)
    return cl.queryset
