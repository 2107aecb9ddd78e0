"""The office's lists draw their rows and their filters in Python
(accounts/templatetags/admin_lists.py), with exactly the markup Django's own `result_list`
and admin/filter.html give them: every project list, as the superuser sees it, and the list
of applications filtered and sorted, with words that need escaping."""

from pathlib import Path

import pytest
from django.contrib import admin
from django.contrib.admin.templatetags import admin_list
from django.template import engines
from django.template.loader import get_template
from django.urls import reverse
from django.utils.http import urlencode

from accounts.templatetags import admin_lists
from tests.cast import sign_in_as
from tests.factories import GradeFactory, MentorApplicationFactory, UserFactory

pytestmark = pytest.mark.django_db

PROJECT_APPS = {"accounts", "mentoring", "matching", "evaluation"}

# Django's own filter template, read from Django itself: the project's templates/ draw theirs
# with `{% filter_choices %}`, which a template loader would find first.
DJANGOS_FILTER = engines["django"].from_string(
    (Path(admin.__file__).parent / "templates/admin/filter.html").read_text()
)


def project_lists():
    return sorted(
        reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
        for model in admin.site._registry
        if model._meta.app_label in PROJECT_APPS
    )


def rows(context) -> list[str]:
    return ["".join(row) for row in context["results"]]


def assert_drawn_as_django_does(response):
    assert response.status_code == 200
    cl = response.context["cl"]
    ours, djangos = admin_lists.result_list(cl), admin_list.result_list(cl)
    assert rows(ours) == rows(djangos)
    assert ours["result_headers"] == djangos["result_headers"]
    assert ours["num_sorted_fields"] == djangos["num_sorted_fields"]
    for spec in cl.filter_specs:
        context = {"title": spec.title, "choices": list(spec.choices(cl)), "spec": spec}
        drawn = get_template(spec.template).render(context)
        if spec.template == "admin/filter.html":
            assert drawn == DJANGOS_FILTER.render(context)


@pytest.fixture
def tricky_application(cast):
    applicant = UserFactory(full_name='Zoë "Z" O\'Neil <b>&</b>')
    return MentorApplicationFactory(
        programme=cast.programme,
        applicant=applicant,
        department='R&D <"labs">',
        grade=GradeFactory(name="Grade <7> & up"),
        themes=cast.programme.themes.all(),
    )


@pytest.mark.parametrize("url", project_lists())
def test_every_list_draws_its_rows_and_filters_as_django_does(client, cast, url):
    sign_in_as(client, cast, "superuser")

    assert_drawn_as_django_does(client.get(url))


@pytest.mark.parametrize(
    "query",
    [
        {},
        {"o": "-2.1"},
        {"status__exact": "submitted", "department": 'R&D <"labs">'},
        {"q": "Zoë", "eligible__exact": "1"},
        {"submitted_at__gte": "2020-01-01 00:00:00+00:00", "briefed": "no"},
    ],
)
def test_the_applications_list_draws_as_django_does(client, cast, tricky_application, query):
    sign_in_as(client, cast, "coordinator")
    query = {"programme__id__exact": cast.programme.pk, **query}
    url = reverse("admin:mentoring_mentorapplication_changelist")

    response = client.get(f"{url}?{urlencode(query)}")

    assert_drawn_as_django_does(response)
    page = response.content.decode()
    assert "Zoë &quot;Z&quot; O&#x27;Neil &lt;b&gt;&amp;&lt;/b&gt;" in page
    # Each row links to its page, keeping the list's filters.
    change = reverse("admin:mentoring_mentorapplication_change", args=[tricky_application.pk])
    assert f'<a href="{change}?_changelist_filters=' in page


def test_the_applications_list_is_drawn_by_this_project(client, cast, tricky_application):
    """Not left to Django (`DrawnByDjango`): the rows come out as one piece each."""
    sign_in_as(client, cast, "coordinator")

    response = client.get(reverse("admin:mentoring_mentorapplication_changelist"))

    ours = admin_lists.result_list(response.context["cl"])
    assert ours["results"]
    assert all(len(row) == 1 for row in ours["results"])
    assert 'data-filter-title="department"' in response.content.decode()
