"""Mentors and board members see the briefings and group sessions meant for them, take a
place, get the details by email with a calendar file, and can give the place back."""

import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from icalendar import Calendar

from accounts.models import OutboxMessage
from mentoring.models import (
    Audience,
    EventKind,
    ProgrammeStatus,
    Registration,
    RegistrationStatus,
)
from mentoring.services.applications import application_withdraw
from mentoring.services.line_managers import line_manager_answer
from tests.briefings import cast_briefings_held
from tests.cast import from_the_cast
from tests.factories import (
    BoardMemberFactory,
    DraftApplicationFactory,
    EventFactory,
    MentorApplicationFactory,
    ProgrammeFactory,
    RegistrationFactory,
    UserFactory,
    application_from,
    line_manager_asked,
)

pytestmark = pytest.mark.django_db

LONDON = ZoneInfo("Europe/London")
# Mid-September: the briefings are in October, the closing evaluation next June.
NOW = datetime(2026, 9, 15, 10, 0, tzinfo=LONDON)
MENTOR_BRIEFING_AT = datetime(2026, 10, 6, 9, 30, tzinfo=LONDON)

EVENTS = reverse("events")


@pytest.fixture(autouse=True)
def _mid_september(time_machine):
    time_machine.move_to(NOW, tick=False)


programme = from_the_cast("programme", first=cast_briefings_held)  # briefings over by now


@pytest.fixture
def medics():
    """Another programme running at the same time."""
    return ProgrammeFactory(name="Medical School cohort", slug="medics")


# --- the people -----------------------------------------------------------------------------


staff_member = from_the_cast("outsider")  # Olu, signed-up staff in no programme
coordinator = from_the_cast("coordinator")


def places(cast):
    """Every registration but those of the cast's pairs, who never act here."""
    pairs = [cast.mentor, cast.board_member, cast.other_mentor, cast.other_board_member]
    return Registration.objects.exclude(person__in=pairs)


@pytest.fixture
def mentor(programme):
    """Priya Patel, whose application to be a mentor in the pilot is under review."""
    return application_from(programme, "Priya Patel").applicant


@pytest.fixture
def accepted_mentor(programme):
    """Ada Adeyemi, accepted as a mentor in the pilot: one of the cohort, not yet paired."""
    return application_from(programme, "Ada Adeyemi", status="accepted").applicant


@pytest.fixture
def other_programmes_mentor(medics):
    """Omar Okafor, an accepted mentor in the Medical School cohort."""
    return MentorApplicationFactory(
        programme=medics,
        applicant=UserFactory(full_name="Omar Okafor", email="omar.okafor@example.org"),
        status="accepted",
    ).applicant


@pytest.fixture
def board_member(programme):
    """Jonathan Hale, the Provost, a board member in the pilot."""
    return BoardMemberFactory(
        programme=programme,
        user=UserFactory(full_name="Jonathan Hale", email="jonathan@example.org"),
    ).user


# --- the events -----------------------------------------------------------------------------


@pytest.fixture
def mentor_briefing(programme):
    return EventFactory(
        programme=programme,
        audience=Audience.MENTORS,
        title="Mentor briefing",
        starts_at=MENTOR_BRIEFING_AT,
        location="Senate Room, Main Building",
    )


@pytest.fixture
def board_briefing(programme):
    return EventFactory(
        programme=programme,
        audience=Audience.BOARD_MEMBERS,
        title="Board-member briefing",
        starts_at=datetime(2026, 10, 8, 14, 0, tzinfo=LONDON),
    )


@pytest.fixture
def joint_evaluation(programme):
    return EventFactory(
        programme=programme,
        kind=EventKind.EVALUATION,
        audience=Audience.JOINT,
        title="Closing evaluation and learning",
        starts_at=datetime(2027, 6, 10, 9, 30, tzinfo=LONDON),
    )


