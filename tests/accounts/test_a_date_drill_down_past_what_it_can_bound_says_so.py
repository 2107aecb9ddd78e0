"""The admin's date drill-down (`?starts_at__year=…`) on every list that has one, and the
same lookups on every date a list filters by: a year Django cannot bound (9999, whose next
year it works out, or 20 digits), a month or day out of range, or digits that are not ASCII,
are refused with a message and the whole list, never a server error; a real year still
narrows the list."""

from datetime import UTC, datetime

import pytest
from django.contrib import admin
from django.contrib.admin.utils import get_fields_from_path
from django.db import models
from django.urls import reverse

from tests.admin_pages import messages_shown
from tests.factories import EventFactory

pytestmark = pytest.mark.django_db

LISTS = sorted(
    (model._meta.app_label, model._meta.model_name, model_admin.date_hierarchy)
    for model, model_admin in admin.site._registry.items()
    if model_admin.date_hierarchy
)


def _dates_filtered(model, model_admin) -> list[str]:
    """The date fields among what the list filters by (a name, or a name and its filter)."""
    names = [entry[0] if isinstance(entry, tuple) else entry for entry in model_admin.list_filter]
    return [
        name
        for name in names
        if isinstance(name, str)
        and isinstance(get_fields_from_path(model, name)[-1], models.DateField)  # and times
    ]


FILTERED = sorted(
    (model._meta.app_label, model._meta.model_name, field)
    for model, model_admin in admin.site._registry.items()
    for field in _dates_filtered(model, model_admin)
)


def test_every_list_with_a_drill_down_is_covered():
    assert {name for _app, name, _field in LISTS} >= {
        "event",
        "auditevent",
        "outboxmessage",
        "reminder",
    }


@pytest.mark.parametrize(("app", "name", "field"), LISTS)
@pytest.mark.parametrize(
    ("query", "said"),
    [
        ({"__year": "9999"}, "There is no year 9999 to show dates of."),
        ({"__year": "99999999999999999999"}, "There is no year 99999999999999999999 to show"),
        ({"__year": "٢٠٢٦"}, "There is no year ٢٠٢٦ to show dates of."),
        ({"__year": "2026", "__month": "13"}, "There is no month 13 to show dates of."),
        ({"__year": "9998", "__month": "12", "__day": "32"}, "There is no day 32"),
        ({"__year": "0"}, "There is no year 0 to show dates of."),
        ({"__year": ""}, "No year was given to show dates of."),
        ({"__year": "2026", "__month": " "}, "No month was given to show dates of."),
    ],
)
def test_a_drill_down_it_cannot_bound_is_refused_with_a_message(
    client, cast, app, name, field, query, said
):
    client.force_login(cast.superuser)
    url = reverse(f"admin:{app}_{name}_changelist")

    response = client.get(url, {f"{field}{part}": value for part, value in query.items()})

    assert response.status_code == 302
    assert response.url == f"{url}?e=1"  # Django's answer to a lookup it refuses: all rows
    page = client.get(response.url)
    assert page.status_code == 200
    assert said in messages_shown(page)[0]


def test_a_real_year_still_narrows_the_list(client, cast):
    EventFactory(
        programme=cast.programme,
        title="Far future session",
        starts_at=datetime(2031, 6, 1, 10, tzinfo=UTC),
    )
    client.force_login(cast.superuser)
    url = reverse("admin:mentoring_event_changelist")

    page = client.get(url, {"starts_at__year": "2031"}).content.decode()

    assert "Far future session" in page
    assert "Far future session" not in client.get(url, {"starts_at__year": "2030"}).content.decode()


def test_every_date_a_list_filters_by_is_covered():
    assert {(name, field) for _app, name, field in FILTERED} >= {
        ("mentorapplication", "submitted_at"),
        ("invitation", "created_at"),
        ("user", "deleted_at"),
    }


@pytest.mark.parametrize(("app", "name", "field"), FILTERED)
@pytest.mark.parametrize(
    ("lookup", "value", "said"),
    [
        ("__year", "99999", "There is no year 99999 to show dates of."),
        ("__year__gte", "99999", "There is no year 99999 to show dates of."),
        ("__iso_year", "9999", "There is no year 9999 to show dates of."),
        ("__month", "99999999999999999999", "There is no month 99999999999999999999 to show"),
    ],
)
def test_a_date_filter_it_cannot_bound_is_refused_with_a_message(
    client, cast, app, name, field, lookup, value, said
):
    client.force_login(cast.superuser)
    url = reverse(f"admin:{app}_{name}_changelist")

    response = client.get(url, {f"{field}{lookup}": value})

    assert response.status_code == 302
    assert response.url == f"{url}?e=1"
    assert said in messages_shown(client.get(response.url))[0]
