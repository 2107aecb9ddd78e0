"""A reminder called off at sending time for a state that has since passed comes once
that state has passed, when it is due again: a request to end the pairing that the office
declines, a proposal dropped, a booking cancelled, nudges switched off and on again, an event
moved and moved back, a survey closed and reopened. Its key (kind, object, person, day) was
taken, so it was never written again. (A place given back and taken again that day is not
reminded of: its confirmation has just said when.)

Each test writes the reminders as beat does, lets the outbox send them as beat does, and
changes things between the two as people would on the site."""

from datetime import datetime, timedelta

import pytest
from django.urls import reverse

from accounts.models import OutboxMessage, OutboxStatus
from accounts.outbox import CallOff
from evaluation.models import Survey
from mentoring.models import Match, Meeting, Reminder
from mentoring.models.events import Audience
from mentoring.models.reminders import reminder_email_kind
from mentoring.reminders import REGISTRY, Due
from mentoring.services.events import event_update, registration_cancel, registration_create
from mentoring.services.meetings import (
    When,
    meeting_cancel,
    meeting_propose,
)
from mentoring.services.pairs import pair_request_raise, pair_request_resolve
from tests.cast import sign_in_as
from tests.factories import (
    EventFactory,
    HeldMeetingFactory,
    MeetingFactory,
    QuestionFactory,
    RegistrationFactory,
    SurveyFactory,
)
from tests.winter import LONDON, MONDAY

pytestmark = pytest.mark.django_db

NOW = MONDAY  # tests.winter: a Monday in winter, 10:30
NUDGES = reverse("profile_nudges")


@pytest.fixture
def beat(clock, dispatch, deliver):
    """Beat runs on from `start` every `every` until `until`: dispatcher and outbox."""

    def run(start, until, every=timedelta(minutes=30)):
        moment = start
        while moment <= until:
            clock.move_to(moment, tick=False)
            dispatch()
            deliver()
            moment += every

    return run


def subjects_to(mailoutbox, address) -> list[str]:
    return [mail.subject for mail in mailoutbox if mail.to == [address]]


def paired_days_ago(match, days):
    Match.objects.filter(pk=match.pk).update(activated_at=NOW - timedelta(days=days))


def written_for(kind, obj) -> int:
    """How many reminders of `kind` about `obj` are written (the other pair's are not ours)."""
    return Reminder.objects.filter(kind=kind, object_id=obj.pk).count()


def called_off(kind, obj=None) -> set[str]:
    reminders = Reminder.objects.filter(kind=kind).select_related("message")
    if obj is not None:
        reminders = reminders.filter(object_id=obj.pk)
    return {
        r.message.cancelled_reason for r in reminders if r.message.status == OutboxStatus.CANCELLED
    }


# --- the reminders to book: a request to end that the office declines ---------------------


@pytest.mark.parametrize(
    ("kind", "last_met", "told", "subject"),
    [
        (
            "window_open",
            timedelta(weeks=6, days=1),
            ["maya@example.org", "bola@example.org"],
            "Time to book your next meeting with",
        ),
        (
            "window_passed",
            timedelta(weeks=8, days=2),
            ["carmen@example.org", "sue@example.org"],
            "Overdue: Maya Mentor and Bola Board",
        ),
    ],
)
def test_a_reminder_to_book_called_off_by_a_request_to_end_comes_once_the_office_declines(
    cast, clock, dispatch, deliver, beat, mailoutbox, kind, last_met, told, subject
):
    """README: "While a member's request to end the pairing is with the office, the reminders
    to book ... are not sent ... If the office lets the pairing continue, they resume." """
    paired_days_ago(cast.pair, 120)
    HeldMeetingFactory(match=cast.pair, starts_at=NOW - last_met)
    dispatch(send=False)  # written; the worker is busy (or SMTP retrying)
    assert written_for(kind, cast.pair) == 2
    request = pair_request_raise(match=cast.pair, person=cast.mentor, kind="end", note="")
    clock.move_to(NOW + timedelta(minutes=5), tick=False)
    deliver()
    assert called_off(kind, cast.pair) == {
        "A request to end the pairing is with the programme office."
    }

    clock.move_to(NOW + timedelta(hours=1), tick=False)
    pair_request_resolve(request=request, by=cast.coordinator, end_pairing=False)
    mailoutbox.clear()
    beat(NOW + timedelta(hours=1, minutes=5), NOW + timedelta(days=2))

    # Each is told once, now that the pairing goes on with nothing booked.
    for address in told:
        assert len([s for s in subjects_to(mailoutbox, address) if s.startswith(subject)]) == 1


