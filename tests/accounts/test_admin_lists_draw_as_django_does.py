"""The office's lists draw their rows and their filters in Python
(accounts/templatetags/admin_lists.py), with exactly the markup Django's own `result_list`,
admin/filter.html, admin/actions.html, admin/search_form.html and the filters block of
admin/change_list.html give them, and the project's admin/pagination.html: every project
list, as the superuser sees it, and the list of applications filtered and sorted, with
words that need escaping."""

import re
from pathlib import Path
from types import SimpleNamespace

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
# And its table of a list's headers and rows, which the project writes in one step.
DJANGOS_RESULTS = engines["django"].from_string(
    (Path(admin.__file__).parent / "templates/admin/change_list_results.html").read_text()
)
# And its row of actions, which the project writes in one step.
DJANGOS_ACTIONS = engines["django"].from_string(
    (Path(admin.__file__).parent / "templates/admin/actions.html").read_text()
)
# And its search box, which the project writes in one step.
DJANGOS_SEARCH_FORM = engines["django"].from_string(
    (Path(admin.__file__).parent / "templates/admin/search_form.html").read_text()
)
# And the filters block of its change_list.html, which the project writes in one step.
DJANGOS_FILTERS = engines["django"].from_string(
    "{% load i18n admin_list %}"
    + re.search(
        r"{% block filters %}(.*?){% endblock %}",
        (Path(admin.__file__).parent / "templates/admin/change_list.html").read_text(),
        re.DOTALL,
    )[1]
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
    try:
        table = admin_lists._table(cl)  # drawn here: the whole table in one step
    except admin_lists.DrawnByDjango:
        table = None
    if table is not None:
        assert table == DJANGOS_RESULTS.render(djangos)
        assert table in response.content.decode()
    if response.context.get("action_form"):
        page = response.context[0].flatten()  # the page's own, not an included one's
        actions = admin_lists._actions({**page, "action_index": 0})
        assert actions == DJANGOS_ACTIONS.render({**page, "action_index": 0})
        if cl.show_admin_actions and page["actions_on_top"]:
            assert actions in response.content.decode()
    search = admin_lists._search_form(admin_list.search_form(cl))
    assert search == DJANGOS_SEARCH_FORM.render(admin_list.search_form(cl))
    if cl.search_fields:
        assert search in response.content.decode()
    pages = admin_list.pagination(cl)
    pagination = admin_lists._pagination(pages)
    assert pagination == get_template("admin/pagination.html").render(pages)
    assert pagination in response.content.decode()
    filters = admin_lists.filters_drawn(cl)
    assert filters == DJANGOS_FILTERS.render({"cl": cl})
    assert filters in response.content.decode()
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
        {"o": "3"},
        {"status__exact": "submitted", "department": 'R&D <"labs">'},
        {"q": "Zoë", "eligible__exact": "1"},
        {"submitted_at__gte": "2020-01-01 00:00:00+00:00", "briefed": "no"},
        {"_facets": "True", "status__exact": "submitted"},
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


def test_a_list_that_finds_nothing_draws_as_django_does(client, cast, tricky_application):
    sign_in_as(client, cast, "coordinator")
    url = reverse("admin:mentoring_mentorapplication_changelist")

    response = client.get(f"{url}?{urlencode({'q': 'nobody at all'})}")

    assert_drawn_as_django_does(response)
    assert not response.context["cl"].result_list


def test_the_applications_list_is_drawn_by_this_project(client, cast, tricky_application):
    """Not left to Django (`DrawnByDjango`): the rows come out as one piece each."""
    sign_in_as(client, cast, "coordinator")

    response = client.get(reverse("admin:mentoring_mentorapplication_changelist"))

    ours = admin_lists.result_list(response.context["cl"])
    assert ours["results"]
    assert all(len(row) == 1 for row in ours["results"])
    assert 'data-filter-title="department"' in response.content.decode()


def test_the_actions_of_a_list_longer_than_its_page_draw_as_django_does(
    client, cast, tricky_application
):
    """The offer to select the rows of every page, and the second row of actions below the
    list, which the lists above (one page each, actions on top) do not show."""
    sign_in_as(client, cast, "coordinator")
    response = client.get(reverse("admin:mentoring_mentorapplication_changelist"))
    page = response.context[0].flatten()
    on_page = response.context["cl"].result_list
    longer = SimpleNamespace(result_list=on_page, result_count=len(on_page) + 1000)
    context = {
        **page,
        "cl": longer,
        "action_index": 1,
        "module_name": 'applications <"R&D">',
        "selection_note_all": "All 1,001 <selected>",
    }

    assert admin_lists._actions(context) == DJANGOS_ACTIONS.render(context)


@pytest.mark.parametrize(
    ("popup", "facets", "full_count", "help_text"),
    [
        (False, False, False, ""),
        (True, False, True, 'Name or "email" <b>&</b>'),
        (True, True, False, ""),
        (False, True, True, "By name"),
    ],
)
def test_the_search_box_draws_as_django_does(popup, facets, full_count, help_text):
    """The branches the project's lists do not reach: a pop-up's list, the counts shown,
    the whole count, a help text."""
    cl = SimpleNamespace(
        search_fields=["name"],
        search_help_text=help_text,
        query='Zoë "Z" <b>&</b>',
        params={"q": "Zoë", "status__exact": 'R&D <"labs">', "_popup": "1"},
        result_count=1234,
        full_result_count=5678 if full_count else None,
        show_full_result_count=full_count,
        is_popup=popup,
        add_facets=facets,
    )
    context = admin_list.search_form(cl)

    assert admin_lists._search_form(context) == DJANGOS_SEARCH_FORM.render(context)


def test_a_list_without_a_search_draws_no_search_box_as_django_does():
    cl = SimpleNamespace(search_fields=[], result_count=0, full_result_count=None)
    context = admin_list.search_form(cl)

    assert admin_lists._search_form(context) == DJANGOS_SEARCH_FORM.render(context)
