"""Calendar files: Maya adds her meeting with Bola to her calendar, or subscribes to a feed
of all her meetings and events. Every file is read back as a calendar app would read it:
moves and cancellations update the same entry, times keep London's clock, and nothing
the pair said to each other ever leaves the site in a calendar."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from icalendar import Calendar

from mentoring.calendar import event_ics, event_place_given_up_ics, meeting_ics
from mentoring.models import CalendarFeed, MeetingNote, RegistrationStatus
from mentoring.services.meetings import When, meeting_cancel, meeting_reschedule
from mentoring.services.pairs import calendar_feed_for
from tests.factories import (
    ActionStepFactory,
    EventFactory,
    HeldMeetingFactory,
    MeetingFactory,
    ProgrammeFactory,
    RegistrationFactory,
)

pytestmark = pytest.mark.django_db

LONDON = ZoneInfo("Europe/London")
# Thursday 1 October 2026, still in British Summer Time (it ends on 25 October).
NOW = datetime(2026, 10, 1, 9, 0, tzinfo=LONDON)
TUESDAY_20_OCTOBER = datetime(2026, 10, 20, 10, 0, tzinfo=LONDON)
TUESDAY_3_NOVEMBER = datetime(2026, 11, 3, 10, 0, tzinfo=LONDON)

travel = time_machine.travel(NOW, tick=False)


def read(content: bytes) -> Calendar:
    """The file as a calendar app reads it."""
    return Calendar.from_ical(content)


def entries(content: bytes) -> dict[str, object]:
    """The file's events by UID."""
    return {str(item["UID"]): item for item in read(content).walk("VEVENT")}


def only_entry(content: bytes):
    (item,) = read(content).walk("VEVENT")
    return item


def unfolded(content: bytes) -> str:
    """The text with long lines joined again, so a phrase cannot hide across a fold."""
    return content.replace(b"\r\n ", b"").decode()


@pytest.fixture
def meeting(cast):
    """Maya and Bola's next meeting, booked for 10:00 on Tuesday 20 October."""
    with travel:
        return MeetingFactory(
            match=cast.pair, starts_at=TUESDAY_20_OCTOBER, location="Room 2.14, Main Building"
        )


def meeting_url(meeting) -> str:
    return reverse("meeting_calendar", args=[meeting.pk])


def feed_url(token: str) -> str:
    return f"{reverse('calendar_feed')}?token={token}"


# --- one meeting ----------------------------------------------------------------------------


@travel
def test_maya_downloads_her_meeting_with_bola(client, cast, meeting):
    client.force_login(cast.mentor)

    response = client.get(meeting_url(meeting))

    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="meeting.ics"'
    assert "no-store" in response["Cache-Control"]
    assert "private" in response["Cache-Control"]
    item = only_entry(response.content)
    assert item["SUMMARY"] == "Reverse mentoring with Bola Board"
    assert item["LOCATION"] == "Room 2.14, Main Building"
    assert item["UID"] == f"meeting-{meeting.pk}@reverse-mentoring"
    assert item["STATUS"] == "CONFIRMED"
    assert item["SEQUENCE"] == 0


@travel
def test_bolas_copy_names_maya(client, cast, meeting):
    client.force_login(cast.board_member)

    item = only_entry(client.get(meeting_url(meeting)).content)

    assert item["SUMMARY"] == "Reverse mentoring with Maya Mentor"
    assert item["UID"] == f"meeting-{meeting.pk}@reverse-mentoring"


@travel
def test_the_time_carries_londons_time_zone_and_its_rules(client, cast, meeting):
    client.force_login(cast.mentor)

    content = client.get(meeting_url(meeting)).content

    item = only_entry(content)
    assert item["DTSTART"].params["TZID"] == "Europe/London"
    assert item["DTSTART"].dt == TUESDAY_20_OCTOBER
    assert item["DTEND"].dt == TUESDAY_20_OCTOBER + timedelta(minutes=60)
    assert "DTSTART;TZID=Europe/London:20261020T100000" in unfolded(content)
    assert [str(zone["TZID"]) for zone in read(content).walk("VTIMEZONE")] == ["Europe/London"]