def test_a_first_meeting_nudge_called_off_by_a_proposal_comes_once_the_proposal_is_dropped(
    cast, clock, dispatch, deliver, send, beat, mailoutbox
):
    """README: members "are not nudged to book either while a meeting one of them proposed
    awaits an answer"; once the answer is no (the proposal dropped), nothing is booked or
    proposed and the nudge (7 days after pairing, nothing booked) is owed."""
    paired_days_ago(cast.pair, 8)
    dispatch(send=False)
    assert written_for("first_contact", cast.pair) == 2
    proposal = send(
        meeting_propose,
        match=cast.pair,
        by=cast.mentor,
        when=When(NOW + timedelta(days=12), 60, location="Room 1"),
    )
    clock.move_to(NOW + timedelta(minutes=5), tick=False)
    deliver()
    assert called_off("first_contact", cast.pair) == {"A meeting has been proposed since."}

    clock.move_to(NOW + timedelta(hours=2), tick=False)
    send(meeting_cancel, meeting=proposal, by=cast.board_member, reason="Not that week")
    assert Meeting.objects.get(pk=proposal.pk).status == "dropped"
    mailoutbox.clear()
    beat(NOW + timedelta(hours=2, minutes=5), NOW + timedelta(days=2))

    for address, partner in (
        ("maya@example.org", "Bola Board"),
        ("bola@example.org", "Maya Mentor"),
    ):
        nudges = [s for s in subjects_to(mailoutbox, address) if s.startswith("Book your first")]
        assert nudges == [f"Book your first meeting with {partner}"], address


def test_a_next_meeting_nudge_called_off_by_a_booking_comes_once_that_meeting_is_cancelled(
    cast, clock, dispatch, deliver, send, beat, mailoutbox
):
    """README: "next meeting due: the day the next window opens (6 weeks after the last
    meeting), nothing booked". Booked and then cancelled, nothing is booked again."""
    paired_days_ago(cast.pair, 120)
    HeldMeetingFactory(match=cast.pair, starts_at=NOW - timedelta(weeks=6, days=1))
    dispatch(send=False)
    assert written_for("window_open", cast.pair) == 2
    booked = MeetingFactory(match=cast.pair, starts_at=NOW + timedelta(days=10))
    clock.move_to(NOW + timedelta(minutes=5), tick=False)
    deliver()
    assert called_off("window_open", cast.pair) == {"A meeting has been booked since."}

    clock.move_to(NOW + timedelta(hours=2), tick=False)
    send(meeting_cancel, meeting=booked, by=cast.board_member, reason="Away that week")
    mailoutbox.clear()
    beat(NOW + timedelta(hours=2, minutes=5), NOW + timedelta(days=2))

    for address in ("maya@example.org", "bola@example.org"):
        nudges = [s for s in subjects_to(mailoutbox, address) if s.startswith("Time to book")]
        assert len(nudges) == 1, (address, subjects_to(mailoutbox, address))


def test_a_nudge_called_off_while_nudges_were_off_comes_once_they_are_on_again(
    client, cast, clock, dispatch, deliver, beat, mailoutbox
):
    """The profile lets a person switch nudges off "and on again"; with them on, and nothing
    booked 7 days after pairing, the first meeting nudge is owed (README table)."""
    paired_days_ago(cast.pair, 8)
    dispatch(send=False)
    assert written_for("first_contact", cast.pair) == 2
    sign_in_as(client, cast, "mentor")
    client.post(NUDGES, {"wants_nudges": "no"})
    clock.move_to(NOW + timedelta(minutes=5), tick=False)
    deliver()
    assert called_off("first_contact", cast.pair) == {"The person has switched off nudges."}

    clock.move_to(NOW + timedelta(minutes=20), tick=False)
    client.post(NUDGES, {"wants_nudges": "yes"})
    mailoutbox.clear()
    beat(NOW + timedelta(minutes=25), NOW + timedelta(days=2))

    assert [
        s for s in subjects_to(mailoutbox, "maya@example.org") if s.startswith("Book your first")
    ] == ["Book your first meeting with Bola Board"]


@pytest.fixture
def briefing(cast, clock):
    """A briefing tomorrow at 12:00, Bola holding a place since last week."""
    event = EventFactory(
        programme=cast.programme,
        audience=Audience.BOARD_MEMBERS,
        title="Board briefing",
        starts_at=datetime(2027, 1, 12, 12, 0, tzinfo=LONDON),
    )
    RegistrationFactory(event=event, person=cast.board_member, placed_at=NOW - timedelta(days=7))
    return event