@pytest.fixture
def past_briefing(programme):
    return EventFactory(
        programme=programme,
        audience=Audience.MENTORS,
        title="August mentor briefing",
        starts_at=datetime(2026, 8, 20, 9, 30, tzinfo=LONDON),
    )


@pytest.fixture
def medics_briefing(medics):
    return EventFactory(
        programme=medics,
        audience=Audience.MENTORS,
        title="Medical School mentor briefing",
        starts_at=datetime(2026, 10, 7, 9, 30, tzinfo=LONDON),
    )


@pytest.fixture
def every_event(mentor_briefing, board_briefing, joint_evaluation, past_briefing, medics_briefing):
    return [mentor_briefing, board_briefing, joint_evaluation, past_briefing, medics_briefing]


# --- helpers --------------------------------------------------------------------------------


def register_url(event):
    return reverse("event_register", args=[event.pk])


def cancel_url(event):
    return reverse("event_cancel", args=[event.pk])


def calendar_url(event):
    return reverse("event_calendar", args=[event.pk])


def titles_listed(content: str) -> list[str]:
    return re.findall(r'<h2 id="event-\d+-title" class="h5 card-title">([^<]*)</h2>', content)


def messages_shown(response) -> list[str]:
    return [str(message) for message in response.context["messages"]]


def the_only_event_in(ics) -> dict:
    [item] = Calendar.from_ical(ics).walk("VEVENT")
    return item


# --- who sees what --------------------------------------------------------------------------


def test_anonymous_visitors_are_asked_to_sign_in(client, mentor_briefing, cast):
    for response in (
        client.get(EVENTS),
        client.post(register_url(mentor_briefing)),
        client.post(cancel_url(mentor_briefing)),
        client.get(calendar_url(mentor_briefing)),
    ):
        assert response.status_code == 302
        assert response.url.startswith(reverse("account_login"))
    assert not places(cast).exists()


@pytest.mark.parametrize(
    ("person", "titles"),
    [
        # Under review: the briefings; the cohort's own sessions once accepted.
        ("mentor", ["Mentor briefing"]),
        ("accepted_mentor", ["Mentor briefing", "Closing evaluation and learning"]),
        ("board_member", ["Board-member briefing", "Closing evaluation and learning"]),
        ("other_programmes_mentor", ["Medical School mentor briefing"]),
    ],
)
def test_people_see_upcoming_events_for_their_audience_in_their_programme_only(
    client, request, every_event, person, titles
):
    client.force_login(request.getfixturevalue(person))

    response = client.get(EVENTS)

    assert response.status_code == 200
    assert titles_listed(response.content.decode()) == titles


def test_an_event_shows_when_and_where_it_is_and_the_places_taken(client, mentor, mentor_briefing):
    RegistrationFactory.create_batch(3, event=mentor_briefing)
    RegistrationFactory(event=mentor_briefing, status=RegistrationStatus.CANCELLED)
    client.force_login(mentor)

    content = client.get(EVENTS).content.decode()

    assert "Tuesday 6 October 2026, 09:30" in content
    assert "Senate Room, Main Building" in content
    assert "20 places, 3 taken." in content
    assert f'action="{register_url(mentor_briefing)}"' in content


def test_a_full_event_says_so_and_offers_no_register_button(client, mentor, mentor_briefing):
    mentor_briefing.capacity = 2
    mentor_briefing.save()
    RegistrationFactory.create_batch(2, event=mentor_briefing)
    client.force_login(mentor)

    content = client.get(EVENTS).content.decode()

    assert "Full</span>" in content
    assert f'action="{register_url(mentor_briefing)}"' not in content


def test_a_full_event_says_how_a_place_comes_free_and_promises_no_email(
    client, mentor, mentor_briefing
):
    """Nobody is emailed when a place comes free, so the page does not say they will be."""
    mentor_briefing.capacity = 2
    mentor_briefing.save()
    RegistrationFactory.create_batch(2, event=mentor_briefing)
    client.force_login(mentor)

    content = " ".join(client.get(EVENTS).content.decode().split())

    office = mentor_briefing.programme.contact_email
    assert (
        "Full</span> It is full just now. A place comes free when someone gives theirs up; "
        "or ask the programme office about another date, at "
        f'<a href="mailto:{office}">{office}</a>.</p>' in content
    )
    assert "will let you know" not in content


