"""Whose mailbox an address is (`mentoring.approval`), asked of many people at once: nobody
is both mentor and board member in one programme, by whichever address of theirs. The
database narrows the people to those with an address of the same mailbox name (the part
before the `@` and any `+`), and the rule itself (`approval.is_own_address`) confirms the
few found, so that a check reads the people it may concern, not a whole programme."""

from collections.abc import Iterable

from allauth.account.models import EmailAddress
from django.db.models import Exists, OuterRef, Q, QuerySet

from accounts.models import User
from mentoring.approval import is_own_address, mailbox, own_addresses
from mentoring.models import BoardMember, Programme


def reaching(field: str, addresses: Iterable[str]) -> Q:
    """Rows whose address in `field` may reach the mailbox of one of `addresses`: it starts
    with the mailbox's name, then `@` or `+` (`approval.mailbox`, whatever the domain). Only
    a first cut, which `approval.is_own_address` confirms."""
    found = Q(pk__in=[])  # none, for no address
    for name in {mailbox(address) for address in addresses if address.strip()}:
        found |= Q(**{f"{field}__istartswith": f"{name}@"})
        found |= Q(**{f"{field}__istartswith": f"{name}+"})
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
    `+` alias of their address, or a second account of theirs on the board. Their own
    account's place is `BoardMember.objects.for_user`'s. Two queries: their addresses, then
    the places that may reach them (`reaching`), not the whole board."""
    own = own_addresses([person])[person.pk]
    places = (
        BoardMember.objects.filter(programme=programme)
        .exclude(user=person)
        .filter(reaching("email", own) | reaching("user__email", own))
    )
    return sorted(
        {
            address
            for invited, signs_in in places.values_list("email", "user__email")
            for address in (invited, signs_in)
            if address and is_own_address(address, own)
        }
    )
