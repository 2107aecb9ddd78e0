"""Once the programme office calls an event off, nobody is offered a place at it and nobody
counts as registered for it: those who held a place see it on /events/ as called off, with
the office's message and nothing to press; others no longer see it; the dashboard sends
someone whose briefing was called off to another one; no reminder goes out for it; and every
calendar file of it says it is cancelled."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.test import Client
from django.urls import reverse
from icalendar import Calendar

from accounts.models import OutboxStatus
from accounts.outbox import outbox_sweep
from mentoring.models import Audience, Registration, Reminder
from mentoring.reminders import reminders_dispatch
from mentoring.selectors.pairs import busy_for
from mentoring.services.events import EventError, event_call_off, registration_create
from mentoring.services.pairs import calendar_feed_for
from tests.briefings import cast_briefings_held
from tests.cast import browser_of, from_the_cast
from tests.factories import BoardMemberFactory, EventFactory, RegistrationFactory, application_from

pytestmark = pytest.mark.django_db

LONDON = ZoneInfo("Europe/London")
NOW = datetime(2026, 9, 15, 10, 0, tzinfo=LONDON)
EVENTS = reverse("events")
DASHBOARD = reverse("dashboard")
MESSAGE = "Our speaker is unwell. A new date follows soon."


@pytest.fixture(autouse=True)
def _mid_september(time_machine):
    time_machine.move_to(NOW, tick=False)


programme = from_the_cast("programme", first=cast_briefings_held)  # briefings over by now
coordinator = from_the_cast("coordinator")


@pytest.fixture
def briefing(programme):
    """The mentors' briefing on Tuesday 6 October."""
    return EventFactory(
        programme=programme,
        title="October mentor briefing",
        audience=Audience.MENTORS,
        starts_at=datetime(2026, 10, 6, 9, 30, tzinfo=LONDON),
        ends_at=datetime(2026, 10, 6, 13, 0, tzinfo=LONDON),
    )


@pytest.fixture
def later_briefing(programme):
    """Another mentors' briefing, in November."""
    return EventFactory(
        programme=programme,
        title="November mentor briefing",
        audience=Audience.MENTORS,
        starts_at=datetime(2026, 11, 3, 9, 30, tzinfo=LONDON),
        ends_at=datetime(2026, 11, 3, 13, 0, tzinfo=LONDON),
    )


@pytest.fixture
def priya(programme, briefing):
    """Priya Patel, under review as a mentor, who took a place at the October briefing."""
    applicant = application_from(programme, "Priya Patel").applicant
    RegistrationFactory(event=briefing, person=applicant)
    return applicant


@pytest.fixture
def tom(programme):
    """Tom Tran, under review as a mentor, with no place at any briefing."""
    return application_from(programme, "Tom Tran").applicant


def call_off(event, coordinator, message=MESSAGE):
    event_call_off(event=event, by=coordinator, message=message)


def card_of(content: str, title: str) -> str:
    """The events page's card for the event called `title`."""
    start = content.index(f">{title}</h2>")
    return content[start : content.index("</section>", start)]


# --- /events/ -----------------------------------------------------------------------------


def test_someone_who_held_a_place_sees_it_called_off_with_the_message_and_nothing_to_press(
    priya, briefing, later_briefing, coordinator
):
    call_off(briefing, coordinator)

    content = browser_of(priya).get(EVENTS).content.decode()

    card = card_of(content, "October mentor briefing")
    assert '<span class="badge text-bg-danger" aria-hidden="true">Called off</span>' in card
    assert "The programme office has called off this event, where you had a place." in card
    assert (
        "To be briefed before you are matched, take a place at the briefing on "
        f'<a href="#event-{later_briefing.pk}-title">Tuesday 3 November</a>, listed on this page.'
        in card
    )
    assert MESSAGE in card
    for offered in ("<form", "<button", "Add to calendar", "You are registered"):
        assert offered not in card
    # The other briefing is offered as before.
    assert "Register<span" in card_of(content, "November mentor briefing")


