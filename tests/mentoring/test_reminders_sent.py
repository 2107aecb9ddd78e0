"""The dispatcher: what each reminder says and to whom, once only, and what is not sent."""

import re
import smtplib
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts.models import OutboxMessage, OutboxStatus
from accounts.outbox import outbox_cancel, outbox_sweep
from mentoring.cadence import due_window
from mentoring.models import (
    LineManagerRequest,
    MeetingNote,
    MentorApplication,
    ProgrammeStatus,
    Reminder,
)
from mentoring.reminders import REGISTRY
from mentoring.services.matches import match_end
from mentoring.services.meetings import When, meeting_cancel, meeting_reschedule
from tests.admin_pages import words
from tests.factories import (
    EventFactory,
    HeldMeetingFactory,
    MeetingFactory,
    RegistrationFactory,
    agree_ground_rules,
)

pytestmark = pytest.mark.django_db


def a_week_ahead():
    # A few hours short of a week: the 7-day reminder is due now, whatever the clocks do.
    return timezone.now() + timedelta(days=7) - timedelta(hours=3)


def booked(cast, starts_at=None, **kwargs):
    return MeetingFactory(
        match=cast.pair,
        starts_at=starts_at or a_week_ahead(),
        confirmed_at=timezone.now() - timedelta(days=20),
        **kwargs,
    )


def sent_to(mailoutbox):
    return sorted(address for mail in mailoutbox for address in mail.to)


def outcome(reminder: Reminder) -> str:
    reminder.message.refresh_from_db()
    return reminder.message.status


def test_a_booked_meeting_is_reminded_to_both_a_week_before_with_its_calendar_file(
    cast, dispatch, mailoutbox
):
    meeting = booked(cast, online_url="https://meet.example.org/maya-bola")

    written = dispatch()

    assert written["meeting_first_reminder"] == 2
    assert sent_to(mailoutbox) == ["bola@example.org", "maya@example.org"]
    to_bola = next(mail for mail in mailoutbox if mail.to == ["bola@example.org"])
    days_left = (timezone.localdate(meeting.starts_at) - timezone.localdate()).days
    assert to_bola.subject.startswith(
        f"In {days_left} days: your reverse mentoring meeting with Maya Mentor, "
    )
    assert f"https://mentoring.example.org/meetings/{meeting.pk}/" in to_bola.body
    assert "https://meet.example.org/maya-bola" in to_bola.body
    assert "2026/27 pilot" in to_bola.body
    html = to_bola.alternatives[0][0]
    assert f'href="https://mentoring.example.org/meetings/{meeting.pk}/"' in html
    [(name, ics, mimetype)] = to_bola.attachments
    assert (name, mimetype) == ("meeting.ics", "text/calendar")
    assert f"UID:meeting-{meeting.pk}@" in ics or "UID:" in ics
    # To one of a pair: what they discuss is not emailed.
    for part in (to_bola.body, html):
        assert "what you discuss is never sent by email" in part


def test_the_dispatcher_run_twice_sends_each_reminder_once(cast, dispatch, mailoutbox):
    booked(cast)

    first = dispatch()
    second = dispatch()

    assert first["meeting_first_reminder"] == 2
    assert second["meeting_first_reminder"] == 0
    assert len(mailoutbox) == 2
    assert Reminder.objects.count() == 2
    assert OutboxMessage.objects.filter(kind__startswith="reminder").count() == 2


def test_the_day_before_reminder_follows_the_week_before_one(cast, dispatch, mailoutbox):
    # At three in the afternoon a week from today, so that 20 hours before is the evening
    # before, whatever the time now (late at night, "a week less three hours" is the next day).
    day = timezone.localdate() + timedelta(days=7)
    meeting = booked(cast, starts_at=timezone.make_aware(datetime.combine(day, time(15))))
    dispatch()

    with time_machine.travel(meeting.starts_at - timedelta(hours=20), tick=False):
        dispatch()

    assert [mail.subject.split(":")[0] for mail in mailoutbox].count("Tomorrow") == 2
    assert Reminder.objects.filter(kind="meeting_last_reminder").count() == 2


