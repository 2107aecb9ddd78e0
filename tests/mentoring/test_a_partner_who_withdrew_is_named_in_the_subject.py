"""A board member whose mentor withdraws is emailed that their pairing has ended, and the
subject names the mentor, as every other email about a pairing ending names the partner:
a board member in two programmes tells one from another by it. Only a partner whose account
was deleted is not named there (deleting it takes the name out of every email not yet sent,
and what replaced it would say why the pairing ended)."""

import pytest
from django.urls import reverse

from accounts.services import account_delete

pytestmark = pytest.mark.django_db


def to_bola(mailoutbox, cast):
    [email] = [email for email in mailoutbox if email.to == [cast.board_member.email]]
    return email


def test_the_mentor_who_withdrew_is_named_in_the_subject(
    client, cast, mailoutbox, django_capture_on_commit_callbacks
):
    cast.mentor.full_name = "Maya O'Mentor"  # written as it is, never HTML-escaped
    cast.mentor.save(update_fields=["full_name"])
    client.force_login(cast.mentor)

    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("apply_withdraw"), {"programme": "pilot", "confirm": "1"})

    email = to_bola(mailoutbox, cast)
    assert email.subject == "Your pairing with Maya O'Mentor has ended"
    assert "withdr" not in email.subject.lower()  # that it ended, never why


def test_a_mentor_whose_account_was_deleted_is_not(
    cast, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        account_delete(user=cast.mentor, by=cast.mentor)

    assert to_bola(mailoutbox, cast).subject == "Your reverse mentoring pairing has ended"