def test_a_briefing_with_one_place_says_one_place(client, mentor, mentor_briefing):
    mentor_briefing.capacity = 1
    mentor_briefing.save()
    client.force_login(mentor)

    content = " ".join(client.get(EVENTS).content.decode().split())

    assert "1 place, 0 taken." in content


@pytest.fixture
def later_briefing(programme, mentor_briefing):
    """The mentors' briefing full, and a second three weeks later with places."""
    mentor_briefing.capacity = 2
    mentor_briefing.save()
    RegistrationFactory.create_batch(2, event=mentor_briefing)
    return EventFactory(
        programme=programme,
        audience=Audience.MENTORS,
        title="Second mentor briefing",
        starts_at=MENTOR_BRIEFING_AT + timedelta(weeks=3),
    )


def test_a_full_briefing_points_to_another_of_its_programme_with_a_place(
    client, mentor, later_briefing
):
    later = later_briefing
    client.force_login(mentor)

    content = " ".join(client.get(EVENTS).content.decode().split())

    assert (
        "Full</span> It is full. Take a place at the briefing on "
        f'<a href="#event-{later.pk}-title">Tuesday 27 October</a> instead, listed on this page.'
        in content
    )
    assert "A place comes free" not in content, "asked to wait with a place to take now"


def test_a_full_briefing_says_where_you_hold_a_place_already_not_that_one_may_come_free(
    client, mentor, later_briefing
):
    later = later_briefing
    RegistrationFactory(event=later, person=mentor)
    client.force_login(mentor)

    content = " ".join(client.get(EVENTS).content.decode().split())

    assert (
        "Full</span> You hold a place at the briefing on Tuesday 27 October, listed here.</p>"
        in content
    )
    assert "the programme office will let you know" not in content


@pytest.mark.parametrize(
    ("person", "briefing"), [("mentor", "mentor_briefing"), ("board_member", "board_briefing")]
)
def test_someone_briefed_already_is_not_offered_briefings(
    client, cast, programme, request, person, briefing
):
    briefing = request.getfixturevalue(briefing)
    client.force_login(getattr(cast, person))  # in the cast's pair, so briefed

    content = client.get(EVENTS).content.decode()

    assert titles_listed(content) == []
    assert "You have been briefed for 2026/27 pilot already, so its briefings are not" in content
    assert f'action="{register_url(briefing)}"' not in content


def test_someone_briefed_in_one_programme_is_offered_the_briefings_of_another(
    client, cast, programme, board_briefing
):
    cohort = ProgrammeFactory(name="Cohort 2", slug="cohort-two")
    MentorApplicationFactory(programme=cohort, applicant=cast.board_member)
    EventFactory(
        programme=cohort,
        audience=Audience.MENTORS,
        title="Cohort 2 mentor briefing",
        starts_at=MENTOR_BRIEFING_AT,
    )
    client.force_login(cast.board_member)  # in the pilot's pair, so briefed there

    content = client.get(EVENTS).content.decode()

    assert titles_listed(content) == ["Cohort 2 mentor briefing"]
    assert "You have been briefed for 2026/27 pilot already, so its briefings are not" in content


def test_someone_briefed_already_still_sees_a_briefing_they_registered_for_to_cancel_it(
    client, cast, mentor_briefing
):
    RegistrationFactory(event=mentor_briefing, person=cast.mentor)
    client.force_login(cast.mentor)

    content = client.get(EVENTS).content.decode()

    assert titles_listed(content) == [mentor_briefing.title]
    assert "Cancel my place" in content


