"""A board member deleting their account is told what their mentor will learn of it; the
programme office's email repeats it; and the mentor's pages then say exactly those words."""

import json
import re

import pytest
from django.core import mail
from django.urls import reverse

from tests.admin_pages import words
from tests.deleting import delete_own_account

pytestmark = pytest.mark.django_db


def promised(client, cast) -> str:
    """What the board member's delete page says their mentor will be told."""
    client.force_login(cast.board_member)
    page = words(client.get(reverse("account_delete")).content.decode())
    [promise] = re.findall(r"Maya is (emailed [^;]*);", page)
    return promise


def test_the_mentors_pages_say_what_the_board_member_was_promised(
    client, cast, django_capture_on_commit_callbacks
):
    cast.programme.office_email = "office@example.org"
    cast.programme.save(update_fields=["office_email"])
    promise = promised(client, cast)
    [quoted] = re.findall(r"“(.+?)”", promise)

    with django_capture_on_commit_callbacks(execute=True):
        delete_own_account(client, cast.board_member)

    [office] = [message for message in mail.outbox if message.to == ["office@example.org"]]
    for body in (office.body, office.alternatives[0][0]):
        assert f"Maya Mentor has been {promise}." in words(body)
    client.force_login(cast.mentor)
    for page in ("dashboard", "apply", "match"):
        assert f"({quoted})" in words(client.get(reverse(page)).content.decode()), page
    [pair] = json.loads(client.get("/profile/data.json").content)["pairs"]
    assert "has since deleted their account" in pair["partner"]


def test_nobody_is_promised_that_the_partner_learns_only_that_the_pairing_ended(client, cast):
    client.force_login(cast.board_member)

    page = words(client.get(reverse("account_delete")).content.decode())

    assert "told only" not in page
    assert "Maya is emailed that the pairing has ended" in page
