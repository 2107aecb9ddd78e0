"""Saving a programme as closed asks first, naming what is still under way (its active
pairs, the meetings booked ahead, its events to come), which stays as it is without any
reminder; "Yes" saves it as typed, "No, go back" shows the form as typed and saves nothing.
Any other save of the programme asks nothing."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from mentoring.models import Programme, ProgrammeStatus
from tests.admin_pages import confirmed, form_data, messages_shown, signed_in_for_real, went_back
from tests.factories import EventFactory, MeetingFactory

pytestmark = pytest.mark.django_db

office = signed_in_for_real("coordinator")


@pytest.fixture
def under_way(cast):
    MeetingFactory(match=cast.pair)  # booked, a week ahead
    EventFactory(
        programme=cast.programme,
        title="Final learning session",
        starts_at=timezone.now() + timedelta(days=20),
    )
    return cast


def change_url(programme: Programme) -> str:
    return reverse("admin:mentoring_programme_change", args=[programme.pk])


def closing(office, programme, **changes):
    """The programme's page saved as closed (recruitment closed with it, as the form asks)."""
    data = form_data(office.get(change_url(programme)))
    data.pop("recruitment_open", None)
    return office.post(change_url(programme), {**data, "status": "closed", **changes})


def test_closing_names_what_is_under_way_and_saves_nothing_yet(office, under_way):
    page = closing(office, under_way.programme, name="2026/27 pilot (closed)")

    assert page.status_code == 200
    text = " ".join(page.content.decode().split())
    assert "Close 2026/27 pilot?" in text
    assert "stops every reminder and nudge of the programme" in text
    assert "Active pairs (2)" in text
    assert "Maya Mentor and Bola Board" in text
    assert "1 meeting booked or proposed ahead" in text
    assert "Final learning session" in text
    under_way.programme.refresh_from_db()
    assert under_way.programme.status == ProgrammeStatus.ACTIVE
    assert under_way.programme.name == "2026/27 pilot"


def test_yes_saves_it_as_typed(office, under_way):
    page = closing(office, under_way.programme, name="2026/27 pilot (closed)")

    done = office.post(change_url(under_way.programme), confirmed(page), follow=True)

    under_way.programme.refresh_from_db()
    assert under_way.programme.status == ProgrammeStatus.CLOSED
    assert under_way.programme.name == "2026/27 pilot (closed)"
    assert any("was changed successfully" in message for message in messages_shown(done))


def test_no_goes_back_to_the_form_as_typed(office, under_way):
    page = closing(office, under_way.programme, name="2026/27 pilot (closed)")

    back = office.post(change_url(under_way.programme), went_back(page))

    assert back.status_code == 200
    assert 'value="2026/27 pilot (closed)"' in back.content.decode()
    under_way.programme.refresh_from_db()
    assert under_way.programme.status == ProgrammeStatus.ACTIVE


def test_other_saves_ask_nothing(office, under_way):
    data = form_data(office.get(change_url(under_way.programme)))

    response = office.post(change_url(under_way.programme), {**data, "name": "Pilot"})

    assert response.status_code == 302
    under_way.programme.refresh_from_db()
    assert under_way.programme.name == "Pilot"
