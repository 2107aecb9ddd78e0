"""The programme office calls off an event from its own page: "Call off this event…" (only
where it may be called off, for someone who may change events) leads to a confirmation
naming everyone who will be emailed, with an optional message to them; nothing happens
before its button. Afterwards the event's page is read-only and says when and by whom it
was called off; the list shows it and filters on it; it is never deleted while people hold
places."""

import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.contrib.auth.models import Permission
from django.core import mail
from django.urls import reverse

from accounts.models import OutboxMessage
from mentoring.models import Event, RegistrationStatus
from mentoring.services.events import event_call_off
from tests.admin_pages import confirmed, messages_shown, recipients_named, rows, words
from tests.cast import from_the_cast
from tests.event_admin import as_posted, change_url
from tests.factories import EventFactory, RegistrationFactory, UserFactory

pytestmark = pytest.mark.django_db

LONDON = ZoneInfo("Europe/London")
NOW = datetime(2026, 9, 15, 10, 0, tzinfo=LONDON)
EVENTS = reverse("admin:mentoring_event_changelist")
CALL_OFF_TOOL = "Call off this event…"


@pytest.fixture(autouse=True)
def _mid_september(time_machine):
    time_machine.move_to(NOW, tick=False)


programme = from_the_cast("programme")


def person(full_name):
    address = full_name.lower().replace(" ", ".")
    return UserFactory(full_name=full_name, email=f"{address}@example.org")


def a_briefing(programme, title="Board-member briefing") -> Event:
    return EventFactory(
        programme=programme,
        title=title,
        starts_at=datetime(2026, 10, 8, 14, 0, tzinfo=LONDON),
        ends_at=datetime(2026, 10, 8, 17, 30, tzinfo=LONDON),
    )


@pytest.fixture
def briefing(programme):
    """Tom and Priya hold places; Dana gave hers back."""
    event = a_briefing(programme)
    RegistrationFactory(event=event, person=person("Tom Tran"))
    RegistrationFactory(event=event, person=person("Priya Patel"))
    RegistrationFactory(event=event, person=person("Dana Dunn"), status="cancelled")
    return event


def call_off_url(event) -> str:
    return reverse("admin:mentoring_event_call_off", args=[event.pk])


def call_off_post(page, message="") -> dict:
    """What the confirmation's button posts, with `message` typed in its field."""
    return {**confirmed(page), "message": message}


# --- the button ---------------------------------------------------------------------------


def test_an_event_to_come_offers_call_off_on_its_page(office, briefing):
    page = office.get(change_url(briefing))

    assert f'<a href="{call_off_url(briefing)}">{CALL_OFF_TOOL}</a>' in page.content.decode()


@pytest.mark.parametrize(
    "how",
    ["started", "attendance recorded", "called off"],
)
def test_an_event_that_cannot_be_called_off_offers_no_button(office, cast, briefing, how):
    if how == "started":
        Event.objects.filter(pk=briefing.pk).update(starts_at=NOW - timedelta(minutes=5))
    elif how == "attendance recorded":
        briefing.registrations.filter(person__full_name="Tom Tran").update(status="absent")
    else:
        event_call_off(event=briefing, by=cast.superuser, message="")

    page = office.get(change_url(briefing))

    assert page.status_code == 200
    assert CALL_OFF_TOOL not in page.content.decode()


# --- the confirmation ---------------------------------------------------------------------


def test_the_confirmation_names_everyone_emailed_and_changes_nothing(office, briefing):
    page = office.get(call_off_url(briefing))

    assert page.status_code == 200
    content = page.content.decode()
    text = words(content)
    assert "Call off Board-member briefing and email 2 people?" in text
    assert "When: Thursday 8 October 2026, 14:00 to 17:30 BST" in text
    assert "Who will be emailed (2)" in text
    assert recipients_named(page) == [
        "Priya Patel (priya.patel@example.org)",
        "Tom Tran (tom.tran@example.org)",
    ]
    assert "Message to those holding places (optional)" in text
    assert "Up to 1,000 characters." in text
    assert '<textarea name="message" id="id_message"' in content
    assert 'value="Call off and email 2 people"' in content
    assert f'<a href="{change_url(briefing)}" class="button cancel-link">No, go back</a>' in content
    # Enter in a text field among its questions never sends it (static/js/site.js).
    assert re.search(r"<form method=\"post\" data-enter-does-not-submit>", content)
    assert Event.objects.get(pk=briefing.pk).called_off_at is None
    assert not OutboxMessage.objects.exists()


