"""A paired mentor who withdraws leaves someone behind: their board member is emailed that
the pairing has ended because the mentor is no longer taking part (never why), with the
meetings that are now off and a calendar file that removes them. The mentor's places at
the programme's events to come go back for others to take. The confirmation page says
both before anything happens."""

from datetime import timedelta

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils import timezone

from mentoring.models import (
    Audience,
    Match,
    MeetingStatus,
    PairRequest,
    Registration,
    RegistrationStatus,
)
from mentoring.services.matches import pair_left
from mentoring.services.pairs import pair_request_raise
from tests.factories import EventFactory, MeetingFactory, RegistrationFactory

pytestmark = pytest.mark.django_db

WITHDRAW = reverse("apply_withdraw")


@pytest.fixture
def booked(cast):
    """The pair's next meeting, booked for a week on, and one held last month."""
    MeetingFactory(
        match=cast.pair,
        starts_at=timezone.now() - timedelta(days=30),
        status=MeetingStatus.HELD,
    )
    return MeetingFactory(
        match=cast.pair, starts_at=timezone.localtime().replace(hour=14, minute=0) + timedelta(7)
    )


def withdraw(client, cast, capture):
    client.force_login(cast.mentor)
    with capture(execute=True):
        return client.post(WITHDRAW, {"programme": "pilot", "confirm": "1"}, follow=True)


def test_the_board_member_is_told_the_pairing_ended_and_which_meeting_is_off(
    client, cast, booked, mailoutbox, django_capture_on_commit_callbacks
):
    withdraw(client, cast, django_capture_on_commit_callbacks)

    [email] = [m for m in mailoutbox if m.to == [cast.board_member.email]]
    local = timezone.localtime(booked.starts_at)
    when = f"{local:%A %-d %B %Y}, 14:00 {local.tzname()}"  # GMT or BST, as at that date
    assert email.subject == "Your pairing with Maya Mentor has ended"
    assert "Your pairing with Maya Mentor in 2026/27 pilot has ended" in email.body
    assert "Maya is no longer taking part" in email.body
    assert f"Your meeting on {when} is off." in email.body
    assert f"Your meeting on {when} is off." in email.alternatives[0][0]
    assert "withdr" not in email.body.lower()  # that they ended it, not why or how
    [(name, calendar, kind)] = email.attachments
    assert (name, kind) == ("meetings.ics", "text/calendar")
    calendar = calendar.decode() if isinstance(calendar, bytes) else calendar
    assert f"UID:meeting-{booked.pk}@" in calendar
    assert "STATUS:CANCELLED" in calendar
    booked.refresh_from_db()
    assert booked.status == MeetingStatus.DROPPED


def test_without_a_meeting_booked_the_email_names_none(
    client, cast, mailoutbox, django_capture_on_commit_callbacks
):
    withdraw(client, cast, django_capture_on_commit_callbacks)

    [email] = [m for m in mailoutbox if m.to == [cast.board_member.email]]
    assert "is off" not in email.body
    assert email.attachments == []


def test_a_request_to_end_the_pair_is_settled_with_it_and_a_concern_stays_with_the_office(
    client, cast, mailoutbox, django_capture_on_commit_callbacks
):
    pair_request_raise(match=cast.pair, person=cast.board_member, kind="end", note="")
    concern = pair_request_raise(
        match=cast.pair, person=cast.board_member, kind="concern", note="About a remark."
    )

    withdraw(client, cast, django_capture_on_commit_callbacks)

    assert list(PairRequest.objects.open().filter(match=cast.pair)) == [concern]


def test_the_mentors_places_at_events_to_come_go_back_and_past_ones_stay(
    client, cast, mailoutbox, django_capture_on_commit_callbacks
):
    ahead = RegistrationFactory(
        person=cast.mentor, event=EventFactory(programme=cast.programme, title="Cohort event")
    )
    joint = RegistrationFactory(
        person=cast.mentor,
        event=EventFactory(programme=cast.programme, audience=Audience.JOINT, title="Joint"),
    )
    past = RegistrationFactory(
        person=cast.mentor,
        event=EventFactory(programme=cast.programme, starts_at=timezone.now() - timedelta(days=60)),
    )
    client.force_login(cast.mentor)
    page = client.get(f"{WITHDRAW}?programme=pilot").content.decode()
    when = timezone.localtime(ahead.event.starts_at).strftime("%-d %B %Y")
    assert f"your places at Cohort event ({when}), Joint ({when}) are given back" in page

    withdraw(client, cast, django_capture_on_commit_callbacks)

    statuses = dict(Registration.objects.values_list("pk", "status"))
    assert statuses[ahead.pk] == RegistrationStatus.CANCELLED
    assert statuses[joint.pk] == RegistrationStatus.CANCELLED
    assert statuses[past.pk] == RegistrationStatus.REGISTERED


@pytest.mark.parametrize("meetings", [1, 5])
def test_leaving_costs_the_same_queries_however_many_meetings_are_called_off(
    cast, meetings, django_assert_num_queries
):
    """The calendar file of the meetings called off reads each meeting's pair from the one
    already in hand, not once a meeting."""
    for week in range(meetings):
        MeetingFactory(match=cast.pair, starts_at=timezone.now() + timedelta(weeks=week + 1))
    match = Match.objects.select_related(
        "programme", "mentor__applicant", "board_member__user"
    ).get(pk=cast.pair.pk)
    ContentType.objects.get_for_model(Match)  # the audit's, cached once a process

    with django_assert_num_queries(LEAVING_QUERIES):
        assert pair_left(match=match, leaver=cast.mentor)


# Lock the pair, list its meetings, call off what still waits to tell of them, drop them,
# settle requests, audit (the row, and what the pair was called beside it), read the dropped
# meetings, and write the partner's email to the outbox: the same for 1 meeting as for 5.
LEAVING_QUERIES = 14


def test_the_board_member_is_given_the_offices_address_even_without_one_of_its_own(
    client, cast, booked, mailoutbox, django_capture_on_commit_callbacks, settings
):
    assert cast.programme.office_email == ""  # the site's office address stands in
    withdraw(client, cast, django_capture_on_commit_callbacks)

    [email] = [m for m in mailoutbox if m.to == [cast.board_member.email]]
    assert f"you can also write to {settings.PROGRAMME_OFFICE_EMAIL}" in email.body