def test_someone_briefed_already_holding_a_briefing_place_is_told_they_need_not_come(
    client, cast, programme, mentor_briefing
):
    """Exempted (or briefed) after taking a place: the place is listed, with why they may
    give it up, and the line about the briefings left out does not deny the one above it."""
    EventFactory(
        programme=programme,
        audience=Audience.MENTORS,
        title="Second mentor briefing",
        starts_at=MENTOR_BRIEFING_AT + timedelta(weeks=3),
    )
    RegistrationFactory(event=mentor_briefing, person=cast.mentor)
    client.force_login(cast.mentor)  # in the cast's pair, so briefed

    content = " ".join(client.get(EVENTS).content.decode().split())

    assert titles_listed(content) == [mentor_briefing.title]
    assert (
        "You count as briefed already, so you need not come: cancelling gives your place to "
        "someone who needs it." in content
    )
    assert "Add to calendar" not in content, "a calendar entry for a place they need not use"
    assert (
        "You have been briefed for 2026/27 pilot already, so its briefings are not listed "
        "here, except one you still hold a place at." in content
    )


def test_in_a_programme_that_has_ended_a_briefed_mentors_kept_place_says_it_has_ended(
    client, cast, programme, mentor_briefing
):
    """The office closed the pilot; Maya, briefed and paired, still holds a place at a
    briefing to come, which nobody can take from her now."""
    RegistrationFactory(event=mentor_briefing, person=cast.mentor)
    programme.status, programme.recruitment_open = ProgrammeStatus.CLOSED, False
    programme.save(update_fields=["status", "recruitment_open"])
    client.force_login(cast.mentor)

    content = " ".join(client.get(EVENTS).content.decode().split())

    assert titles_listed(content) == [mentor_briefing.title]
    assert (
        "2026/27 pilot has ended and you count as briefed already, so you need not come. "
        "You can cancel your place." in content
    )
    assert "cancelling gives your place to someone who needs it" not in content


def test_a_forged_registration_for_a_briefing_already_had_takes_no_place(
    client, cast, mentor_briefing, mailoutbox
):
    client.force_login(cast.mentor)  # in the cast's pair, so briefed

    response = client.post(register_url(mentor_briefing), follow=True)

    assert "You have been briefed already, so you need not come" in response.content.decode()
    assert not mentor_briefing.registrations.filter(person=cast.mentor).exists()
    assert mailoutbox == []


def test_someone_not_yet_briefed_may_register_for_a_briefing(client, mentor, mentor_briefing):
    client.force_login(mentor)

    content = client.get(EVENTS).content.decode()

    assert "You have been briefed already" not in content
    assert f'action="{register_url(mentor_briefing)}"' in content


def test_there_is_a_message_when_no_event_is_coming_up(client, mentor, past_briefing):
    client.force_login(mentor)
    content = client.get(EVENTS).content.decode()
    assert "There are no upcoming events for you just now." in content
    assert titles_listed(content) == []


@pytest.mark.parametrize(
    ("history", "why"),
    [
        ("no application", "Briefings and group sessions appear here once you"),
        ("a draft", "Your application to 2026/27 pilot is a draft"),
        ("withdrawn", "You withdrew your application to 2026/27 pilot"),
        ("declined", "could not offer you a place in 2026/27 pilot this time"),
        ("ineligible", "you do not meet the criteria for a reverse mentor in 2026/27 pilot"),
    ],
)
def test_someone_not_taking_part_sees_why_and_no_events(
    client, programme, staff_member, every_event, history, why
):
    if history == "a draft":
        DraftApplicationFactory(programme=programme, applicant=staff_member)
    elif history == "ineligible":
        MentorApplicationFactory(programme=programme, applicant=staff_member, eligible=False)
    elif history != "no application":
        MentorApplicationFactory(programme=programme, applicant=staff_member, status=history)
    client.force_login(staff_member)

    content = client.get(EVENTS).content.decode()

    assert why in content
    assert titles_listed(content) == []
    if history != "no application":
        assert "once you have applied" not in content
    assert reverse("admin:mentoring_event_changelist") not in content