def test_an_event_reminder_called_off_by_a_move_comes_once_the_event_is_moved_back(
    cast, briefing, clock, dispatch, deliver, send, beat, mailoutbox
):
    """README: "event tomorrow: the day before an event, from 08:00, those registered"."""
    assert dispatch(send=False)["event_tomorrow"] == 1
    briefing.starts_at += timedelta(days=1)
    briefing.ends_at += timedelta(days=1)
    send(event_update, event=briefing)
    clock.move_to(NOW + timedelta(minutes=5), tick=False)
    deliver()
    assert called_off("event_tomorrow") == {"The event has moved to another day."}

    clock.move_to(NOW + timedelta(minutes=30), tick=False)
    briefing.starts_at -= timedelta(days=1)
    briefing.ends_at -= timedelta(days=1)
    send(event_update, event=briefing)
    mailoutbox.clear()
    beat(NOW + timedelta(minutes=35), datetime(2027, 1, 12, 11, 0, tzinfo=LONDON))

    assert [
        s for s in subjects_to(mailoutbox, "bola@example.org") if s.startswith("Tomorrow:")
    ] == ["Tomorrow: Board briefing, 12:00 GMT"]


def test_an_event_reminder_called_off_by_a_place_given_back_is_not_sent_when_it_is_taken_again(
    cast, briefing, clock, dispatch, deliver, send, beat, mailoutbox
):
    """Taken again on the day the reminder is due, the place has its confirmation, with the
    time: no "Tomorrow" follows on top, as for any place taken that day."""
    assert dispatch(send=False)["event_tomorrow"] == 1
    send(registration_cancel, event=briefing, person=cast.board_member)
    clock.move_to(NOW + timedelta(minutes=5), tick=False)
    deliver()
    assert called_off("event_tomorrow") == {"The person is no longer registered."}

    clock.move_to(NOW + timedelta(minutes=30), tick=False)
    mailoutbox.clear()
    send(registration_create, event=briefing, person=cast.board_member)
    beat(NOW + timedelta(minutes=35), datetime(2027, 1, 12, 11, 0, tzinfo=LONDON))

    assert subjects_to(mailoutbox, "bola@example.org") == ["You are registered: Board briefing"]


def test_a_survey_open_reminder_called_off_by_closing_comes_once_the_survey_is_reopened(
    cast, clock, dispatch, deliver, beat, mailoutbox
):
    """README: "survey open: the day a survey opens, from 08:00, everyone it asks who has not
    answered"; a survey nobody answered may open again."""
    closes = datetime(2027, 1, 25, 17, 0, tzinfo=LONDON)
    survey = SurveyFactory(
        programme=cast.programme,
        title="Pilot evaluation",
        opens_at=datetime(2027, 1, 11, 0, 0, tzinfo=LONDON),
        closes_at=closes,
    )
    QuestionFactory(survey=survey, text="My partner and I built a relationship of trust.")
    asked = dispatch(send=False)["survey_open"]
    assert asked >= 2
    # The office closes it by mistake (nobody has answered), and opens it again.
    Survey.objects.filter(pk=survey.pk).update(closes_at=NOW + timedelta(minutes=1))
    clock.move_to(NOW + timedelta(minutes=5), tick=False)
    deliver()
    assert called_off("survey_open") == {"The survey has closed."}
    clock.move_to(NOW + timedelta(minutes=30), tick=False)
    Survey.objects.filter(pk=survey.pk).update(closes_at=closes)
    mailoutbox.clear()
    beat(NOW + timedelta(minutes=35), NOW + timedelta(days=1))

    told = [mail for mail in mailoutbox if "Pilot evaluation" in mail.subject]
    assert len(told) == asked


def test_a_reminder_that_its_sending_would_call_off_again_is_not_written_again_at_every_run(
    cast, clock, dispatch, deliver, monkeypatch
):
    """Should what a kind finds due and what its sending calls off ever disagree, the
    dispatcher (every 5 minutes) does not write an email to call off at each run: it writes
    again only what would be sent."""
    kind = REGISTRY["window_open"]
    due = Due(cast.pair.pk, NOW.date(), cast.mentor.email, cast.mentor, cast.programme.pk)
    monkeypatch.setattr(kind, "find", lambda run: [due])

    def called_off_always(reminder, now):
        raise CallOff("Never sent, for a reason its finding does not know.")

    monkeypatch.setattr(kind, "compose", called_off_always)
    for minutes in range(0, 60, 5):
        clock.move_to(NOW + timedelta(minutes=minutes), tick=False)
        dispatch(send=False)
        deliver()

    assert written_for("window_open", cast.pair) == 1
    assert OutboxMessage.objects.filter(kind=reminder_email_kind("window_open")).count() == 1
