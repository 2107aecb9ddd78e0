"""Whose mailbox an address is (`mentoring.approval`), asked of many people at once: nobody
is both mentor and board member in one programme, by whichever address of theirs.

Adding a board member asks it of the accounts the address typed may be
(`accounts_at_mailbox`: those with an address of the same mailbox name, the part before the
`@` and any `+`, found through the indexes on it). Whether a board place reaches someone's
mailbox the database answers alone (`board_places_at_mailbox_of`, with
`approval.mailbox_in_sql`), for the programme office, /apply/ and the navigation alike:
from the person's own mailboxes to the places, through the indexes on the mailbox of each
address, so that a check reads the rows it may concern, not a whole board."""

from allauth.account.models import EmailAddress
from django.db.models import Exists, Expression, F, OuterRef, Q, QuerySet
from django.db.models.functions import Trim

from accounts.models import User
from mentoring.approval import CONFIRMED, mailbox, mailbox_in_sql
from mentoring.models import BoardMember, Programme


def accounts_at_mailbox(address: str) -> QuerySet[User]:
    """The accounts one of whose own mailboxes `address` reaches (`approval.is_own_address`:
    the address they sign in with, one they added and confirmed, or a `+` alias of either):
    the person the address may be, by each account of theirs. Found through the indexes on
    each address's mailbox (`approval.mailbox_in_sql`); none for a blank address."""
    box = mailbox(address)
    if not box:
        return User.objects.none()
    # One subquery of the two, each read through its index: an OR of the two conditions
    # would read every account.
    signs_in = User.objects.alias(box=mailbox_in_sql("email")).filter(box=box)
    added = EmailAddress.objects.alias(box=mailbox_in_sql("email")).filter(box=box, **CONFIRMED)
    ids = signs_in.order_by().values("pk").union(added.order_by().values("user"))
    return User.objects.filter(pk__in=ids)


def board_places_at_own_mailbox(person: User, programme: Programme) -> list[str]:
    """The addresses of `programme`'s board places that reach one of `person`'s own
    mailboxes while held by another account or none (`board_places_at_mailbox_of`): an
    invitation at a `+` alias of their address, or a second account of theirs on the board,
    by the address it signs in with or one it added and confirmed. Their own account's place is
    `BoardMember.objects.for_user`'s. One query."""
    first, *others = (
        places.filter(programme=programme).order_by().values_list("address", flat=True)
        for places in board_places_at_mailbox_of(person.pk)
    )
    return sorted(set(first.union(*others)))


def on_a_board_at_mailbox_of(
    person: OuterRef, *, programme: OuterRef | Expression | None = None, theirs_too: bool = False
) -> Q:
    """Whether a board place reaches one of the person's own mailboxes
    (`board_places_at_mailbox_of`), in `programme` (an expression of its id) when given: for
    a query about people, the navigation's facts (mentoring.navigation) or the office's
    applicants (mentoring.services.decisions), in the same query."""
    found = Q()
    for places in board_places_at_mailbox_of(person, theirs_too=theirs_too):
        found |= Exists(places if programme is None else places.filter(programme=programme))
    return found


def board_places_at_mailbox_of(
    person: OuterRef | int, *, theirs_too: bool = False
) -> list[QuerySet[BoardMember]]:
    """The board places, in every programme, one of whose addresses
    (`approval.board_place_addresses`: the one invited and, once an account holds the place,
    the address that account signs in with and those it added and confirmed) reaches one of
    the person's own mailboxes (`approval.is_own_address`: their sign-in address, one added
    on their account and confirmed, or a `+` alias of either), held by another account or
    none unless `theirs_too`. One queryset per kind of address, each place with the address
    that reaches as `address`: apart, each finds its places through the index on that
    address's mailbox (`approval.mailbox_in_sql`), where one query asking for any of the
    three would read every place. `person`: their id, or an OuterRef to it."""
    # The person's mailboxes are read in a subquery of the places' query: one level further
    # out, for an OuterRef.
    own = own_mailboxes(OuterRef(person) if isinstance(person, OuterRef) else person)
    places = BoardMember.objects.all() if theirs_too else BoardMember.objects.exclude(user=person)

    def reaching(field: str) -> QuerySet[BoardMember]:
        return (
            places.alias(box=mailbox_in_sql(field), trimmed=Trim(field))
            .filter(box__in=own)
            .exclude(trimmed="")  # a blank address reaches nobody
            .annotate(address=F(field))
        )

    # An address added on the holder's account counts once confirmed: read on the row the
    # alias joined (an alias, so that the join is that one, not a second).
    added = (
        reaching("user__emailaddress__email")
        .alias(**{f"added_{name}": F(f"user__emailaddress__{name}") for name in CONFIRMED})
        .filter(**{f"added_{name}": value for name, value in CONFIRMED.items()})
    )
    return [reaching("email"), reaching("user__email"), added]


def own_mailboxes(person: OuterRef | int) -> QuerySet:
    """The person's own mailboxes (`approval.own_addresses`: their sign-in address and those
    they added and confirmed), as `box`."""
    signs_in = User.objects.filter(pk=person).order_by().values(box=mailbox_in_sql("email"))
    added = (
        EmailAddress.objects.filter(user=person, **CONFIRMED)
        .order_by()
        .values(box=mailbox_in_sql("email"))
    )
    return signs_in.union(added, all=True)