def test_a_coordinator_is_pointed_to_the_programme_office(client, coordinator, every_event):
    client.force_login(coordinator)
    content = client.get(EVENTS).content.decode()
    assert titles_listed(content) == []
    assert reverse("admin:mentoring_event_changelist") in content


# --- taking a place -------------------------------------------------------------------------


def test_registering_takes_a_place_and_emails_the_details_with_a_calendar_file(
    client, mentor, mentor_briefing, mailoutbox, django_capture_on_commit_callbacks, cast
):
    client.force_login(mentor)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(register_url(mentor_briefing), follow=True)

    assert response.redirect_chain == [(EVENTS, 302)]
    assert messages_shown(response) == [
        "You are registered for Mentor briefing. We have emailed you the details."
    ]
    content = response.content.decode()
    assert "You are registered</span>" in content
    assert f'href="{cancel_url(mentor_briefing)}"' in content  # asks first: a page
    assert "20 places" not in content
    registration = places(cast).get()
    assert (registration.event, registration.person) == (mentor_briefing, mentor)
    assert registration.status == RegistrationStatus.REGISTERED

    [mail] = mailoutbox
    assert mail.to == ["priya@example.org"]
    assert mail.subject == "You are registered: Mentor briefing"
    assert "Dear Priya," in mail.body
    assert "You have a place at Mentor briefing (2026/27 pilot)." in mail.body
    assert "When: Tuesday 6 October 2026, 09:30 to 13:00 BST" in mail.body
    assert "Where: Senate Room, Main Building" in mail.body
    assert "https://mentoring.example.org/events/" in mail.body
    html = mail.alternatives[0][0]
    assert "You have a place at <strong>Mentor briefing</strong> (2026/27 pilot)." in html
    assert "When: Tuesday 6 October 2026, 09:30 to 13:00 BST" in html
    assert 'href="https://mentoring.example.org/events/"' in html

    [(filename, ics, mimetype)] = mail.attachments
    assert (filename, mimetype) == ("event.ics", "text/calendar")
    item = the_only_event_in(ics)
    assert str(item["SUMMARY"]) == "Mentor briefing"
    assert item.decoded("DTSTART") == MENTOR_BRIEFING_AT
    assert item.decoded("DTEND") == MENTOR_BRIEFING_AT + timedelta(hours=3, minutes=30)
    assert str(item["LOCATION"]) == "Senate Room, Main Building"


@pytest.mark.parametrize(
    ("person", "event"),
    [
        ("mentor", "mentor_briefing"),
        ("accepted_mentor", "joint_evaluation"),
        ("board_member", "board_briefing"),
        ("board_member", "joint_evaluation"),
        ("other_programmes_mentor", "medics_briefing"),
    ],
)
def test_people_register_for_events_meant_for_them(
    client, request, mailoutbox, django_capture_on_commit_callbacks, person, event, cast
):
    person = request.getfixturevalue(person)
    event = request.getfixturevalue(event)
    client.force_login(person)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(register_url(event), follow=True)

    assert messages_shown(response) == [
        f"You are registered for {event.title}. We have emailed you the details."
    ]
    assert places(cast).get().person == person
    assert [mail.subject for mail in mailoutbox] == [f"You are registered: {event.title}"]


def test_a_full_event_turns_people_away_and_takes_nothing(
    client, mentor, mentor_briefing, mailoutbox, django_capture_on_commit_callbacks, cast
):
    mentor_briefing.capacity = 2
    mentor_briefing.save()
    RegistrationFactory(event=mentor_briefing)
    RegistrationFactory(event=mentor_briefing, status=RegistrationStatus.ATTENDED)
    client.force_login(mentor)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(register_url(mentor_briefing), follow=True)

    [message] = messages_shown(response)
    assert message.startswith("Sorry, this event is full.")
    assert "Sorry, this event is full." in response.content.decode()
    assert not places(cast).filter(person=mentor).exists()
    assert mailoutbox == []


