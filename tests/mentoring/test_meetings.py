"""Maya (mentor) and Bola (board member) book, hold, log and review their meetings through
the pages they use: propose, accept, log with action steps, review them next time."""

import re
from datetime import datetime, time, timedelta

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from mentoring.models import ActionReview, ActionStep, Meeting, MeetingNote
from mentoring.selectors.pairs import pair_view
from mentoring.services.matches import match_end
from mentoring.services.meetings import MeetingError, Review
from tests.factories import (
    ActionStepFactory,
    EventFactory,
    HeldMeetingFactory,
    MeetingFactory,
    RegistrationFactory,
    agree_ground_rules,
)
from tests.meetings import ROOM, book_anyway, in_days, log_answers, meeting_logged, proposal_answers
from tests.pages import page_html
from tests.winter import LONDON

pytestmark = pytest.mark.django_db


@pytest.fixture
def maya(cast):
    client = Client()
    client.force_login(cast.mentor)
    return client


@pytest.fixture
def agreed(cast):
    return agree_ground_rules(cast.pair)


# --- the journey ---------------------------------------------------------------------------


def test_a_pair_proposes_accepts_logs_and_reviews_its_action_steps(
    cast, maya, bola, agreed, time_machine, django_capture_on_commit_callbacks
):
    theme = cast.programme.themes.get(name="Anti-racism")
    day = in_days(3)

    # Maya proposes a time; Bola is told by email.
    with django_capture_on_commit_callbacks(execute=True):
        response = maya.post(reverse("meeting_new", args=[cast.pair.pk]), proposal_answers(day))
    first = Meeting.objects.get(match=cast.pair)
    assert response.url == reverse("meeting_detail", args=[first.pk])
    assert (first.status, first.proposed_by, first.minutes, first.location) == (
        "proposed",
        cast.mentor,
        60,
        ROOM,
    )
    assert [message.to for message in mail.outbox] == [["bola@example.org"]]
    assert "Maya Mentor proposed a meeting" in mail.outbox[0].subject
    assert ROOM in mail.outbox[0].body
    assert ROOM in mail.outbox[0].alternatives[0][0]

    # Bola sees it waiting for her on /match/, and accepts it.
    page = page_html(bola.get(reverse("match")))
    assert "Waiting for your answer" in page
    assert "Maya proposed" in page
    assert reverse("meeting_accept", args=[first.pk]) in page
    with django_capture_on_commit_callbacks(execute=True):
        response = bola.post(reverse("meeting_accept", args=[first.pk]), follow=True)
    assert "Meeting booked." in page_html(response)
    first.refresh_from_db()
    assert first.status == "confirmed"
    assert mail.outbox[-1].to == ["maya@example.org"]
    assert mail.outbox[-1].subject.startswith("Meeting booked")

    # The meeting takes place; Maya logs it with two action steps.
    time_machine.move_to(first.starts_at + timedelta(hours=2))
    maya.force_login(cast.mentor)
    bola.force_login(cast.board_member)
    page = page_html(maya.get(reverse("match")))
    assert "To log" in page
    assert reverse("meeting_log", args=[first.pk]) in page
    response = maya.post(
        reverse("meeting_log", args=[first.pk]),
        log_answers(
            themes=[theme],
            note="We talked about the staff survey.",
            actions=[
                ("Read the race equality survey", "board_member", in_days(30)),
                ("Send Bola the network's report", "mentor", in_days(14)),
            ],
        ),
        follow=True,
    )
    page = page_html(response)
    assert "The meeting is logged." in page
    assert "Held, 55 minutes." in page
    assert "We talked about the staff survey." in page
    assert "Themes discussed: Anti-racism" in page
    survey = ActionStep.objects.get(match=cast.pair, owner="board_member")
    report = ActionStep.objects.get(match=cast.pair, owner="mentor")
    assert (survey.text, survey.owner, survey.status) == (
        "Read the race equality survey",
        "board_member",
        "open",
    )
    assert report.text == "Send Bola the network's report"

    # Bola proposes the next meeting, inside the window; Maya accepts it.
    day = timezone.localdate() + timedelta(weeks=7)
    bola.post(reverse("meeting_new", args=[cast.pair.pk]), proposal_answers(day))
    second = Meeting.objects.get(match=cast.pair, status="proposed")
    maya.post(reverse("meeting_accept", args=[second.pk]))
    second.refresh_from_db()
    assert second.status == "confirmed"

    # At the next meeting both open steps come up for review.
    time_machine.move_to(second.starts_at + timedelta(hours=1))
    maya.force_login(cast.mentor)
    bola.force_login(cast.board_member)
    page = page_html(bola.get(reverse("meeting_log", args=[second.pk])))
    assert "Review the action steps from earlier meetings" in page
    assert "Read the race equality survey" in page
    assert "Send Bola the network&#x27;s report" in page
    response = bola.post(
        reverse("meeting_log", args=[second.pk]),
        log_answers(
            reviews=[
                (survey, "done", "Read it, and shared it with the board"),
                (report, "in_progress", "Half written"),
            ]
        ),
        follow=True,
    )
    page = page_html(response)
    assert "The meeting is logged." in page
    assert "Action steps reviewed" in page
    assert "Read the race equality survey: <strong>done</strong>" in page
    assert "Read it, and shared it with the board" in page
    assert "<strong>in progress</strong> · Half written" in page
    survey.refresh_from_db()
    report.refresh_from_db()
    assert (survey.status, report.status) == ("done", "in_progress")

    # Maya, in a tab opened before Bola saved, reviews the survey again at the same meeting:
    # refused, and nothing of her log is saved.
    response = maya.post(
        reverse("meeting_log", args=[second.pk]),
        log_answers(note="My second thoughts", reviews=[(survey, "dropped", "Changed my mind")]),
    )
    assert response.status_code == 200
    assert "has already been reviewed at this meeting" in page_html(response)
    assert ActionReview.objects.filter(action=survey).count() == 1
    assert ActionReview.objects.get(action=survey).status == "done"
    assert not MeetingNote.objects.filter(meeting=second, author=cast.mentor).exists()

    # What stayed in progress comes up again at the third meeting, and is dropped there.
    third = MeetingFactory(match=cast.pair, starts_at=timezone.now() - timedelta(minutes=30))
    page = page_html(maya.get(reverse("meeting_log", args=[third.pk])))
    assert "Send Bola the network&#x27;s report" in page
    assert "Read the race equality survey" not in page
    maya.post(
        reverse("meeting_log", args=[third.pk]),
        log_answers(reviews=[(report, "dropped", "The report was withdrawn")]),
    )
    report.refresh_from_db()
    assert report.status == "dropped"
    assert list(report.reviews.values_list("status", "note")) == [
        ("in_progress", "Half written"),
        ("dropped", "The report was withdrawn"),
    ]
    assert "None. Action steps you agree at a meeting" in page_html(maya.get(reverse("match")))


