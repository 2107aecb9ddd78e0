"""What each app holds about a person: to hand it to them, or to erase it with their account.

`accounts` knows nothing of programmes, so each app built on it registers its part here
(in its AppConfig.ready): an `export` that returns the app's sections of the person's
download, and an `erase` that removes or anonymises its rows when the account is deleted.
The services `user_data_export` and `account_delete` (accounts.services) run them in the
order the apps are installed (mentoring, matching, evaluation), then do the account's own.
"""

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db.models import Max, Q, QuerySet
from django.db.models.functions import Lower

from accounts.encryption import EncryptedTextField

# What replaces free text that must not be empty (a sent application's answers, a complete
# profile) once the person who wrote it has deleted their account.
REMOVED = "Removed when the account was deleted."
DELETED_NAME = "Deleted account"
DELETED_DOMAIN = "deleted.invalid"


def anonymised_email(user_id: int) -> str:
    """The address a deleted account keeps: unique, and reserved so that nothing is ever
    delivered to it (RFC 2606: `.invalid`)."""
    return f"deleted-{user_id}@{DELETED_DOMAIN}"


@dataclass(frozen=True)
class KnownAs:
    """The names and email addresses a person goes or went by: as the account has them now,
    their other addresses (allauth's), and those they changed (`FormerName`)."""

    names: tuple[str, ...]
    addresses: tuple[str, ...]
    # Of `addresses`, those they no longer have, with when they gave each up.
    given_up: tuple[tuple[str, datetime], ...] = ()
    # The account's address now: theirs whatever else says so (`written_to`).
    email: str = ""
    # Of their addresses now, those someone else gave up before them, with when the last
    # one did: what was written to it before that is not theirs.
    taken_up: tuple[tuple[str, datetime], ...] = ()

    @property
    def in_text(self) -> tuple[str, ...]:
        """What is taken out of text naming them: every address, and every name of two
        words or more (one word could be part of other words), longest first, so that a
        name inside another ("Maya Mentor" in "Maya Mentor-Smith") leaves no part behind."""
        names = (name for name in self.names if " " in name.strip())
        return tuple(sorted([*self.addresses, *names], key=lambda text: (-len(text), text)))

    def named_in(self, *fields: str) -> Q:
        """The rows whose `fields` hold any of `in_text`, whatever its case: none when they
        have no name of two words or address to look for. Not for encrypted fields, which
        the database cannot search."""
        return Q.create(
            [(f"{field}__icontains", text) for field in fields for text in self.in_text],
            connector=Q.OR,
        ) or Q(pk__in=[])

    def written_to(self, field: str, when: str) -> Q:
        """The rows written to them by address while it was theirs: to an address they have
        now, since someone else gave it up (`taken_up`), or whenever if nobody did; to one
        they gave up, only until they did (after that it may be someone else's who has no
        account yet: an invitation, a place offered). `field`: the row's address, compared
        without case; `when`: when the row was written."""
        given_up, taken_up = dict(self.given_up), dict(self.taken_up)
        written = Q(pk__in=[])
        for address in sorted({self.email, *self.addresses} - {""}):
            to_it = Q(**{f"{field}__iexact": address})
            if address in given_up:
                to_it &= Q(**{f"{when}__lte": given_up[address]})
            if address in taken_up:
                to_it &= Q(**{f"{when}__gt": taken_up[address]})
            written |= to_it
        return written


