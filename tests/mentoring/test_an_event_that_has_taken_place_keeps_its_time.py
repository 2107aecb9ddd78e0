"""Once an event has started, or anyone's attendance at it is recorded, its start and end
stay as they are: who came, and so who counts as briefed, is recorded for that time (as the
attendance actions record it only for events that have started). The change page shows the
times read-only and says why before anyone tries; a move posted anyway is refused, by the
form and by the service, and nobody is emailed."""

import html
import re
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from accounts.models import OutboxMessage
from mentoring.models import Event, EventKind, RegistrationStatus
from mentoring.services.events import EventError, event_update
from tests.admin_pages import words
from tests.event_admin import as_posted, change_url
from tests.factories import EventFactory, RegistrationFactory, UserFactory

pytestmark = pytest.mark.django_db

LONDON = ZoneInfo("Europe/London")
NOW = datetime(2026, 11, 30, 10, 0, tzinfo=LONDON)
HELD_AT = datetime(2026, 11, 20, 14, 0, tzinfo=LONDON)
COMING_AT = datetime(2026, 12, 3, 14, 0, tzinfo=LONDON)

# What the coordinator types: the briefing moved to 18 December.
TO_DECEMBER = {
    "starts_at_0": "18/12/2026",
    "starts_at_1": "14:00",
    "ends_at_0": "18/12/2026",
    "ends_at_1": "17:30",
}
STARTED = (
    "This event has started, so its start and end stay as they are: who came, and who counts "
    "as briefed, is recorded for that time. To hold it again, set up a new event."
)
RECORDED = (
    "Attendance is recorded at this event, so its start and end stay as they are: who came, "
    "and who counts as briefed, is recorded for that time. To hold it again, set up a new event."
)


@pytest.fixture(autouse=True)
def _end_of_november(time_machine):
    time_machine.move_to(NOW, tick=False)


def a_briefing(cast, starts_at, tom_is):
    """A mentors' briefing in the cast's programme where Tom's place is `tom_is`."""
    event = EventFactory(
        programme=cast.programme,
        kind=EventKind.BRIEFING,
        title="Mentor briefing",
        starts_at=starts_at,
        ends_at=starts_at.replace(hour=17, minute=30),
    )
    tom = UserFactory(full_name="Tom Tran", email="tom.tran@example.org")
    RegistrationFactory(event=event, person=tom, status=tom_is)
    return event


@pytest.fixture
def held_briefing(cast):
    """Held on 20 November; Tom is marked attended."""
    return a_briefing(cast, HELD_AT, RegistrationStatus.ATTENDED)


@pytest.fixture
def recorded_briefing(cast):
    """On 3 December, still to come, yet Tom is already recorded as absent."""
    return a_briefing(cast, COMING_AT, RegistrationStatus.ABSENT)


def time_inputs(page: str) -> list[str]:
    return re.findall(r'<input[^>]*name="(?:starts|ends)_at_[01]"[^>]*>', page)


def changes_written() -> list[OutboxMessage]:
    """The emails telling people of a change, in the outbox."""
    return list(OutboxMessage.objects.filter(kind="mentoring/email/event_changed"))


def summary(page: str) -> list[tuple[str, str]]:
    """The error summary's messages, each with where it links."""
    listed = re.search(r'<div class="alert alert-danger error-summary".*?</ul>', page, re.S)
    return [
        (link, html.unescape(text))
        for link, text in re.findall(
            r'<li><a class="alert-link" href="([^"]*)">(.*?)</a></li>', listed.group(0)
        )
    ] + [(None, html.unescape(text)) for text in re.findall(r"<li>([^<]*)</li>", listed.group(0))]


def error_beside(page: str, name: str) -> list[str]:
    listed = re.search(rf'<ul class="errorlist" id="id_{name}_error">(.*?)</ul>', page, re.S)
    return [html.unescape(error) for error in re.findall(r"<li>(.*?)</li>", listed.group(1))]


