"""After asking the programme office to end the pairing, or raising a concern, the pair page
says so, with the date, and offers only what is not already asked; the partner's page says
nothing of it."""

import pytest
from django.urls import reverse
from django.utils import timezone

from mentoring.services.pairs import pair_request_raise

pytestmark = pytest.mark.django_db

END = "ask to end the pairing"
CONCERN = "raise a concern privately with the programme office"


def pair_page(client, person) -> str:
    client.force_login(person)
    return " ".join(client.get(reverse("match")).content.decode().split())


def test_before_asking_both_are_offered(client, cast):
    page = pair_page(client, cast.mentor)

    assert END in page
    assert CONCERN in page
    assert "you asked the programme office" not in page


def test_after_asking_to_end_the_page_says_so_and_offers_only_a_concern(client, cast):
    request = pair_request_raise(match=cast.pair, person=cast.mentor, kind="end", note="")

    page = pair_page(client, cast.mentor)

    when = f"{timezone.localtime(request.created_at):%-d %B %Y}"
    assert (
        f"On {when} you asked the programme office to end the pairing. They will be in touch "
        "with you; your partner is not told." in page
    )
    assert END not in page
    assert "You can also <a" in page
    assert CONCERN in page


def test_after_both_nothing_more_is_offered(client, cast):
    pair_request_raise(match=cast.pair, person=cast.board_member, kind="end", note="")
    pair_request_raise(match=cast.pair, person=cast.board_member, kind="concern", note="x")

    page = pair_page(client, cast.board_member)

    assert "you raised a concern with the programme office" in page
    assert END not in page
    assert CONCERN not in page


def test_the_partner_sees_nothing_of_it(client, cast):
    pair_request_raise(match=cast.pair, person=cast.mentor, kind="end", note="")

    page = pair_page(client, cast.board_member)

    assert "asked the programme office" not in page
    assert END in page
    assert CONCERN in page
