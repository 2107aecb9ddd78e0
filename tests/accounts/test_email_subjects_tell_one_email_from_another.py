"""Two emails of the same kind that arrive together are told apart by their subjects, as by
their bodies: a pairing the office ends names the partner, a moved meeting names the day it
was on and its new time, and the office is told which board member (or how many) needs a new
mentor. Names go into subjects as they are written, never HTML-escaped. A partner who
withdrew is named too; one whose account was deleted is not (deleting an account takes their
name out of it): tests/mentoring/test_a_partner_who_withdrew_is_named_in_the_subject.py."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from accounts.mail import render_subject
from accounts.services import account_delete
from mentoring.models import EndReason
from mentoring.services.applications import application_withdraw
from mentoring.services.matches import matches_end
from mentoring.services.meetings import When, meeting_propose, meeting_reschedule

pytestmark = pytest.mark.django_db


def _sent(django_capture_on_commit_callbacks, action):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        action()
    return list(mail.outbox)


def _to(sent, address):
    return [email for email in sent if email.to == [address]]


def _day(moment):
    local = timezone.localtime(moment)
    return f"{local.day} {local:%B}"


def test_a_mentor_whose_two_pairs_end_at_once_can_tell_the_two_emails_apart(
    cast, second_pair, django_capture_on_commit_callbacks
):
    # The office records the programme's pairs as completed: Maya mentors Bola and Nia.
    sent = _sent(
        django_capture_on_commit_callbacks,
        lambda: matches_end(
            matches=[cast.pair, second_pair],
            reason=EndReason.COMPLETED,
            by=cast.coordinator,
            tell_both=True,
        ),
    )

    assert sorted(email.subject for email in _to(sent, "maya@example.org")) == [
        "Your pairing with Bola Board has ended",
        "Your pairing with Nia Newboard has ended",
    ]
    [to_bola] = _to(sent, "bola@example.org")
    assert to_bola.subject == "Your pairing with Maya Mentor has ended"


def test_a_name_in_an_ended_pairings_subject_is_written_as_it_is(
    cast, django_capture_on_commit_callbacks
):
    cast.board_member.full_name = "Bola O'Board"
    cast.board_member.save(update_fields=["full_name"])

    sent = _sent(
        django_capture_on_commit_callbacks,
        lambda: matches_end(
            matches=[cast.pair], reason=EndReason.WITHDRAWN, by=cast.coordinator, tell_both=True
        ),
    )

    [to_maya] = _to(sent, "maya@example.org")
    assert to_maya.subject == "Your pairing with Bola O'Board has ended"


def test_a_partner_left_by_a_deleted_account_is_not_told_in_the_subject_who_left(
    cast, django_capture_on_commit_callbacks
):
    # Deleting an account takes the person's name out of every subject the outbox keeps
    # (bodies are emptied once sent, subjects stay): naming them there would only read
    # "Deleted account", which says why the pairing ended. The body names them.
    sent = _sent(
        django_capture_on_commit_callbacks,
        lambda: account_delete(user=cast.mentor, by=cast.mentor),
    )

    [to_bola] = _to(sent, "bola@example.org")
    assert to_bola.subject == "Your reverse mentoring pairing has ended"
    assert "Your pairing with Maya Mentor in 2026/27 pilot has ended" in to_bola.body


def test_two_meetings_moved_by_the_partner_are_told_apart_by_their_subjects(
    cast, django_capture_on_commit_callbacks
):
    soon = timezone.now() + timedelta(days=10)
    first = meeting_propose(match=cast.pair, by=cast.mentor, when=When(soon, 60))
    second = meeting_propose(
        match=cast.pair, by=cast.mentor, when=When(soon + timedelta(days=40), 60)
    )
    was = {first.pk: first.starts_at, second.pk: second.starts_at}
    moved = {}

    def move_both():
        for meeting, days in ((first, 12), (second, 45)):
            moved[meeting.pk] = meeting_reschedule(
                meeting=meeting,
                by=cast.board_member,
                when=When(timezone.now() + timedelta(days=days), 60),
                reason="",
            ).starts_at

    sent = _sent(django_capture_on_commit_callbacks, move_both)

    expected = []
    for pk in (first.pk, second.pk):
        to = timezone.localtime(moved[pk])
        expected.append(
            f"Bola Board suggested moving your meeting on {_day(was[pk])} to "
            f"{_day(to)}, {to:%H:%M} {to.tzname()}"
        )
    assert [email.subject for email in _to(sent, "maya@example.org")] == expected


def test_the_office_is_told_how_many_board_members_need_a_new_mentor(
    cast, second_pair, django_capture_on_commit_callbacks
):
    sent = _sent(
        django_capture_on_commit_callbacks,
        lambda: application_withdraw(application=cast.pair.mentor),
    )

    [email] = _to(sent, "carmen@example.org")
    assert "Bola Board" in email.body
    assert "Nia Newboard" in email.body
    assert (
        email.subject == "Maya Mentor has withdrawn as a mentor: 2 board members need a new mentor"
    )


def test_the_office_is_told_which_board_member_needs_a_new_mentor_when_one_does(
    cast, django_capture_on_commit_callbacks
):
    cast.board_member.full_name = "Bola O'Board"
    cast.board_member.save(update_fields=["full_name"])

    sent = _sent(
        django_capture_on_commit_callbacks,
        lambda: application_withdraw(application=cast.pair.mentor),
    )

    [email] = _to(sent, "carmen@example.org")
    assert email.subject == "Maya Mentor has withdrawn as a mentor: Bola O'Board needs a new mentor"


def test_a_withdrawal_that_ended_no_pair_says_nothing_of_board_members(cast):
    # Not sent today (a mentor with no pair leaves nobody to rematch), but never wrong if it is.
    subject = render_subject(
        "mentoring/email/mentor_withdrew",
        context={"application": cast.pair.mentor, "ended": [], "coordinator": None},
    )

    assert subject == "Maya Mentor has withdrawn as a mentor"