@travel
def test_a_proposed_meeting_is_tentative(client, cast):
    proposed = MeetingFactory(match=cast.pair, status="proposed", starts_at=TUESDAY_20_OCTOBER)
    client.force_login(cast.board_member)

    assert only_entry(client.get(meeting_url(proposed)).content)["STATUS"] == "TENTATIVE"


@travel
def test_a_time_not_accepted_yet_says_proposed_in_its_title_in_the_file_and_the_feed(
    client, cast, meeting
):
    """Many calendar apps show a tentative entry as any other: its title says it is only
    proposed. The booked meeting beside it keeps its plain title."""
    proposed = MeetingFactory(
        match=cast.pair,
        status="proposed",
        proposed_by=cast.mentor,
        starts_at=TUESDAY_3_NOVEMBER,
    )
    client.force_login(cast.board_member)

    item = only_entry(client.get(meeting_url(proposed)).content)
    feed = entries(client.get(feed_url(calendar_feed_for(cast.board_member).token)).content)

    assert item["SUMMARY"] == "Proposed: Reverse mentoring with Maya Mentor"
    assert feed[f"meeting-{proposed.pk}@reverse-mentoring"]["SUMMARY"] == (
        "Proposed: Reverse mentoring with Maya Mentor"
    )
    assert feed[f"meeting-{meeting.pk}@reverse-mentoring"]["SUMMARY"] == (
        "Reverse mentoring with Maya Mentor"
    )


@travel
def test_a_moved_meeting_keeps_its_uid_and_counts_the_change(client, cast, meeting):
    client.force_login(cast.mentor)
    before = only_entry(client.get(meeting_url(meeting)).content)

    meeting_reschedule(
        meeting=meeting,
        by=cast.board_member,
        when=When(TUESDAY_3_NOVEMBER, 60, "Room 2.14, Main Building"),
        reason="Board away day",
    )
    content = client.get(meeting_url(meeting)).content

    after = only_entry(content)
    assert after["UID"] == before["UID"] == f"meeting-{meeting.pk}@reverse-mentoring"
    assert (before["SEQUENCE"], after["SEQUENCE"]) == (0, 1)
    # Back to Maya to accept; 10:00 in November is Greenwich time.
    assert after["STATUS"] == "TENTATIVE"
    assert after["DTSTART"].dt == TUESDAY_3_NOVEMBER
    assert after["DTSTART"].dt.utcoffset() == timedelta(0)
    assert "DTSTART;TZID=Europe/London:20261103T100000" in unfolded(content)


@travel
def test_each_move_counts_again(client, cast, meeting):
    client.force_login(cast.mentor)
    moved = meeting_reschedule(
        meeting=meeting, by=cast.board_member, when=When(TUESDAY_3_NOVEMBER, 60), reason=""
    )
    meeting_reschedule(
        meeting=moved,
        by=cast.mentor,
        when=When(TUESDAY_3_NOVEMBER + timedelta(days=1), 60),
        reason="",
    )

    assert only_entry(client.get(meeting_url(meeting)).content)["SEQUENCE"] == 2


@travel
def test_a_cancelled_meeting_updates_the_same_entry_as_cancelled(client, cast, meeting):
    client.force_login(cast.mentor)

    meeting_cancel(meeting=meeting, by=cast.board_member, reason="")
    item = only_entry(client.get(meeting_url(meeting)).content)

    assert item["UID"] == f"meeting-{meeting.pk}@reverse-mentoring"
    assert item["STATUS"] == "CANCELLED"
    assert item["SEQUENCE"] == 1