def test_with_nobody_holding_a_place_the_button_only_calls_off(office, programme):
    event = a_briefing(programme, title="Evening briefing")
    RegistrationFactory(event=event, person=person("Dana Dunn"), status="cancelled")

    page = office.get(call_off_url(event))

    content = page.content.decode()
    assert "Call off Evening briefing?" in words(content)
    assert "Nobody holds a place at this event, so nobody is emailed." in words(content)
    assert 'value="Call off"' in content
    assert 'name="message"' not in content

    done = office.post(call_off_url(event), confirmed(page), follow=True)

    assert messages_shown(done) == [
        "Evening briefing is called off. Nobody held a place, so nobody was emailed."
    ]
    assert Event.objects.get(pk=event.pk).called_off_at == NOW
    assert mail.outbox == []
    assert "Nobody held a place, so nobody was emailed; the event stays as it was" in words(
        done.content.decode()
    )


def test_calling_off_emails_them_and_leaves_a_read_only_page_saying_when_and_by_whom(
    office, briefing, django_capture_on_commit_callbacks
):
    page = office.get(call_off_url(briefing))

    with django_capture_on_commit_callbacks(execute=True):
        done = office.post(
            call_off_url(briefing), call_off_post(page, "The speaker is unwell."), follow=True
        )

    assert done.redirect_chain == [(change_url(briefing), 302)]
    assert messages_shown(done) == [
        "Board-member briefing is called off. 2 people holding a place were emailed, with a "
        "calendar file that takes it out of their calendar."
    ]
    assert sorted(message.to[0] for message in mail.outbox) == [
        "priya.patel@example.org",
        "tom.tran@example.org",
    ]
    assert all("The speaker is unwell." in message.body for message in mail.outbox)
    content = done.content.decode()
    text = words(content)
    assert "View event" in text
    assert "Called off on Tuesday 15 September 2026, 10:00 BST by Carmen Coordinator." in text
    assert (
        "2 people holding a place were emailed, with a calendar file that takes it out of their "
        "calendar; the event stays as it was, read-only."
    ) in text
    assert "Message to those holding places: The speaker is unwell." in text
    assert 'name="_save"' not in content
    assert CALL_OFF_TOOL not in content
    assert ">Audit trail</a>" in content


def test_a_called_off_event_cannot_be_changed(office, briefing, cast):
    data = as_posted(office, briefing, title="Board-member briefing (new date)")
    event_call_off(event=briefing, by=cast.superuser, message="")

    response = office.post(change_url(briefing), data)

    assert response.status_code == 403
    assert Event.objects.get(pk=briefing.pk).title == "Board-member briefing"


def test_a_message_past_its_limit_is_said_at_the_top_and_nothing_is_called_off(office, briefing):
    page = office.get(call_off_url(briefing))

    again = office.post(call_off_url(briefing), call_off_post(page, "x" * 1_001))

    assert again.status_code == 200
    content = again.content.decode()
    assert "There is a problem" in content
    assert (
        '<a class="alert-link" href="#id_message">This can be up to 1,000 characters long. '
        "Please shorten it.</a>" in content
    )
    assert 'aria-invalid="true"' in content
    assert "x" * 1_001 in content  # kept as typed
    assert Event.objects.get(pk=briefing.pk).called_off_at is None
    assert not OutboxMessage.objects.exists()


def test_someone_taking_a_place_meanwhile_is_named_before_anyone_is_emailed(office, briefing):
    page = office.get(call_off_url(briefing))
    RegistrationFactory(event=briefing, person=person("Ada Adeyemi"))

    again = office.post(call_off_url(briefing), call_off_post(page, "The speaker is unwell."))

    assert again.status_code == 200
    assert messages_shown(again) == [
        "Who holds a place at this event changed while you were looking at it, so it was not "
        "called off. Here is who would be emailed now."
    ]
    assert recipients_named(again)[0] == "Ada Adeyemi (ada.adeyemi@example.org)"
    assert 'value="Call off and email 3 people"' in again.content.decode()
    assert "The speaker is unwell.</textarea>" in again.content.decode()
    assert Event.objects.get(pk=briefing.pk).called_off_at is None
    assert not OutboxMessage.objects.exists()


@pytest.mark.parametrize(
    ("how", "said"),
    [
        ("started", "This event has started, so it can no longer be called off."),
        ("called off", "This event is called off already."),
    ],
)
def test_the_confirmation_of_an_event_that_cannot_be_called_off_says_why_on_its_page(
    office, cast, briefing, how, said
):
    page = office.get(call_off_url(briefing))
    if how == "started":
        Event.objects.filter(pk=briefing.pk).update(starts_at=NOW - timedelta(minutes=5))
    else:
        event_call_off(event=briefing, by=cast.superuser, message="")
    mail.outbox.clear()

    for response in (
        office.get(call_off_url(briefing), follow=True),
        office.post(call_off_url(briefing), call_off_post(page), follow=True),
    ):
        assert response.redirect_chain == [(change_url(briefing), 302)]
        assert messages_shown(response) == [said]
    assert mail.outbox == []


