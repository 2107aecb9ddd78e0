"""The office confirms Maya and Bola as a pair while the mail server is away: each one's
introduction waits in the outbox, and retries run for days. What it says of the partner
(their address to write to first, their bio and themes) is worked out as it goes: a partner
who corrected their address meanwhile is named at the new one, not at the one they gave up.
An introduction whose pairing is no longer under way when it goes is not sent."""

import pytest
from django.utils import timezone

from accounts.models import OutboxMessage, OutboxStatus
from accounts.outbox import send_one
from matching.services import pair_activate
from mentoring.models import BoardMember, EndReason, Match, MatchStatus, Theme
from mentoring.services.matches import INTRODUCTION, INTRODUCTION_COMPOSER
from tests.admin_pages import (
    the_office_corrects_the_address,
)
from tests.cast import switch_off
from tests.mail_outage import swept_at_its_next_attempt

pytestmark = pytest.mark.django_db

OLD, NEW = "bola@example.org", "bola.board@example.org"


def confirmed_while_the_mail_server_is_away(cast, on_commit) -> OutboxMessage:
    """Maya and Bola, proposed, are confirmed by Carmen while the mail server is away: both
    introductions wait. Returns Maya's."""
    Match.objects.filter(pk=cast.pair.pk).update(status=MatchStatus.PROPOSED, activated_at=None)
    with on_commit(execute=True):
        pair_activate(match=Match.objects.get(pk=cast.pair.pk), by=cast.coordinator)
    to_maya = OutboxMessage.objects.get(kind=INTRODUCTION, recipient=cast.mentor)
    assert to_maya.status == OutboxStatus.PENDING
    return to_maya


def the_office_corrects_her_address(cast) -> None:
    """Sue, a superuser, changes Bola's address on her page in the office."""
    the_office_corrects_the_address(cast, cast.board_member, NEW)


def test_an_introduction_sent_late_names_the_partner_at_the_address_they_have_then(
    cast, mail_outage, mailoutbox, django_capture_on_commit_callbacks
):
    to_maya = confirmed_while_the_mail_server_is_away(cast, django_capture_on_commit_callbacks)
    the_office_corrects_her_address(cast)

    mail_outage.ongoing = False
    swept_at_its_next_attempt(to_maya, django_capture_on_commit_callbacks)

    [sent] = [mail for mail in mailoutbox if mail.to == [cast.mentor.email]]
    assert sent.subject == "Meet your board member: Bola Board"
    html = sent.alternatives[0][0]
    assert f"To say hello first, write to Bola Board at {NEW}." in sent.body
    assert f'href="mailto:{NEW}"' in html
    for body in (sent.body, html):
        assert OLD not in body, "named the partner at the address she had given up"
    # Bola's own introduction goes to her new address, as every email to her does.
    assert [mail.to for mail in mailoutbox if mail.to != [cast.mentor.email]] == [[NEW]]


def test_an_introduction_sent_late_shares_the_partners_profile_as_it_is_then(
    cast, mail_outage, mailoutbox, django_capture_on_commit_callbacks
):
    to_maya = confirmed_while_the_mail_server_is_away(cast, django_capture_on_commit_callbacks)
    # Bola rewrites her bio and chooses a theme before the mail server is back.
    profile = BoardMember.objects.get(user=cast.board_member)
    profile.bio = "Provost; I chair the committee on estates."
    profile.save(update_fields=["bio"])
    profile.themes.set([Theme.objects.create(programme=cast.programme, name="Belonging")])

    mail_outage.ongoing = False
    swept_at_its_next_attempt(to_maya, django_capture_on_commit_callbacks)

    [sent] = [mail for mail in mailoutbox if mail.to == [cast.mentor.email]]
    for body in (sent.body, sent.alternatives[0][0]):
        assert "Provost; I chair the committee on estates." in body
        assert "Themes they care about: Belonging" in body


def test_an_introduction_whose_pairing_is_no_longer_under_way_when_it_goes_is_not_sent(
    cast, mail_outage, mailoutbox, django_capture_on_commit_callbacks
):
    to_maya = confirmed_while_the_mail_server_is_away(cast, django_capture_on_commit_callbacks)
    # Ended without the introductions being called off with it (its service does that too:
    # tests/mentoring/test_a_plan_of_meetings_emailed_is_called_off_once_its_dates_are_off.py).
    Match.objects.filter(pk=cast.pair.pk).update(
        status=MatchStatus.ENDED, ended_at=timezone.now(), end_reason=EndReason.COMPLETED
    )

    mail_outage.ongoing = False
    swept_at_its_next_attempt(to_maya, django_capture_on_commit_callbacks)

    assert [mail.subject for mail in mailoutbox if mail.subject.startswith("Meet your ")] == []
    introductions = OutboxMessage.objects.filter(kind=INTRODUCTION)
    assert {(m.status, m.cancelled_reason) for m in introductions} == {
        (OutboxStatus.CANCELLED, "The pairing is no longer under way.")
    }


def test_an_introduction_to_a_partner_switched_off_meanwhile_is_not_sent(
    cast, mail_outage, mailoutbox, django_capture_on_commit_callbacks
):
    """Bola left before the mail server came back: Maya is not asked to write to her."""
    to_maya = confirmed_while_the_mail_server_is_away(cast, django_capture_on_commit_callbacks)
    switch_off(cast.board_member)

    mail_outage.ongoing = False
    swept_at_its_next_attempt(to_maya, django_capture_on_commit_callbacks)

    assert mailoutbox == []
    to_maya.refresh_from_db()
    assert (to_maya.status, to_maya.cancelled_reason) == (
        OutboxStatus.CANCELLED,
        "The board member's account is switched off.",
    )


def test_an_introduction_written_before_they_were_composed_as_they_go_is_sent_as_written(
    cast, mailoutbox
):
    """One already in the outbox when the site was upgraded has its body and no composer."""
    written = OutboxMessage.objects.create(
        kind=INTRODUCTION,
        to=cast.mentor.email,
        recipient=cast.mentor,
        about=f"pair:{cast.pair.pk}",
        subject="Meet your board member: Bola Board",
        text="To say hello first, write to Bola Board at bola@example.org.",
    )

    assert send_one(written.pk) == OutboxStatus.SENT
    [sent] = mailoutbox
    assert sent.body == "To say hello first, write to Bola Board at bola@example.org."


def test_an_introduction_naming_no_pairing_is_called_off_not_failed(cast):
    odd = OutboxMessage.objects.create(
        kind=INTRODUCTION,
        to=cast.mentor.email,
        recipient=cast.mentor,
        about="pair:x",
        subject="Meet your board member: Bola Board",
        composer=INTRODUCTION_COMPOSER,
    )

    assert send_one(odd.pk) == OutboxStatus.CANCELLED
    odd.refresh_from_db()
    assert odd.cancelled_reason == "It does not name a pairing."
