"""Nobody is both mentor and board member in one programme, by whichever address of theirs.
Priya, declined as a mentor in the pilot, has a second account on its board, which signs in
at another address but has added (and confirmed) a `+` alias of hers: the board place
reaches her mailbox, as the match board reads it (`approval.board_place_addresses`), so the
office cannot accept or wait-list her application again, from its page or in bulk
(`applications_on_the_board`). Reading that costs the same however big the board is: only
the places that may reach the applicants' mailboxes are read (`board_places_at_mailbox_of`)."""

import pytest
from allauth.account.models import EmailAddress
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from mentoring.models import ApplicationStatus
from mentoring.services.decisions import ON_THE_BOARD, applications_on_the_board
from tests.admin_pages import APPLICATIONS, confirmed, decide_url, unchanged_named
from tests.factories import BoardMemberFactory, UserFactory, application_from

pytestmark = pytest.mark.django_db


@pytest.fixture
def priya(cast):
    """Priya's application, declined; then her second account joins the board, having added
    "priya+board@…" beside the address it signs in with."""
    priya = application_from(cast.programme, "Priya Patel", status=ApplicationStatus.DECLINED)
    second = UserFactory(full_name="Priya Patel", email="p.patel@home.example.net")
    EmailAddress.objects.create(user=second, email="Priya+Board@example.org", verified=True)
    BoardMemberFactory(programme=cast.programme, user=second)
    return priya


def test_her_application_page_says_she_is_on_the_board(office, priya):
    page = office.get(reverse("admin:mentoring_mentorapplication_change", args=[priya.pk]))

    assert ON_THE_BOARD in page.content.decode()


@pytest.mark.parametrize("status", [ApplicationStatus.ACCEPTED, ApplicationStatus.WAITLISTED])
def test_nor_is_it_accepted_or_waitlisted_from_its_page(office, priya, status):
    confirmation = office.get(f"{decide_url(priya, status)}?seen=declined")
    office.post(decide_url(priya, status), {"seen": "declined", "confirmed": "yes"})

    assert f"Priya Patel: {ON_THE_BOARD}" in unchanged_named(confirmation)
    priya.refresh_from_db()
    assert priya.status == ApplicationStatus.DECLINED


def test_nor_in_bulk_while_the_others_are_accepted(office, cast, priya):
    sam = application_from(cast.programme, "Sam Submitted")
    chosen = {"action": "accept", "_selected_action": [priya.pk, sam.pk]}

    confirmation = office.post(APPLICATIONS, chosen)
    office.post(APPLICATIONS, {**chosen, **confirmed(confirmation)})

    assert f"Priya Patel: {ON_THE_BOARD}" in unchanged_named(confirmation)
    priya.refresh_from_db()
    sam.refresh_from_db()
    assert (priya.status, sam.status) == (ApplicationStatus.DECLINED, ApplicationStatus.ACCEPTED)


def test_an_address_she_added_herself_reaches_the_one_her_second_account_added(cast):
    """Both sides by an added address: Priya added "p.patel@…" on her account, her second
    account on the board added "P.Patel+exec@…"."""
    priya = application_from(cast.programme, "Priya Patel", status=ApplicationStatus.DECLINED)
    EmailAddress.objects.create(user=priya.applicant, email="p.patel@example.org", verified=True)
    second = UserFactory(full_name="Priya Patel", email="priya.p@home.example.net")
    EmailAddress.objects.create(user=second, email="P.Patel+exec@example.org", verified=True)
    BoardMemberFactory(programme=cast.programme, user=second)

    assert applications_on_the_board([priya]) == {priya.pk}


def a_bigger_board(programme, count=30):
    """`count` more board members of `programme`, each with an address added on their
    account, none reaching Priya's mailbox (one only beginning like hers)."""
    for n in range(count):
        member = BoardMemberFactory(programme=programme)
        EmailAddress.objects.create(
            user=member.user, email=f"board.{n}@elsewhere.example.net", verified=True
        )
    BoardMemberFactory(programme=programme, user=None, email="priyanka@example.org")


def test_her_page_asks_no_more_queries_of_a_big_board(office, cast, priya):
    url = reverse("admin:mentoring_mentorapplication_change", args=[priya.pk])
    office.get(url)  # what the first request of a session reads and keeps is not counted
    with CaptureQueriesContext(connection) as small:
        office.get(url)

    a_bigger_board(cast.programme)
    with CaptureQueriesContext(connection) as big:
        page = office.get(url)

    assert ON_THE_BOARD in page.content.decode()
    assert len(big) == len(small)


def rows_read(applications) -> tuple[set[int], int]:
    """`applications_on_the_board(applications)`, and how many rows its queries read."""
    read = []

    def counting(execute, sql, params, many, context):
        result = execute(sql, params, many, context)
        read.append(context["cursor"].rowcount)
        return result

    with connection.execute_wrapper(counting):
        on_the_board = applications_on_the_board(applications)
    return on_the_board, sum(read)


def test_only_the_board_places_that_may_reach_her_are_read(cast, priya):
    sam = application_from(cast.programme, "Sam Submitted")
    small = rows_read([priya, sam])

    a_bigger_board(cast.programme)
    big = rows_read([priya, sam])

    assert big[1] == small[1]
    assert small[0] == big[0] == {priya.pk}