def test_a_step_not_discussed_stays_open_for_the_next_meeting(cast, maya, agreed):
    action = ActionStepFactory(meeting=HeldMeetingFactory(match=cast.pair))
    now = MeetingFactory(match=cast.pair, starts_at=timezone.now() - timedelta(hours=1))

    maya.post(reverse("meeting_log", args=[now.pk]), log_answers(reviews=[(action, "", "")]))

    now.refresh_from_db()
    action.refresh_from_db()
    assert now.status == "held"
    assert action.status == "open"
    assert not action.reviews.exists()


def test_an_action_step_of_another_pair_cannot_be_reviewed(cast, agreed):
    theirs = ActionStepFactory(meeting=HeldMeetingFactory(match=cast.other_pair))
    now = MeetingFactory(match=cast.pair, starts_at=timezone.now() - timedelta(hours=1))

    with pytest.raises(MeetingError, match="not one of this pair"):
        meeting_logged(now, cast.mentor, note="Notes", reviews=[Review(theirs.pk, "done")])

    now.refresh_from_db()
    assert now.status == "confirmed"
    assert not theirs.reviews.exists()
    assert not now.notes.exists()


# --- bad input -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("days", "start", "end", "online_url", "message"),
    [
        (-1, "10:00", "11:00", "", "Choose a date and time in the future."),
        (3, "11:00", "10:00", "", "The meeting must end after it starts."),
        (3, "10:00", "10:00", "", "The meeting must end after it starts."),
        (3, "08:00", "16:01", "", "A meeting can last at most 8 hours."),
        (3, "10:00", "11:00", "javascript:alert(1)", "starts with https:// or http://"),
        (3, "10:00", "11:00", "ftp://files.example.org/a", "starts with https:// or http://"),
        (3, "10:00", "11:00", "https://", "starts with https:// or http://"),
        (3, "25:00", "", "", "Enter a time such as 10:00."),
        (3, "10:00", "11:00", "x" * 501, "This can be up to 500 characters long."),
    ],
    ids=[
        "in the past",
        "ends before it starts",
        "lasts no time",
        "lasts over 8 hours",
        "javascript link",
        "ftp link",
        "link with no host",
        "no such time",
        "link too long",
    ],
)
def test_a_proposal_that_does_not_make_sense_is_refused_with_what_was_typed_kept(
    cast, maya, days, start, end, online_url, message
):
    response = maya.post(
        reverse("meeting_new", args=[cast.pair.pk]),
        proposal_answers(in_days(days), start, end, online_url=online_url),
    )

    assert response.status_code == 200
    page = page_html(response)
    assert "There is a problem" in page
    assert message in page
    assert f'value="{ROOM}"' in page
    assert f'value="{in_days(days).isoformat()}"' in page
    assert not Meeting.objects.exists()
    assert not mail.outbox