def test_a_briefing_called_off_names_and_links_the_briefing_to_take_though_listed_above_it(
    priya, briefing, coordinator, programme
):
    """Priya's October briefing is called off; the one with places is in late September,
    listed above it, not below."""
    earlier = EventFactory(
        programme=programme,
        title="September mentor briefing",
        audience=Audience.MENTORS,
        starts_at=datetime(2026, 9, 29, 9, 30, tzinfo=LONDON),
        ends_at=datetime(2026, 9, 29, 13, 0, tzinfo=LONDON),
    )
    call_off(briefing, coordinator)

    content = browser_of(priya).get(EVENTS).content.decode()

    assert content.index("September mentor briefing") < content.index("October mentor briefing")
    card = card_of(content, "October mentor briefing")
    assert "below" not in card
    assert (
        "take a place at the briefing on "
        f'<a href="#event-{earlier.pk}-title">Tuesday 29 September</a>, listed on this page.'
        in card
    )
    assert f'id="event-{earlier.pk}-title"' in content


def test_someone_without_a_place_does_not_see_it(tom, briefing, later_briefing, coordinator):
    call_off(briefing, coordinator)

    content = browser_of(tom).get(EVENTS).content.decode()

    assert "October mentor briefing" not in content
    assert "November mentor briefing" in content


def test_someone_who_gave_their_place_back_before_does_not_see_it(priya, briefing, coordinator):
    Registration.objects.filter(person=priya).update(status="cancelled")
    call_off(briefing, coordinator)

    content = browser_of(priya).get(EVENTS).content.decode()

    assert "October mentor briefing" not in content
    assert "There are no upcoming events for you just now." in content


def test_taking_a_place_at_it_is_refused_with_a_reason(tom, briefing, coordinator):
    call_off(briefing, coordinator)

    response = browser_of(tom).post(reverse("event_register", args=[briefing.pk]), follow=True)

    assert [str(m) for m in response.context["messages"]] == [
        "The programme office has called off this event, so no places can be taken. Choose "
        "another date on the events page."
    ]
    assert not Registration.objects.filter(person=tom).exists()
    with pytest.raises(EventError, match="has called off this event"):
        registration_create(event=briefing, person=tom)


def test_cancelling_a_place_at_it_is_refused_and_the_place_is_kept_as_history(
    priya, briefing, coordinator, mailoutbox, django_capture_on_commit_callbacks
):
    call_off(briefing, coordinator)

    with django_capture_on_commit_callbacks(execute=True):
        response = browser_of(priya).post(reverse("event_cancel", args=[briefing.pk]), follow=True)

    assert [str(m) for m in response.context["messages"]] == [
        "This event is called off, so there is no place to cancel."
    ]
    assert Registration.objects.get(person=priya).status == "registered"
    assert mailoutbox == []


# --- the dashboard ------------------------------------------------------------------------


def test_the_dashboard_sends_someone_whose_briefing_was_called_off_to_another(
    priya, briefing, later_briefing, coordinator
):
    call_off(briefing, coordinator)

    content = browser_of(priya).get(DASHBOARD).content.decode()

    assert "registered for" not in content.lower()
    assert "October mentor briefing" not in content
    assert 'Coming up:\n      <a href="/events/">November mentor briefing</a>' in content
    assert f'<a href="/events/#event-{later_briefing.pk}-title">register for it</a>' in content


def test_with_no_other_briefing_the_dashboard_says_hers_was_called_off(
    priya, briefing, coordinator
):
    call_off(briefing, coordinator)

    content = browser_of(priya).get(DASHBOARD).content.decode()

    assert "registered for" not in content.lower()
    assert (
        "Your briefing on Tuesday 6 October was called off, and no other is scheduled for you"
        in content
    )
    assert "No briefing is scheduled for you yet" not in content


