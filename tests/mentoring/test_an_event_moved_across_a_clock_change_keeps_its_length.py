"""An event's end left empty keeps its length as time passes, not as the clock face reads,
as a meeting's does (`mentoring.cadence.ends_after`): moved over the night the clocks
change, a 32-hour retreat still lasts 32 hours, and those holding places are emailed the
end it has; a new event with no end lasts half a day (three and a half hours) even across
that night. In London the clocks go back on 25 October 2026 (02:00 BST becomes 01:00 GMT)
and forward on 28 March 2027 (01:00 GMT becomes 02:00 BST)."""

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.urls import reverse

from mentoring.models import Audience, Event, EventKind
from tests.admin_pages import confirmed, words
from tests.event_admin import as_posted, change_url
from tests.factories import EventFactory, RegistrationFactory, UserFactory

pytestmark = pytest.mark.django_db

LONDON = ZoneInfo("Europe/London")
AN_HOUR_LATER = {
    "starts_at_0": "24/10/2026",
    "starts_at_1": "10:00",
    "ends_at_0": "",
    "ends_at_1": "",
}


@pytest.fixture(autouse=True)
def _mid_september(time_machine):
    time_machine.move_to(datetime(2026, 9, 15, 10, 0, tzinfo=LONDON), tick=False)


@pytest.fixture
def retreat(cast):
    """A two-day evaluation retreat over the weekend the clocks go back: Saturday 09:00 BST
    to Sunday 16:00 GMT, 32 hours."""
    return EventFactory(
        programme=cast.programme,
        kind=EventKind.EVALUATION,
        title="Evaluation and learning retreat",
        starts_at=datetime(2026, 10, 24, 9, 0, tzinfo=LONDON),
        ends_at=datetime(2026, 10, 25, 16, 0, tzinfo=LONDON),
    )


def test_an_event_moved_an_hour_later_across_a_clock_change_ends_an_hour_later(office, retreat):
    page = office.get(change_url(retreat)).content.decode()
    assert "keep its length (1 day 8 hours)" in page

    response = office.post(change_url(retreat), as_posted(office, retreat, **AN_HOUR_LATER))

    assert response.status_code == 302
    retreat.refresh_from_db()
    assert retreat.starts_at == datetime(2026, 10, 24, 10, 0, tzinfo=LONDON)
    assert retreat.ends_at - retreat.starts_at == timedelta(hours=32)
    assert retreat.ends_at == datetime(2026, 10, 25, 17, 0, tzinfo=UTC)


def test_those_holding_places_are_emailed_the_end_it_keeps(
    office, retreat, django_capture_on_commit_callbacks
):
    RegistrationFactory(
        event=retreat, person=UserFactory(full_name="Priya Patel", email="priya@example.org")
    )
    page = office.post(change_url(retreat), as_posted(office, retreat, **AN_HOUR_LATER))
    assert "17:00 GMT" in words(page.content.decode())

    with django_capture_on_commit_callbacks(execute=True):
        office.post(change_url(retreat), confirmed(page))

    [message] = mail.outbox
    assert message.to == ["priya@example.org"]
    for body in (message.body, words(message.alternatives[0][0])):
        assert "17:00 GMT" in body
        assert "18:00 GMT" not in body


def test_a_new_event_without_an_end_lasts_half_a_day_across_the_night_the_clocks_go_forward(
    office, cast
):
    """An evening event starting at 23:00 GMT on Saturday 27 March 2027 ends three and a half hours
    later, at 03:30 BST, not at 02:30 BST (two and a half hours)."""
    add = reverse("admin:mentoring_event_add")
    data = {
        "programme": cast.programme.pk,
        "kind": EventKind.BRIEFING,
        "audience": Audience.MENTORS,
        "title": "Night-shift mentor briefing",
        "description": "For colleagues who work nights.",
        "starts_at_0": "27/03/2027",
        "starts_at_1": "23:00",
        "ends_at_0": "",
        "ends_at_1": "",
        "location": "Seminar Room 1, Hospital Wing",
        "online_url": "",
        "capacity": "12",
    }
    for inline in office.get(add).context["inline_admin_formsets"]:
        management = inline.formset.management_form
        for name, field in management.fields.items():
            data[management.add_prefix(name)] = management.initial.get(name, field.initial)

    response = office.post(add, data)

    assert response.status_code == 302
    event = Event.objects.get(title="Night-shift mentor briefing")
    assert event.ends_at - event.starts_at == timedelta(hours=3, minutes=30)
    assert event.ends_at == datetime(2027, 3, 28, 3, 30, tzinfo=LONDON)