def test_a_meeting_of_exactly_eight_hours_with_a_web_link_is_fine(cast, maya):
    maya.post(
        reverse("meeting_new", args=[cast.pair.pk]),
        proposal_answers(in_days(3), "08:00", "16:00", online_url="https://teams.example.org/m/1"),
    )

    meeting = Meeting.objects.get()
    assert meeting.minutes == 480
    assert meeting.online_url == "https://teams.example.org/m/1"


def test_a_meeting_with_no_end_lasts_the_programmes_usual_length(cast, maya):
    maya.post(reverse("meeting_new", args=[cast.pair.pk]), proposal_answers(in_days(3), end=""))

    meeting = Meeting.objects.get()
    assert meeting.minutes == cast.programme.meeting_minutes
    assert timezone.localtime(meeting.starts_at).time() == time(10, 0)


def test_a_meeting_outside_the_due_window_asks_for_confirmation(cast, maya):
    window = pair_view(cast.pair, cast.mentor).window
    day = window.closes + timedelta(days=7)
    url = reverse("meeting_new", args=[cast.pair.pk])

    response = maya.post(url, proposal_answers(day))

    page = page_html(response)
    assert "is after the due date" in page
    assert "Propose it anyway" in page
    assert not Meeting.objects.exists()

    response = maya.post(url, book_anyway(response, proposal_answers(day)))

    meeting = Meeting.objects.get()
    assert response.url == reverse("meeting_detail", args=[meeting.pk])
    assert timezone.localdate(meeting.starts_at) == day


def test_a_clash_with_an_event_the_person_registered_for_warns(cast, maya):
    day = in_days(5)
    event = EventFactory(
        programme=cast.programme,
        title="Anti-racism learning circle",
        starts_at=datetime.combine(day, time(9, 30), tzinfo=LONDON),
        ends_at=datetime.combine(day, time(12, 0), tzinfo=LONDON),
    )
    RegistrationFactory(event=event, person=cast.mentor)
    url = reverse("meeting_new", args=[cast.pair.pk])

    response = maya.post(url, proposal_answers(day, "11:30", "12:30"))

    page = page_html(response)
    assert "It overlaps Anti-racism learning circle" in page
    assert "Propose it anyway" in page
    assert not Meeting.objects.exists()

    maya.post(url, book_anyway(response, proposal_answers(day, "11:30", "12:30")))
    assert Meeting.objects.count() == 1


def test_a_meeting_that_only_touches_the_event_does_not_warn(cast, maya):
    day = in_days(5)
    event = EventFactory(
        programme=cast.programme,
        starts_at=datetime.combine(day, time(9, 0), tzinfo=LONDON),
        ends_at=datetime.combine(day, time(10, 0), tzinfo=LONDON),
    )
    RegistrationFactory(event=event, person=cast.mentor)

    maya.post(reverse("meeting_new", args=[cast.pair.pk]), proposal_answers(day, "10:00", "11:00"))

    assert Meeting.objects.count() == 1


def test_a_clash_with_the_persons_other_meeting_warns(cast, bola):
    day = in_days(4)
    MeetingFactory(match=cast.pair, starts_at=datetime.combine(day, time(10, 0), tzinfo=LONDON))

    response = bola.post(
        reverse("meeting_new", args=[cast.pair.pk]), proposal_answers(day, "10:30", "11:30")
    )

    assert "It overlaps your meeting with Maya Mentor" in page_html(response)
    assert Meeting.objects.count() == 1


