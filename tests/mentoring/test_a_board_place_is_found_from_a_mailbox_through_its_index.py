"""Whether a board place reaches someone's mailbox is found from their mailboxes through an
index on the mailbox of each address a place reaches by (the one invited, its account's
sign-in address, those it added: `approval.mailbox_in_sql`), never by reading the whole
board: what /apply/, the navigation and the programme office send can use the three
indexes. With sequential scans priced out, PostgreSQL reads a table whole only when no
index serves the query, so each plan shows the indexes usable by the very SQL sent."""

import pytest
from allauth.account.models import EmailAddress
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts.models import User
from mentoring.models import BoardMember
from mentoring.navigation import facts_for
from mentoring.selectors.mailboxes import accounts_at_mailbox, board_places_at_own_mailbox
from mentoring.services.decisions import applications_on_the_board
from tests.factories import BoardMemberFactory, MentorApplicationFactory, UserFactory
from tests.servers import needs_postgresql

pytestmark = [pytest.mark.django_db, needs_postgresql]

INDEXES = ["board_member_mailbox", "user_mailbox", "email_address_mailbox"]


@pytest.fixture
def olu(cast):
    """Olu, in no programme yet, added an address of his; a second account of his, at home,
    on the board of another programme, added a `+` alias of his. The pilot's board has 300
    places of others, half of them held by accounts that added an address: the database
    knows it (ANALYZE), as it would a real board."""
    EmailAddress.objects.create(user=cast.outsider, email="olu.o@example.org", verified=True)
    second = UserFactory(full_name="Olu Outsider", email="olu@home.example.net")
    EmailAddress.objects.create(user=second, email="olu+board@example.org", verified=True)
    BoardMemberFactory(user=second)
    held = User.objects.bulk_create(
        User(full_name=f"Board Member {n}", email=f"board.{n}@example.org") for n in range(150)
    )
    EmailAddress.objects.bulk_create(
        EmailAddress(user=user, email=f"b{n}@home.example.net", verified=True)
        for n, user in enumerate(held)
    )
    now = timezone.now()
    BoardMember.objects.bulk_create(
        [
            *(
                BoardMember(programme=cast.programme, email=user.email, user=user, joined_at=now)
                for user in held
            ),
            *(
                BoardMember(programme=cast.programme, email=f"invited.{n}@example.org")
                for n in range(150)
            ),
        ]
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE accounts_user, account_emailaddress, mentoring_boardmember")
    return cast.outsider


def plans_of(read) -> str:
    """The plans of the queries `read` sends that look for board places, with sequential
    scans priced out (until the test's transaction ends)."""
    with CaptureQueriesContext(connection) as sent:
        read()
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        plans = []
        for query in sent.captured_queries:
            if "mentoring_boardmember" in query["sql"]:
                cursor.execute(f"EXPLAIN {query['sql']}")
                plans += [row[0] for row in cursor.fetchall()]
    return "\n".join(plans)


def test_apply_finds_his_board_places_through_the_indexes(cast, olu):
    plan = plans_of(lambda: board_places_at_own_mailbox(olu, cast.programme))

    assert [index for index in INDEXES if index in plan] == INDEXES


def test_the_navigation_does(cast, olu):
    plan = plans_of(lambda: facts_for(olu))

    assert [index for index in INDEXES if index in plan] == INDEXES


def test_the_programme_office_does(cast, olu):
    application = MentorApplicationFactory(applicant=olu, programme=cast.programme)

    plan = plans_of(lambda: applications_on_the_board([application]))

    assert [index for index in INDEXES if index in plan] == INDEXES


def test_adding_a_board_member_finds_the_accounts_it_locks_through_the_indexes(olu):
    """The accounts an address may be (`accounts_at_mailbox`), whose rows adding a board
    member locks before it checks: found from the mailbox, never by reading every account."""
    locked = accounts_at_mailbox("olu+mentoring@example.org").select_for_update(no_key=True)
    sql, params = locked.order_by("pk").values_list("pk").query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute(f"EXPLAIN {sql}", params)
        plan = "\n".join(row[0] for row in cursor.fetchall())

    assert "user_mailbox" in plan
    assert "email_address_mailbox" in plan
    assert set(accounts_at_mailbox("olu+mentoring@example.org")) == {
        olu,
        User.objects.get(email="olu@home.example.net"),  # his second account, by its alias
    }