def known_as(user) -> KnownAs:
    """What `user` has been called, to take out of what named them. A former address someone
    else holds now is theirs, and left out; an address of theirs someone else had before is
    theirs only since; a name another account goes by is theirs, and left out too
    (`_names_of_others`). Six queries."""
    from allauth.account.models import EmailAddress

    from accounts.models import FormerName, User

    former = dict(FormerName.objects.filter(user=user).values_list("text", "until"))
    # Another address counts once confirmed: anyone may type any free staff address on
    # /accounts/email/, and what was sent to it is not theirs for typing it (nor, deleting
    # their account, theirs to erase); nor does someone else's typing take it from its owner.
    confirmed = EmailAddress.objects.filter(verified=True)
    current = {user.email.lower()} | {
        address.lower() for address in confirmed.filter(user=user).values_list("email", flat=True)
    }
    given_up = {text.lower(): until for text, until in former.items() if "@" in text}
    addresses = current | set(given_up)
    held_by_others = {
        *User.objects.exclude(pk=user.pk)
        .filter(email__in=addresses)
        .values_list("email", flat=True),
        *confirmed.exclude(user=user).filter(email__in=addresses).values_list("email", flat=True),
    }
    addresses -= {address.lower() for address in held_by_others}
    taken_up = (
        FormerName.objects.exclude(user=user)
        .annotate(address=Lower("text"))
        .filter(address__in=current)
        .values("address")
        .annotate(last=Max("until"))
        .values_list("address", "last")
        .order_by("address")
    )
    # The names they went by last, not every one: each is looked for in the text of many
    # rows, and a name changed a thousand times would make that one search of thousands.
    names_before = sorted((until, text) for text, until in former.items() if "@" not in text)[
        -FORMER_NAMES_LOOKED_FOR:
    ]
    names = {user.full_name, *(text for _until, text in names_before)} - {""}
    names -= _names_of_others(user, names)
    return KnownAs(
        email=user.email.lower(),
        names=tuple(sorted(names)),
        addresses=tuple(sorted(addresses)),
        given_up=tuple(
            sorted(
                (address, until)
                for address, until in given_up.items()
                if address in addresses and address not in current
            )
        ),
        taken_up=tuple(taken_up),
    )


# How many of the names a person went by before are taken out of what named them.
FORMER_NAMES_LOOKED_FOR = 20


def _names_of_others(user, names: set[str]) -> set[str]:
    """Of `names`, those another account goes by now, whatever the case: theirs too, so not
    taken out of what names them. Without this, anyone could take on a colleague's name for
    a moment and delete their account to erase it from every office note, event and audit
    row. Only a name held now protects: one someone held for a moment, and gave up, cannot
    keep a colleague's own from going with her account. Two people of one name keep it
    both. One query."""
    from accounts.models import User

    lowered = {name.lower() for name in names}
    if not lowered:
        return set()
    held = set(
        User.objects.exclude(pk=user.pk)
        .annotate(name=Lower("full_name"))
        .filter(name__in=lowered)
        .values_list("name", flat=True)
    )
    return {name for name in names if name.lower() in held}


def taken_out(text: str, names: tuple[str, ...], written=lambda name: (name,)) -> str:
    """`text` with each of `names` (longest first, `KnownAs.in_text`) replaced by
    DELETED_NAME whatever its case, in each way `written` says the text may spell it: as
    whole words only, so that a name that is part of other words ("ya Mentor" in "Maya
    Mentor") takes nothing out of them."""
    for name in names:
        for spelling in written(name):
            whole = rf"(?<!\w){re.escape(spelling)}(?!\w)"
            text = re.sub(whole, DELETED_NAME, text, flags=re.IGNORECASE)
    return text


def names_take_out(rows: QuerySet, fields: tuple[str, ...], known: KnownAs) -> None:
    """Take every name and address the person went by (`known`) out of `fields` of those
    of `rows` that hold one (`KnownAs.named_in`), whatever its case: what others wrote
    that names them (the admin's history, a note of the office's). Two queries however
    many rows: the database finds them, and they are written back in batches. A database's
    REPLACE minds the case, so they are read and taken out here (`taken_out`). What
    replaces a name may be longer than it: a text at its field's limit loses its end.
    Encrypted fields cannot be searched: a caller reads and writes those itself."""
    model_fields = [rows.model._meta.get_field(field) for field in fields]
    encrypted = [field.name for field in model_fields if isinstance(field, EncryptedTextField)]
    if encrypted:
        raise TypeError(f"{rows.model.__name__}: {', '.join(encrypted)} cannot be searched.")
    limits = {field.name: field.max_length for field in model_fields}
    if not known.in_text:
        return
    changed = []
    for pk, *texts in rows.filter(known.named_in(*fields)).values_list("pk", *fields):
        found = dict(zip(fields, texts, strict=True))
        scrubbed = {
            field: taken_out(text, known.in_text)[: limits[field]] for field, text in found.items()
        }
        if scrubbed != found:
            changed.append(rows.model(pk=pk, **scrubbed))
    rows.model.objects.bulk_update(changed, list(fields), batch_size=500)


