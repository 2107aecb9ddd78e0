"""The admin's list of apps and models, in the sidebar of every page and on the start page,
is drawn in Python (accounts/templatetags/admin_app_list.py) with exactly the markup
Django's own admin/app_list.html and admin/nav_sidebar.html give it: for a coordinator, a
superuser, a staff member who may see two lists only, and one who may see none."""

from pathlib import Path

import pytest
from django.contrib import admin
from django.template import engines
from django.template.loader import get_template
from django.urls import reverse

from tests.admin_pages import staff_who_may
from tests.cast import sign_in_as

pytestmark = pytest.mark.django_db


def djangos(name: str):
    """Django's own template, read from Django itself: the project's templates/ draw theirs
    with `{% app_list_drawn %}` and `{% nav_sidebar_drawn %}`, which a loader finds first."""
    return engines["django"].from_string(
        (Path(admin.__file__).parent / "templates/admin" / name).read_text()
    )


DJANGOS_APP_LIST = djangos("app_list.html")
# Its list drawn by the project's app_list.html, itself held to Django's below.
DJANGOS_NAV_SIDEBAR = djangos("nav_sidebar.html")


@pytest.fixture(params=["coordinator", "superuser", "staff_seeing_two_lists"])
def office_client(request, client, cast):
    if request.param == "staff_seeing_two_lists":
        client.force_login(staff_who_may("view_grade", "change_event", "add_event"))
    else:
        sign_in_as(client, cast, request.param)
    return client


def assert_drawn_as_django_does(response, apps_key: str, show_changelinks: bool) -> str:
    assert response.status_code == 200
    context = {
        "app_list": response.context[apps_key],
        "show_changelinks": show_changelinks,
        "request": response.wsgi_request,
    }
    ours = get_template("admin/app_list.html").render(context)
    assert ours == DJANGOS_APP_LIST.render(context)
    assert ours in response.content.decode()
    return ours


@pytest.mark.parametrize(
    "url",
    [
        "admin:mentoring_mentorapplication_changelist",
        "admin:mentoring_grade_changelist",
        "admin:mentoring_event_add",
    ],
)
def test_the_sidebar_draws_as_django_does(office_client, url):
    response = office_client.get(reverse(url))
    if response.status_code == 403:  # a list the staff member may not see
        return

    apps = assert_drawn_as_django_does(response, "available_apps", show_changelinks=False)
    context = {"available_apps": response.context["available_apps"]}
    sidebar = get_template("admin/nav_sidebar.html").render(context, response.wsgi_request)

    assert sidebar == DJANGOS_NAV_SIDEBAR.render(context, response.wsgi_request)
    assert sidebar in response.content.decode()
    assert apps in sidebar
    assert "current-model" in sidebar


def test_the_start_page_lists_everything_as_django_does(office_client):
    response = office_client.get(reverse("admin:index"))

    assert_drawn_as_django_does(response, "app_list", show_changelinks=True)


def test_an_apps_page_lists_its_models_as_django_does(office_client):
    response = office_client.get(reverse("admin:app_list", args=["mentoring"]))

    assert_drawn_as_django_does(response, "app_list", show_changelinks=True)


def test_staff_who_may_see_nothing_are_told_so_as_django_does(client):
    client.force_login(staff_who_may())

    response = client.get(reverse("admin:index"))

    assert_drawn_as_django_does(response, "app_list", show_changelinks=True)
    assert "permission to view or edit anything" in response.content.decode()
