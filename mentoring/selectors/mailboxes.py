"""Whose mailbox an address is (`mentoring.approval`), asked of many people at once: nobody
is both mentor and board member in one programme, by whichever address of theirs. The
database narrows the people to those with an address of the same mailbox name (the part
before the `@` and any `+`), and the rule itself (`approval.is_own_address`) confirms the
few found, so that a check reads the people it may concern, not a whole programme."""

from collections.abc import Iterable

from allauth.account.models import EmailAddress
from django.db.models import Exists, Expression, OuterRef, Q, QuerySet, Value
from django.db.models.functions import Concat, Left, Length, Lower, Reverse, StrIndex, Trim
from django.db.models.lookups import IStartsWith

from accounts.models import User
from mentoring.approval import board_place_addresses, is_own_address, mailbox, own_addresses
from mentoring.models import BoardMember, Programme


def reaching(field: str, addresses: Iterable[str]) -> Q:
    """Rows whose address in `field` may reach the mailbox of one of `addresses`: it starts
    with the mailbox's name, then `@` or `+` (`approval.mailbox`, whatever the domain, and
    the spaces around it, as the rule reads them). Only a first cut, which
    `approval.is_own_address` confirms."""
    found = Q(pk__in=[])  # none, for no address
    for name in {mailbox(address) for address in addresses if address.strip()}:
        found |= Q(IStartsWith(Trim(field), f"{name}@"))
        found |= Q(IStartsWith(Trim(field), f"{name}+"))
    return found


def own_mailbox_of(people: QuerySet[User], addresses: Iterable[str]) -> dict[User, list[str]]:
    """Each of `people` one of whose own mailboxes (`approval.is_own_address`: their sign-in
    address, one added on their account, or a `+` alias of either) one of `addresses`
    reaches, with those addresses. One query, and one more for those found, if any."""
    addresses = [address for address in addresses if address.strip()]
    if not addresses:
        return {}
    added = EmailAddress.objects.filter(reaching("email", addresses), user=OuterRef("pk"))
    found = list(people.filter(reaching("email", addresses) | Q(Exists(added))))
    own = own_addresses(found) if found else {}
    reached = {
        person: [address for address in addresses if is_own_address(address, own[person.pk])]
        for person in found
    }
    return {person: at for person, at in reached.items() if at}


def board_places_at_own_mailbox(person: User, programme: Programme) -> list[str]:
    """The addresses of `programme`'s board places that are `person`'s own mailbox
    (`approval.is_own_address`) while held by another account or none: an invitation at a
    `+` alias of their address, or a second account of theirs on the board, by the address
    it signs in with or one it added. Read as the programme office reads it
    (`board_places_reaching`); their own account's place is `BoardMember.objects.for_user`'s.
    Two queries, their addresses then the places that may reach them, and a third when one
    is held by an account that may reach them only by an address it added."""
    own = own_addresses([person])[person.pk]
    reached = board_places_reaching([programme.pk], own, not_held_by=person)
    return sorted(
        {address for address in reached.get(programme.pk, ()) if is_own_address(address, own)}
    )


def board_places_reaching(
    programmes: Iterable[int], addresses: Iterable[str], *, not_held_by: User | None = None
) -> dict[int, list[str]]:
    """By programme (of `programmes`, ids), the addresses of its board places that may reach
    the mailbox of one of `addresses` (`reaching`): by the address invited, or by one the
    account holding the place holds, its sign-in address or one it added. Each place found
    with the addresses it reaches (`approval.board_place_addresses`), for
    `approval.is_own_address` to confirm: the places that may concern those addresses, not
    the whole board. `not_held_by`: leave out the places this account holds. One query, and
    one more for the addresses of the accounts found by one they added, if any (no address
    another account added may reach: its sign-in address is read with the places)."""
    addresses = [address for address in addresses if address.strip()]
    if not addresses:
        return {}
    added = EmailAddress.objects.filter(reaching("email", addresses), user=OuterRef("user"))
    places = BoardMember.objects.filter(programme__in=programmes)
    if not_held_by is not None:
        places = places.exclude(user=not_held_by)
    places = list(
        places.annotate(by_added=Exists(added))
        .filter(
            reaching("email", addresses) | reaching("user__email", addresses) | Q(by_added=True)
        )
        .select_related("user")
    )
    held = [place.user for place in places if place.user_id is not None]
    own = {account.pk: [account.email] for account in held}
    if by_added := [place.user for place in places if place.by_added]:
        own |= own_addresses(by_added)
    reached: dict[int, list[str]] = {}
    for place in places:
        reached.setdefault(place.programme_id, []).extend(board_place_addresses(place, own))
    return reached


def mailbox_in_sql(field: str) -> Expression:
    """`approval.mailbox` of the address in `field`, worked out by the database (PostgreSQL
    and SQLite alike) for a query that cannot hand the addresses to Python first: the part
    before the last `@` (all of it when there is none), then before any `+`, in lower case."""
    address = Trim(field)
    local = Left(address, Length(address) - StrIndex(Reverse(address), Value("@")))
    plussed = Concat(local, Value("+"))  # so that there is a `+` to cut at
    return Lower(Left(plussed, StrIndex(plussed, Value("+")) - 1))


def _mailboxes_in_sql(person: OuterRef) -> list[QuerySet]:
    """The person's own mailboxes (`approval.own_addresses`: their sign-in address and those
    they added), as subqueries of `box`. `person`: an OuterRef to the user's pk."""
    return [
        User.objects.filter(pk=person).values(box=mailbox_in_sql("email")),
        EmailAddress.objects.filter(user=person).values(box=mailbox_in_sql("email")),
    ]


def _reaching_in_sql(address: str, box: str, mailboxes: list[QuerySet]) -> Q:
    """Rows whose `box` (`mailbox_in_sql` of the trimmed `address`) is one of `mailboxes`:
    a blank address reaches nobody (`approval.is_own_address`)."""
    reached = Q(pk__in=[])  # none, until an address reaches
    for boxes in mailboxes:
        reached |= Q(**{f"{box}__in": boxes}) & ~Q(**{address: ""})
    return reached


def board_places_at_mailbox_of(person: OuterRef) -> QuerySet[BoardMember]:
    """`board_places_at_own_mailbox` in SQL, in every programme, for a query about people
    (the navigation's facts, mentoring.navigation, read in one query): the board places held
    by another account or none one of whose addresses (`approval.board_place_addresses`: the
    one invited and, once an account holds it, that account's sign-in address and those it
    added) reaches one of the person's own mailboxes (`approval.is_own_address`: their
    sign-in address, one added on their account, or a `+` alias of either). `person`: an
    OuterRef to the user's pk."""
    # From a subquery of the places' query the person is one level further out, and from a
    # subquery of the addresses the place's account added, one more.
    own, own_from_added = OuterRef(person), OuterRef(OuterRef(person))
    added = EmailAddress.objects.filter(user=OuterRef("user")).alias(
        address=Trim("email"), box=mailbox_in_sql("email")
    )
    places = BoardMember.objects.exclude(user=person).alias(
        invited=Trim("email"),
        signs_in=Trim("user__email"),
        invited_box=mailbox_in_sql("email"),
        signs_in_box=mailbox_in_sql("user__email"),
    )
    mailboxes = _mailboxes_in_sql(own)
    return places.filter(
        _reaching_in_sql("invited", "invited_box", mailboxes)
        | _reaching_in_sql("signs_in", "signs_in_box", mailboxes)
        | Q(
            Exists(
                added.filter(_reaching_in_sql("address", "box", _mailboxes_in_sql(own_from_added)))
            )
        )
    )