def addressed_to(user, known: KnownAs | None = None) -> Q:
    """The rows of a table of emails (with `to`, `recipient` and `created_at`) that were
    meant for `user`: theirs by account, or by address for a row written for no account (an
    invitation), at their address or, given `known` (`known_as`), any they went by while it
    was theirs (`KnownAs.written_to`). A row for an earlier owner of the address, who has
    changed theirs since, stays that person's: it is neither in the newcomer's download nor
    erased with their account."""
    known = known or KnownAs(names=(), addresses=(), email=user.email)
    return Q(recipient=user) | (Q(recipient__isnull=True) & known.written_to("to", "created_at"))


@dataclass(frozen=True)
class Reader:
    """Who reads what deleting an account would change: the person themself ("Your pairing
    with … ends") or the programme office deleting it for them ("Bola Board's pairing with …
    ends"). What changes is decided once, for either; only the wording follows the reader."""

    person: Any  # whose account it is
    is_the_person: bool

    @property
    def whose(self) -> str:
        """How a sentence about one of the person's things opens: "Your" or "Bola Board's"."""
        return "Your" if self.is_the_person else f"{self.person}'s"


@dataclass(frozen=True)
class PersonalDataPart:
    app: str
    # (person, known) -> {section name: JSON-ready data}: what the person may see of their own
    # data; `known`, what they went by (`known_as`), by the rule `erase` is given it for.
    export: Callable[..., dict[str, Any]] | None = None
    # (person, by, known) -> None: remove or anonymise this app's rows, in the caller's
    # transaction. `by` is whoever deleted the account (the person, or a coordinator);
    # `known`, what they went by (`known_as`), read once before anything is erased.
    erase: Callable[..., None] | None = None
    # (person, known) -> None: lock, in the caller's transaction, the rows `erase` changes
    # whose change would change whom it emails, before account_delete checks that list
    # against the one its confirmation showed (`emailed`).
    lock: Callable[..., None] | None = None
    # [Reader] -> {person id: sentences}: what deleting each reader.person's account would
    # change here, worded for whoever confirms it ("Your pairing with … ends", "Bola Board's
    # pairing …"). Asked for everyone a confirmation names at once, in a fixed number of
    # queries; the page deleting one's own account asks for one.
    consequences: Callable[[list[Reader]], dict[int, list[str]]] | None = None
    # person -> phrases: what of theirs this app removes with the account ("the meeting
    # notes you wrote"), listed only when they have some.
    removes: Callable[[Any], list[str]] | None = None
    # [person] -> {person id: lines}: who `erase` emails for each, "Name (address): why",
    # from the list it sends to; for many at once, as `consequences`.
    emailed: Callable[[list[Any]], dict[int, list[str]]] | None = None
    # [person] -> {person id: phrases}: the part each takes now ("a pair with Bola Board in
    # 2026/27 pilot"), which keeps them out of the programme office
    # (accounts.services.coordinator_grant); for many at once, as `consequences`.
    taking_part: Callable[[list[Any]], dict[int, list[str]]] | None = None


PARTS: dict[str, PersonalDataPart] = {}


def register(
    *,
    app: str,
    export: Callable[..., dict[str, Any]] | None = None,
    erase: Callable[..., None] | None = None,
    lock: Callable[..., None] | None = None,
    consequences: Callable[[list[Reader]], dict[int, list[str]]] | None = None,
    removes: Callable[[Any], list[str]] | None = None,
    emailed: Callable[[list[Any]], dict[int, list[str]]] | None = None,
    taking_part: Callable[[list[Any]], dict[int, list[str]]] | None = None,
) -> None:
    PARTS[app] = PersonalDataPart(
        app=app,
        export=export,
        erase=erase,
        lock=lock,
        consequences=consequences,
        removes=removes,
        emailed=emailed,
        taking_part=taking_part,
    )


def registered_parts() -> list[PersonalDataPart]:
    """In INSTALLED_APPS order: the core before the apps built on it."""
    from django.apps import apps

    order = {config.label: index for index, config in enumerate(apps.get_app_configs())}
    return sorted(PARTS.values(), key=lambda part: order.get(part.app, len(order)))