def test_an_event_that_does_not_exist_is_not_found(office):
    assert office.get(reverse("admin:mentoring_event_call_off", args=[999_999])).status_code == 404


# --- who may --------------------------------------------------------------------------------


@pytest.fixture
def observer(client):
    """Staff with an authenticator who may look at events but not change them."""
    person = UserFactory(full_name="Olive Observer", is_staff=True)
    TOTP.activate(person, generate_totp_secret())
    person.user_permissions.add(Permission.objects.get(codename="view_event"))
    client.force_login(person)
    return client


def test_someone_who_may_only_view_events_cannot_call_one_off(observer, briefing):
    page = observer.get(change_url(briefing))
    assert page.status_code == 200
    assert CALL_OFF_TOOL not in page.content.decode()

    assert observer.get(call_off_url(briefing)).status_code == 403
    response = observer.post(call_off_url(briefing), {"confirmed": "yes", "message": ""})

    assert response.status_code == 403
    assert Event.objects.get(pk=briefing.pk).called_off_at is None


def test_a_coordinator_without_an_authenticator_is_sent_to_set_one_up(client, cast, briefing):
    client.force_login(cast.coordinator_without_authenticator)

    for response in (
        client.get(call_off_url(briefing)),
        client.post(call_off_url(briefing), {"confirmed": "yes", "message": ""}),
    ):
        assert response.status_code == 302
        assert response.url == reverse("mfa_activate_totp")
    assert Event.objects.get(pk=briefing.pk).called_off_at is None


# --- the list ------------------------------------------------------------------------------


@pytest.fixture
def two_events(programme, briefing, cast):
    """The briefing called off on 15 September; an evening briefing going ahead."""
    event_call_off(event=briefing, by=cast.coordinator, message="")
    return briefing, a_briefing(programme, title="Evening briefing")


@pytest.mark.parametrize(
    ("query", "shown"),
    [
        ("", {"Board-member briefing": "Called off 15 Sep 2026", "Evening briefing": "-"}),
        ("?called_off=yes", {"Board-member briefing": "Called off 15 Sep 2026"}),
        ("?called_off=no", {"Evening briefing": "-"}),
    ],
)
def test_the_list_says_which_are_called_off_and_filters_on_it(office, two_events, query, shown):
    listed = {row["title"]: row["called_off"] for row in rows(office.get(f"{EVENTS}{query}"))}

    # The cast's own briefings (held, going ahead) are listed too.
    assert {title: listed[title] for title in listed if title in shown} == shown
    assert ("Board-member briefing" in listed) == ("Board-member briefing" in shown)
    assert ("Evening briefing" in listed) == ("Evening briefing" in shown)


def test_the_filter_is_offered_in_words(office, two_events):
    content = words(office.get(EVENTS).content.decode())

    assert "By called off" in content
    assert "Called off Going ahead" in content


def test_a_called_off_event_where_people_held_places_is_not_deleted(office, two_events):
    called_off, _ = two_events

    response = office.get(
        reverse("admin:mentoring_event_delete", args=[called_off.pk]), follow=True
    )
    office.post(
        EVENTS, {"action": "delete_selected", "_selected_action": [called_off.pk], "post": "yes"}
    )

    assert response.redirect_chain == [(change_url(called_off), 302)]
    assert messages_shown(response) == [
        "People registered for this event, so it is not deleted: their calendars and the "
        "briefing record keep it. It is called off, and stays as the record of who held a place."
    ]
    # The list offers no bulk delete, and one posted anyway deletes nothing.
    assert 'value="delete_selected"' not in office.get(EVENTS).content.decode()
    assert Event.objects.filter(pk=called_off.pk).exists()
    assert called_off.registrations.filter(status=RegistrationStatus.REGISTERED).count() == 2


def test_attendance_is_not_recorded_at_an_event_called_off(office, cast, briefing):
    event_call_off(event=briefing, by=cast.coordinator, message="")
    # Its day has come (it was called off before it).
    Event.objects.filter(pk=briefing.pk).update(
        called_off_at=NOW - timedelta(days=2), starts_at=NOW - timedelta(hours=1)
    )
    held = list(briefing.registrations.filter(status=RegistrationStatus.REGISTERED))

    response = office.post(
        reverse("admin:mentoring_registration_changelist"),
        {"action": "mark_attended", "_selected_action": [r.pk for r in held]},
        follow=True,
    )

    assert messages_shown(response) == [
        "Left as they were: Priya Patel and Tom Tran, whose event was called off."
    ]
    for registration in held:
        registration.refresh_from_db()
        assert registration.status == RegistrationStatus.REGISTERED