def test_a_cancelled_place_is_free_for_someone_else(client, mentor, mentor_briefing, cast):
    mentor_briefing.capacity = 1
    mentor_briefing.save()
    RegistrationFactory(event=mentor_briefing, status=RegistrationStatus.CANCELLED)
    client.force_login(mentor)

    client.post(register_url(mentor_briefing))

    assert places(cast).get(person=mentor).status == RegistrationStatus.REGISTERED


@pytest.mark.parametrize(
    ("started", "said"),
    [
        (timedelta(minutes=30), "This event has already started, so registration is closed."),
        (timedelta(days=1), "This event has already taken place, so registration is closed."),
    ],
)
def test_an_event_that_has_started_is_closed_to_registration(
    client, mentor, programme, mailoutbox, django_capture_on_commit_callbacks, cast, started, said
):
    event = EventFactory(programme=programme, title="Morning briefing", starts_at=NOW - started)
    client.force_login(mentor)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(register_url(event), follow=True)

    assert messages_shown(response) == [said]
    assert not places(cast).exists()
    assert mailoutbox == []


def test_registering_twice_says_so_and_sends_one_email(
    client, mentor, mentor_briefing, mailoutbox, django_capture_on_commit_callbacks, cast
):
    client.force_login(mentor)

    with django_capture_on_commit_callbacks(execute=True):
        client.post(register_url(mentor_briefing), follow=True)
        response = client.post(register_url(mentor_briefing), follow=True)

    assert messages_shown(response) == ["You are already registered for this event."]
    assert places(cast).count() == 1
    assert len(mailoutbox) == 1


@pytest.mark.parametrize(
    ("person", "event"),
    [
        ("mentor", "board_briefing"),
        ("mentor", "medics_briefing"),
        ("mentor", "joint_evaluation"),  # the cohort's, once accepted
        ("board_member", "mentor_briefing"),
        ("board_member", "medics_briefing"),
        ("other_programmes_mentor", "mentor_briefing"),
        ("other_programmes_mentor", "joint_evaluation"),
        ("staff_member", "mentor_briefing"),
    ],
)
def test_a_forged_registration_for_someone_elses_event_answers_404(
    client, request, mailoutbox, django_capture_on_commit_callbacks, person, event, cast
):
    client.force_login(request.getfixturevalue(person))
    event = request.getfixturevalue(event)

    with django_capture_on_commit_callbacks(execute=True):
        registered = client.post(register_url(event))
        cancelled = client.post(cancel_url(event))

    assert registered.status_code == 404
    assert cancelled.status_code == 404
    assert not places(cast).exists()
    assert mailoutbox == []


def test_an_event_that_does_not_exist_answers_404(client, mentor):
    client.force_login(mentor)
    assert client.post(reverse("event_register", args=[999_999])).status_code == 404


def test_register_and_cancel_only_act_on_posts(client, mentor, mentor_briefing, cast):
    """Opened rather than posted to, they do nothing and lead back to the events page."""
    client.force_login(mentor)
    for url in (register_url(mentor_briefing), cancel_url(mentor_briefing)):
        opened = client.get(url)
        assert (opened.status_code, opened.url) == (302, reverse("events"))
    assert not places(cast).exists()


# --- giving a place back --------------------------------------------------------------------


def test_cancelling_frees_the_place_and_registering_again_reuses_the_row(
    client, mentor, mentor_briefing, mailoutbox, django_capture_on_commit_callbacks, cast
):
    client.force_login(mentor)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(register_url(mentor_briefing), follow=True)
    first = places(cast).get()

    response = client.post(cancel_url(mentor_briefing), follow=True)

    assert messages_shown(response) == [
        "Your place at Mentor briefing is cancelled. We have emailed you a calendar file "
        "that takes it out of your calendar."
    ]
    assert "20 places, 0 taken." in response.content.decode()
    first.refresh_from_db()
    assert first.status == RegistrationStatus.CANCELLED

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(register_url(mentor_briefing), follow=True)

    assert "You are registered</span>" in response.content.decode()
    again = places(cast).get()
    assert again.pk == first.pk
    assert again.status == RegistrationStatus.REGISTERED
    assert len(mailoutbox) == 2