def test_a_log_that_does_not_make_sense_is_refused_with_what_was_typed_kept(cast, maya, agreed):
    meeting = MeetingFactory(match=cast.pair, starts_at=timezone.now() - timedelta(hours=1))

    response = maya.post(
        reverse("meeting_log", args=[meeting.pk]),
        log_answers(
            minutes="481",
            note="We covered a lot",
            actions=[("Ask HR for the data", "", in_days(10))],
        ),
    )

    page = page_html(response)
    assert response.status_code == 200
    assert "A meeting can last at most 480 minutes (8 hours)." in page
    assert "Say who will do this: Maya (you) or Bola." in page  # as "Who does it" offers
    assert "We covered a lot" in page
    assert 'value="Ask HR for the data"' in page
    meeting.refresh_from_db()
    assert meeting.status == "confirmed"
    assert not meeting.notes.exists()
    assert not meeting.actions_recorded.exists()


def test_a_new_action_steps_rule_is_stated_beside_it_not_marked_optional(cast, maya, agreed):
    meeting = MeetingFactory(match=cast.pair, starts_at=timezone.now() - timedelta(hours=1))

    page = page_html(maya.get(reverse("meeting_log", args=[meeting.pk])))

    assert "Needed, with who does it, for each step you add; leave a step empty to add none." in (
        page
    )
    step = page[page.index("What will be done") :]
    assert step.index("Who does it") < step.index("(optional)")  # only "Due by" and the rest
    assert "What will be done <span" not in page
    assert "Who does it <span" not in page


def test_logging_or_reading_another_pairs_meeting_is_not_found(cast, maya, agreed):
    agree_ground_rules(cast.other_pair)
    theirs = MeetingFactory(match=cast.other_pair, starts_at=timezone.now() - timedelta(hours=1))

    assert maya.get(reverse("meeting_detail", args=[theirs.pk])).status_code == 404
    assert maya.get(reverse("meeting_log", args=[theirs.pk])).status_code == 404
    response = maya.post(reverse("meeting_log", args=[theirs.pk]), log_answers(note="Not mine"))

    assert response.status_code == 404
    theirs.refresh_from_db()
    assert theirs.status == "confirmed"
    assert not theirs.notes.exists()


def test_a_meeting_still_to_come_cannot_be_logged(cast, maya, agreed):
    meeting = MeetingFactory(match=cast.pair)

    response = maya.post(reverse("meeting_log", args=[meeting.pk]), log_answers(), follow=True)

    assert "A meeting can be logged once its time has come." in page_html(response)
    meeting.refresh_from_db()
    assert meeting.status == "confirmed"


def test_the_person_who_proposed_a_time_cannot_accept_it_themselves(cast, maya):
    meeting = MeetingFactory(match=cast.pair, status="proposed", proposed_by=cast.mentor)

    response = maya.post(reverse("meeting_accept", args=[meeting.pk]), follow=True)

    assert "You proposed this time" in page_html(response)
    meeting.refresh_from_db()
    assert meeting.status == "proposed"


# --- cancelling ----------------------------------------------------------------------------


def test_cancelling_a_booked_meeting_records_who_and_tells_the_partner_without_the_reason(
    cast, bola, django_capture_on_commit_callbacks
):
    meeting = MeetingFactory(match=cast.pair, status="confirmed")
    reason = "My father is in hospital"

    with django_capture_on_commit_callbacks(execute=True):
        response = bola.post(
            reverse("meeting_cancel", args=[meeting.pk]), {"reason": reason}, follow=True
        )

    assert "The meeting is cancelled and your partner has been told." in page_html(response)
    meeting.refresh_from_db()
    assert (meeting.status, meeting.cancelled_by) == ("cancelled", cast.board_member)
    assert meeting.cancelled_at is not None
    [email] = mail.outbox
    assert email.to == ["maya@example.org"]
    assert "is off" in email.subject
    assert "Bola Board can no longer make the meeting" in email.body
    html = email.alternatives[0][0]
    assert "Bola Board can no longer make the meeting" in html
    for part in (email.subject, email.body, html, *(a[1] for a in email.attachments)):
        assert "hospital" not in part


