"""Maya plans the year while the mail server is away: the "Plan the year" email to Bola waits
in the outbox. What it asks of him ("accept, move or drop each one") is worked out as it
goes: only the dates still waiting for his answer, and nothing at all once none is, or once
the pairing has ended. An introduction still waiting when its pairing ends is called off
too."""

from datetime import timedelta

import pytest
from django.utils import timezone

from accounts.models import OutboxMessage, OutboxStatus
from accounts.outbox import outbox_sweep
from matching.services import pair_activate
from mentoring.models import EndReason, Match, MatchStatus, Meeting, MeetingStatus
from mentoring.services.matches import match_end
from mentoring.services.meetings import meeting_cancel, meetings_plan

pytestmark = pytest.mark.django_db

ASKED = "Accept, move or drop each one"


def _days_ahead(days, hour=14):
    moment = timezone.localtime() + timedelta(days=days)
    return moment.replace(hour=hour, minute=0, second=0, microsecond=0)


def _to(mailoutbox, address):
    return [m for m in mailoutbox if m.to == [address]]


def _plan_while_away(cast, django_capture_on_commit_callbacks, days):
    with django_capture_on_commit_callbacks(execute=False):
        return meetings_plan(
            match=cast.pair, by=cast.mentor, times=[_days_ahead(day) for day in days]
        )


def _drop_while_away(cast, django_capture_on_commit_callbacks, meeting):
    with django_capture_on_commit_callbacks(execute=False):
        meeting_cancel(meeting=Meeting.objects.get(pk=meeting.pk), by=cast.mentor, reason="")


def test_a_plan_emailed_while_the_mail_server_was_away_is_called_off_as_the_pair_ends(
    cast, mailoutbox, django_capture_on_commit_callbacks
):
    _plan_while_away(cast, django_capture_on_commit_callbacks, [10, 55, 100])
    # The office ends the pairing before the mail server is back.
    with django_capture_on_commit_callbacks(execute=False):
        assert match_end(match=cast.pair, reason=EndReason.COMPLETED, tell_both=True)
    assert not Meeting.objects.filter(match=cast.pair, status=MeetingStatus.PROPOSED).exists()
    # Called off with the ending, in its transaction: the outbox says so at once.
    plan_email = OutboxMessage.objects.get(to=cast.board_member.email, subject__contains="dates")
    assert plan_email.status == OutboxStatus.CANCELLED

    outbox_sweep()  # the mail server is back: everything waiting goes

    to_bola = _to(mailoutbox, cast.board_member.email)
    assert [m.subject for m in to_bola if ASKED in m.body] == []
    assert len(to_bola) == 1  # that the pairing has ended, alone


def test_a_plan_whose_dates_were_all_dropped_before_it_went_is_not_sent(
    cast, mailoutbox, django_capture_on_commit_callbacks
):
    planned = _plan_while_away(cast, django_capture_on_commit_callbacks, [10, 55])
    # Maya thinks better of it and drops both before the mail server is back.
    for meeting in planned:
        _drop_while_away(cast, django_capture_on_commit_callbacks, meeting)

    outbox_sweep()

    to_bola = _to(mailoutbox, cast.board_member.email)
    assert [m.subject for m in to_bola if ASKED in m.body] == []
    assert len(to_bola) == 2  # each date dropped, told once
    plan_email = OutboxMessage.objects.get(to=cast.board_member.email, subject__contains="dates")
    assert plan_email.status == OutboxStatus.CANCELLED
    assert plan_email.cancelled_reason


def test_a_plan_some_of_whose_dates_were_dropped_lists_only_those_still_proposed(
    cast, mailoutbox, django_capture_on_commit_callbacks
):
    first, second, third = _plan_while_away(cast, django_capture_on_commit_callbacks, [10, 55, 100])
    _drop_while_away(cast, django_capture_on_commit_callbacks, second)

    outbox_sweep()

    [plan_email] = [m for m in _to(mailoutbox, cast.board_member.email) if ASKED in m.body]
    assert plan_email.subject == "Maya Mentor proposed 2 meeting dates"
    html = plan_email.alternatives[0][0]
    for text in (plan_email.body, html):
        assert "proposed 2 meeting dates" in text
        for meeting, listed in ((first, True), (second, False), (third, True)):
            day = f"{timezone.localtime(meeting.starts_at):%A %-d %B %Y}"
            assert (day in text) == listed, (day, listed)


@pytest.mark.parametrize("tell_both", [True, False])
def test_an_introduction_still_waiting_when_its_pair_ends_is_not_sent(
    cast, mailoutbox, django_capture_on_commit_callbacks, tell_both
):
    # Maya and Bola were proposed; the office confirms them while the mail server is away,
    # then ends the pairing (a mistake, or a rematch) before it is back.
    Match.objects.filter(pk=cast.pair.pk).update(status=MatchStatus.PROPOSED, activated_at=None)
    with django_capture_on_commit_callbacks(execute=False):
        pair_activate(match=Match.objects.get(pk=cast.pair.pk), by=cast.coordinator)
    with django_capture_on_commit_callbacks(execute=False):
        assert match_end(
            match=cast.pair, reason=EndReason.REMATCHED, by=cast.coordinator, tell_both=tell_both
        )

    outbox_sweep()

    introduced = [m.to for m in mailoutbox if m.subject.startswith("Meet your ")]
    assert introduced == [], "told to meet a partner, and to book, once the pairing had ended"
    introductions = OutboxMessage.objects.filter(kind="mentoring/email/match_introduction")
    assert {message.status for message in introductions} == {OutboxStatus.CANCELLED}