def test_a_meeting_cancelled_after_its_reminder_was_queued_is_not_reminded(
    cast, dispatch, mailoutbox, django_capture_on_commit_callbacks
):
    meeting = booked(cast)
    dispatch(send=False)  # Written, not yet sent: the worker is busy, or the broker away.
    with django_capture_on_commit_callbacks(execute=True):
        meeting_cancel(meeting=meeting, by=cast.board_member, reason="Clash with Senate")

    with django_capture_on_commit_callbacks(execute=True):
        outbox_sweep()

    # Maya hears that it is off; nobody is reminded of it.
    assert [mail.subject for mail in mailoutbox] == [
        f"Meeting on {timezone.localtime(meeting.starts_at):%-d %B} is off"
    ]
    for reminder in Reminder.objects.all():
        assert outcome(reminder) == OutboxStatus.CANCELLED
        assert reminder.message.cancelled_reason == "The meeting was cancelled."


def test_a_meeting_moved_to_another_day_is_reminded_of_for_its_new_date(
    cast, dispatch, mailoutbox, django_capture_on_commit_callbacks
):
    meeting = booked(cast)
    dispatch(send=False)
    new_time = meeting.starts_at + timedelta(days=3)
    meeting_reschedule(
        meeting=meeting, by=cast.mentor, when=When(new_time, 60), reason="Away that week"
    )
    meeting.refresh_from_db()
    meeting.status = "confirmed"
    meeting.confirmed_at = timezone.now() - timedelta(days=20)
    meeting.moved_from = meeting.moved_by = None  # as accepting the new time clears them
    meeting.save()

    with django_capture_on_commit_callbacks(execute=True):
        outbox_sweep()
    assert {outcome(r) for r in Reminder.objects.all()} == {OutboxStatus.CANCELLED}
    assert Reminder.objects.first().message.cancelled_reason.startswith("The meeting has moved")

    dispatch(new_time - timedelta(days=7) + timedelta(hours=1))
    new = Reminder.objects.filter(due_on=timezone.localdate(new_time) - timedelta(days=7))
    assert {outcome(r) for r in new} == {OutboxStatus.SENT}
    assert new.count() == 2


def test_a_person_who_left_the_programme_is_not_reminded(cast, dispatch, mailoutbox):
    booked(cast)
    dispatch(send=False)
    match_end(match=cast.pair, reason="withdrawn")

    outbox_sweep()

    assert mailoutbox == []
    assert {r.message.cancelled_reason for r in Reminder.objects.select_related("message")} == {
        "The pairing has ended."
    }
    # And nothing more is found for them.
    assert dispatch()["meeting_first_reminder"] == 0


def test_a_closed_account_is_not_emailed(cast, dispatch, mailoutbox):
    booked(cast)
    dispatch(send=False)
    cast.board_member.is_active = False
    cast.board_member.save(update_fields=["is_active"])

    outbox_sweep()

    # Nor is Maya reminded of a meeting with a partner who cannot take part (tests/mentoring/
    # test_a_pair_whose_partner_cannot_take_part_is_not_reminded_to_meet.py).
    assert sent_to(mailoutbox) == []
    to_bola = Reminder.objects.get(to="bola@example.org")
    assert outcome(to_bola) == OutboxStatus.CANCELLED
    assert to_bola.message.cancelled_reason == "The person's account has been closed."


def test_a_closed_programme_sends_no_reminders(cast, dispatch, mailoutbox):
    booked(cast)
    dispatch(send=False)
    cast.programme.status = ProgrammeStatus.CLOSED
    cast.programme.recruitment_open = False
    cast.programme.save()

    outbox_sweep()
    written = dispatch(timezone.now() + timedelta(hours=1))

    assert mailoutbox == []
    assert {r.message.cancelled_reason for r in Reminder.objects.select_related("message")} == {
        "The programme is no longer active."
    }
    assert sum(written.values()) == 0


