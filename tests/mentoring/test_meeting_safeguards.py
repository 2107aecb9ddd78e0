"""What a stale page, a double click or an ended pair must not do to a pair's meetings."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from mentoring.models import ActionStep, Meeting, MeetingStatus
from mentoring.services.matches import match_end
from tests.factories import HeldMeetingFactory, MeetingFactory, agree_ground_rules
from tests.meetings import log_answers

pytestmark = pytest.mark.django_db


def test_ending_a_pair_calls_off_its_meetings_still_to_come(client, cast):
    booked = MeetingFactory(match=cast.pair)
    held = HeldMeetingFactory(match=cast.pair)

    assert match_end(match=cast.pair, reason="withdrawn")

    booked.refresh_from_db()
    held.refresh_from_db()
    assert booked.status == MeetingStatus.DROPPED
    assert booked.sequence == 1
    assert held.status == MeetingStatus.HELD
    client.force_login(cast.board_member)
    feed = client.get(reverse("meeting_calendar", args=[booked.pk])).content.decode()
    assert "STATUS:CANCELLED" in feed


def test_accepting_a_time_the_partner_moved_meanwhile_is_refused(client, cast):
    proposal = MeetingFactory(match=cast.pair, status="proposed", proposed_by=cast.mentor)
    seen = proposal.sequence
    client.force_login(cast.mentor)
    later = timezone.localdate() + timedelta(days=20)
    client.post(
        reverse("meeting_change", args=[proposal.pk]),
        {"day": later.isoformat(), "start": "16:00", "sequence": seen},
    )
    proposal.refresh_from_db()
    assert proposal.sequence == seen + 1

    client.force_login(cast.board_member)
    response = client.post(
        reverse("meeting_accept", args=[proposal.pk]), {"sequence": seen}, follow=True
    )

    proposal.refresh_from_db()
    assert proposal.status == MeetingStatus.PROPOSED
    assert "changed while you were looking at it" in response.content.decode()


def test_a_double_click_on_save_logs_the_meeting_and_its_action_steps_once(client, cast):
    """The browser shows the second click's answer: the same log sent again is answered as
    saved (tests/mentoring/test_a_second_press_on_save_is_answered_as_saved.py), and
    nothing is recorded twice."""
    agree_ground_rules(cast.pair)
    meeting = MeetingFactory(match=cast.pair, starts_at=timezone.now() - timedelta(hours=2))
    client.force_login(cast.mentor)
    data = log_answers(
        actions=[("Read the pay gap report", "board_member", timezone.localdate())]
    ) | {"log_stamp": ""}

    first = client.post(reverse("meeting_log", args=[meeting.pk]), data)
    second = client.post(reverse("meeting_log", args=[meeting.pk]), data)

    assert first.status_code == 302
    assert second.status_code == 302
    assert second.url == reverse("meeting_detail", args=[meeting.pk])
    meeting.refresh_from_db()
    assert meeting.logged_by == cast.mentor
    assert meeting.last_changed_at is None  # logged once: not changed by the second click
    assert ActionStep.objects.filter(meeting=meeting).count() == 1


def test_a_date_years_ahead_is_refused_with_the_limit_stated(client, cast):
    client.force_login(cast.mentor)
    url = reverse("meeting_new", args=[cast.pair.pk])
    assert "Within the next two years." in client.get(url).content.decode()

    response = client.post(url, {"day": "9999-12-31", "start": "23:30", "location": "Far"})

    assert response.status_code == 200
    assert "Choose a date within the next two years." in response.content.decode()
    assert not cast.pair.meetings.exists()


def test_a_huge_ground_rules_version_is_refused_with_a_message(client, cast):
    client.force_login(cast.mentor)

    response = client.post(
        reverse("pair_rules_agree", args=[cast.pair.pk]), {"version": "1" * 5000}, follow=True
    )

    assert response.status_code == 200
    assert not cast.pair.agreements.exists()


def test_a_coordinator_adding_rules_for_a_forged_programme_id_gets_the_form(client, cast):
    client.force_login(cast.coordinator)

    response = client.get(reverse("admin:mentoring_groundrules_add") + "?programme=abc")

    assert response.status_code == 200


def test_planning_the_year_twice_proposes_each_date_once(client, cast):
    client.force_login(cast.mentor)
    url = reverse("pair_plan", args=[cast.pair.pk])
    page = client.get(url)
    dates = [choice[0] for choice in page.context["form"].fields["dates"].choices]

    client.post(url, {"dates": dates})
    again = client.post(url, {"dates": dates})

    assert cast.pair.meetings.count() == len(dates)
    assert "no longer on offer" in again.content.decode()


def test_a_past_proposal_nobody_accepted_can_be_dropped(client, cast):
    stale = MeetingFactory(
        match=cast.pair,
        status="proposed",
        confirmed_at=None,
        starts_at=timezone.now() - timedelta(days=3),
    )
    client.force_login(cast.board_member)

    response = client.post(
        reverse("meeting_cancel", args=[stale.pk]), {"reason": "We met in the corridor instead."}
    )

    stale.refresh_from_db()
    assert response.status_code == 302
    assert stale.status == MeetingStatus.DROPPED


def test_cancelling_a_time_the_partner_moved_meanwhile_is_refused_and_shows_the_new_one(
    client, cast, mailoutbox, django_capture_on_commit_callbacks
):
    booked = MeetingFactory(match=cast.pair, status="confirmed")
    client.force_login(cast.mentor)
    page = client.get(reverse("meeting_cancel", args=[booked.pk])).content.decode()
    assert f'name="sequence" value="{booked.sequence}"' in page
    # Meanwhile Bola moves it: a proposal Maya has not seen yet.
    client.force_login(cast.board_member)
    later = timezone.localdate() + timedelta(days=20)
    client.post(
        reverse("meeting_change", args=[booked.pk]),
        {"day": later.isoformat(), "start": "16:00", "sequence": booked.sequence},
    )

    client.force_login(cast.mentor)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("meeting_cancel", args=[booked.pk]),
            {"reason": "I cannot make it", "sequence": booked.sequence},
            follow=True,
        )

    moved = Meeting.objects.get(pk=booked.pk)
    assert moved.status == MeetingStatus.PROPOSED  # Bola's new time, still to answer
    # The cancel page again, over the meeting as it stands (what was typed stays:
    # test_a_meeting_changed_meanwhile_keeps_what_was_typed.py).
    assert response.status_code == 200
    assert "changed while you were looking at it" in response.content.decode()
    assert f'name="sequence" value="{moved.sequence}"' in response.content.decode()
    assert [m for m in mailoutbox if "is off" in m.subject] == []


def test_declining_a_proposal_says_it_is_declined_not_cancelled(client, cast):
    proposal = MeetingFactory(match=cast.pair, status="proposed", proposed_by=cast.board_member)
    client.force_login(cast.mentor)

    response = client.post(
        reverse("meeting_cancel", args=[proposal.pk]),
        {"reason": "Too early for me", "sequence": proposal.sequence},
        follow=True,
    )

    assert "You declined the time proposed and your partner has been told." in (
        response.content.decode()
    )


def test_proposing_the_same_time_twice_proposes_one_meeting_and_emails_once(
    client, cast, mailoutbox, django_capture_on_commit_callbacks
):
    client.force_login(cast.mentor)
    url = reverse("meeting_new", args=[cast.pair.pk])
    day = (timezone.localdate() + timedelta(days=10)).isoformat()
    proposal = {"day": day, "start": "10:00", "location": "Room 2.14"}

    with django_capture_on_commit_callbacks(execute=True):
        first = client.post(url, proposal)
        # The second press is warned of the clash with the first; proposing it anyway is
        # still refused, at the top of the form.
        second = client.post(url, proposal)
        warned = second.context["form"].data["warned"]
        anyway = client.post(url, {**proposal, "confirm": "on", "warned": warned})

    assert first.status_code == 302
    [meeting] = cast.pair.meetings.all()
    assert anyway.status_code == 200
    assert anyway.context["form"].non_field_errors() == [
        "Your pair already has a meeting proposed at this time "
        f"({timezone.localtime(meeting.starts_at):%A %-d %B, %H:%M}), so nothing new was "
        "proposed: it is on your pair's page. To meet again, choose another time."
    ]
    assert 'class="alert alert-danger error-summary"' in anyway.content.decode()
    assert [mail.to for mail in mailoutbox] == [["bola@example.org"]]
