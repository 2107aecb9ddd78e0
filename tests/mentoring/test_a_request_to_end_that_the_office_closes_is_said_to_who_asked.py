"""The office may close a request to end a pairing with the pairing going on, emailing
nobody: the person who asked reads it on their pair page, with whom to write to, and on
their dashboard and programme page for four weeks; their partner reads nothing of it; asked
again, the new request is what the pages say."""

from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from mentoring.models import PairRequest, PairRequestKind
from mentoring.services.pairs import pair_requests_resolve
from tests.admin_pages import words

pytestmark = pytest.mark.django_db

CLOSED = (
    "the programme office closed your request to end your pairing with Bola Board: the pairing "
    "goes on."
)


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


def words_at(client, url) -> str:
    return words(client.get(url).content.decode())


@pytest.mark.parametrize("page", ["dashboard", "programme"])
def test_the_dashboard_and_programme_page_say_it_for_four_weeks(client, cast, continued, page):
    url = reverse("dashboard") if page == "dashboard" else cast.programme.get_absolute_url()
    client.force_login(cast.mentor)

    assert CLOSED in words_at(client, url)
    with time_machine.travel(timezone.now() + timedelta(weeks=4, days=1), tick=False):
        client.force_login(cast.mentor)  # a new session: the first timed out meanwhile
        later = words_at(client, url)
    assert "Next:" in later  # her page, with the pair's next step
    assert CLOSED not in later
    client.force_login(cast.board_member)
    assert "request to end" not in words_at(client, url)