@travel
def test_a_dropped_proposal_is_cancelled_in_the_calendar_too(client, cast):
    proposed = MeetingFactory(match=cast.pair, status="proposed", starts_at=TUESDAY_20_OCTOBER)
    client.force_login(cast.board_member)

    meeting_cancel(meeting=proposed, by=cast.board_member, reason="")
    item = only_entry(client.get(meeting_url(proposed)).content)

    assert (item["STATUS"], item["SEQUENCE"]) == ("CANCELLED", 1)


@pytest.mark.parametrize("role", ["other_mentor", "coordinator", "superuser"])
def test_nobody_outside_the_pair_can_download_its_meeting(client, cast, meeting, role):
    client.force_login(getattr(cast, role))

    assert client.get(meeting_url(meeting)).status_code == 404


def test_a_visitor_is_asked_to_sign_in_for_a_meeting_file(client, meeting):
    response = client.get(meeting_url(meeting))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


@travel
def test_an_event_file_has_its_place_link_and_london_time(cast):
    event = EventFactory(
        programme=cast.programme,
        title="Closing evaluation",
        starts_at=datetime(2026, 12, 8, 14, 0, tzinfo=LONDON),
        online_url="https://teams.example.org/closing",
        description="How the year went.",
    )

    item = only_entry(event_ics(event))

    assert item["UID"] == f"event-{event.pk}@reverse-mentoring"
    assert item["SUMMARY"] == "Closing evaluation"
    assert item["DTSTART"].params["TZID"] == "Europe/London"
    assert item["DTSTART"].dt == datetime(2026, 12, 8, 14, 0, tzinfo=LONDON)
    assert item["URL"] == "https://teams.example.org/closing"
    assert (
        item["DESCRIPTION"]
        == "How the year went.\n\nJoin online: https://teams.example.org/closing"
    )
    assert item["ORGANIZER"] == f"mailto:{cast.programme.contact_email}"
    assert item["ORGANIZER"].params["CN"] == "2026/27 pilot programme office"


@travel
def test_a_place_given_up_is_cancelled_by_the_office_that_published_it(cast):
    cast.programme.office_email = "edi-office@example.org"
    cast.programme.save(update_fields=["office_email"])
    registration = RegistrationFactory(
        event=EventFactory(programme=cast.programme), person=cast.mentor
    )

    calendar = read(event_place_given_up_ics(registration.event, registration))

    assert calendar["METHOD"] == "CANCEL"
    (item,) = calendar.walk("VEVENT")
    assert item["ORGANIZER"] == "mailto:edi-office@example.org"


def test_a_meeting_file_names_no_organiser(cast, meeting):
    assert "ORGANIZER" not in only_entry(meeting_ics(meeting, cast.mentor))


# --- the feed -------------------------------------------------------------------------------


@pytest.fixture
def diary(cast, meeting):
    """What is in Maya's diary, and what is in other people's."""
    with travel:
        cancelled = MeetingFactory(
            match=cast.pair, status="cancelled", starts_at=TUESDAY_3_NOVEMBER
        )
        closing = EventFactory(programme=cast.programme, title="Closing evaluation")
        RegistrationFactory(event=closing, person=cast.mentor)
        # Omar's meeting with Olive, an event only Omar goes to, one Maya withdrew from.
        elsewhere = MeetingFactory(match=cast.other_pair, starts_at=TUESDAY_20_OCTOBER)
        omars = EventFactory(programme=cast.programme, title="Mentors' lunch")
        RegistrationFactory(event=omars, person=cast.other_mentor)
        withdrawn = EventFactory(programme=cast.programme, title="Board networking")
        RegistrationFactory(
            event=withdrawn, person=cast.mentor, status=RegistrationStatus.CANCELLED
        )
    # Maya attended the mentor briefing before she was matched (tests/cast.py).
    (briefing,) = [r.event for r in cast.mentor.event_registrations.all() if r.status == "attended"]
    return {
        "meeting": meeting,
        "cancelled": cancelled,
        "briefing": briefing,
        "closing": closing,
        "elsewhere": elsewhere,
        "omars": omars,
        "withdrawn": withdrawn,
    }