def test_an_address_that_bounces_is_failed_and_shown_not_retried(cast, dispatch, monkeypatch):
    def refuse(self, *args, **kwargs):
        raise smtplib.SMTPRecipientsRefused({self.to[0]: (550, b"5.1.1 No such user")})

    monkeypatch.setattr("django.core.mail.EmailMultiAlternatives.send", refuse)
    booked(cast)

    dispatch()

    for reminder in Reminder.objects.select_related("message"):
        assert reminder.message.status == OutboxStatus.FAILED
        assert reminder.message.attempts == 1
        assert "No such user" in reminder.message.last_error


def test_no_meeting_content_is_in_any_reminder(cast, dispatch, mailoutbox):
    held = HeldMeetingFactory(match=cast.pair, starts_at=timezone.now() - timedelta(days=40))
    MeetingNote.objects.create(meeting=held, author=cast.mentor, text="SECRET-NOTE-TEXT")
    cast.pair.purpose = "SECRET-PURPOSE"
    cast.pair.save(update_fields=["purpose"])
    meeting = booked(cast, change_reason="SECRET-REASON")
    MeetingFactory(match=cast.pair, starts_at=timezone.now() - timedelta(days=3))  # not logged

    dispatch()
    meeting_cancel(meeting=meeting, by=cast.mentor, reason="SECRET-CANCEL")

    assert len(mailoutbox) == 4
    for mail in mailoutbox:
        everything = mail.subject + mail.body + mail.alternatives[0][0]
        assert "SECRET" not in everything


def test_a_meeting_not_logged_two_days_on_asks_both_to_log_it(cast, dispatch, mailoutbox):
    agree_ground_rules(cast.pair)  # before, it leads to the rules (a test of its own)
    meeting = MeetingFactory(match=cast.pair, starts_at=timezone.now() - timedelta(days=3))

    written = dispatch()

    assert written["meeting_not_logged"] == 2
    assert f"https://mentoring.example.org/meetings/{meeting.pk}/log/" in mailoutbox[0].body
    assert mailoutbox[0].subject.startswith("Did your meeting with")


def test_once_logged_the_meeting_is_no_longer_asked_about(cast, dispatch, mailoutbox):
    meeting = MeetingFactory(match=cast.pair, starts_at=timezone.now() - timedelta(days=3))
    dispatch(send=False)
    meeting.status = "held"
    meeting.actual_minutes = 60
    meeting.logged_at = timezone.now()
    meeting.save()

    outbox_sweep()

    assert mailoutbox == []


def paired_days_ago(match, days):
    match.activated_at = timezone.now() - timedelta(days=days)
    match.save(update_fields=["activated_at"])


def test_a_new_pair_with_nothing_booked_after_a_week_is_nudged_and_the_office_told(
    cast, dispatch, mailoutbox
):
    paired_days_ago(cast.pair, 8)
    cast.programme.office_email = "mentoring-office@example.org"
    cast.programme.save(update_fields=["office_email"])

    written = dispatch()

    assert written["first_contact"] == 2
    assert written["first_contact_office"] == 1
    assert sent_to(mailoutbox) == [
        "bola@example.org",
        "maya@example.org",
        "mentoring-office@example.org",
    ]
    to_maya = next(mail for mail in mailoutbox if mail.to == ["maya@example.org"])
    assert to_maya.subject == "Book your first meeting with Bola Board"
    assert "switch off nudges" in to_maya.body
    assert "mentoring-office@example.org" in to_maya.body


def test_without_an_office_address_the_coordinators_are_told(cast, dispatch, mailoutbox):
    paired_days_ago(cast.pair, 8)

    dispatch()

    office = [mail for mail in mailoutbox if mail.subject.startswith("No first meeting yet")]
    assert sorted(mail.to[0] for mail in office) == ["carmen@example.org", "sue@example.org"]


