"""The office switched Bola's account off (she has left; her pair with Maya runs on): no
email reaches her (`accounts.outbox.can_be_emailed`). Deleting Maya's account ends their
pair; Maya's own deletion page, the office's "Delete the selected accounts" (one account or
several), its message after "Yes" and the office's email never say Bola is emailed, nor
list or count her among those who are: they say she is not. Switched back on before "Yes",
she would be emailed unseen, so nothing is deleted."""

import pytest
from django.core import mail
from django.urls import reverse

from accounts.models import User
from accounts.services import (
    account_delete_emailed_many,
)
from tests.admin_pages import (
    confirmed,
    messages_shown,
    recipients_named,
    signed_in_for_real,
    words,
)
from tests.deleting import delete_own_account

pytestmark = pytest.mark.django_db

office = signed_in_for_real("coordinator")
CHANGELIST = reverse("admin:accounts_user_changelist")
NOT_EMAILED = "Bola Board, whose account is switched off, is not emailed"
OFFICE = "The programme office (office@example.org)"


@pytest.fixture
def switched_off(cast, board_member_switched_off):
    """Bola's account, switched off by the office (her pair is not ended by it); the
    programme has an office address of its own."""
    cast.programme.office_email = "office@example.org"
    cast.programme.save(update_fields=["office_email"])
    return board_member_switched_off


def action(*people) -> dict:
    return {"action": "delete_accounts", "_selected_action": [person.pk for person in people]}


def test_mayas_own_page_says_bola_is_not_emailed(client, cast, switched_off):
    client.force_login(cast.mentor)

    page = words(client.get(reverse("account_delete")).content.decode())

    assert (
        f"Your pairing with Bola Board in 2026/27 pilot ends and its upcoming meetings are "
        f"cancelled. {NOT_EMAILED}; the programme office knows" in page
    )
    assert "Bola is emailed" not in page


def test_the_office_lists_and_counts_only_whom_the_deletion_emails(office, cast, switched_off):
    page = office.post(CHANGELIST, action(cast.mentor, cast.other_mentor))

    shown = words(page.content.decode())
    assert "Maya Mentor's pairing with Bola Board in 2026/27 pilot ends" in shown
    assert f"are cancelled. {NOT_EMAILED};" in shown
    assert "Who will be emailed (3)" in shown  # the office twice, and Olive
    assert [line for line in recipients_named(page) if "Bola" in line] == []
    assert [line for line in recipients_named(page) if "Olive" in line] == [
        "Olive Other (olive@example.org): emailed that the pairing has ended, and from then "
        "on their pages say “your partner has since deleted their account”"
    ]


def test_the_message_after_yes_counts_no_email_to_bola(office, cast, switched_off):
    page = office.post(CHANGELIST, action(cast.mentor))
    assert "Who will be emailed (1)" in words(page.content.decode())

    response = office.post(CHANGELIST, {**action(cast.mentor), **confirmed(page)}, follow=True)

    assert messages_shown(response) == [
        "1 account deleted and anonymised; 1 email sent to those it affects (partners and "
        "the programme office). The audit trail records who deleted them."
    ]


def test_the_offices_email_says_bola_was_not_emailed(
    client, cast, switched_off, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        delete_own_account(client, cast.mentor)

    [email] = [m for m in mail.outbox if m.to == ["office@example.org"]]
    for body in (email.body, words(email.alternatives[0][0])):
        said = " ".join(body.split())
        assert "Bola Board, whose account is switched off, was not emailed." in said
        assert "Bola Board has been emailed" not in said
    assert not [m for m in mail.outbox if m.to == [cast.board_member.email]]


def test_the_list_of_whom_deleting_emails_leaves_bola_out(cast, switched_off):
    assert account_delete_emailed_many(users=[cast.mentor]) == {
        cast.mentor.pk: [
            f"{OFFICE}: the programme office of 2026/27 pilot: told the pairing ended "
            "because the account was deleted"
        ]
    }


def test_bola_switched_back_on_before_yes_stops_the_deletion(office, cast, switched_off):
    page = office.post(CHANGELIST, action(cast.mentor))
    cast.board_member.is_active = True  # a colleague, meanwhile
    cast.board_member.save(update_fields=["is_active"])

    response = office.post(CHANGELIST, {**action(cast.mentor), **confirmed(page)}, follow=True)

    assert messages_shown(response) == [
        "Maya Mentor: Who deleting Maya Mentor's account emails changed after the page was "
        "shown, so it was not deleted and nobody was emailed. Look at it again before "
        "deleting it."
    ]
    assert User.objects.get(pk=cast.mentor.pk).deleted_at is None