@travel
def test_mayas_feed_holds_her_meetings_and_her_events_and_nothing_else(client, cast, diary):
    token = calendar_feed_for(cast.mentor).token

    response = client.get(feed_url(token))

    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    found = entries(response.content)
    assert set(found) == {
        f"meeting-{diary['meeting'].pk}@reverse-mentoring",
        f"meeting-{diary['cancelled'].pk}@reverse-mentoring",
        f"event-{diary['briefing'].pk}@reverse-mentoring",
        f"event-{diary['closing'].pk}@reverse-mentoring",
    }
    assert found[f"meeting-{diary['meeting'].pk}@reverse-mentoring"]["SUMMARY"] == (
        "Reverse mentoring with Bola Board"
    )
    assert found[f"meeting-{diary['cancelled'].pk}@reverse-mentoring"]["STATUS"] == "CANCELLED"
    page = unfolded(response.content)
    assert "Omar" not in page
    assert "Olive" not in page
    assert "Mentors' lunch" not in page
    assert "Board networking" not in page
    assert read(response.content)["X-WR-CALNAME"] == "Reverse mentoring"
    assert [str(zone["TZID"]) for zone in read(response.content).walk("VTIMEZONE")] == [
        "Europe/London"
    ]


@travel
def test_bolas_feed_holds_the_same_meetings_under_mayas_name(client, cast, diary):
    token = calendar_feed_for(cast.board_member).token

    found = entries(client.get(feed_url(token)).content)

    meetings = {uid: item for uid, item in found.items() if uid.startswith("meeting-")}
    assert set(meetings) == {
        f"meeting-{diary['meeting'].pk}@reverse-mentoring",
        f"meeting-{diary['cancelled'].pk}@reverse-mentoring",
    }
    assert {str(item["SUMMARY"]) for item in meetings.values()} == {
        "Reverse mentoring with Maya Mentor"
    }
    assert f"event-{diary['closing'].pk}@reverse-mentoring" not in found


@travel
def test_the_feed_address_stays_the_same_until_it_is_replaced(cast):
    assert calendar_feed_for(cast.mentor).token == calendar_feed_for(cast.mentor).token


@pytest.mark.parametrize("query", ["?token=not-a-real-token", "?token=", ""])
def test_a_wrong_or_missing_token_finds_no_calendar(client, cast, query):
    calendar_feed_for(cast.mentor)

    assert client.get(reverse("calendar_feed") + query).status_code == 404


def test_someone_elses_token_is_not_mayas_calendar(client, cast, diary):
    omars = calendar_feed_for(cast.other_mentor).token

    found = entries(client.get(feed_url(omars)).content)

    assert f"meeting-{diary['elsewhere'].pk}@reverse-mentoring" in found
    assert f"meeting-{diary['meeting'].pk}@reverse-mentoring" not in found


@travel
def test_after_maya_asks_for_a_new_address_only_the_new_one_works(client, cast, diary):
    old = calendar_feed_for(cast.mentor).token
    client.force_login(cast.mentor)

    response = client.post(reverse("calendar_feed_new"), follow=True)

    assert response.redirect_chain == [(reverse("meetings"), 302)]
    assert "Your calendar address is new. The old one no longer works" in (
        response.content.decode()
    )
    client.logout()
    new = CalendarFeed.objects.get(person=cast.mentor).token
    assert new != old
    assert client.get(feed_url(old)).status_code == 404
    assert client.get(feed_url(new)).status_code == 200


def test_a_new_address_from_the_profile_page_goes_back_there(client, cast):
    calendar_feed_for(cast.mentor)
    client.force_login(cast.mentor)

    response = client.post(reverse("calendar_feed_new"), {"next": "profile"})

    assert response["Location"] == reverse("profile")


