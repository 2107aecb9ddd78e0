"""The office switched one member of a pair off (they have left; the pair runs on): no email
reaches them (`accounts.outbox.can_be_emailed`). When the other asks the office to end the
pairing, neither the form, nor the page that asks "Send this to the programme office?", nor
the message after "Yes" promises that the office tells them both, or that the partner
learns the pairing ended: each says the partner, whose account is switched off, is not
emailed. Omar, whose board member Olive's account is on, is promised it as before, and the
pages cost him the same queries."""

import pytest
from django.contrib.messages import get_messages
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.admin_pages import words
from tests.cast import switch_off

pytestmark = pytest.mark.django_db

NOT_EMAILED = "{}, whose account is switched off, is not emailed"
# Who asks, and their partner, whom the office switched off.
SIDES = [("mentor", "board_member"), ("board_member", "mentor")]


@pytest.fixture(params=SIDES, ids=["maya asks", "bola asks"])
def asking(request, client, cast):
    """The member who asks, signed in, and their partner, switched off by the office."""
    asker, partner = (getattr(cast, role) for role in request.param)
    switch_off(partner)
    client.force_login(asker)
    return asker, partner


def form(client, match) -> str:
    return words(
        client.get(f"{reverse('pair_request', args=[match.pk])}?kind=end").content.decode()
    )


def confirmation(client, match):
    return client.post(reverse("pair_request", args=[match.pk]), {"kind": "end", "note": ""})


def test_the_form_says_the_partner_is_not_emailed_and_promises_them_nothing(client, cast, asking):
    _, partner = asking

    page = form(client, cast.pair)

    assert (
        "If you ask to end the pairing, the programme office decides. If it ends, they tell you; "
        f"{NOT_EMAILED.format(partner.full_name)}." in page
    )
    assert "tells you both" not in page
    assert "only learns that the pairing ended" not in page


def test_the_confirmation_says_the_partner_is_not_emailed(client, cast, asking):
    _, partner = asking

    page = words(confirmation(client, cast.pair).content.decode())

    assert (
        "They decide; if the pairing ends, you are told only that it ended; "
        f"{NOT_EMAILED.format(partner.full_name)}." in page
    )
    assert "are both told" not in page


def test_the_message_after_yes_says_the_partner_is_not_emailed(
    client, cast, asking, django_capture_on_commit_callbacks
):
    _, partner = asking

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("pair_request", args=[cast.pair.pk]),
            {"kind": "end", "note": "", "confirmed": "yes"},
        )

    assert [str(message) for message in get_messages(response.wsgi_request)] == [
        "The programme office has your request and will be in touch. If the pairing ends, "
        f"{NOT_EMAILED.format(partner.full_name)}."
    ]


def test_a_partner_whose_account_is_on_is_promised_the_email_at_the_same_cost(client, cast):
    switch_off(cast.board_member)
    pages = {}
    for person, match in ((cast.mentor, cast.pair), (cast.other_mentor, cast.other_pair)):
        client.force_login(person)
        with CaptureQueriesContext(connection) as queries:
            shown = words(confirmation(client, match).content.decode())
        pages[person.full_name] = (shown, len(queries))

    omars, omars_queries = pages["Omar Other"]
    assert "you and Olive are both told only that it ended, not who asked or why." in omars
    assert "not emailed" not in omars
    mayas, mayas_queries = pages["Maya Mentor"]
    assert NOT_EMAILED.format("Bola Board") in mayas
    assert mayas_queries == omars_queries
