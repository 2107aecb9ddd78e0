"""Bola's account is switched off (`switch_off`): she can take part in nothing
(`PairView.partner_can_take_part`), and the pages say no meeting is due. The reminders that
ask the pair to do something together follow the same rule: nobody is nudged to book a first
or next meeting with her, nor reminded of a meeting with her booked before she was switched
off, whether she was switched off before the reminder was written or while it waited to go.
The office's "No first meeting yet" alert says why neither was nudged, and that it can end
the pairing. Logging a meeting held is Maya's own to do: that reminder still comes."""

from datetime import timedelta

import pytest

from mentoring.models import Match, Reminder
from tests.cast import switch_off
from tests.factories import HeldMeetingFactory, MeetingFactory
from tests.winter import WINTER_MORNING

pytestmark = pytest.mark.django_db

CALLED_OFF = "The partner cannot take part: their account is switched off."
OFFICE_SAYS = (
    "The account of Bola Board is switched off, so neither of them is nudged to book. You can "
    "end this pairing and match Maya Mentor with someone else."
)


def to_maya(mailoutbox) -> list[str]:
    return [mail.subject for mail in mailoutbox if mail.to == ["maya@example.org"]]


def reasons(kind: str) -> set[str]:
    return set(
        Reminder.objects.filter(kind=kind).values_list("message__cancelled_reason", flat=True)
    )


@pytest.fixture
def paired_eight_days_ago(cast, clock):
    """Maya and Bola, paired 8 days ago with nothing booked: the first-meeting nudge is due.
    The other pair was paired this morning: nothing is due for it."""
    clock.move_to(WINTER_MORNING, tick=False)
    Match.objects.filter(pk=cast.pair.pk).update(activated_at=WINTER_MORNING - timedelta(days=8))
    Match.objects.filter(pk=cast.other_pair.pk).update(activated_at=WINTER_MORNING)


@pytest.fixture
def meeting_tomorrow(cast, clock):
    """A meeting tomorrow at 10:00, booked three weeks ago (before Bola was switched off)."""
    clock.move_to(WINTER_MORNING + timedelta(hours=2), tick=False)
    return MeetingFactory(
        match=cast.pair,
        starts_at=WINTER_MORNING + timedelta(days=1, hours=1),
        confirmed_at=WINTER_MORNING - timedelta(days=21),
    )


def test_nobody_is_nudged_to_book_a_first_meeting_with_a_partner_switched_off(
    cast, paired_eight_days_ago, dispatch, mailoutbox
):
    switch_off(cast.board_member)

    written = dispatch()

    assert written["first_contact"] == 0
    assert to_maya(mailoutbox) == []
    to_office = [m for m in mailoutbox if m.subject.startswith("No first meeting yet: Maya")]
    assert sorted(m.to[0] for m in to_office) == ["carmen@example.org", "sue@example.org"]
    for mail in to_office:
        assert OFFICE_SAYS in " ".join(mail.body.split())
        assert OFFICE_SAYS in " ".join(mail.alternatives[0][0].split())
        assert "Each of them is sent a nudge too" not in mail.body


def test_nobody_is_nudged_to_book_the_next_meeting_with_a_partner_switched_off(
    cast, met_six_weeks_ago, dispatch, mailoutbox
):
    switch_off(cast.board_member)

    assert dispatch()["window_open"] == 0
    assert to_maya(mailoutbox) == []


def test_nobody_is_reminded_of_a_meeting_with_a_partner_switched_off(
    cast, meeting_tomorrow, dispatch, mailoutbox
):
    switch_off(cast.board_member)

    assert dispatch()["meeting_last_reminder"] == 0
    assert to_maya(mailoutbox) == []


@pytest.mark.parametrize(
    ("scene", "kind"),
    [
        ("paired_eight_days_ago", "first_contact"),
        ("met_six_weeks_ago", "window_open"),
        ("meeting_tomorrow", "meeting_last_reminder"),
    ],
)
def test_a_reminder_waiting_when_the_partner_is_switched_off_is_called_off(
    request, cast, dispatch, deliver, mailoutbox, scene, kind
):
    request.getfixturevalue(scene)
    assert dispatch(send=False)[kind] == 2
    switch_off(cast.board_member)

    deliver()

    assert to_maya(mailoutbox) == []
    assert reasons(kind) == {CALLED_OFF, "The person's account has been closed."}


def test_maya_is_still_asked_to_log_a_meeting_held_with_a_partner_switched_off(
    cast, clock, dispatch, mailoutbox
):
    clock.move_to(WINTER_MORNING, tick=False)
    MeetingFactory(
        match=cast.pair,
        starts_at=WINTER_MORNING - timedelta(days=3),
        confirmed_at=WINTER_MORNING - timedelta(days=20),
    )
    switch_off(cast.board_member)

    dispatch()

    assert [s.split(" on ")[0] for s in to_maya(mailoutbox)] == ["Did your meeting with Bola Board"]


def test_the_offices_overdue_alert_says_whose_account_is_switched_off(
    cast, clock, dispatch, mailoutbox
):
    clock.move_to(WINTER_MORNING, tick=False)
    Match.objects.filter(pk=cast.pair.pk).update(activated_at=WINTER_MORNING - timedelta(days=120))
    Match.objects.filter(pk=cast.other_pair.pk).update(activated_at=WINTER_MORNING)
    HeldMeetingFactory(match=cast.pair, starts_at=WINTER_MORNING - timedelta(weeks=8, days=3))
    switch_off(cast.board_member)

    dispatch()

    overdue = [m for m in mailoutbox if m.subject.startswith("Overdue: Maya Mentor and Bola")]
    assert sorted(m.to[0] for m in overdue) == ["carmen@example.org", "sue@example.org"]
    said = (
        "The account of Bola Board is switched off. You can end this pairing and match Maya "
        "Mentor with someone else."
    )
    for mail in overdue:
        assert said in " ".join(mail.body.split())
        assert said in " ".join(mail.alternatives[0][0].split())
        assert "check in with them" not in mail.body
