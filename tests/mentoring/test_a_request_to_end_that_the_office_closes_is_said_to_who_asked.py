"""The office may close a request to end a pairing with the pairing going on, emailing
nobody: the person who asked reads it on their pair page, with whom to write to; their
partner reads nothing of it; asked again, the new request is what the page says."""

import pytest
from django.urls import reverse

from mentoring.models import PairRequest, PairRequestKind
from mentoring.services.pairs import pair_requests_resolve
from tests.admin_pages import words

pytestmark = pytest.mark.django_db

CLOSED = "the programme office closed your request to end the pairing: the pairing goes on."


@pytest.fixture
def continued(cast):
    """Maya asked to end her pairing with Bola; the office decided it goes on."""
    asked = PairRequest.objects.create(
        match=cast.pair, kind=PairRequestKind.END, raised_by=cast.mentor
    )
    pair_requests_resolve(requests=[asked], by=cast.coordinator, end_pairing=False)
    return asked


def pair_page(client, person) -> str:
    client.force_login(person)
    return words(client.get(reverse("match")).content.decode())


def test_who_asked_reads_that_the_pairing_goes_on_and_whom_to_write_to(client, cast, continued):
    shown = pair_page(client, cast.mentor)

    assert CLOSED in shown
    assert f"To talk it over, write to them at {cast.programme.contact_email}" in shown
    assert "Ending requested" not in shown
    assert "ask to end the pairing" in shown  # offered again


def test_the_partner_reads_nothing_of_it(client, cast, continued):
    shown = pair_page(client, cast.board_member)

    assert "request to end" not in shown
    assert "goes on" not in shown


def test_asked_again_the_page_says_the_new_request(client, cast, continued):
    PairRequest.objects.create(match=cast.pair, kind=PairRequestKind.END, raised_by=cast.mentor)

    shown = pair_page(client, cast.mentor)

    assert CLOSED not in shown
    assert "Ending requested" in shown