@pytest.mark.parametrize(
    ("event", "said"),
    [("held_briefing", STARTED), ("recorded_briefing", RECORDED)],
    ids=["started", "attendance recorded"],
)
def test_the_change_page_shows_the_times_read_only_and_says_why(office, request, event, said):
    event = request.getfixturevalue(event)

    page = office.get(change_url(event)).content.decode()

    inputs = time_inputs(page)
    assert len(inputs) == 4
    assert all("disabled" in field for field in inputs)
    assert said in words(page)
    assert "Leave empty to keep its length" not in page


@pytest.mark.parametrize(
    ("event", "said"),
    [("held_briefing", STARTED), ("recorded_briefing", RECORDED)],
    ids=["started", "attendance recorded"],
)
def test_a_move_posted_anyway_is_refused_beside_the_start_and_nobody_is_told(
    office, request, cast, event, said
):
    event = request.getfixturevalue(event)
    data = as_posted(office, event, **TO_DECEMBER)

    response = office.post(change_url(event), data)

    assert response.status_code == 200
    page = response.content.decode()
    assert summary(page) == [("#id_starts_at_0", said)]
    assert error_beside(page, "starts_at") == [said]
    assert "id_ends_at_error" not in page
    saved = Event.objects.get(pk=event.pk)
    assert (saved.starts_at, saved.ends_at) == (event.starts_at, event.ends_at)
    assert not changes_written()
    assert event.registrations.get().status in (
        RegistrationStatus.ATTENDED,
        RegistrationStatus.ABSENT,
    )


def test_its_place_can_still_be_corrected(office, held_briefing):
    data = as_posted(office, held_briefing, location="Council Chamber, Main Building")
    del data["starts_at_0"], data["starts_at_1"], data["ends_at_0"], data["ends_at_1"]

    response = office.post(
        change_url(held_briefing), {**data, "confirmed": "yes", "seen_sequence": "0"}
    )

    assert response.status_code == 302
    saved = Event.objects.get(pk=held_briefing.pk)
    assert saved.location == "Council Chamber, Main Building"
    assert saved.starts_at == HELD_AT
    assert saved.sequence == held_briefing.sequence + 1, "its calendar file says the new place"
    # Tom came: he can no longer "no longer come", nor cancel a place at it.
    assert not changes_written()


def test_correcting_its_place_asks_no_confirmation_naming_people_to_email(office, held_briefing):
    data = as_posted(office, held_briefing, location="Council Chamber, Main Building")
    del data["starts_at_0"], data["starts_at_1"], data["ends_at_0"], data["ends_at_1"]

    response = office.post(change_url(held_briefing), data)

    assert response.status_code == 302, "saved at once: nobody is emailed"
    assert Event.objects.get(pk=held_briefing.pk).location == "Council Chamber, Main Building"
    assert not changes_written()


@pytest.mark.parametrize(
    ("event", "said"),
    [("held_briefing", STARTED), ("recorded_briefing", RECORDED)],
    ids=["started", "attendance recorded"],
)
def test_the_service_refuses_the_same_move(request, event, said):
    event = request.getfixturevalue(event)
    moved = Event.objects.get(pk=event.pk)
    moved.starts_at = datetime(2026, 12, 18, 14, 0, tzinfo=LONDON)
    moved.ends_at = datetime(2026, 12, 18, 17, 30, tzinfo=LONDON)

    with pytest.raises(EventError, match="so its start and end stay as they are") as refused:
        event_update(event=moved)

    assert str(refused.value) == said
    assert Event.objects.get(pk=event.pk).starts_at == event.starts_at
    assert not changes_written()


def test_an_event_to_come_where_places_are_only_registered_still_moves(cast):
    event = a_briefing(cast, COMING_AT, RegistrationStatus.REGISTERED)
    event.starts_at = datetime(2026, 12, 18, 14, 0, tzinfo=LONDON)
    event.ends_at = datetime(2026, 12, 18, 17, 30, tzinfo=LONDON)

    told = event_update(event=event)

    assert [registration.person.full_name for registration in told] == ["Tom Tran"]
    assert [message.to for message in changes_written()] == ["tom.tran@example.org"]