def test_dropping_a_proposal_marks_it_not_taken_up(cast, maya, django_capture_on_commit_callbacks):
    meeting = MeetingFactory(match=cast.pair, status="proposed", proposed_by=cast.board_member)

    with django_capture_on_commit_callbacks(execute=True):
        maya.post(reverse("meeting_cancel", args=[meeting.pk]), {"reason": "Too early for me"})

    meeting.refresh_from_db()
    assert (meeting.status, meeting.cancelled_by) == ("dropped", cast.mentor)
    [email] = mail.outbox
    assert email.to == ["bola@example.org"]
    assert "Too early" not in email.body
    assert "Too early" not in email.alternatives[0][0]


def test_a_cancellation_needs_a_reason(cast, bola):
    meeting = MeetingFactory(match=cast.pair, status="confirmed")

    response = bola.post(reverse("meeting_cancel", args=[meeting.pk]), {"reason": "  "})

    assert "Say briefly why, so that your partner knows." in page_html(response)
    meeting.refresh_from_db()
    assert meeting.status == "confirmed"
    assert not mail.outbox


def test_a_meeting_that_has_been_held_cannot_be_cancelled(cast, bola):
    meeting = HeldMeetingFactory(match=cast.pair)

    response = bola.post(
        reverse("meeting_cancel", args=[meeting.pk]), {"reason": "Oops"}, follow=True
    )

    assert "it cannot be cancelled" in page_html(response)
    meeting.refresh_from_db()
    assert meeting.status == "held"


# --- ground rules and ended pairs ----------------------------------------------------------


def test_logging_waits_until_both_have_agreed_the_ground_rules(cast, maya, bola):
    agree_ground_rules(cast.pair, cast.mentor)
    meeting = MeetingFactory(match=cast.pair, starts_at=timezone.now() - timedelta(hours=1))
    url = reverse("meeting_log", args=[meeting.pk])
    # To Maya, who has agreed: who has not (not "Both of you agree…", as if she had not).
    waiting = "You can log meetings once you have both agreed the ground rules: Bola has not yet."
    assert (
        "Agree the ground rules first: meetings can be logged once you have both agreed them."
        in page_html(bola.get(url, follow=True))
    )

    page = page_html(maya.get(reverse("meeting_detail", args=[meeting.pk])))
    # Maya has agreed: the page says who has not, as the schedule and the dashboard do.
    assert "You can log it once you have both agreed the" in page
    assert "ground rules</a>: Bola has not yet." in page
    assert url not in page
    assert waiting in page_html(maya.get(url, follow=True))
    response = maya.post(url, log_answers(note="We met"), follow=True)

    assert waiting in page_html(response)
    meeting.refresh_from_db()
    assert meeting.status == "confirmed"
    assert not meeting.notes.exists()


def test_an_ended_pair_is_read_only_but_its_meetings_still_show(cast, maya, agreed):
    held = HeldMeetingFactory(match=cast.pair)
    ActionStepFactory(meeting=held, text="Meet the staff network")
    to_log = MeetingFactory(match=cast.pair, starts_at=timezone.now() - timedelta(hours=1))
    assert match_end(match=cast.pair, reason="completed")
    read_only = "This pairing has ended; its record is read-only."

    page = page_html(maya.get(reverse("meeting_detail", args=[held.pk])))
    assert ROOM in page
    assert "Meet the staff network" in page
    assert read_only in page
    assert "Earlier pairs" in page_html(maya.get(reverse("match")))
    # Her schedule has nothing planned, and says where the meetings held still are.
    schedule = page_html(maya.get(reverse("meetings")))
    assert "You have no meetings planned." in schedule
    assert "keeps its history, read-only" in schedule
    assert "no meetings to show" not in schedule

    response = maya.post(
        reverse("meeting_new", args=[cast.pair.pk]), proposal_answers(in_days(3)), follow=True
    )
    assert read_only in page_html(response)
    response = maya.post(reverse("meeting_log", args=[to_log.pk]), log_answers(), follow=True)
    assert read_only in page_html(response)

    assert Meeting.objects.filter(match=cast.pair).count() == 2
    to_log.refresh_from_db()
    assert to_log.status == "confirmed"


def test_the_schedule_says_whose_answer_a_proposal_waits_for(cast, maya, bola):
    MeetingFactory(match=cast.pair, status="proposed", proposed_by=cast.mentor)

    for client, whose in ((bola, "you"), (maya, "Bola")):
        page = " ".join(re.sub(r"<[^>]+>", " ", page_html(client.get(reverse("meetings")))).split())
        assert f"Waiting for an answer from {whose}" in page
        assert "waiting for you" not in page
