"""Two or more quick changes of an event, while the first "has changed" email still waits,
go as one email naming each field against what the person was last sent
(`changes_since_told`). What the waiting email told is read from the record kept with it
(`OutboxMessage.changes`: the event's times and places, nothing else), never from its
wording. An email waiting from before that record was kept holds none: then only the latest
change is told, each "was" true."""

from datetime import timedelta

import pytest
from django.utils import timezone

from accounts.models import OutboxMessage, OutboxStatus
from accounts.services import account_delete
from mentoring.models import Audience
from mentoring.services.events import event_update, registration_create
from tests.cast import from_the_cast
from tests.factories import EventFactory

pytestmark = pytest.mark.django_db

maya = from_the_cast("mentor")

REWORDED = """Dear {{ person.get_short_name }},
{% for what, was, now in changes %}
{{ what }} used to be {{ was }} and is now {{ now }}.{% endfor %}
"""


@pytest.fixture
def briefing(cast, maya):
    """A briefing in Room A in a fortnight, where Maya holds a place and was told so."""
    event = EventFactory(
        programme=cast.programme,
        title="Joint briefing",
        audience=Audience.JOINT,
        location="Room A",
        starts_at=timezone.now().replace(microsecond=0) + timedelta(days=14),
    )
    registration_create(event=event, person=maya)
    OutboxMessage.objects.filter(recipient=maya).update(
        status=OutboxStatus.SENT, sent_at=timezone.now()
    )
    return event


def moved_to(event, room: str):
    event.location = room
    return event_update(event=event)


def moved_an_hour_later(event):
    event.starts_at += timedelta(hours=1)
    event.ends_at += timedelta(hours=1)
    return event_update(event=event)


def waiting_to(person) -> list[OutboxMessage]:
    return list(
        OutboxMessage.objects.filter(recipient=person, status=OutboxStatus.PENDING).order_by("pk")
    )


def test_what_a_change_email_told_is_recorded_as_the_events_times_and_places_alone(maya, briefing):
    moved_to(briefing, "Room B")

    [changed] = waiting_to(maya)
    assert changed.changes == {"Place": {"was": "Room A", "now": "Room B"}}


def test_three_quick_changes_arrive_as_one_email_with_each_fields_earliest_was(maya, briefing):
    """The room moves from A to B, then the time, then the time again and the room to C,
    none of the emails gone: what goes names Room C against Room A and the latest time
    against the time Maya was sent."""
    first = briefing.when
    moved_to(briefing, "Room B")
    moved_an_hour_later(briefing)
    briefing.location = "Room C"
    moved_an_hour_later(briefing)

    [changed] = waiting_to(maya)
    assert "Place: Room C (was Room A)" in changed.text
    assert f"When: {briefing.when} (was {first})" in changed.text
    assert "Room C</strong> (was Room A)" in changed.html
    assert "Room B" not in changed.text
    assert changed.changes == {
        "When": {"was": first, "now": briefing.when},
        "Place": {"was": "Room A", "now": "Room C"},
    }


def test_quick_changes_merge_whatever_the_emails_wording(maya, briefing, settings, tmp_path):
    """The email's words are the template's to change: the merged email still names the
    room Maya was last sent."""
    (tmp_path / "mentoring" / "email").mkdir(parents=True)
    (tmp_path / "mentoring" / "email" / "event_changed_message.txt").write_text(REWORDED)
    [engine] = settings.TEMPLATES
    settings.TEMPLATES = [{**engine, "DIRS": [tmp_path, *engine["DIRS"]]}]
    moved_to(briefing, "Room B")

    moved_to(briefing, "Room C")

    [changed] = waiting_to(maya)
    assert "Place used to be Room A and is now Room C." in changed.text
    assert "Room C</strong> (was Room A)" in changed.html


def test_a_change_waiting_from_before_the_record_was_kept_is_followed_by_the_latest_alone(
    maya, briefing
):
    """The room moved from A to B in an email written before what it told was recorded;
    the room moves again while it waits. Its words are not read back: what goes says the
    room is now C, was B, which is true, and nothing of Room A or of anything else."""
    moved_to(briefing, "Room B")
    OutboxMessage.objects.filter(recipient=maya, status=OutboxStatus.PENDING).update(changes={})

    moved_to(briefing, "Room C")

    [changed] = waiting_to(maya)
    assert "Place: Room C (was Room B)" in changed.text
    assert "Room A" not in changed.text
    assert "When:" not in changed.text
    assert changed.changes == {"Place": {"was": "Room B", "now": "Room C"}}


def test_what_a_change_email_told_is_not_kept_once_it_is_called_off_or_sent(
    maya, briefing, django_capture_on_commit_callbacks, mailoutbox
):
    moved_to(briefing, "Room B")
    [called_off] = waiting_to(maya)

    with django_capture_on_commit_callbacks(execute=True):
        moved_to(briefing, "Room C")

    called_off.refresh_from_db()
    assert (called_off.status, called_off.changes) == (OutboxStatus.CANCELLED, {})
    [sent] = OutboxMessage.objects.filter(
        recipient=maya, status=OutboxStatus.SENT, pk__gt=called_off.pk
    )
    assert "Place: Room C (was Room A)" in mailoutbox[-1].body
    assert sent.changes == {}


def test_a_failed_change_email_keeps_nothing_it_told_once_its_account_is_deleted(
    maya, briefing, cast
):
    moved_to(briefing, "Room B")
    [changed] = waiting_to(maya)
    OutboxMessage.objects.filter(pk=changed.pk).update(status=OutboxStatus.FAILED)

    account_delete(user=maya, by=cast.coordinator)

    failed = OutboxMessage.objects.get(pk=changed.pk)
    assert failed.status == OutboxStatus.FAILED
    assert (failed.text, failed.changes) == ("", {})
