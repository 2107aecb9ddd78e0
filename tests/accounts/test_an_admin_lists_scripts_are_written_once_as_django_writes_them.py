"""A list's scripts are those Django's `forms.Media` writes, written once per process for each
set of files (accounts.admin_base.WrittenMedia), and written again when a setting changes."""

import pytest
from django import forms
from django.contrib import admin
from django.test import override_settings
from django.urls import reverse

from accounts import admin_base
from accounts.admin_base import WrittenMedia
from mentoring.models import MentorApplication
from tests.cast import sign_in_as

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:mentoring_mentorapplication_changelist")


def djangos(media: forms.Media) -> forms.Media:
    """Django's own `forms.Media` of the same files, to write them as Django does."""
    plain = forms.Media()
    plain._css_lists, plain._js_lists = media._css_lists, media._js_lists
    return plain


def test_the_list_of_applications_has_djangos_scripts_written_once(client, cast):
    sign_in_as(client, cast, "coordinator")

    response = client.get(CHANGELIST)
    media = response.context["media"]

    assert isinstance(media, WrittenMedia)
    assert str(media["js"]) == str(djangos(media)["js"])
    assert str(media["css"]) == str(djangos(media)["css"]) == ""
    assert str(media) == str(djangos(media))
    assert str(media["js"]) in response.content.decode()
    assert str(media["js"]).count("<script") == 8
    assert media.key in admin_base._WRITTEN_MEDIA
    assert str(media["js"]) is str(media["js"])  # kept, not written again


def test_the_files_django_merges_are_read_as_django_keeps_them():
    # What WrittenMedia reads of Django's `forms.Media`: the lists each part asked for.
    media = forms.Media(js=["a.js", "b.js"]) + forms.Media(js=["b.js", "c.js"])

    assert media._js_lists == [["a.js", "b.js"], ["b.js", "c.js"]]
    assert not any(media._css_lists)
    assert WrittenMedia.of(media).key == (("a.js", "b.js"), ("b.js", "c.js"))


def test_a_set_with_style_sheets_is_written_by_django_each_time():
    media = forms.Media(css={"all": ["a.css"]}, js=["a.js"])

    written = WrittenMedia.of(media)

    assert written.key is None
    assert str(written["css"]) == str(media["css"])
    assert str(written["js"]) == str(media["js"])


def test_a_changed_setting_writes_the_scripts_again():
    media = WrittenMedia.of(forms.Media(js=["admin/js/core.js"]))
    before = str(media["js"])

    with override_settings(STATIC_URL="/elsewhere/"):
        assert str(media["js"]) != before
        assert "/elsewhere/" in str(media["js"])
    assert str(media["js"]) == before


def test_an_applications_change_form_has_djangos_scripts_written_once(client, cast):
    # The admin's own scripts with those of the form's fields and inlines added, written
    # once: `ModelAdmin.media` gives them to every page of the admin.
    sign_in_as(client, cast, "coordinator")
    application = cast.pair.mentor

    response = client.get(
        reverse("admin:mentoring_mentorapplication_change", args=[application.pk])
    )
    media = response.context["media"]

    assert isinstance(media, WrittenMedia)
    assert str(media) == str(djangos(media))
    assert str(media) in response.content.decode()
    assert media.key in admin_base._WRITTEN_MEDIA
    assert str(media) is str(media)  # kept, not written again


def test_adding_to_written_scripts_keeps_them_written_as_django_adds_them():
    media = WrittenMedia.of(forms.Media(js=["a.js", "b.js"]))

    added = media + forms.Media(js=["b.js", "c.js"])

    assert isinstance(added, WrittenMedia)
    assert added.key == (("a.js", "b.js"), ("b.js", "c.js"))
    assert str(added) == str(forms.Media(js=["a.js", "b.js"]) + forms.Media(js=["b.js", "c.js"]))


def test_a_part_of_the_scripts_is_a_media_as_djangos():
    # An admin's `class Media` extending only its base's scripts adds `base["js"]`, a Media
    # (Django's `media_property`): the admin's own scripts and the base's, as Django has them.
    class OnlyScripts(admin_base.ModelAdmin):
        class Media:
            extend = ("js",)
            js = ["mentoring/extra.js"]

    base = admin_base.ModelAdmin(MentorApplication, admin.site).media
    djangos = admin.ModelAdmin(MentorApplication, admin.site).media
    media = OnlyScripts(MentorApplication, admin.site).media

    assert isinstance(base["js"], forms.Media)
    assert str(base["js"]) == str(djangos["js"])
    assert str(media) == str(djangos["js"] + forms.Media(js=["mentoring/extra.js"]))


def test_a_part_of_the_scripts_added_to_merges_as_djangos_part_does():
    # Django's `media["js"]` is the scripts merged into one list, so what is added to it
    # merges against that order, not against each part's own (here c.js comes before a.js).
    asked = forms.Media(js=["a.js", "b.js"]) + forms.Media(js=["c.js", "b.js"])
    added = forms.Media(js=["c.js", "a.js"])

    with pytest.warns(forms.widgets.MediaOrderConflictWarning):
        djangos_order = str(djangos(asked)["js"] + added)
    with pytest.warns(forms.widgets.MediaOrderConflictWarning):
        assert str(WrittenMedia.of(asked)["js"] + added) == djangos_order
