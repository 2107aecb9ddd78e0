"""An applicant never approves their own application: one rule, read wherever one is
approved. A coordinator's decision in the programme office (one application or a bulk
action), the line manager named on the form, and the answer given through the line
manager's link all ask `approves_own_application`. Whose mailbox an address reaches
(`mailbox`) is also what the match board asks of the line manager a mentor named, and of a
mentor and a board member who may be one person; the programme office, /apply/ and the
navigation ask it of board places in SQL (`mailbox_in_sql`, mentoring.selectors.mailboxes)."""

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING

from allauth.account.models import EmailAddress
from django.db.models import CharField, Expression, IntegerField
from django.db.models.expressions import RawSQL
from django.db.models.functions import Concat, Left, Length, Lower, Reverse, StrIndex, Trim

from accounts.models import User

if TYPE_CHECKING:
    from mentoring.models import BoardMember


def mailbox(address: str) -> str:
    """The mailbox an address delivers to: `maya+boss@…` reaches `maya@…`."""
    return address.strip().rsplit("@", 1)[0].split("+", 1)[0].lower()


def mailbox_in_sql(field: str) -> Expression:
    """`mailbox` of the address in `field`, worked out by the database (PostgreSQL and SQLite
    alike), for a query that asks `is_own_address` of many rows at once without handing them
    to Python (mentoring.selectors.mailboxes: a blank address reaches nobody there too): the
    part before the last `@` (all of it when there is none), then before any `+`, in lower
    case. Its constants are written into the SQL, not sent beside it, so that it reads as the
    indexes on it do (BoardMember.Meta's, and on the accounts' addresses mentoring's
    migration `…_board_places_found_by_mailbox`), whose functions PostgreSQL holds immutable."""
    address = Trim(field)
    local = Left(address, Length(address) - StrIndex(Reverse(address), _written("@")))
    plussed = Concat(local, _written("+"))  # so that there is a `+` to cut at
    one = RawSQL("1", (), output_field=IntegerField())
    return Lower(Left(plussed, StrIndex(plussed, _written("+")) - one))


def _written(text: str) -> RawSQL:
    """`text` as a literal of the SQL (`mailbox_in_sql`: a constant, never typed by anyone)."""
    return RawSQL(f"'{text}'", (), output_field=CharField())


def is_own_address(address: str, own_addresses: Iterable[str]) -> bool:
    """Does `address` reach one of the person's own mailboxes (or a `+` alias of one)? For
    addresses in Python (one typed in a form, or a few read already); where the database
    compares the rows itself, it reads them with `mailbox_in_sql` (above), as
    mentoring.selectors.mailboxes.board_places_at_mailbox_of does."""
    return bool(address.strip()) and mailbox(address) in {mailbox(own) for own in own_addresses}


# Of the addresses added on an account, those that are its owner's own (the module's
# docstring): the Python rule here and the SQL of mentoring.selectors.mailboxes read it.
CONFIRMED = {"verified": True}


def added_addresses(users: Iterable[int]) -> dict[int, list[str]]:
    """The addresses each of `users` (ids) added on their email settings page and confirmed,
    beside their sign-in one: one query, however many."""
    added: dict[int, list[str]] = {}
    addresses = EmailAddress.objects.filter(user__in=users, **CONFIRMED)
    for user, email in addresses.values_list("user", "email"):
        added.setdefault(user, []).append(email)
    return added


def own_addresses(users: Iterable[User]) -> dict[int, list[str]]:
    """Every address each of `users` holds: their sign-in address, then those they added and
    confirmed (`added_addresses`). One query, however many."""
    users = list(users)
    added = added_addresses([user.pk for user in users])
    return {user.pk: [user.email, *added.get(user.pk, ())] for user in users}


def board_place_addresses(member: "BoardMember", own: Mapping[int, Iterable[str]]) -> list[str]:
    """The addresses a board place reaches: the one the office invited and, once an account
    holds the place, every address that account holds (`own`, by user id, as `own_addresses`
    reads it: its sign-in address and those it added and confirmed). An invitation not yet
    accepted reaches only its address. The match board and the programme office read it
    alike."""
    held = own.get(member.user_id, ()) if member.user_id is not None else ()
    return [address for address in (member.email, *held) if address.strip()]


def addresses_of(person: User) -> list[str]:
    """Every address the person's account holds (`own_addresses`)."""
    return own_addresses([person])[person.pk]


def approves_own_application(
    *, applicant: User, approver: User | None = None, address: str = ""
) -> bool:
    """True when the approval would come from the applicant themself: the person deciding or
    answering is signed in as the applicant, or the address asked to approve (the line
    manager's) is one of the applicant's own (`own_addresses`)."""
    if approver is not None and approver.is_authenticated and approver.pk == applicant.pk:
        return True
    return bool(address) and is_own_address(address, addresses_of(applicant))
