"""The office switched Bola's account off (she has left; her pair with Maya runs on): she
cannot sign in, so she can agree nothing and answer nothing (`PairView.partner_can_take_part`).
Maya's pages follow one rule: the pair page offers no ground rules to agree together and says
nothing of Bola not having agreed them yet; no page says a meeting is due (none can be
proposed); and the warning says what the programme office can do: end the pairing and match
Maya with someone else."""

import pytest
from django.urls import reverse

from mentoring.models import PairRequestKind
from mentoring.services.pairs import pair_request_raise
from tests.admin_pages import words
from tests.cast import switch_off

pytestmark = pytest.mark.django_db

WHAT_THE_OFFICE_CAN_DO = "they can match you with someone else."
ASK_TO_END = "Ask the programme office, privately, to end this pairing"


DUE_BADGE = '<span class="badge text-bg-warning">Due</span>'


def markup_of(client, name: str) -> str:
    response = client.get(reverse(name))
    assert response.status_code == 200, name
    return response.content.decode()


def page_of(client, name: str) -> str:
    return words(markup_of(client, name))


def test_the_pair_page_offers_no_ground_rules_to_agree_with_a_partner_switched_off(
    maya, cast, board_member_switched_off
):
    page = page_of(maya, "match")

    assert "Ground rules" in page  # still there to read
    assert "Both of you agree the ground rules" not in page
    assert "I agree to these ground rules" not in page
    assert "has not agreed to this version yet" not in page


def test_no_page_says_a_meeting_is_due_with_a_partner_switched_off(
    maya, cast, board_member_switched_off
):
    for name in ("match", "dashboard", "meetings"):
        markup = markup_of(maya, name)
        page = words(markup)
        assert "first meeting is due" not in page, name
        assert DUE_BADGE not in markup, name
        assert f"{ASK_TO_END} : {WHAT_THE_OFFICE_CAN_DO}" in page, name
        assert "about your pairing." not in page, name


def test_with_a_partner_who_can_take_part_the_rules_and_the_due_date_are_there(maya, cast):
    page = page_of(maya, "match")

    assert "Both of you agree the ground rules before your first meeting is logged" in page
    assert "I agree to these ground rules" in page
    assert "Bola has not agreed to this version yet." in page
    assert "Your first meeting is due by" in page
    for name in ("dashboard", "meetings"):
        assert "Your first meeting is due by" in page_of(maya, name), name
    assert WHAT_THE_OFFICE_CAN_DO not in page


@pytest.mark.parametrize("switched_off", ["board_member", "mentor"])
@pytest.mark.parametrize("name", ["dashboard", "match"])
def test_the_warning_of_a_partner_switched_off_links_to_the_private_form_to_ask_to_end(
    client, cast, switched_off, name
):
    """Either side: the warning leads to the form that asks the office to end the pairing,
    on the same pages, rather than to an email."""
    reader = cast.mentor if switched_off == "board_member" else cast.board_member
    switch_off(getattr(cast, switched_off))
    client.force_login(reader)

    markup = markup_of(client, name)

    form = f"{reverse('pair_request', args=[cast.pair.pk])}?kind=end"
    assert (
        f'<a href="{form}" class="alert-link">{ASK_TO_END}</a>: {WHAT_THE_OFFICE_CAN_DO}' in markup
    )
    assert client.get(form).status_code == 200


def test_once_asked_to_end_the_warning_asks_no_more(maya, cast, board_member_switched_off):
    pair_request_raise(match=cast.pair, person=cast.mentor, kind=PairRequestKind.END, note="")

    for name in ("dashboard", "match"):
        page = page_of(maya, name)
        assert ASK_TO_END not in page, name
        assert "they can end this pairing and match you with someone else." in page, name