@pytest.mark.parametrize("status", [None, RegistrationStatus.CANCELLED])
def test_cancelling_without_a_place_says_so(client, mentor, mentor_briefing, status, cast):
    if status:
        RegistrationFactory(event=mentor_briefing, person=mentor, status=status)
    client.force_login(mentor)

    response = client.post(cancel_url(mentor_briefing), follow=True)

    assert messages_shown(response) == ["You hold no place at Mentor briefing to give up."]
    assert places(cast).filter(status=RegistrationStatus.REGISTERED).count() == 0


def test_a_place_cannot_be_cancelled_once_the_event_has_started(
    client, mentor, mentor_briefing, time_machine, cast
):
    RegistrationFactory(event=mentor_briefing, person=mentor)
    time_machine.move_to(MENTOR_BRIEFING_AT + timedelta(minutes=10), tick=False)
    client.force_login(mentor)

    response = client.post(cancel_url(mentor_briefing), follow=True)

    assert messages_shown(response) == [
        "This event has already started, so it can no longer be cancelled."
    ]
    assert places(cast).get().status == RegistrationStatus.REGISTERED


# --- a place given up is emailed, with a calendar file that cancels the entry ---------------
# By the person cancelling it, or given back when their application stops (withdrawn, or
# refused by their line manager): METHOD:CANCEL, the same UID, a higher SEQUENCE, written to
# the outbox in the transaction that gives the place up.


def given_up_emails(mailoutbox):
    return [mail for mail in mailoutbox if mail.subject.startswith("Your place is given up")]


def calendar_of(mail):
    [(filename, ics, mimetype)] = mail.attachments
    assert (filename, mimetype) == ("event.ics", "text/calendar")
    calendar = Calendar.from_ical(ics)
    [item] = calendar.walk("VEVENT")
    return calendar, item


def test_cancelling_a_place_emails_a_calendar_file_that_cancels_the_entry(
    client, mentor, mentor_briefing, mailoutbox, django_capture_on_commit_callbacks
):
    mentor_briefing.sequence = 1  # moved once already: the calendars hold its SEQUENCE 1
    mentor_briefing.save(update_fields=["sequence"])
    client.force_login(mentor)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(register_url(mentor_briefing))
    [registered] = mailoutbox
    _, invitation = calendar_of(registered)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(cancel_url(mentor_briefing), follow=True)

    assert messages_shown(response)[-1] == (
        "Your place at Mentor briefing is cancelled. We have emailed you a calendar file "
        "that takes it out of your calendar."
    )
    [mail] = given_up_emails(mailoutbox)
    assert mail.to == ["priya@example.org"]
    assert mail.subject == "Your place is given up: Mentor briefing"
    assert (
        "Your place at Mentor briefing (2026/27 pilot) is given up, as you asked, so that "
        "someone else can have it."
    ) in mail.body
    assert "When: Tuesday 6 October 2026, 09:30 to 13:00 BST" in mail.body
    assert "The calendar file attached takes the event out of your calendar." in mail.body
    assert "register again while places are free: https://mentoring.example.org/events/" in (
        mail.body
    )
    html = mail.alternatives[0][0]
    assert (
        "Your place at <strong>Mentor briefing</strong> (2026/27 pilot) is given up, as you "
        "asked, so that someone else can have it."
    ) in html
    assert '<a href="https://mentoring.example.org/events/">register again</a>' in html

    calendar, item = calendar_of(mail)
    assert str(calendar["METHOD"]) == "CANCEL"
    assert str(item["STATUS"]) == "CANCELLED"
    assert str(item["UID"]) == str(invitation["UID"])
    assert item["SEQUENCE"] == invitation["SEQUENCE"] + 1 == 2
    mentor_briefing.refresh_from_db()
    assert mentor_briefing.sequence == 1  # the event itself has not moved for anyone else


