"""The office's list of applications says where each line manager's answer stands from the
request and its email's state alone: it never reads (and so never decrypts) the link sent to
the line manager, nor the email itself, on any row. Each was decrypted for every row that had
asked a line manager, some 3 ms a page of 50, for a word or two."""

import pytest

from accounts import encryption
from tests.admin_pages import APPLICATIONS, signed_in_for_real, words
from tests.factories import line_manager_emailed

pytestmark = pytest.mark.django_db

office = signed_in_for_real("coordinator")


def test_the_list_shows_the_line_managers_answer_without_decrypting_their_email(
    office, cast, monkeypatch
):
    request = line_manager_emailed(cast.programme, cast.outsider)
    assert request.token  # kept, encrypted
    assert request.message.text
    decrypted = []

    def decrypt(token):
        decrypted.append(token)
        return real(token)

    real = encryption.decrypt
    monkeypatch.setattr(encryption, "decrypt", decrypt)

    page = office.get(f"{APPLICATIONS}?programme__id__exact={cast.programme.pk}")

    assert page.status_code == 200
    row = words(page.content.decode()).split("Olu Outsider")[1]
    assert "Waiting for a reply" in row
    assert decrypted == []