def test_a_pair_that_booked_its_first_meeting_is_not_nudged(cast, dispatch, mailoutbox):
    paired_days_ago(cast.pair, 8)
    booked(cast, starts_at=timezone.now() + timedelta(days=20))

    written = dispatch()

    assert written["first_contact"] == written["first_contact_office"] == 0


def test_the_next_window_opening_nudges_both_and_its_passing_tells_the_office(
    cast, dispatch, mailoutbox
):
    paired_days_ago(cast.pair, 120)
    HeldMeetingFactory(match=cast.pair, starts_at=timezone.now() - timedelta(weeks=6, days=1))

    assert dispatch()["window_open"] == 2
    assert {mail.subject for mail in mailoutbox} == {
        "Time to book your next meeting with Bola Board",
        "Time to book your next meeting with Maya Mentor",
    }

    mailoutbox.clear()
    written = dispatch(timezone.now() + timedelta(weeks=2, days=1))

    assert written["window_passed"] == 2  # Carmen and Sue, the coordinators
    assert written["window_open"] == 0
    overdue = [mail for mail in mailoutbox if mail.subject.startswith("Overdue: ")]
    assert sorted(mail.to[0] for mail in overdue) == ["carmen@example.org", "sue@example.org"]
    assert overdue[0].subject == "Overdue: Maya Mentor and Bola Board have no meeting booked"
    assert "https://mentoring.example.org/admin/mentoring/pairhealth/" in overdue[0].body
    # Signed as an alert of the programme's reminders, pointing to its settings: not asking
    # the office to write to itself, nor telling it what a pair's talk is.
    settings_url = f"https://mentoring.example.org/admin/mentoring/programme/{cast.programme.pk}/"
    for part in (overdue[0].body, overdue[0].alternatives[0][0]):
        assert "automatic alert from the programme's reminders" in part
        assert settings_url in part
        assert "Questions? Write to the programme office" not in part
        assert "what you discuss is never sent by email" not in part


def test_the_nudge_to_book_says_by_when_and_when_the_pair_last_met(cast, dispatch, mailoutbox):
    paired_days_ago(cast.pair, 120)
    met = timezone.localtime() - timedelta(weeks=6, days=1)
    HeldMeetingFactory(match=cast.pair, starts_at=met)
    due_by = (met + timedelta(weeks=8)).date()

    dispatch()

    to_maya = next(mail for mail in mailoutbox if mail.to == ["maya@example.org"])
    for said in (" ".join(to_maya.body.split()), words(to_maya.alternatives[0][0])):
        assert (
            f"Your next reverse mentoring meeting with Bola Board is due by "
            f"{due_by:%-d %B %Y}: you last met on {met:%-d %B %Y}, 2026/27 pilot meets every "
            "6 to 8 weeks" in said
        )


def test_the_nudge_to_book_gives_the_cadence_rules_dates_across_a_clock_change(
    cast, dispatch, mailoutbox
):
    """The pair last met at 00:30 on 21 October 2026, London time (still the 20th in UTC),
    before the clocks went back: the nudge counts from the 21st, as the rule that found it
    due does (`due_window`), and reading its dates costs no query of its own."""
    met = datetime(2026, 10, 21, 0, 30, tzinfo=ZoneInfo("Europe/London"))
    window = due_window(date(2026, 10, 21), gap_min_weeks=6, gap_max_weeks=8)
    with time_machine.travel(datetime(2026, 12, 4, 10, 0, tzinfo=ZoneInfo("UTC")), tick=False):
        paired_days_ago(cast.pair, 120)
        HeldMeetingFactory(match=cast.pair, starts_at=met)
        dispatch(send=False)
        nudges = Reminder.objects.filter(kind="window_open").order_by("to")
        assert {nudge.due_on for nudge in nudges} == {window.opens}
        kind = REGISTRY["window_open"]
        with CaptureQueriesContext(connection) as captured:
            context, _ = kind.compose(nudges[0], timezone.now())
        # The pair, its member's check, then booked, proposed, asked to end, and the
        # meetings met (whether since, and the last): no more to say when. Then the pair's
        # latest meeting held or to come, for whether "Plan the year" has a date left
        # (`plan_has_a_date_left`, the pair pages' rule), with or without a last day.
        assert len(captured) == 7

    assert context["due_by"] == window.closes == date(2026, 12, 16)
    assert context["last_met"] == date(2026, 10, 21)


