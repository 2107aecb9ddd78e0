"""A yes/no column's icons are found in the static files once per process
(accounts/templatetags/admin_lists.py `_icons`), as Django's `_boolean_icon` draws them, and
found again when the static files' settings change."""

from django.contrib.admin.templatetags import admin_list

from accounts.templatetags import admin_lists


def djangos_icons() -> dict:
    return {value: str(admin_list._boolean_icon(value)) for value in (True, False, None)}


def test_the_icons_are_djangos_and_follow_the_static_address(settings):
    assert admin_lists._icons() == djangos_icons()

    settings.STATIC_URL = "/elsewhere/static/"

    assert admin_lists._icons() == djangos_icons()
    assert admin_lists._icons()[True].startswith('<img src="/elsewhere/static/')
