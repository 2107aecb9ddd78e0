"""A superuser makes Priya a coordinator at the moment the office adds her address to the
pilot's board, each in its own connection. One of the two goes through and the other is
refused with its message, as one after the other would be: nobody in the programme office
takes part in a programme. The other side arrives while the first is past its checks, not
yet committed, whichever comes first."""

import pytest

from accounts import services as accounts_services
from accounts.services import CoordinatorRefused, coordinator_grant
from mentoring.models import BoardMember
from mentoring.services import mentees
from mentoring.services.mentees import BoardMemberError, board_member_invite
from tests.concurrency import held_open_after, needs_postgresql

pytestmark = [pytest.mark.django_db(transaction=True), needs_postgresql]

EMAIL = "priya@example.org"


def held_open_at(module, name: str, first, then):
    return held_open_after(
        module, name, first, then, refused=(CoordinatorRefused, BoardMemberError)
    )


def make_her_a_coordinator(cast, priya):
    return lambda: coordinator_grant(user=priya, by=cast.superuser)


def add_her_to_the_board(cast):
    return lambda: board_member_invite(
        programme=cast.programme, email=EMAIL, invited_by=cast.coordinator
    )


def is_coordinator(priya) -> bool:
    return type(priya).objects.get(pk=priya.pk).is_coordinator


def test_added_to_a_board_while_she_is_made_a_coordinator_the_office_is_refused(cast, priya):
    _, refused = held_open_at(
        accounts_services,
        "_access_audit",
        make_her_a_coordinator(cast, priya),
        add_her_to_the_board(cast),
    )

    assert isinstance(refused, BoardMemberError), refused
    assert str(refused).startswith(f"{EMAIL} is in the programme office")
    assert is_coordinator(priya)
    assert not BoardMember.objects.filter(email=EMAIL).exists()


def test_made_a_coordinator_while_she_is_added_to_a_board_she_is_not_made_one(cast, priya):
    added, refused = held_open_at(
        mentees, "created_unless", add_her_to_the_board(cast), make_her_a_coordinator(cast, priya)
    )

    assert isinstance(added, BoardMember), added
    assert isinstance(refused, CoordinatorRefused), refused
    assert str(refused).startswith("Priya Patel takes part in the programme (a board member's")
    assert not is_coordinator(priya)
