"""Adding a board member asks whether the address is the own mailbox of someone applying to
the programme (`board_member_invite_problem`): the database finds the accounts with an
address of the same mailbox name (`accounts_at_mailbox`), then which of them apply, so that
each "Add" reads the few it may concern however many have applied, and the same queries. Adding
one (`board_member_invite`) reads the accounts the address may be once, as it locks them."""

import pytest
from django.db.models.signals import post_init

from accounts.models import User
from mentoring.models import MentorApplication
from mentoring.services.mentees import board_member_invite, board_member_invite_problem
from tests.factories import MentorApplicationFactory, UserFactory, application_from

pytestmark = pytest.mark.django_db

APPLICANTS = 30


@pytest.fixture
def many_applied(cast):
    """Thirty colleagues applied to the pilot, besides the cast's mentors."""
    for n in range(APPLICANTS):
        MentorApplicationFactory(
            programme=cast.programme, applicant=UserFactory(email=f"colleague{n}@example.org")
        )


@pytest.fixture
def read():
    """The accounts and applications read from the database meanwhile."""
    built = []

    def note(sender, instance, **kwargs):
        built.append(instance)

    for model in (User, MentorApplication):
        post_init.connect(note, sender=model, dispatch_uid=f"read-{model.__name__}")
    yield built
    for model in (User, MentorApplication):
        post_init.disconnect(sender=model, dispatch_uid=f"read-{model.__name__}")


def test_an_alias_of_an_applicant_is_refused_reading_her_only(cast, many_applied, read):
    priya = application_from(cast.programme, "Priya Patel").applicant
    read.clear()

    problem = board_member_invite_problem(programme=cast.programme, email="priya+board@example.org")

    assert problem.startswith("priya+board@example.org is Priya Patel's own mailbox")
    assert read == [priya]  # as an account the address may be, found applying


def test_an_address_of_nobody_applying_reads_no_applicant(
    cast, many_applied, read, django_assert_num_queries
):
    # Whether the address reaches an account (its own, an alias of one, or one added to it
    # and confirmed); whether it holds a place already. Nobody's: nobody of them applies.
    with django_assert_num_queries(2):
        problem = board_member_invite_problem(programme=cast.programme, email="provost@example.org")

    assert problem is None
    assert read == []


def test_adding_someone_reads_the_accounts_their_address_may_be_once(
    cast, priya, django_assert_num_queries
):
    # Once first, so that what the process reads once and keeps (the content type by which
    # the audit trail names a place) is not counted.
    board_member_invite(programme=cast.programme, email=priya.email, invited_by=cast.coordinator)

    # The service's transaction (a savepoint in the test's); the address locked; the accounts
    # it may be locked and read (Olu's); whether it, or one of those accounts, holds a place
    # in the pilot already; which of those accounts apply; whether Olu is in the
    # programme office; the account signing in with the address; the place saved (three,
    # with its savepoint); the audit trail's event and the name it gives the place; the
    # email telling Olu; the transaction's end.
    with django_assert_num_queries(14):
        member = board_member_invite(
            programme=cast.programme, email=cast.outsider.email, invited_by=cast.coordinator
        )

    assert member.user == cast.outsider
