"""The office switched Bola's account off (her pair with Maya runs on). A shared purpose is
written together, so the pair page offers neither writing nor editing it, and its page,
reached another way (a link kept, a page opened before), shows no form: it goes back to the
pair page saying why and what the office can do, and a purpose sent saves nothing and is
shown back to copy, as the pair's other pages refuse what they do not offer."""

import re

import pytest
from django.contrib.messages import get_messages
from django.test import Client
from django.urls import reverse

from mentoring.models import Match
from mentoring.services.pairs import PairError, pair_purpose_save
from tests.admin_pages import words
from tests.cast import ROLES, sign_in_as

pytestmark = pytest.mark.django_db

NOT_WITH_BOLA = (
    "No shared purpose can be written with a partner who cannot take part. Bola Board, whose "
    "account is switched off, is not emailed and cannot sign in. Write to the programme "
    "office at"
)
WHAT_THE_OFFICE_CAN_DO = "they can end this pairing and match you with someone else."
WRITTEN = "Bola wants to hear how the night shift experiences change."


@pytest.fixture
def purpose_written(cast):
    pair_purpose_save(match=cast.pair, person=cast.board_member, purpose=WRITTEN)


def url(cast) -> str:
    return reverse("pair_purpose", args=[cast.pair.pk])


def test_the_purpose_page_goes_back_to_the_pair_page_saying_why_with_a_partner_switched_off(
    maya, cast, board_member_switched_off
):
    """Once, with one way forward: the message says no purpose is written, and the pair
    page's warning under it who cannot take part and what the office can do."""
    response = maya.get(url(cast))

    assert response.url == reverse("match")
    [message] = [str(m) for m in get_messages(response.wsgi_request)]
    assert message == "No shared purpose can be written with a partner who cannot take part."
    page = words(maya.get(response.url).content.decode())
    assert page.count("whose account is switched off, is not emailed and cannot sign in") == 1
    assert page.count(message) == 1


def test_a_purpose_sent_with_a_partner_switched_off_saves_nothing_and_is_shown_back(
    maya, cast, purpose_written, board_member_switched_off
):
    response = maya.post(url(cast), {"purpose": "Maya's new wording", "stamp": ""})

    assert Match.objects.get(pk=cast.pair.pk).purpose == WRITTEN
    assert response.status_code == 409
    html = response.content.decode()
    assert re.search(r"<title>Error: Your shared purpose was not saved", html)
    assert html.count("data-error-summary") == 1
    assert 'name="purpose"' not in html  # no form to send again
    page = words(html)
    assert page.count(NOT_WITH_BOLA) == 1
    assert f"{NOT_WITH_BOLA} {cast.programme.contact_email} : {WHAT_THE_OFFICE_CAN_DO}" in page
    assert "Nothing was saved." in page
    assert "Maya's new wording" in page
    assert f'href="{reverse("match")}"' in html


def test_saving_the_purpose_with_a_partner_switched_off_is_refused_by_the_service_too(
    cast, board_member_switched_off
):
    with pytest.raises(PairError, match="No shared purpose can be written"):
        pair_purpose_save(match=cast.pair, person=cast.mentor, purpose="Maya's wording")

    assert Match.objects.get(pk=cast.pair.pk).purpose == ""


def test_the_pair_page_offers_no_edit_of_the_purpose_with_a_partner_switched_off(
    maya, cast, purpose_written, board_member_switched_off
):
    html = maya.get(reverse("match")).content.decode()

    assert WRITTEN in words(html)  # still there to read
    assert url(cast) not in html
    assert "Edit your shared purpose" not in words(html)


def test_with_a_partner_who_can_take_part_the_purpose_is_offered_and_saved(
    maya, cast, purpose_written
):
    assert url(cast) in maya.get(reverse("match")).content.decode()
    page = maya.get(url(cast))
    assert page.status_code == 200
    assert 'name="purpose"' in page.content.decode()

    maya.post(
        url(cast), {"purpose": "Maya's wording", "stamp": page.context["form"]["stamp"].value()}
    )

    assert Match.objects.get(pk=cast.pair.pk).purpose == "Maya's wording"


# What each of the cast finds at the purpose page of a pair whose board member is switched
# off: she herself cannot sign in; nobody outside the pair learns anything of it.
EXPECTED = {
    "anonymous": "sign in",
    "mentor": "back to the pair page",
    "board_member": "sign in",
    "other_mentor": 404,
    "coordinator": 404,
    "superuser": 404,
}


@pytest.mark.parametrize("method", ["get", "post"])
@pytest.mark.parametrize("role", ROLES)
def test_each_role_at_the_purpose_page_with_a_partner_switched_off(
    cast, purpose_written, board_member_switched_off, role, method
):
    client = Client()
    sign_in_as(client, cast, role)

    response = getattr(client, method)(url(cast), {"purpose": "Typed", "stamp": ""})

    expected = EXPECTED[role]
    if expected == "sign in":
        assert response.status_code == 302
        assert response.url.startswith(reverse("account_login"))
    elif expected == 404:
        assert response.status_code == 404
    elif method == "get":
        assert response.url == reverse("match")
    else:
        assert response.status_code == 409
    assert Match.objects.get(pk=cast.pair.pk).purpose == WRITTEN
