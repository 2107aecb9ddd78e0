"""A board place reaches every address its account holds, the ones it added too
(`approval.board_place_addresses`), wherever that is asked. Priya's second account on the
pilot's board signs in at a home address but added a `+` alias of hers: as the programme
office will not accept her (`applications_on_the_board`), /apply/ refuses her, the
navigation offers her no Apply and the programme page says why. The rule in Python
(`approval.is_own_address` of the place's addresses, as the match board reads them) and the
three readings of it in SQL (/apply/'s `board_places_at_own_mailbox`, the office's
`applications_on_the_board`, the navigation's `on_a_board_at_mailbox_of`) agree, case by
case."""

import pytest
from allauth.account.models import EmailAddress
from django.db.models import OuterRef, Value

from accounts.models import User
from mentoring.approval import addresses_of, board_place_addresses, is_own_address, own_addresses
from mentoring.selectors.mailboxes import board_places_at_own_mailbox, on_a_board_at_mailbox_of
from mentoring.services.decisions import applications_on_the_board
from tests.admin_pages import words
from tests.applying import (
    APPLY_BUTTON,
    APPLY_LINK,
    REFUSAL_QUERIES,
    apply_url,
    dashboard_page,
    programme_page,
)
from tests.factories import BoardMemberFactory, MentorApplicationFactory, UserFactory

pytestmark = pytest.mark.django_db

WHY = (
    "2026/27 pilot has a board member's place for Priya+Board@example.org, which reaches your "
    "own mailbox, so you cannot also apply to it as a mentor"
)


@pytest.fixture
def on_the_board(cast, priya):
    """Her second account holds a place on the pilot's board, by a `+` alias of hers it only
    added."""
    second = UserFactory(full_name="Priya Patel", email="priya.p@home.example.net")
    EmailAddress.objects.create(user=second, email="Priya+Board@example.org", verified=True)
    return BoardMemberFactory(programme=cast.programme, user=second)


def test_apply_refuses_her(client, cast, priya, on_the_board, django_assert_num_queries):
    client.force_login(priya)

    # As many as for an invitation at her alias: the addresses her second account added are
    # read with the places.
    with django_assert_num_queries(REFUSAL_QUERIES):
        page = client.get(apply_url(cast.programme))

    assert page.status_code == 403
    assert WHY in words(page.content.decode())


def test_the_navigation_offers_her_no_apply(client, cast, priya, on_the_board):
    assert APPLY_LINK not in dashboard_page(client, priya)


def test_the_programme_page_says_why(client, cast, priya, on_the_board):
    page = programme_page(client, priya, cast.programme)

    assert APPLY_BUTTON not in page
    assert "You are on this programme's board" in words(page)
    assert WHY in words(page)


def test_the_second_account_adding_her_alias_later_takes_apply_away(client, cast, priya):
    second = UserFactory(full_name="Priya Patel", email="priya.p@home.example.net")
    BoardMemberFactory(programme=cast.programme, user=second)
    assert APPLY_LINK in dashboard_page(client, priya)  # her navigation's facts kept

    EmailAddress.objects.create(user=second, email="priya+board@example.org", verified=True)

    assert APPLY_LINK not in dashboard_page(client, priya)


# --- the three readings agree ---------------------------------------------------------------

# Priya signs in at priya@example.org and added p.patel@example.org. A board place: the
# address invited, then (when an account holds it) the address it signs in with and one it
# added; and whether it reaches her.
CASES = [
    ("priya+board@example.org", None, None, True),
    ("PRIYA@other.example.com", None, None, True),
    ("p.patel+exec@example.org", None, None, True),
    ("priyanka@example.org", None, None, False),
    ("priya+board@example.org", "priya+board@example.org", None, True),
    ("pp@home.example.net", "pp@home.example.net", "Priya+Board@example.org", True),
    ("pp@home.example.net", "pp@home.example.net", " P.Patel+exec@Example.org ", True),
    ("priya+old@example.org", "someone@example.net", "someone.else@example.net", True),
    ("pp@home.example.net", "pp@home.example.net", "priyanka+board@example.org", False),
    ("pp@home.example.net", "pp@home.example.net", "patel@example.org", False),
]


def reached_by_the_rule(person: User, place) -> bool:
    own = own_addresses([place.user]) if place.user_id is not None else {}
    return any(
        is_own_address(address, addresses_of(person))
        for address in board_place_addresses(place, own)
    )


def reached_by_the_navigation(person: User, programme) -> bool:
    places = on_a_board_at_mailbox_of(OuterRef("pk"), programme=Value(programme.pk))
    return User.objects.filter(places, pk=person.pk).exists()


@pytest.mark.parametrize(("invited", "signs_in", "added", "reaches"), CASES)
def test_apply_the_office_and_the_navigation_read_a_board_place_alike(
    cast, priya, invited, signs_in, added, reaches
):
    EmailAddress.objects.create(user=priya, email="p.patel@example.org", verified=True)
    application = MentorApplicationFactory(applicant=priya, programme=cast.programme)
    holder = None
    if signs_in is not None:
        holder = UserFactory(full_name="Someone", email=signs_in)
    if added is not None:
        EmailAddress.objects.create(user=holder, email=added, verified=True)
    place = BoardMemberFactory(programme=cast.programme, user=holder, email=invited)

    readings = {
        "rule": reached_by_the_rule(priya, place),
        "apply": bool(board_places_at_own_mailbox(priya, cast.programme)),
        "office": application.pk in applications_on_the_board([application]),
        "navigation": reached_by_the_navigation(priya, cast.programme),
    }

    assert readings == dict.fromkeys(readings, reaches)
