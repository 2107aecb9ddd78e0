"""Pages follow the person's state: Priya, on the pilot's board at another address of hers (a
`+` alias she was invited at, one added on her account, or a second account), is refused on
/apply/ (mentoring.access.why_cannot_apply), so neither the navigation, the programme page
nor the dashboard offers her to apply there: the programme page and the dashboard say why,
in /apply/'s own words. The navigation reads this with the rest of its facts, in its one
query, and follows a new board place or a new address of hers at once. /apply/ reads her
board places once."""

from datetime import date

import pytest
from allauth.account.models import EmailAddress
from django.db.models import Value

from accounts.models import User
from mentoring.approval import mailbox, mailbox_in_sql
from tests.admin_pages import words
from tests.applying import (
    APPLY_BUTTON,
    APPLY_LINK,
    REFUSAL_QUERIES,
    apply_url,
    dashboard_page,
    programme_page,
)
from tests.factories import BoardMemberFactory, ProgrammeFactory, UserFactory

pytestmark = pytest.mark.django_db

ALIAS = "priya+board@example.org"
WHY = (
    "2026/27 pilot has a board member's place for priya+board@example.org, which reaches your "
    "own mailbox, so you cannot also apply to it as a mentor"
)


def older_cohort():
    """Another programme recruiting, begun before the pilot (the current programme)."""
    return ProgrammeFactory(name="2025/26 cohort", slug="cohort", starts_on=date(2025, 9, 1))


# --- the navigation ------------------------------------------------------------------------


def test_invited_at_an_alias_of_her_address_the_navigation_offers_no_apply(client, cast, priya):
    BoardMemberFactory(programme=cast.programme, user=None, email=ALIAS)

    assert APPLY_LINK not in dashboard_page(client, priya)


def test_on_the_board_through_a_second_account_the_navigation_offers_no_apply(client, cast, priya):
    second = UserFactory(full_name="Priya Patel", email=ALIAS)
    BoardMemberFactory(programme=cast.programme, user=second)

    assert APPLY_LINK not in dashboard_page(client, priya)


def test_invited_at_an_address_added_on_her_account_the_navigation_offers_no_apply(
    client, cast, priya
):
    EmailAddress.objects.create(user=priya, email="p.patel@example.org", verified=True)
    BoardMemberFactory(programme=cast.programme, user=None, email="P.Patel+exec@example.org")

    assert APPLY_LINK not in dashboard_page(client, priya)


def test_a_colleague_whose_mailbox_only_begins_like_hers_is_still_offered_apply(
    client, cast, priya
):
    BoardMemberFactory(programme=cast.programme, user=None, email=ALIAS)
    priyanka = UserFactory(full_name="Priyanka Rao", email="priyanka@example.org")

    assert APPLY_LINK in dashboard_page(client, priyanka)


def test_on_another_programmes_board_at_an_alias_she_is_still_offered_apply_here(
    client, cast, priya
):
    BoardMemberFactory(programme=older_cohort(), user=None, email=ALIAS)

    assert APPLY_LINK in dashboard_page(client, priya)


def test_a_board_place_at_her_alias_made_after_her_last_page_takes_apply_away(client, cast, priya):
    assert APPLY_LINK in dashboard_page(client, priya)  # her navigation's facts kept

    BoardMemberFactory(programme=cast.programme, user=None, email=ALIAS)

    assert APPLY_LINK not in dashboard_page(client, priya)


def test_adding_the_address_a_board_place_is_at_takes_apply_away(client, cast, priya):
    BoardMemberFactory(programme=cast.programme, user=None, email="p.patel+exec@example.org")
    assert APPLY_LINK in dashboard_page(client, priya)  # not hers yet; her facts kept

    EmailAddress.objects.create(user=priya, email="p.patel@example.org", verified=True)

    assert APPLY_LINK not in dashboard_page(client, priya)


def test_changing_her_sign_in_address_to_one_on_the_board_takes_apply_away(client, cast, priya):
    BoardMemberFactory(programme=cast.programme, user=None, email="p.patel+exec@example.org")
    assert APPLY_LINK in dashboard_page(client, priya)

    priya.email = "p.patel@example.org"
    priya.save(update_fields=["email"])  # as allauth saves a new primary address

    assert APPLY_LINK not in dashboard_page(client, priya)


# --- the programme page and the dashboard say why -------------------------------------------


def test_the_programme_page_says_why_instead_of_offering_apply(client, cast, priya):
    BoardMemberFactory(programme=cast.programme, user=None, email=ALIAS)

    page = programme_page(client, priya, cast.programme)

    assert APPLY_BUTTON not in page
    assert "You are on this programme's board" in words(page)
    assert WHY in words(page)


def test_the_dashboard_says_why_instead_of_inviting_her_to_apply(client, cast, priya):
    BoardMemberFactory(programme=cast.programme, user=None, email=ALIAS)

    page = dashboard_page(client, priya)

    assert APPLY_BUTTON not in page
    assert WHY in words(page)


def test_the_programme_page_of_the_programme_whose_board_she_is_on_says_why(client, cast, priya):
    other = older_cohort()
    BoardMemberFactory(programme=other, user=None, email=ALIAS)

    theirs = programme_page(client, priya, other)
    current = programme_page(client, priya, cast.programme)

    assert APPLY_BUTTON not in theirs
    assert "2025/26 cohort has a board member's place for priya+board@example.org" in words(theirs)
    assert APPLY_BUTTON in current


def test_staff_on_no_board_are_still_invited_everywhere(client, cast):
    assert APPLY_BUTTON in dashboard_page(client, cast.outsider)
    assert APPLY_BUTTON in programme_page(client, cast.outsider, cast.programme)


# --- /apply/ reads her board places once ---------------------------------------------------


def test_the_refusal_reads_her_board_places_once(client, cast, priya, django_assert_num_queries):
    BoardMemberFactory(programme=cast.programme, user=None, email=ALIAS)
    client.force_login(priya)

    with django_assert_num_queries(REFUSAL_QUERIES):
        page = client.get(apply_url(cast.programme))

    assert page.status_code == 403
    assert WHY in words(page.content.decode())


# --- the database reads a mailbox as the rule does -----------------------------------------


@pytest.mark.parametrize(
    "address",
    [
        "priya@example.org",
        "Priya+Board@Example.org",
        "  priya+a+b@example.org ",
        "p.patel@example.org",
        "+lead@example.org",
        "no-at-sign",
        '"odd@local"@example.org',
        "",
    ],
)
def test_the_database_reads_an_addresses_mailbox_as_the_rule_does(db, address):
    UserFactory()
    read = User.objects.annotate(box=mailbox_in_sql(Value(address)))

    assert read.values_list("box", flat=True).first() == mailbox(address)