def test_a_new_address_needs_a_signed_in_person_and_a_post(client, cast):
    old = calendar_feed_for(cast.mentor).token

    assert client.post(reverse("calendar_feed_new")).status_code == 302
    client.force_login(cast.mentor)
    opened = client.get(reverse("calendar_feed_new"))  # opened, not posted: nothing done
    assert (opened.status_code, opened.url) == (302, reverse("meetings"))
    assert CalendarFeed.objects.get(person=cast.mentor).token == old


def test_a_deactivated_account_has_no_calendar(client, cast):
    token = calendar_feed_for(cast.mentor).token
    cast.mentor.is_active = False
    cast.mentor.save(update_fields=["is_active"])

    assert client.get(feed_url(token)).status_code == 404


# --- nothing confidential -------------------------------------------------------------------

SECRETS = [
    "our purpose is the Provost's pay review",
    "Bola spoke about a grievance in Estates",
    "Draft the response to the grievance",
    "needs the HR casework history",
    "Maya is off sick with stress",
    "Bola has a disciplinary hearing",
]


@travel
def test_no_note_purpose_action_or_reason_ever_leaves_in_a_calendar(
    client, cast, meeting, django_capture_on_commit_callbacks
):
    purpose, note, action, needs, cancel_reason, move_reason = SECRETS
    cast.pair.purpose = purpose
    cast.pair.save(update_fields=["purpose"])
    held = HeldMeetingFactory(match=cast.pair, starts_at=NOW - timedelta(days=14))
    MeetingNote.objects.create(meeting=held, author=cast.board_member, text=note)
    ActionStepFactory(meeting=held, text=action, needs=needs)
    to_cancel = MeetingFactory(match=cast.pair, starts_at=TUESDAY_3_NOVEMBER)
    with django_capture_on_commit_callbacks(execute=True):
        meeting_cancel(meeting=to_cancel, by=cast.mentor, reason=cancel_reason)
        meeting_reschedule(
            meeting=meeting,
            by=cast.board_member,
            when=When(TUESDAY_20_OCTOBER + timedelta(days=1), 60),
            reason=move_reason,
        )
    to_cancel.refresh_from_db()
    meeting.refresh_from_db()
    assert (to_cancel.change_reason, meeting.change_reason) == (cancel_reason, move_reason)

    files = [
        attachment[1]
        for message in mail.outbox
        for attachment in message.attachments
        if attachment[0].endswith(".ics")
    ]
    assert len(files) == 2  # one each to the partner told of the change
    for person in (cast.mentor, cast.board_member):
        client.force_login(person)
        files += [client.get(meeting_url(m)).content for m in (held, to_cancel, meeting)]
        files.append(client.get(feed_url(calendar_feed_for(person).token)).content)

    assert len(files) == 10
    for content in files:
        content = content if isinstance(content, bytes) else content.encode()
        assert entries(content)  # a calendar a person's app can read
        text = unfolded(content)
        assert [secret for secret in SECRETS if secret in text] == []


def test_the_new_address_button_is_behind_a_step_that_says_it_cannot_be_undone(client, cast):
    calendar_feed_for(cast.mentor)
    client.force_login(cast.mentor)

    page = client.get(reverse("profile")).content.decode()

    step = page[page.index('<details class="feed-new">') : page.index("</details>")]
    assert "stops working at once and cannot be brought back" in step
    assert "Yes, make a new address</button>" in step
    assert page.count(f'action="{reverse("calendar_feed_new")}"') == 1  # only there


@travel
def test_the_feeds_queries_do_not_grow_with_its_events_and_their_programmes(client, cast, diary):
    token = calendar_feed_for(cast.mentor).token

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(feed_url(token)).status_code == 200
        return len(captured)

    few = queries()
    for programme in ProgrammeFactory.create_batch(3):
        RegistrationFactory(event=EventFactory(programme=programme), person=cast.mentor)

    assert queries() == few