def next_step_asking_for_a_date(programme) -> str:
    office = programme.contact_email
    return (
        "Next: ask the programme office about a briefing date, at "
        f'<a href="mailto:{office}">{office}</a>.'
    )


def test_with_no_briefing_to_take_the_next_step_is_to_ask_the_office_for_a_date(
    priya, briefing, coordinator
):
    """Told to ask the office about a date, the applicant is not then told there is nothing
    to do: the dashboard and the programme page say the one next step, with the address."""
    call_off(briefing, coordinator)
    programme_page = reverse("programme_detail", args=[briefing.programme.slug])

    for page in (DASHBOARD, programme_page):
        content = browser_of(priya).get(page).content.decode()

        assert (
            "Your briefing on Tuesday 6 October was called off, and no other is scheduled for you"
            in content
        )
        assert next_step_asking_for_a_date(briefing.programme) in content
        assert "Next: nothing for now" not in content
        # Said once, by the next step: not also by the status line above it.
        assert content.count("ask the programme office") == 1


def test_with_only_a_full_briefing_the_next_step_is_to_ask_the_office_for_a_date(
    priya, briefing, later_briefing, coordinator
):
    later_briefing.capacity = 1
    later_briefing.save(update_fields=["capacity"])
    RegistrationFactory(event=later_briefing)  # its one place, taken
    call_off(briefing, coordinator)

    content = browser_of(priya).get(DASHBOARD).content.decode()

    assert "It is full just now." in content
    assert next_step_asking_for_a_date(briefing.programme) in content
    assert "Next: nothing for now" not in content
    assert content.count("ask the programme office") == 1


def test_with_a_place_at_another_briefing_there_is_nothing_to_ask_the_office(
    priya, briefing, later_briefing, coordinator
):
    RegistrationFactory(event=later_briefing, person=priya)
    call_off(briefing, coordinator)

    content = browser_of(priya).get(DASHBOARD).content.decode()

    assert "about a briefing date" not in content
    assert "Next: nothing for now." in content


def test_a_board_members_briefing_called_off_is_not_theirs_either(programme, coordinator):
    member = BoardMemberFactory(programme=programme).user
    called_off = EventFactory(
        programme=programme, title="Board briefing", audience=Audience.BOARD_MEMBERS
    )
    RegistrationFactory(event=called_off, person=member)
    call_off(called_off, coordinator)

    content = browser_of(member).get(DASHBOARD).content.decode()

    assert "registered for" not in content.lower()
    assert "Board briefing" not in content
    assert "was called off, and no other is scheduled for you" in content


def test_it_no_longer_fills_the_persons_diary(priya, briefing, later_briefing, coordinator):
    RegistrationFactory(event=later_briefing, person=priya)
    call_off(briefing, coordinator)

    assert [busy.label for busy in busy_for(priya)] == ["November mentor briefing"]


# --- reminders ----------------------------------------------------------------------------


@pytest.fixture
def tomorrow(programme, priya):
    """A briefing tomorrow at noon, where Priya holds a place."""
    noon = NOW.replace(hour=12) + timedelta(days=1)
    event = EventFactory(programme=programme, title="Briefing tomorrow", starts_at=noon)
    RegistrationFactory(event=event, person=priya, placed_at=NOW - timedelta(days=7))
    return event


def test_no_reminder_goes_for_an_event_called_off(
    tomorrow, coordinator, mailoutbox, django_capture_on_commit_callbacks
):
    call_off(tomorrow, coordinator)
    mailoutbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        written = reminders_dispatch(NOW.replace(hour=9))

    assert written["event_tomorrow"] == 0
    assert mailoutbox == []