def test_two_cancellations_in_a_row_by_one_person_tell_the_office(cast, dispatch, mailoutbox):
    for days_ago in (20, 5):
        MeetingFactory(
            match=cast.pair,
            starts_at=timezone.now() - timedelta(days=days_ago) + timedelta(days=2),
            status="cancelled",
            cancelled_by=cast.board_member,
            cancelled_at=timezone.now() - timedelta(days=days_ago),
            change_reason="SECRET-REASON",
        )

    written = dispatch()

    assert written["cancelled_twice"] == 2
    assert all("Bola Board has cancelled the last two meetings" in m.body for m in mailoutbox)
    assert all("SECRET" not in m.body for m in mailoutbox)
    assert dispatch()["cancelled_twice"] == 0


def test_those_registered_for_an_event_tomorrow_are_reminded(cast, dispatch, mailoutbox):
    tomorrow_noon = timezone.localtime().replace(hour=12, minute=0) + timedelta(days=1)
    event = EventFactory(programme=cast.programme, starts_at=tomorrow_noon, title="Board briefing")
    a_week_ago = timezone.now() - timedelta(days=7)
    RegistrationFactory(event=event, person=cast.board_member, placed_at=a_week_ago)
    RegistrationFactory(
        event=event, person=cast.other_board_member, status="cancelled", placed_at=a_week_ago
    )
    morning = timezone.localtime().replace(hour=9, minute=0)

    written = dispatch(morning)

    assert written["event_tomorrow"] == 1
    assert sent_to(mailoutbox) == ["bola@example.org"]
    assert mailoutbox[0].subject == f"Tomorrow: Board briefing, 12:00 {tomorrow_noon.tzname()}"
    assert mailoutbox[0].attachments[0][0] == "event.ics"


def test_an_event_reminder_says_nothing_of_what_a_pair_discusses(cast, dispatch, mailoutbox):
    """Someone holding a place at a briefing may be in no pair yet: its reminder ends with
    whom to ask, and not with "what you discuss is never sent by email", as a pair's do."""
    tomorrow_noon = timezone.localtime().replace(hour=12, minute=0) + timedelta(days=1)
    event = EventFactory(programme=cast.programme, starts_at=tomorrow_noon)
    RegistrationFactory(
        event=event, person=cast.outsider, placed_at=timezone.now() - timedelta(days=7)
    )

    dispatch(timezone.localtime().replace(hour=9, minute=0))

    [reminder] = mailoutbox
    for part in (reminder.body, reminder.alternatives[0][0]):
        assert "Questions? Write to the programme office" in part
        assert "This is an automatic message." in part
        assert "what you discuss" not in part


def test_an_event_moved_after_its_reminder_was_written_is_not_announced_as_tomorrow(
    cast, dispatch, mailoutbox, django_capture_on_commit_callbacks
):
    tomorrow_noon = timezone.localtime().replace(hour=12, minute=0) + timedelta(days=1)
    event = EventFactory(programme=cast.programme, starts_at=tomorrow_noon, title="Board briefing")
    RegistrationFactory(
        event=event, person=cast.board_member, placed_at=timezone.now() - timedelta(days=7)
    )
    dispatch(timezone.localtime().replace(hour=9, minute=0), send=False)
    # Moved a fortnight on while the reminder waited (a mail server retrying, a backlog).
    event.starts_at += timedelta(days=14)
    event.ends_at += timedelta(days=14)
    event.save(update_fields=["starts_at", "ends_at"])

    with django_capture_on_commit_callbacks(execute=True):
        outbox_sweep()

    assert mailoutbox == []
    reminder = Reminder.objects.select_related("message").get()
    assert reminder.message.cancelled_reason == "The event has moved to another day."


