"""Moving an event, or changing its place, once people hold places asks the programme office
first: the page says what changes (was → now) and names everyone who will be emailed, and
nothing is saved or sent before "Yes"; "No, go back" shows the change form again as it was
typed. On "Yes" the change is saved and each of them is
emailed it with a calendar file that updates the entry they have (same UID, a higher
SEQUENCE). A change nobody needs telling about saves at once."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from icalendar import Calendar

from accounts.models import OutboxMessage
from mentoring.calendar import event_ics
from mentoring.models import Event
from mentoring.models.events import event_changes
from mentoring.services.events import (
    EventChanged,
    EventError,
    PlacesChanged,
    event_update,
    places_fingerprint,
)
from tests.admin_pages import (
    confirmed,
    messages_shown,
    recipients_named,
    sign_in_for_real,
    went_back,
    words,
)
from tests.cast import from_the_cast
from tests.event_admin import as_posted, change_url
from tests.factories import EventFactory, RegistrationFactory, UserFactory

pytestmark = pytest.mark.django_db

LONDON = ZoneInfo("Europe/London")
NOW = datetime(2026, 9, 15, 10, 0, tzinfo=LONDON)

# The briefing moves from Thursday 8 October, 14:00 to 17:30, to the next Thursday morning.
MOVED = {
    "starts_at_0": "15/10/2026",
    "starts_at_1": "10:00",
    "ends_at_0": "15/10/2026",
    "ends_at_1": "13:30",
}
WAS = "Thursday 8 October 2026, 14:00 to 17:30 BST"
NOW_AT = "Thursday 15 October 2026, 10:00 to 13:30 BST"


@pytest.fixture(autouse=True)
def _mid_september(time_machine):
    time_machine.move_to(NOW, tick=False)


programme = from_the_cast("programme")


def person(full_name):
    address = full_name.lower().replace(" ", ".")
    return UserFactory(full_name=full_name, email=f"{address}@example.org")


def a_briefing(programme, capacity=12) -> Event:
    return EventFactory(
        programme=programme,
        title="Board-member briefing",
        starts_at=datetime(2026, 10, 8, 14, 0, tzinfo=LONDON),
        ends_at=datetime(2026, 10, 8, 17, 30, tzinfo=LONDON),
        location="Senate Room, Main Building",
        capacity=capacity,
    )


@pytest.fixture
def briefing(programme):
    """Priya and Tom hold places; Dana gave hers back."""
    event = a_briefing(programme)
    RegistrationFactory(event=event, person=person("Priya Patel"))
    RegistrationFactory(event=event, person=person("Tom Tran"))
    RegistrationFactory(event=event, person=person("Dana Dunn"), status="cancelled")
    return event


def changes_written() -> list[OutboxMessage]:
    """The emails telling people of a change, in the outbox (sent or still waiting)."""
    return list(OutboxMessage.objects.filter(kind="mentoring/email/event_changed"))


def calendar_item(ics: str | bytes):
    [item] = Calendar.from_ical(ics).walk("VEVENT")
    return item


# --- asked first ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("changes", "said"),
    [
        (MOVED, f"When: {WAS} → {NOW_AT}"),
        (
            {"ends_at_0": "08/10/2026", "ends_at_1": "16:00"},
            f"When: {WAS} → Thursday 8 October 2026, 14:00 to 16:00 BST",
        ),
        (
            {"location": "Room 2.14, Library"},
            "Place: Senate Room, Main Building → Room 2.14, Library",
        ),
        (
            {"online_url": "https://meet.example.org/briefing"},
            "Online link: none → https://meet.example.org/briefing",
        ),
    ],
)
def test_changing_the_time_or_place_asks_first_and_changes_and_sends_nothing(
    office, briefing, changes, said, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        page = office.post(change_url(briefing), as_posted(office, briefing, **changes))

    assert page.status_code == 200
    content = page.content.decode()
    text = words(content)
    assert "Change the time or place of Board-member briefing and email 2 people?" in text
    assert f"What changes {said} Who will be emailed (2)" in text
    assert recipients_named(page) == [
        "Priya Patel (priya.patel@example.org): registered",
        "Tom Tran (tom.tran@example.org): registered",
    ]
    assert 'value="Yes, save and email 2 people"' in content
    assert (
        '<button type="submit" name="went_back" value="yes" formnovalidate '
        'class="button cancel-link">No, go back</button>'
    ) in content
    unchanged = Event.objects.get(pk=briefing.pk)
    assert (unchanged.starts_at, unchanged.ends_at) == (briefing.starts_at, briefing.ends_at)
    assert (unchanged.location, unchanged.online_url) == (briefing.location, "")
    assert unchanged.sequence == 0
    assert changes_written() == []
    assert mail.outbox == []


def test_the_page_carries_back_what_was_typed_and_the_move_it_showed(office, briefing):
    data = as_posted(office, briefing, title="Board-member briefing (moved)", **MOVED)

    page = office.post(change_url(briefing), data)

    carried = confirmed(page)
    assert carried["title"] == ["Board-member briefing (moved)"]
    assert (carried["starts_at_0"], carried["starts_at_1"]) == (["15/10/2026"], ["10:00"])
    assert carried["seen_sequence"] == [0]
    assert "csrfmiddlewaretoken" not in carried


def test_no_go_back_shows_the_change_form_again_as_typed_and_saves_and_sends_nothing(
    office, briefing, django_capture_on_commit_callbacks
):
    data = as_posted(office, briefing, title="Board-member briefing (moved)", **MOVED)
    page = office.post(change_url(briefing), data)

    with django_capture_on_commit_callbacks(execute=True):
        back = office.post(change_url(briefing), went_back(page))

    assert back.status_code == 200
    content = back.content.decode()
    assert "Change event" in words(content)
    assert "Please correct" not in content
    for name in ("title", "starts_at_0", "starts_at_1", "ends_at_0", "ends_at_1"):
        assert f'name="{name}" value="{data[name]}"' in content
    assert messages_shown(back) == [
        "Nothing was saved. Here are your changes as you typed them; Save asks again before "
        "anyone is emailed."
    ]
    unchanged = Event.objects.get(pk=briefing.pk)
    assert (unchanged.title, unchanged.starts_at, unchanged.sequence) == (
        "Board-member briefing",
        briefing.starts_at,
        0,
    )
    assert changes_written() == []
    assert mail.outbox == []

    # Saving the form as it came back asks again, as the first time.
    again = office.post(change_url(briefing), data)
    assert recipients_named(again) == recipients_named(page)


# --- "Yes" ------------------------------------------------------------------------------------


def test_confirming_saves_and_emails_exactly_those_holding_places_with_the_updated_calendar(
    office, briefing, django_capture_on_commit_callbacks
):
    # Ada's place counts as Priya's and Tom's do. (An event where attendance is recorded
    # keeps its time: tests/mentoring/test_an_event_that_has_taken_place_keeps_its_time.py.)
    RegistrationFactory(event=briefing, person=person("Ada Adeyemi"))
    before = calendar_item(event_ics(briefing))
    page = office.post(change_url(briefing), as_posted(office, briefing, **MOVED))

    with django_capture_on_commit_callbacks(execute=True):
        response = office.post(change_url(briefing), confirmed(page), follow=True)

    moved = Event.objects.get(pk=briefing.pk)
    assert moved.starts_at == datetime(2026, 10, 15, 10, 0, tzinfo=LONDON)
    assert moved.ends_at == datetime(2026, 10, 15, 13, 30, tzinfo=LONDON)
    assert moved.sequence == 1
    assert "3 people holding a place were emailed what changed, with the updated calendar " in (
        " ".join(messages_shown(response))
    )
    # Dana gave her place back: she is not told.
    assert sorted(message.to[0] for message in mail.outbox) == [
        "ada.adeyemi@example.org",
        "priya.patel@example.org",
        "tom.tran@example.org",
    ]
    for message in mail.outbox:
        assert (
            message.subject == "Changed: Board-member briefing, now Thursday 15 October, 10:00 BST"
        )
        html = message.alternatives[0][0]
        assert f"When: {NOW_AT} (was {WAS})" in message.body
        assert f"When: <strong>{NOW_AT}</strong> (was {WAS})" in html
        assert "Board-member briefing (2026/27 pilot), where you have a place, has changed" in (
            message.body
        )
        [(name, ics, kind)] = message.attachments
        assert (name, kind) == ("event.ics", "text/calendar")
        item = calendar_item(ics)
        assert item["UID"] == before["UID"] == f"event-{briefing.pk}@reverse-mentoring"
        assert item["SEQUENCE"] > before["SEQUENCE"]
        assert item.decoded("DTSTART") == datetime(2026, 10, 15, 10, 0, tzinfo=LONDON)
    to_priya = next(m for m in mail.outbox if m.to == ["priya.patel@example.org"])
    assert to_priya.body.startswith("Dear Priya,")


@pytest.mark.parametrize(
    ("changes", "subject"),
    [
        (
            {"location": "Council Chamber"},
            "New place: Board-member briefing, Thursday 8 October, 14:00 BST, now at "
            "Council Chamber",
        ),
        (
            {"online_url": "https://meet.example.org/new"},
            "New online link: Board-member briefing, Thursday 8 October, 14:00 BST",
        ),
        ({"title": "t" * 150, "location": "x" * 200}, None),
    ],
)
def test_a_change_of_place_or_link_alone_is_not_announced_as_a_new_time(
    briefing, django_capture_on_commit_callbacks, changes, subject
):
    """Only the place moved: a subject "now <a time>" reads as a new time. Whatever the
    length of the title and the place it names, the subject fits the outbox."""
    for name, value in changes.items():
        setattr(briefing, name, value)

    with django_capture_on_commit_callbacks(execute=True):
        event_update(event=briefing)

    assert len(mail.outbox) == 2  # Priya and Tom
    for message in mail.outbox:
        if subject:
            assert message.subject == subject
        else:
            assert len(message.subject) == 300
            assert message.subject.endswith("…")


def test_each_move_raises_the_sequence_again(office, briefing, django_capture_on_commit_callbacks):
    for day in ("15", "22"):
        changes = {**MOVED, "starts_at_0": f"{day}/10/2026", "ends_at_0": f"{day}/10/2026"}
        page = office.post(change_url(briefing), as_posted(office, briefing, **changes))
        with django_capture_on_commit_callbacks(execute=True):
            office.post(change_url(briefing), confirmed(page))
        briefing.refresh_from_db()

    assert briefing.sequence == 2
    assert calendar_item(event_ics(briefing))["SEQUENCE"] == 2
    assert len(mail.outbox) == 4


def test_a_page_shown_before_someone_else_moved_the_event_is_refused_not_asked_again(
    office, briefing, django_capture_on_commit_callbacks
):
    """ "Yes" from a page opened before another coordinator moved the event would put back
    what that page showed: it is refused at once (`StaleEditGuard`), the form shown again as
    typed, rather than asked about again and refused only after a second "Yes"."""
    page = office.post(change_url(briefing), as_posted(office, briefing, **MOVED))
    # Meanwhile another coordinator moves it an hour later (and its people are told).
    elsewhere = Event.objects.get(pk=briefing.pk)
    elsewhere.starts_at += timedelta(hours=1)
    elsewhere.ends_at += timedelta(hours=1)
    event_update(event=elsewhere)
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        again = office.post(change_url(briefing), confirmed(page))

    assert again.status_code == 200
    assert "adminform" in again.context, "asked again before it was refused"
    assert (
        "Since you opened this page, a change to this event was saved in another tab or "
        "window, or by someone else, so nothing was saved" in words(again.content.decode())
    )
    briefing.refresh_from_db()
    assert (briefing.starts_at, briefing.sequence) == (elsewhere.starts_at, 1)
    assert mail.outbox == []


# --- nothing to tell --------------------------------------------------------------------------


def test_moving_an_event_nobody_holds_a_place_at_saves_at_once_and_sends_nothing(
    office, programme, django_capture_on_commit_callbacks
):
    event = a_briefing(programme)
    RegistrationFactory(event=event, person=person("Dana Dunn"), status="cancelled")

    with django_capture_on_commit_callbacks(execute=True):
        response = office.post(change_url(event), as_posted(office, event, **MOVED))

    assert response.status_code == 302
    event.refresh_from_db()
    assert event.starts_at == datetime(2026, 10, 15, 10, 0, tzinfo=LONDON)
    assert event.sequence == 1  # a calendar that has it (the subscription) still updates
    assert mail.outbox == []


def test_changing_the_title_description_or_capacity_saves_at_once_and_sends_nothing(
    office, briefing, django_capture_on_commit_callbacks
):
    data = as_posted(
        office,
        briefing,
        title="Briefing for board members",
        description="Bring a question.",
        capacity="15",
    )

    with django_capture_on_commit_callbacks(execute=True):
        response = office.post(change_url(briefing), data)

    assert response.status_code == 302
    briefing.refresh_from_db()
    assert (briefing.title, briefing.description, briefing.capacity) == (
        "Briefing for board members",
        "Bring a question.",
        15,
    )
    assert briefing.sequence == 0
    assert mail.outbox == []


# --- signed in for real -----------------------------------------------------------------------


def test_a_coordinator_signed_in_through_the_authenticator_moves_an_event(
    client, cast, briefing, django_capture_on_commit_callbacks
):
    sign_in_for_real(client, cast, "coordinator")
    page = client.post(change_url(briefing), as_posted(client, briefing, **MOVED))
    assert recipients_named(page) == [
        "Priya Patel (priya.patel@example.org): registered",
        "Tom Tran (tom.tran@example.org): registered",
    ]

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(change_url(briefing), confirmed(page))

    assert response.status_code == 302
    briefing.refresh_from_db()
    assert briefing.sequence == 1
    assert sorted(message.to[0] for message in mail.outbox) == [
        "priya.patel@example.org",
        "tom.tran@example.org",
    ]


# --- what it costs ----------------------------------------------------------------------------

# The confirmation page, however many hold places: the session, the coordinator, and
# whether they have an authenticator, are a coordinator, and their permissions (one query:
# accounts.access.staff_facts_read) (3); the event with its places taken, for the capacity,
# and whether anyone's attendance is recorded, which would keep its time (1, subqueries);
# the programme chosen, read and checked to exist (2); the event's five constraints, each
# checked in a savepoint (15); and those holding places, with their names: those to be
# emailed, then those whose accounts are switched off (2).
CONFIRMATION_QUERIES = 23


@pytest.mark.parametrize("holding", [2, 40])
def test_the_confirmation_page_costs_the_same_for_few_and_many_places(
    office, programme, holding, django_assert_max_num_queries
):
    event = a_briefing(programme, capacity=50)
    RegistrationFactory.create_batch(holding, event=event)
    data = as_posted(office, event, **MOVED)

    with django_assert_max_num_queries(CONFIRMATION_QUERIES):
        page = office.post(change_url(event), data)

    assert len(recipients_named(page)) == holding


# --- the rule ---------------------------------------------------------------------------------


def _event(**fields) -> Event:
    base = {
        "starts_at": datetime(2026, 10, 8, 14, 0, tzinfo=LONDON),
        "ends_at": datetime(2026, 10, 8, 17, 30, tzinfo=LONDON),
        "location": "Senate Room",
        "online_url": "",
        "title": "Briefing",
        "capacity": 12,
    }
    return Event(**{**base, **fields})


@pytest.mark.parametrize(
    ("after", "changes"),
    [
        (_event(title="Renamed", capacity=30, description="New words."), []),
        (
            _event(ends_at=datetime(2026, 10, 9, 9, 0, tzinfo=LONDON)),
            [
                (
                    "When",
                    WAS,
                    "Thursday 8 October 2026, 14:00 to Friday 9 October 2026, 09:00 BST",
                )
            ],
        ),
        (_event(location=""), [("Place", "Senate Room", "none")]),
        (
            _event(
                starts_at=datetime(2026, 10, 15, 10, 0, tzinfo=LONDON),
                ends_at=datetime(2026, 10, 15, 13, 30, tzinfo=LONDON),
                online_url="https://meet.example.org/b",
            ),
            [("When", WAS, NOW_AT), ("Online link", "none", "https://meet.example.org/b")],
        ),
    ],
)
def test_what_a_change_moves(after, changes):
    assert event_changes(_event(), after) == changes


# --- the service, for any caller ---------------------------------------------------------------


def test_a_save_over_a_move_not_seen_is_refused_with_nothing_saved_or_sent(briefing):
    moved = Event.objects.get(pk=briefing.pk)
    moved.location = "Room 2.14, Library"
    event_update(event=moved)
    stale = Event.objects.get(pk=briefing.pk)
    stale.location = "The Great Hall"

    with pytest.raises(EventChanged):
        event_update(event=stale, seen_sequence=0)

    briefing.refresh_from_db()
    assert (briefing.location, briefing.sequence) == ("Room 2.14, Library", 1)
    assert len(changes_written()) == 2  # the first move's, to Priya and Tom


def test_the_service_refuses_a_capacity_below_the_places_taken(briefing):
    briefing.capacity = 1

    with pytest.raises(EventError, match="2 places are taken"):
        event_update(event=briefing)

    assert Event.objects.get(pk=briefing.pk).capacity == 12


# --- nobody emailed whom the confirmation did not name ------------------------------------------


def test_a_place_taken_after_the_confirmation_named_who_is_emailed_asks_again(
    office, briefing, django_capture_on_commit_callbacks
):
    page = office.post(change_url(briefing), as_posted(office, briefing, **MOVED))
    assert [name.split(" (")[0] for name in recipients_named(page)] == ["Priya Patel", "Tom Tran"]
    RegistrationFactory(event=briefing, person=person("Ada Adeyemi"))  # meanwhile

    with django_capture_on_commit_callbacks(execute=True):
        again = office.post(change_url(briefing), confirmed(page))

    assert again.status_code == 200
    assert messages_shown(again) == [
        "Who holds a place at this event changed while you were looking at it, so nothing "
        "was saved. Here is what saving would change now."
    ]
    assert [name.split(" (")[0] for name in recipients_named(again)] == [
        "Ada Adeyemi",
        "Priya Patel",
        "Tom Tran",
    ]
    briefing.refresh_from_db()
    assert briefing.sequence == 0
    assert mail.outbox == []

    with django_capture_on_commit_callbacks(execute=True):
        office.post(change_url(briefing), confirmed(again))

    assert sorted(message.to[0] for message in mail.outbox) == [
        "ada.adeyemi@example.org",
        "priya.patel@example.org",
        "tom.tran@example.org",
    ]


def test_every_place_given_up_after_the_confirmation_saves_the_change_and_emails_nobody(
    office, briefing
):
    page = office.post(change_url(briefing), as_posted(office, briefing, **MOVED))
    briefing.registrations.update(status="cancelled")  # meanwhile

    again = office.post(change_url(briefing), confirmed(page), follow=True)

    assert "Nobody holds a place at this event any more, so nobody was emailed." in (
        messages_shown(again)
    )
    briefing.refresh_from_db()
    assert briefing.starts_at == datetime(2026, 10, 15, 10, 0, tzinfo=LONDON)
    assert not changes_written()


def test_the_service_emails_nobody_its_caller_did_not_name(briefing):
    """Saved without a confirmation (it named nobody), a move that would email someone who
    took a place since is refused, nothing saved."""
    moved = Event.objects.get(pk=briefing.pk)
    moved.location = "Council Chamber"

    with pytest.raises(PlacesChanged):
        event_update(event=moved, seen_places=places_fingerprint([]))

    assert Event.objects.get(pk=briefing.pk).location == "Senate Room, Main Building"
    assert not changes_written()