def test_withdrawing_emails_each_place_given_up_with_a_cancelling_calendar_file(
    mentor, mentor_briefing, joint_evaluation, django_capture_on_commit_callbacks
):
    application = mentor.mentor_applications.get()
    for event in (mentor_briefing, joint_evaluation):
        RegistrationFactory(event=event, person=application.applicant)

    with django_capture_on_commit_callbacks() as callbacks:
        application_withdraw(application=application)

    written = OutboxMessage.objects.filter(kind="mentoring/email/place_given_up").order_by("pk")
    assert [(message.to, message.subject) for message in written] == [
        ("priya@example.org", "Your place is given up: Mentor briefing"),
        ("priya@example.org", "Your place is given up: Closing evaluation and learning"),
    ]
    assert callbacks  # sent after commit, from the outbox
    message = written[0]
    assert "is given up, as you have withdrawn your application, so that" in message.text
    assert "register again" not in message.text  # not theirs to come to any more
    assert "as you have withdrawn your application" in message.html
    assert set(
        Registration.objects.filter(person=application.applicant).values_list("status", flat=True)
    ) == {RegistrationStatus.CANCELLED}


def test_a_line_managers_refusal_emails_the_places_given_up(programme, mentor_briefing, mailoutbox):
    asked = line_manager_asked(
        programme, UserFactory(full_name="Tom Tran", email="tom@example.org"), "m@example.org"
    )
    RegistrationFactory(event=mentor_briefing, person=asked.application.applicant)

    line_manager_answer(request=asked, agreed=False, reason="Not this year", answered_by=None)

    [message] = OutboxMessage.objects.filter(kind="mentoring/email/place_given_up")
    assert message.to == "tom@example.org"
    assert "as your application cannot go any further" in message.text


def test_nothing_is_emailed_when_no_place_is_held(mentor, mentor_briefing):
    application = mentor.mentor_applications.get()
    RegistrationFactory(
        event=mentor_briefing, person=application.applicant, status=RegistrationStatus.CANCELLED
    )

    application_withdraw(application=application)

    assert not OutboxMessage.objects.filter(kind="mentoring/email/place_given_up").exists()


# --- the calendar file ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("person", "event"),
    [
        ("mentor", "mentor_briefing"),
        ("accepted_mentor", "joint_evaluation"),
        ("mentor", "past_briefing"),
        ("board_member", "board_briefing"),
        ("board_member", "joint_evaluation"),
        ("coordinator", "board_briefing"),
        ("coordinator", "medics_briefing"),
    ],
)
def test_participants_and_coordinators_download_the_calendar_file(client, request, person, event):
    client.force_login(request.getfixturevalue(person))
    event = request.getfixturevalue(event)

    response = client.get(calendar_url(event))

    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert response["Content-Disposition"].startswith("attachment; filename=")
    item = the_only_event_in(response.content)
    assert str(item["SUMMARY"]) == event.title
    assert item.decoded("DTSTART") == event.starts_at


def test_the_calendar_file_is_named_after_the_event(client, mentor, mentor_briefing):
    client.force_login(mentor)
    response = client.get(calendar_url(mentor_briefing))
    assert response["Content-Disposition"] == 'attachment; filename="mentor-briefing.ics"'


@pytest.mark.parametrize(
    ("person", "event"),
    [
        ("mentor", "board_briefing"),
        ("board_member", "mentor_briefing"),
        ("other_programmes_mentor", "mentor_briefing"),
        ("other_programmes_mentor", "joint_evaluation"),
        ("staff_member", "mentor_briefing"),
    ],
)
def test_the_calendar_file_of_someone_elses_event_answers_404(client, request, person, event):
    client.force_login(request.getfixturevalue(person))
    response = client.get(calendar_url(request.getfixturevalue(event)))
    assert response.status_code == 404
