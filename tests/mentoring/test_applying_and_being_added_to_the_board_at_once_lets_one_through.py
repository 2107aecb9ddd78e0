"""Priya clicks "Yes, send" on her mentor application in the pilot at the moment the office
adds her address to the pilot's board, each in its own connection. One of the two goes
through and the other is refused with its message, as one after the other would be:
nobody is both a mentor applicant and a board member of one programme. The other side
arrives while the first is past its checks, not yet committed, whichever comes first, at
her own address, at a `+` alias of it, and at the address a second account of hers signs in
with."""

import pytest

from mentoring.models import ApplicationStatus, BoardMember, MentorApplication
from mentoring.services import applications, mentees
from mentoring.services.applications import ApplicationError, application_submit
from mentoring.services.mentees import BoardMemberError, board_member_invite
from tests.concurrency import held_open_after, needs_postgresql
from tests.factories import DraftApplicationFactory, UserFactory

pytestmark = [pytest.mark.django_db(transaction=True), needs_postgresql]

NOT_SENT = "Your application was not sent; your answers are kept as a draft."


@pytest.fixture
def draft(cast, priya):
    return DraftApplicationFactory(programme=cast.programme, applicant=priya)


def held_open_at(module, name: str, first, then):
    return held_open_after(module, name, first, then, refused=(ApplicationError, BoardMemberError))


def send(draft):
    return lambda: application_submit(application=draft)


def add_to_the_board(cast, email):
    return lambda: board_member_invite(
        programme=cast.programme, email=email, invited_by=cast.coordinator
    )


def sent(draft) -> bool:
    return MentorApplication.objects.get(pk=draft.pk).status == ApplicationStatus.SUBMITTED


# Her own address; a `+` alias of it, which no account signs in with; and the address her
# second account signs in with (`SECOND_ACCOUNT`), of the same mailbox at another domain.
ADDRESSES = ["priya@example.org", "priya+board@example.org", "priya@staff.example.org"]
SECOND_ACCOUNT = ADDRESSES[2]


@pytest.fixture
def second_account(db):
    return UserFactory(full_name="Priya Patel", email=SECOND_ACCOUNT)


@pytest.mark.parametrize("email", ADDRESSES)
def test_added_to_the_board_while_her_application_is_being_sent_the_office_is_refused(
    cast, draft, second_account, email
):
    submitted, refused = held_open_at(
        applications, "_send_submitted", send(draft), add_to_the_board(cast, email)
    )

    assert isinstance(submitted, MentorApplication), submitted
    assert isinstance(refused, BoardMemberError), refused
    assert str(refused).startswith(f"{email} is Priya Patel's own mailbox")
    assert "nobody can be both mentor and board member in one programme" in str(refused)
    assert sent(draft)
    assert not BoardMember.objects.filter(programme=cast.programme, email=email).exists()


@pytest.mark.parametrize(
    ("email", "told"),
    [
        (ADDRESSES[0], "You are now a board member in 2026/27 pilot"),
        (ADDRESSES[1], "2026/27 pilot now has a board member's place at an address that"),
        (ADDRESSES[2], "2026/27 pilot now has a board member's place at an address that"),
    ],
)
def test_sending_her_application_while_she_is_added_to_the_board_sends_nothing(
    cast, draft, second_account, email, told
):
    added, refused = held_open_at(
        mentees, "created_unless", add_to_the_board(cast, email), send(draft)
    )

    assert isinstance(added, BoardMember), added
    assert isinstance(refused, ApplicationError), refused
    assert str(refused).startswith(told)
    assert str(refused).endswith(NOT_SENT)
    assert not sent(draft)
    assert BoardMember.objects.filter(programme=cast.programme, email=email).exists()