def test_a_line_manager_silent_for_a_week_and_the_applicant_are_reminded(
    line_manager_waiting, cast, dispatch, mailoutbox
):
    MentorApplication.objects.filter(applicant=cast.outsider).update(
        line_manager_name="Lee Manager"
    )

    written = dispatch()

    assert written["line_manager_waiting"] == 2
    to_manager = next(mail for mail in mailoutbox if mail.to == ["boss@example.org"])
    assert "/apply/line-manager/the-first-link/" in to_manager.body
    # By the name the applicant gave, as the first request; as someone outside the programme.
    assert to_manager.body.startswith("Dear Lee Manager,")
    assert "<p>Dear Lee Manager,</p>" in to_manager.alternatives[0][0]
    assert "what you discuss is never sent by email" not in to_manager.body
    to_applicant = next(mail for mail in mailoutbox if mail.to == ["olu@example.org"])
    assert "boss@example.org" in to_applicant.body
    assert "line-manager/" not in to_applicant.body
    # An applicant is in no pair: nothing is said of what a pair discusses.
    for part in (to_applicant.body, to_applicant.alternatives[0][0]):
        assert "Questions? Write to the programme office" in part
        assert "what you discuss" not in part


def test_a_line_manager_asked_before_links_were_kept_is_sent_a_new_link_that_works(
    line_manager_waiting, dispatch, mailoutbox, client
):
    from accounts.tokens import hash_token

    asked = line_manager_waiting
    # Only the link's hash was kept then: the reminder cannot repeat the link.
    LineManagerRequest.objects.filter(pk=asked.pk).update(token="")

    dispatch()

    to_manager = next(mail for mail in mailoutbox if mail.to == ["boss@example.org"])
    [new_link] = re.findall(r"/apply/line-manager/([^/\s]+)/", to_manager.body)
    asked.refresh_from_db()
    assert (asked.token, asked.token_hash) == (new_link, hash_token(new_link))
    assert client.get(f"/apply/line-manager/{new_link}/").status_code == 200
    assert client.get("/apply/line-manager/the-first-link/").status_code == 404


def test_the_applicant_is_told_in_words_that_their_application_waits_and_where_it_stands(
    line_manager_waiting, dispatch, mailoutbox, cast
):
    """The link is to the application in its own programme, whichever programme is the
    current one."""
    dispatch()

    to_applicant = next(mail for mail in mailoutbox if mail.to == ["olu@example.org"])
    said = (
        "Your application stays as it is while you wait, and your application page shows "
        "where it stands"
    )
    assert said in " ".join(to_applicant.body.split())
    assert f"{said}." in words(to_applicant.alternatives[0][0])
    page = f"https://mentoring.example.org/apply/?programme={cast.programme.slug}"
    assert page in to_applicant.body.split()
    assert f'href="{page}"' in to_applicant.alternatives[0][0]


def test_checking_whether_a_called_off_reminder_applies_again_keeps_the_managers_old_link(
    line_manager_waiting, dispatch, mailoutbox, client
):
    asked = line_manager_waiting
    LineManagerRequest.objects.filter(pk=asked.pk).update(token="")  # asked before links were kept
    dispatch(send=False)
    outbox_cancel(OutboxMessage.objects.all(), reason="Called off by the office.")

    # Asked again, it applies: written anew, and waiting to go (the mail server away).
    assert dispatch(send=False)["line_manager_waiting"] == 2

    asked.refresh_from_db()
    assert asked.token == ""
    assert client.get("/apply/line-manager/the-first-link/").status_code == 200
    # As it goes, the email carries a new link, which replaces the old one.
    outbox_sweep()
    to_manager = next(mail for mail in mailoutbox if mail.to == ["boss@example.org"])
    [new_link] = re.findall(r"/apply/line-manager/([^/\s]+)/", to_manager.body)
    assert client.get(f"/apply/line-manager/{new_link}/").status_code == 200
    assert client.get("/apply/line-manager/the-first-link/").status_code == 404


