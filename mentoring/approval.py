"""An applicant never approves their own application: one rule, read wherever one is
approved. A coordinator's decision in the programme office (one application or a bulk
action), the line manager named on the form, and the answer given through the line
manager's link all ask `approves_own_application`. Whose mailbox an address reaches
(`mailbox`) is also what the match board asks of the line manager a mentor named, and of a
mentor and a board member who may be one person; `applications_at` is what the programme
office asks of an applicant and a board member's address."""

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING

from allauth.account.models import EmailAddress

from accounts.models import User

if TYPE_CHECKING:
    from mentoring.models import BoardMember, MentorApplication


def mailbox(address: str) -> str:
    """The mailbox an address delivers to: `maya+boss@…` reaches `maya@…`."""
    return address.strip().rsplit("@", 1)[0].split("+", 1)[0].lower()


def is_own_address(address: str, own_addresses: Iterable[str]) -> bool:
    """Does `address` reach one of the person's own mailboxes (or a `+` alias of one)?"""
    return bool(address.strip()) and mailbox(address) in {mailbox(own) for own in own_addresses}


def added_addresses(users: Iterable[int]) -> dict[int, list[str]]:
    """The addresses each of `users` (ids) added on their email settings page, beside their
    sign-in one: one query, however many."""
    added: dict[int, list[str]] = {}
    for user, email in EmailAddress.objects.filter(user__in=users).values_list("user", "email"):
        added.setdefault(user, []).append(email)
    return added


def own_addresses(users: Iterable[User]) -> dict[int, list[str]]:
    """Every address each of `users` holds: their sign-in address, then those they added
    (`added_addresses`, verified or not: they typed it). One query, however many."""
    users = list(users)
    added = added_addresses([user.pk for user in users])
    return {user.pk: [user.email, *added.get(user.pk, ())] for user in users}


def board_place_addresses(member: "BoardMember", own: Mapping[int, Iterable[str]]) -> list[str]:
    """The addresses a board place reaches: the one the office invited and, once an account
    holds the place, every address that account holds (`own`, by user id, as `own_addresses`
    reads it: its sign-in address and those it added). An invitation not yet accepted
    reaches only its address. The match board and the programme office read it alike."""
    held = own.get(member.user_id, ()) if member.user_id is not None else ()
    return [address for address in (member.email, *held) if address.strip()]


def applications_at(
    applications: Iterable["MentorApplication"],
    addresses: Mapping[int, Iterable[str]],
    *,
    own: Mapping[int, Iterable[str]] | None = None,
) -> list["MentorApplication"]:
    """Those of `applications` whose applicant's own mailbox (`is_own_address`: their sign-in
    address, one added on their account, or a `+` alias of either) is one of
    `addresses[the application's programme id]`: nobody is both mentor and board member in
    one programme, whichever address of theirs the office typed. One query, the applicants
    being read with the applications (`select_related`); none when `own` gives the
    applicants' addresses (`own_addresses`) already."""
    applications = list(applications)
    if own is None:
        own = own_addresses([application.applicant for application in applications])
    return [
        application
        for application in applications
        if any(
            is_own_address(address, own.get(application.applicant_id, ()))
            for address in addresses.get(application.programme_id, ())
        )
    ]


def addresses_of(person: User) -> list[str]:
    """Every address the person's account holds (`own_addresses`)."""
    return own_addresses([person])[person.pk]


def approves_own_application(
    *, applicant: User, approver: User | None = None, address: str = ""
) -> bool:
    """True when the approval would come from the applicant themself: the person deciding or
    answering is signed in as the applicant, or the address asked to approve (the line
    manager's) is one of the applicant's own."""
    if approver is not None and approver.is_authenticated and approver.pk == applicant.pk:
        return True
    return bool(address) and is_own_address(address, addresses_of(applicant))
