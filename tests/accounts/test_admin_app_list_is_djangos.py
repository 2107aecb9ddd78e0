"""The admin's list of apps and models (the sidebar of every page, the start page, an app's
page) is Django's own, though each address in it is reversed once per process
(accounts.admin_site): the same apps, models, permissions and addresses, in the same order,
for a coordinator, a superuser, a staff member who may see two lists only and one who may
see none, and under another script prefix."""

import pytest
from django.contrib import admin
from django.contrib.admin import AdminSite
from django.test import RequestFactory
from django.urls import get_script_prefix, set_script_prefix

from tests.admin_pages import staff_who_may

pytestmark = pytest.mark.django_db


@pytest.fixture(params=["coordinator", "superuser", "staff_seeing_two_lists", "staff_seeing_none"])
def office_member(request, cast):
    if request.param == "staff_seeing_two_lists":
        return staff_who_may("view_grade", "change_event", "add_event")
    if request.param == "staff_seeing_none":
        return staff_who_may()
    return cast.person(request.param)


def djangos(request, app_label=None) -> list[dict]:
    """Django's own list, its names as the page shows them."""
    apps = AdminSite.get_app_list(admin.site, request, app_label)
    for app in apps:
        app["name"] = str(app["name"])
        for model in app["models"]:
            model["name"] = str(model["name"])
    return apps


def request_of(person):
    request = RequestFactory().get("/admin/")
    request.user = person
    return request


@pytest.mark.parametrize("app_label", [None, "mentoring", "accounts"])
def test_the_app_list_is_djangos(office_member, app_label):
    request = request_of(office_member)

    listed = admin.site.get_app_list(request, app_label)

    assert listed == djangos(request, app_label)
    assert all(type(app["name"]) is str for app in listed)


def test_the_app_list_follows_the_script_prefix(cast):
    request, prefix = request_of(cast.coordinator), get_script_prefix()
    admin.site.get_app_list(request)  # reversed under the usual prefix first
    set_script_prefix("/office/")
    try:
        listed = admin.site.get_app_list(request)
        assert listed == djangos(request)
    finally:
        set_script_prefix(prefix)

    assert listed[0]["app_url"].startswith("/office/admin/")
    assert listed[0]["models"][0]["admin_url"].startswith("/office/admin/")


def test_the_app_list_asked_again_on_one_request_is_djangos_each_time(office_member):
    """The start page asks for it twice (its own, the sidebar's): worked out once, each
    answer is Django's, for the whole site or one app, however the one before was used."""
    request = request_of(office_member)

    for app_label in [None, None, "mentoring", None]:
        listed = admin.site.get_app_list(request, app_label)
        assert listed == djangos(request, app_label)
        for app in listed:  # what a caller may do with its own copy
            app["models"].reverse()
            app["name"] = "changed"