def test_one_broken_kind_does_not_hold_up_the_others(cast, dispatch, mailoutbox, monkeypatch):
    from mentoring.reminders import REGISTRY

    def broken(run):
        raise RuntimeError("a bug in one kind")

    monkeypatch.setattr(REGISTRY["window_open"], "find", broken)
    booked(cast)

    with pytest.raises(RuntimeError, match="a bug in one kind"):
        dispatch()

    assert len(mailoutbox) == 2  # The meeting reminders still went.


LONDON = ZoneInfo("Europe/London")
UTC = ZoneInfo("UTC")
# Thursday 29 October 2026, 10:00 GMT: the clocks went back on Sunday the 25th.
AFTER_THE_CLOCKS_CHANGE = datetime(2026, 10, 29, 10, 0, tzinfo=LONDON)


@pytest.mark.parametrize(
    ("clock", "expected"),
    [
        (datetime(2026, 10, 22, 8, 59, tzinfo=UTC), []),
        # 10:00 BST a week before is 09:00 UTC.
        (datetime(2026, 10, 22, 9, 0, tzinfo=UTC), ["meeting_first_reminder"]),
        (datetime(2026, 10, 27, 9, 0, tzinfo=UTC), ["meeting_first_reminder"]),
        (datetime(2026, 10, 28, 9, 59, tzinfo=UTC), ["meeting_first_reminder"]),
        # 10:00 GMT the day before is 10:00 UTC.
        (datetime(2026, 10, 28, 10, 0, tzinfo=UTC), ["meeting_last_reminder"]),
        (datetime(2026, 10, 29, 9, 59, tzinfo=UTC), ["meeting_last_reminder"]),
        (datetime(2026, 10, 29, 10, 0, tzinfo=UTC), []),
        # Ended at 11:00; asked to log it two days on, once.
        (datetime(2026, 10, 31, 10, 59, tzinfo=UTC), []),
        (datetime(2026, 10, 31, 11, 0, tzinfo=UTC), ["meeting_not_logged"]),
    ],
)
def test_which_meeting_reminder_the_clock_makes_due(cast, dispatch, clock, expected):
    MeetingFactory(
        match=cast.pair,
        starts_at=AFTER_THE_CLOCKS_CHANGE,
        confirmed_at=datetime(2026, 9, 1, 9, 0, tzinfo=UTC),
    )

    with time_machine.travel(clock, tick=False):
        written = dispatch()

    due = sorted(kind for kind, count in written.items() if count and kind.startswith("meeting"))
    assert due == expected
    for kind in expected:
        assert written[kind] == 2


def test_a_reminder_sent_in_summer_time_says_the_meetings_time_as_it_will_be_then(
    cast, dispatch, mailoutbox
):
    MeetingFactory(
        match=cast.pair,
        starts_at=AFTER_THE_CLOCKS_CHANGE,
        confirmed_at=datetime(2026, 9, 1, 9, 0, tzinfo=UTC),
    )

    with time_machine.travel(datetime(2026, 10, 22, 9, 0, tzinfo=UTC), tick=False):
        dispatch()

    assert len(mailoutbox) == 2
    for mail in mailoutbox:
        assert mail.subject.endswith(", 29 October, 10:00 GMT")
        assert "Thursday 29 October 2026, 10:00 GMT, 60 minutes" in mail.body
        assert "<strong>Thursday 29 October 2026, 10:00 GMT</strong>" in mail.alternatives[0][0]


