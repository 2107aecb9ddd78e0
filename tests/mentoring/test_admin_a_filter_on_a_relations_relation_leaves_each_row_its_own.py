"""A list filtered on a relation of a relation (`event__programme`) by ChoicesReadOnce, whose
rows prefetch that same path (`list_prefetch_related`), still gives each row its own related
rows: the filter's rows (the programmes) are of the relation's model (the event's), not of
the row's (the place's), so they are not handed to the list's rows as if they were
(accounts.admin_base.SharedRowsChangeList); the prefetch reads them as before."""

import pytest
from django.contrib import admin
from django.test import RequestFactory

from mentoring.admin.filters import ChoicesReadOnce
from mentoring.admin.registrations import RegistrationAdmin
from mentoring.models import Registration
from tests.factories import ProgrammeFactory

pytestmark = pytest.mark.django_db


class PlacesByProgramme(RegistrationAdmin):
    list_filter = [("event__programme", ChoicesReadOnce)]
    list_prefetch_related = ["event__programme"]


def test_each_place_keeps_its_events_own_programme(cast):
    ProgrammeFactory(name="2025/26 cohort", slug="earlier")  # a choice no place is in
    request = RequestFactory().get("/admin/mentoring/registration/")
    request.user = cast.coordinator
    places = PlacesByProgramme(Registration, admin.site)

    listed = places.get_changelist_instance(request)
    rows = list(listed.result_list)

    assert rows  # the cast's briefed board members' places
    for place in rows:
        assert place.event.programme == cast.programme
        assert place.event.__dict__.get("programme_id") == cast.programme.pk
    assert not any("programme" in place.__dict__ for place in rows)
