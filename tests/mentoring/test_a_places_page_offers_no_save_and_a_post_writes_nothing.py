"""A place at an event, and a pair member's request to the office, have nothing to edit on
their admin pages: neither offers Save, and a page posted anyway (one still open from before)
writes nothing, so it cannot take back a place given up meanwhile or undo a decision."""

from datetime import timedelta

import pytest
from django.utils import timezone

from mentoring.admin.pairs import PairRequestAdmin
from mentoring.admin.registrations import RegistrationAdmin
from mentoring.models import PairRequest, PairRequestOutcome, RegistrationStatus
from mentoring.services.events import registration_cancel
from mentoring.services.pairs import pair_request_resolve
from tests.admin_pages import change_url
from tests.concurrency import needs_postgresql, run_now
from tests.factories import EventFactory, RegistrationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def mayas_place(cast):
    return RegistrationFactory(event=EventFactory(programme=cast.programme), person=cast.mentor)


@pytest.fixture
def end_request(cast):
    return PairRequest.objects.create(match=cast.pair, kind="end", raised_by=cast.mentor)


def test_a_places_page_offers_no_save(office, mayas_place):
    page = office.get(change_url(mayas_place)).content.decode()

    assert 'name="_save"' not in page
    assert 'name="_continue"' not in page


def test_a_place_posted_unchanged_keeps_when_it_last_changed(office, mayas_place):
    """Its `updated_at` is what the briefing-tomorrow reminder reads to catch up a place
    taken today: a post must not move it."""
    yesterday = timezone.now() - timedelta(days=1)
    type(mayas_place).objects.filter(pk=mayas_place.pk).update(updated_at=yesterday)

    office.post(change_url(mayas_place), {"_save": "Save"})

    mayas_place.refresh_from_db()
    assert mayas_place.updated_at == yesterday
    assert mayas_place.status == RegistrationStatus.REGISTERED


@pytest.mark.django_db(transaction=True)
@needs_postgresql
def test_a_place_posted_as_its_person_gives_it_up_stays_given_up(
    cast, office, mayas_place, monkeypatch
):
    """Maya gives her place up (her calendar is emailed the cancel) while a page of it,
    still open, is posted: her place stays given up, not counted or reminded again."""
    get_object = RegistrationAdmin.get_object

    def given_up_meanwhile(self, request, object_id, from_field=None):
        read = get_object(self, request, object_id, from_field)
        run_now(lambda: registration_cancel(event=mayas_place.event, person=cast.mentor))
        return read

    monkeypatch.setattr(RegistrationAdmin, "get_object", given_up_meanwhile)

    office.post(change_url(mayas_place), {"_save": "Save"})

    mayas_place.refresh_from_db()
    assert mayas_place.status == RegistrationStatus.CANCELLED
    assert mayas_place.sequence_offset == 1


@pytest.mark.django_db(transaction=True)
@needs_postgresql
def test_a_request_posted_as_the_office_decides_it_stays_decided(
    cast, office, end_request, monkeypatch
):
    """A colleague lets the pair continue while a page of the request, still open, is
    posted: the decision stands (who made it, when, and what it was)."""
    get_object = PairRequestAdmin.get_object

    def decided_meanwhile(self, request, object_id, from_field=None):
        read = get_object(self, request, object_id, from_field)
        run_now(
            lambda: pair_request_resolve(
                request=PairRequest.objects.get(pk=end_request.pk),
                by=cast.superuser,
                end_pairing=False,
            )
        )
        return read

    monkeypatch.setattr(PairRequestAdmin, "get_object", decided_meanwhile)

    office.post(change_url(end_request), {"_save": "Save"})

    end_request.refresh_from_db()
    assert end_request.resolved_at is not None
    assert end_request.resolved_by == cast.superuser
    assert end_request.outcome == PairRequestOutcome.CONTINUED


def test_a_page_posted_anyway_says_nothing_was_saved_not_changed_successfully(office, mayas_place):
    response = office.post(change_url(mayas_place), {"_save": "Save"}, follow=True)

    shown = [str(message) for message in response.context["messages"]]
    assert shown == [
        "Nothing on this page is saved: nothing was changed. "
        "Attendance is marked from the list's actions."
    ]
    assert response.redirect_chain == [(change_url(mayas_place), 302)]