def test_a_reminder_queued_before_the_call_off_is_not_sent(
    tomorrow, coordinator, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False):
        assert reminders_dispatch(NOW.replace(hour=9))["event_tomorrow"] == 1
    call_off(tomorrow, coordinator)

    with django_capture_on_commit_callbacks(execute=True):
        outbox_sweep()

    # Priya hears that it is called off; nobody is reminded of it.
    assert [mail.subject for mail in mailoutbox] == [
        "Called off: Briefing tomorrow, Wednesday 16 September, 12:00 BST"
    ]
    reminder = Reminder.objects.select_related("message").get(kind="event_tomorrow")
    assert reminder.message.status == OutboxStatus.CANCELLED
    assert reminder.message.cancelled_reason == "The programme office called the event off."


# --- calendar files -----------------------------------------------------------------------


def only_event(ics: bytes):
    [item] = Calendar.from_ical(ics).walk("VEVENT")
    return item


def test_the_persons_calendar_file_says_it_is_cancelled(priya, briefing, coordinator):
    call_off(briefing, coordinator)

    response = browser_of(priya).get(reverse("event_calendar", args=[briefing.pk]))

    item = only_event(response.content)
    assert str(item["STATUS"]) == "CANCELLED"
    assert item["SEQUENCE"] == 1
    assert str(item["DESCRIPTION"]) == f"Called off by the programme office.\n\n{MESSAGE}"


def test_the_subscribed_calendar_says_it_is_cancelled(priya, briefing, coordinator):
    call_off(briefing, coordinator)
    feed = calendar_feed_for(priya)

    response = Client().get(f"{reverse('calendar_feed')}?token={feed.token}")

    item = only_event(response.content)
    assert str(item["UID"]) == f"event-{briefing.pk}@reverse-mentoring"
    assert str(item["STATUS"]) == "CANCELLED"
    assert item["SEQUENCE"] == 1


def test_the_persons_own_data_says_when_it_was_called_off(priya, briefing, coordinator):
    call_off(briefing, coordinator)

    data = browser_of(priya).get(reverse("personal_data_download")).json()

    [event] = [event for event in data["events"] if event["event"] == "October mentor briefing"]
    assert event["status"] == "Registered"
    assert event["called_off"].startswith("2026-09-15T")


def test_with_no_other_briefing_to_take_the_page_and_email_say_to_ask_the_office(
    priya, briefing, coordinator, mailoutbox, django_capture_on_commit_callbacks
):
    """Nothing to take is not offered, and no email of a new date is promised (none is sent
    when the office adds one): the page and the email say to ask the office."""
    with django_capture_on_commit_callbacks(execute=True):
        call_off(briefing, coordinator)

    card = card_of(browser_of(priya).get(EVENTS).content.decode(), "October mentor briefing")
    no_other = (
        "No other briefing has a place just now: ask the programme office about another date."
    )
    # The page gives the office's address, linked (as the dashboard's "Next:" does).
    office = briefing.programme.contact_email
    assert (
        "No other briefing has a place just now: ask the programme office about another date, "
        f'at <a href="mailto:{office}">{office}</a>.'
    ) in card
    assert "let you know" not in card
    assert "take a place at the briefing on" not in card
    [email] = [mail for mail in mailoutbox if mail.to == [priya.email]]
    # In the page's words (Event.NONE_OTHER_SAID), text and HTML, without the address.
    assert no_other in email.body
    assert no_other in email.alternatives[0][0]
    assert "let you know" not in email.body
    assert "take a place at another one" not in email.body


def test_a_full_briefing_is_not_one_to_take(
    priya, briefing, later_briefing, coordinator, mailoutbox, django_capture_on_commit_callbacks
):
    later_briefing.capacity = 1
    later_briefing.save(update_fields=["capacity"])
    RegistrationFactory(event=later_briefing)  # its one place, taken
    with django_capture_on_commit_callbacks(execute=True):
        call_off(briefing, coordinator)

    [email] = [mail for mail in mailoutbox if mail.to == [priya.email]]
    assert "No other briefing has a place just now" in email.body