def test_a_pair_that_met_but_has_not_logged_it_is_not_told_to_book_a_first_meeting(
    cast, dispatch, mailoutbox
):
    paired_days_ago(cast.pair, 10)
    MeetingFactory(match=cast.pair, starts_at=timezone.now() - timedelta(hours=3))

    written = dispatch()

    assert written["first_contact"] == written["first_contact_office"] == 0
    assert written["window_passed"] == 0


def test_a_meeting_held_but_not_logged_counts_for_the_window_too(cast, dispatch):
    paired_days_ago(cast.pair, 120)
    HeldMeetingFactory(match=cast.pair, starts_at=timezone.now() - timedelta(weeks=8, days=3))
    MeetingFactory(match=cast.pair, starts_at=timezone.now() - timedelta(days=3))

    written = dispatch()

    # Asked to log the meeting; the office is not told that they have not met.
    assert written["meeting_not_logged"] == 2
    assert written["window_passed"] == 0


def test_a_proposal_nobody_accepted_does_not_silence_the_office(cast, dispatch):
    paired_days_ago(cast.pair, 120)
    HeldMeetingFactory(match=cast.pair, starts_at=timezone.now() - timedelta(weeks=9))
    MeetingFactory(
        match=cast.pair,
        starts_at=timezone.now() + timedelta(weeks=16),
        status="proposed",
        confirmed_at=None,
    )

    written = dispatch()

    assert written["window_passed"] == 2  # As programme health says: overdue.


def test_an_event_today_is_not_announced_as_tomorrow_in_the_night(cast, dispatch, mailoutbox):
    night = timezone.localtime().replace(hour=0, minute=30, second=0, microsecond=0)
    event = EventFactory(programme=cast.programme, starts_at=night.replace(hour=10))
    RegistrationFactory(event=event, person=cast.board_member)

    with time_machine.travel(night, tick=False):
        written = dispatch()

    assert written["event_tomorrow"] == 0
    assert mailoutbox == []


def test_with_no_office_address_and_no_coordinator_the_alert_goes_to_the_site_office(
    cast, dispatch, mailoutbox, settings
):
    from accounts.models import User

    settings.PROGRAMME_OFFICE_EMAIL = "office@example.org"
    User.objects.coordinators().update(is_active=False, deactivated_at=timezone.now())
    paired_days_ago(cast.pair, 8)

    dispatch()

    office = [mail for mail in mailoutbox if mail.subject.startswith("No first meeting yet")]
    assert [mail.to for mail in office] == [["office@example.org"]]


def test_a_person_who_changes_their_address_is_not_reminded_again(cast, dispatch, mailoutbox):
    booked(cast)
    dispatch()
    cast.mentor.email = "maya.mentor@example.org"
    cast.mentor.save(update_fields=["email"])

    written = dispatch()

    assert written["meeting_first_reminder"] == 0
    assert len(mailoutbox) == 2


def test_a_reminder_waiting_when_its_person_changes_address_goes_to_the_new_one(
    cast, dispatch, mailoutbox, django_capture_on_commit_callbacks
):
    booked(cast)
    dispatch(send=False)  # written; the worker is busy
    cast.mentor.email = "maya.mentor@example.org"
    cast.mentor.save(update_fields=["email"])

    with django_capture_on_commit_callbacks(execute=True):
        outbox_sweep()

    assert sent_to(mailoutbox) == ["bola@example.org", "maya.mentor@example.org"]
    assert OutboxMessage.objects.filter(to="maya@example.org").count() == 0


def test_a_first_nudge_later_than_the_first_window_is_refused(cast):
    from django.db import IntegrityError, transaction

    cast.programme.first_contact_days = 7 * cast.programme.gap_max_weeks
    with pytest.raises(IntegrityError), transaction.atomic():
        cast.programme.save()
