"""The shared cast: one programme and the people every role-based test needs.

    cast.mentor, cast.board_member      the pair (`cast.pair`, active)
    cast.other_mentor                   the mentor of another pair in the same programme
    cast.other_board_member             that other pair's board member
    cast.coordinator                    programme office, TOTP set up (`.totp_secret`)
    cast.coordinator_without_authenticator
                                        a coordinator who has not set TOTP up yet (made
                                        on first use: it is one more coordinator emailed)
    cast.superuser                      a superuser, TOTP set up
    cast.outsider                       signed-up staff, in no programme

Use `sign_in_as(client, cast, role)` with a role from ROLES to act as each of them;
`switch_off(person)` switches one's account off (the fixture `board_member_switched_off`:
Bola's), `proposed_by_the_board_member` is a meeting Bola proposed that Maya has not
answered, and `a_proposal(cast, mentor, member)` proposes two newcomers as a pair. Beside the
cast, `priya` is a colleague signed up and in no programme, about to apply, and Nell Newcomer
(`NELL`) has no account yet: `SIGN_UP` is what she types on the sign-up page.

A module built on the cast names its own fixtures after the cast's, e.g.
`coordinator = from_the_cast("coordinator")`: tests/conftest.py's `coordinator` and
`staff_member` would otherwise add people of their own beside the cast.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from functools import cached_property

import pytest
from django.test import Client
from django.utils import timezone

from accounts.models import User
from mentoring.models import Match, MatchStatus, Meeting, MeetingStatus, Programme
from tests.factories import (
    BriefedBoardMemberFactory,
    CoordinatorFactory,
    MatchFactory,
    MeetingFactory,
    MentorFactory,
    ProgrammeFactory,
    UserFactory,
)

ROLES = ["anonymous", "mentor", "board_member", "other_mentor", "coordinator", "superuser"]
# Roles that are members of `cast.pair`.
MEMBERS = ["mentor", "board_member"]
# Roles that may not see anything of `cast.pair`.
OUTSIDERS = ["other_mentor", "coordinator", "superuser"]
# A staff account that reaches nothing staff-only until its authenticator is set up.
WITHOUT_AUTHENTICATOR = "coordinator_without_authenticator"


@dataclass
class Cast:
    programme: Programme
    pair: Match
    mentor: User
    board_member: User
    other_pair: Match
    other_mentor: User
    other_board_member: User
    coordinator: User
    superuser: User
    outsider: User

    @cached_property
    def coordinator_without_authenticator(self) -> User:
        return CoordinatorFactory(
            full_name="Nico New-Coordinator", email="nico@example.org", mfa=False
        )

    def person(self, role: str) -> User | None:
        return None if role == "anonymous" else getattr(self, role)


@pytest.fixture
def cast(db) -> Cast:
    programme = ProgrammeFactory(name="2026/27 pilot", slug="pilot")
    mentor = UserFactory(full_name="Maya Mentor", email="maya@example.org", job_title="Technician")
    board_member = UserFactory(
        full_name="Bola Board", email="bola@example.org", job_title="Provost"
    )
    pair = MatchFactory(
        mentor=MentorFactory(programme=programme, applicant=mentor),
        board_member=BriefedBoardMemberFactory(programme=programme, user=board_member),
        status=MatchStatus.ACTIVE,
    )
    other_mentor = UserFactory(full_name="Omar Other", email="omar@example.org")
    other_board_member = UserFactory(full_name="Olive Other", email="olive@example.org")
    other_pair = MatchFactory(
        mentor=MentorFactory(programme=programme, applicant=other_mentor),
        board_member=BriefedBoardMemberFactory(programme=programme, user=other_board_member),
        status=MatchStatus.ACTIVE,
    )
    superuser = CoordinatorFactory(full_name="Sue Super", email="sue@example.org")
    superuser.is_superuser = True
    superuser.save(update_fields=["is_superuser"])
    return Cast(
        programme=programme,
        pair=pair,
        mentor=mentor,
        board_member=board_member,
        other_pair=other_pair,
        other_mentor=other_mentor,
        other_board_member=other_board_member,
        coordinator=CoordinatorFactory(full_name="Carmen Coordinator", email="carmen@example.org"),
        superuser=superuser,
        outsider=UserFactory(full_name="Olu Outsider", email="olu@example.org"),
    )


def sign_in_as(client, cast: Cast, role: str) -> User | None:
    """Sign `client` in as the role's person (force_login: admin surfaces also have a test
    through the real TOTP step). Anonymous stays signed out."""
    person = cast.person(role)
    if person is not None:
        client.force_login(person)
    return person


def browser_of(person: User) -> Client:
    """A browser of its own signed in as `person` (force_login), for a test that needs
    several people's pages at once."""
    browser = Client()
    browser.force_login(person)
    return browser


def switch_off(person: User) -> None:
    """The office switched `person`'s account off (someone who left): no email reaches them,
    and their pair, if any, is not ended by it."""
    person.is_active = False
    person.save(update_fields=["is_active"])


@pytest.fixture
def board_member_switched_off(cast: Cast) -> User:
    """Bola's account, switched off by the office (her pair is not ended by it)."""
    switch_off(cast.board_member)
    return cast.board_member


@pytest.fixture
def proposed_by_the_board_member(cast: Cast) -> Meeting:
    """A meeting Bola proposed to Maya for nine days ahead, which Maya has not answered."""
    return MeetingFactory(
        match=cast.pair,
        status=MeetingStatus.PROPOSED,
        proposed_by=cast.board_member,
        starts_at=timezone.now() + timedelta(days=9),
    )


@pytest.fixture
def priya(db) -> User:
    """Priya Patel, signed up at priya@example.org and in no programme: a colleague who may
    wish to apply (a module may name its own `priya`, e.g. her application)."""
    return UserFactory(full_name="Priya Patel", email="priya@example.org")


NELL = "nell@example.org"
# What Nell types on the sign-up page (accounts.forms.SignupDetailsForm).
SIGN_UP = {
    "full_name": "Nell Newcomer",
    "email": NELL,
    "password1": "a-long-and-unusual-passphrase",
    "password2": "a-long-and-unusual-passphrase",
    "job_title": "Technician",
    "department": "Estates",
}
# What Amara, new here, types on the sign-up page.
AMARA_SIGN_UP = {
    "full_name": "Amara Okafor",
    "email": "amara@example.org",
    "password1": "a-long-and-unusual-passphrase",
    "password2": "a-long-and-unusual-passphrase",
    "job_title": "Research technician",
    "department": "Life Sciences",
}


def a_proposal(cast: Cast, mentor: str, member: str) -> Match:
    """A mentor and a board member new to the pilot, named `mentor` and `member`, proposed
    as a pair there and not decided yet."""
    return MatchFactory(
        mentor=MentorFactory(programme=cast.programme, applicant__full_name=mentor),
        board_member=BriefedBoardMemberFactory(programme=cast.programme, user__full_name=member),
    )


def from_the_cast(name: str, *, first: Callable[[Cast], object] | None = None):
    """A fixture giving `cast.<name>`, after `first(cast)` where given (e.g. the cast's
    briefings held), for a module to assign to the fixture name its tests use."""

    @pytest.fixture
    def fixture(cast: Cast):
        if first is not None:
            first(cast)
        return getattr(cast, name)

    return fixture
