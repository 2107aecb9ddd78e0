"""What the navigation shows a signed-in person (their roles, whether they are or were in a
pair, the current programme, whether a survey asks them), read in one query and kept in the
shared cache.

Every page shows the navigation, so reading these facts on each request cost four queries a
page. They are kept per person with the cache's *generation*: a token replaced whenever
something they are read from is saved, deleted or updated by a queryset (programmes,
applications and their line managers' answers, board members, people's addresses, pairs,
surveys, the coordinators' group; see `connect`), after the transaction commits (and at once
too, with the cache in Redis: `changed`). A person's facts kept under an older generation are
read again, so a link appears or goes with the change that causes it, across every worker
(the cache is Redis or the database, never one process's memory). An entry is read again
after `KEPT_FOR` in any case.

The cache only saves queries: when it cannot be reached (Redis away), the facts are read
from the database and saves go ahead; `_cache_failed` says why what was kept before a change
it missed is not shown for long once it is back.

The navigation only points to pages: each page still decides on its own who may see it.
"""

import hashlib
import logging
import threading
import uuid
from collections.abc import Callable
from functools import lru_cache
from time import monotonic
from typing import TypeVar

from django.core.cache import cache, caches
from django.core.cache.backends.db import DatabaseCache
from django.db import transaction
from django.db.models import Exists, Expression, OuterRef, QuerySet, Subquery
from django.db.models.signals import m2m_changed, post_delete, post_save
from redis import RedisError

from accounts.models import User, coordinators_group
from accounts.signals import rows_created, rows_updated
from accounts.statements import Statement
from mentoring.models import (
    ApplicationStatus,
    BoardMember,
    KeyDate,
    LineManagerRequest,
    Match,
    MatchStatus,
    MentorApplication,
    Programme,
    Theme,
)
from mentoring.selectors import partnering, taking_part
from mentoring.selectors.mailboxes import on_a_board_at_mailbox_of

logger = logging.getLogger(__name__)
T = TypeVar("T")

GENERATION = "navigation:generation"
# Seconds an entry stays unused. Short, so that the entries stay few beside what the cache
# must never lose (rate-limit counters, used one-time codes): the database cache culls past
# its MAX_ENTRIES (config/settings.py), and only people active in the last ten minutes
# have an entry here.
KEPT_FOR = 10 * 60

# name -> expression of the person (an OuterRef to the user's pk); apps add theirs with
# `register_fact` from AppConfig.ready (evaluation: whether a survey asks them).
_facts: dict[str, Callable[[OuterRef], Expression]] = {}
# name of a fact -> (label, URL name) of the link shown to those for whom it holds.
links: dict[str, tuple[str, str]] = {}
# name of a fact -> (template, read) of a card on the dashboard of those for whom it holds:
# `read(user)` gives the template's `panel`, or None when there is nothing to say now.
panels: dict[str, tuple[str, Callable]] = {}


def register_fact(
    name: str,
    expression: Callable[[OuterRef], Expression],
    *,
    link: tuple[str, str] | None = None,
    panel: tuple[str, Callable] | None = None,
) -> None:
    """From AppConfig.ready: the facts' SQL is worked out at the first page (`_FACTS`).
    `link`: a (label, URL name) the navigation shows, after the person's own pages, to
    everyone for whom the fact holds. `panel`: a (template, read) the dashboard shows them,
    when `read(user)` has something to say (mentoring.views.dashboard)."""
    if _FACTS._compiled:
        raise RuntimeError(f"The navigation's facts are read already: {name} comes too late.")
    _facts[name] = expression
    if link is not None:
        links[name] = link
    if panel is not None:
        panels[name] = panel


def _current(field: str) -> Subquery:
    """A field of the current programme (the newest active one, as /apply/ reads it)."""
    return Subquery(Programme.objects.newest_active().values(field)[:1])


def _own_facts(person: OuterRef) -> dict[str, Expression]:
    # The pair pages' own rules (Match.objects.visible_to, for_user: mentoring.access,
    # mentoring.selectors.pairs). They look the person up in a subquery of the pairs' query,
    # so from there the person is one level further out.
    in_pairs = OuterRef(person)
    # What is said of pairs to them, beside the parts they take (the profile page's).
    parts = taking_part(person) | partnering(person)
    return parts | {
        "coordinator": Exists(coordinators_group(person)),
        # Is or was in a pair: the pair page shows the current pairs and the earlier ones.
        "paired": Exists(Match.objects.visible_to(in_pairs)),
        # Is in a pair now: the schedule shows only current pairs' meetings.
        "paired_now": Exists(Match.objects.for_user(in_pairs)),
        "programme_slug": _current("slug"),
        # The current programme (the one /apply/ is about): whether it takes applications,
        # and whether the person has one there (a draft included) that /apply/ lets them
        # read (mentoring.access.why_cannot_apply): not once they are a board member there,
        # nor a draft once they are one anywhere.
        "recruiting": _current("recruitment_open"),
        "applied_here": Exists(
            MentorApplication.objects.filter(applicant=person, programme=_current("pk"))
            .exclude(
                Exists(
                    BoardMember.objects.filter(
                        user=OuterRef("applicant"), programme=OuterRef("programme")
                    )
                )
            )
            .exclude(
                Exists(BoardMember.objects.filter(user=OuterRef("applicant"))),
                status=ApplicationStatus.DRAFT,
            )
        ),
        # A board place at another address of theirs (a `+` alias, one added and confirmed,
        # or a second account), which /apply/ refuses them for (mentoring.access.
        # why_cannot_apply): in the current programme, so no Apply link; in any, so the
        # programme page asks which (`board_places_at_own_mailbox`) of them alone.
        "board_place_at_own_mailbox": on_a_board_at_mailbox_of(person),
        "board_place_at_own_mailbox_here": on_a_board_at_mailbox_of(
            person, programme=_current("pk")
        ),
    }


def _facts_of(person: int) -> QuerySet:
    outer = OuterRef("pk")
    expressions = _own_facts(outer) | {name: made(outer) for name, made in _facts.items()}
    return User.objects.filter(pk=person).values(**expressions)


# The same SQL for everyone (accounts.statements): building and compiling it took several
# times longer than PostgreSQL's answer, on every page after any change.
_FACTS = Statement(_facts_of)


def _read(user) -> dict:
    """Every fact in one query."""
    found = _FACTS.fetch(person=user.pk)
    if not found:
        raise User.DoesNotExist(f"User {user.pk} is gone.")
    facts = found[0]
    facts["coordinator"] = facts["coordinator"] or user.is_superuser
    return facts


def facts_for(user) -> dict:
    """The person's navigation facts: from the cache when read under the current
    generation, otherwise read now (one query) and kept. Looked up once per request (the
    user object is the request's)."""
    if not hasattr(user, "_navigation_facts"):
        user._navigation_facts = _kept_or_read(user)
    return user._navigation_facts


def apply_offered(facts: dict) -> bool:
    """Whether the person's pages offer them /apply/'s form (`facts`, `facts_for`'s): the
    current programme recruits, and they have no application there to read, no board place,
    and no board place there at another address of theirs, whom /apply/ refuses
    (mentoring.access.why_cannot_apply)."""
    return (
        facts["recruiting"]
        and not facts["board_member"]
        and not facts["applied_here"]
        and not facts["board_place_at_own_mailbox_here"]
    )


def apply_link(facts: dict) -> str:
    """The label of the navigation's link to /apply/, "" for none: "My application" to
    someone with an application there they may read (one made before they became a board
    member elsewhere stays theirs), unless they are on its board at another address of
    theirs; "Apply" where its form is offered (`apply_offered`)."""
    if facts["board_place_at_own_mailbox_here"]:
        return ""
    if facts["applied_here"]:
        return "My application"
    return "Apply" if apply_offered(facts) else ""


def parts_kept(user) -> dict[str, bool]:
    """The parts the person takes (mentoring.selectors.parts_of) among their kept facts, so
    no query when they are kept: for what a page shows, never for whom it lets in."""
    facts = facts_for(user)
    return {name: facts[name] for name in _part_names()}


@lru_cache(maxsize=1)
def _part_names() -> list[str]:
    """What `parts_of` reads, among the facts."""
    person = OuterRef("pk")
    return [*taking_part(person), *partnering(person)]


# Seconds this process leaves the cache alone after it failed, so that a Redis that hangs
# (each attempt waiting for its socket timeout, config/settings.py) costs one wait, not one
# per page and per row saved.
AWAY_FOR = 10
_away_until = 0.0
# Generations this process could not replace (`_cache_failed`), and the lock that keeps
# that count right across threads.
_owed = 0
_owed_lock = threading.Lock()


def _cache_failed(error: RedisError, doing: str) -> None:
    """Leave the cache alone for AWAY_FOR seconds.

    A generation that could not be replaced is *owed*: when the cache answers again, this
    process replaces it before it reads or keeps anything there (`_pay_owed`), since what
    was kept before the change may still be there (Redis back from a blip, or restarted from
    its snapshot). Until then, and if this process never gets to pay (a worker recycled,
    a task process that reads no navigation), other processes may show what was kept
    before the change, but no longer than KEPT_FOR after it: every entry is set with that
    timeout, and was set before the change. The navigation only points to pages (each page
    decides who may see it), so a link late by at most KEPT_FOR is the price, rather than
    writing every change down in the database for the cache to check on every page."""
    global _away_until
    _away_until = monotonic() + AWAY_FOR
    logger.warning(
        "The navigation cache cannot be reached (%s): %s; the navigation is read from the "
        "database for the next %s seconds.",
        error,
        doing,
        AWAY_FOR,
    )


def _cache_away() -> bool:
    return monotonic() < _away_until


def _new_generation() -> None:
    """Replace the generation, which pays whatever this process owed (a change committed
    before it is covered by it)."""
    global _owed
    with _owed_lock:
        owed = _owed
    cache.set(GENERATION, uuid.uuid4().hex, timeout=None)
    with _owed_lock:
        _owed -= owed  # not any owed meanwhile, which this one may not cover


def _pay_owed() -> None:
    if _owed:
        _new_generation()
        logger.info("The navigation cache is back: its generation is replaced.")


def _facts_key(user) -> str:
    return f"navigation:person:{user.pk}"


def _kept_or_read(user) -> dict:
    return kept(_facts_key(user), lambda: _read(user), f"user {user.pk}'s navigation")


@lru_cache(maxsize=1)
def _shape() -> str:
    """What kept entries are made of, in short: every model's columns and every fact's
    name, its own and those apps registered. An entry kept by other code (before a deploy,
    or by a worker not yet restarted) is pickled from other models or lacks a fact: it is
    under another key."""
    from django.apps import apps

    columns = [
        f"{model._meta.db_table}.{field.attname}"
        for model in apps.get_models()
        for field in model._meta.concrete_fields
    ]
    facts = sorted([*_own_facts(OuterRef("pk")), *_facts])
    return hashlib.sha256(" ".join([*columns, *facts]).encode()).hexdigest()[:12]


def kept_key(key: str) -> str:
    """The cache key `kept` keeps `key` under, with this code's shape in it."""
    return f"{key}:{_shape()}"


def kept(key: str, read: Callable[[], T], what: str, *, facts_of=None) -> T:
    """What `read()` returns, kept in the shared cache under the current generation: read
    again after any change the generation follows (`connect`), or after KEPT_FOR. Only for
    what is read from those models alone. Nothing is kept when `read()` returns None (an
    address that finds nothing leaves no entry); with the cache away, `read()` each time.
    `what`: what is kept, for the warning the cache being away logs.

    `facts_of`: a signed-in person whose navigation facts the page shows too, looked up in
    the same round trip: when kept under the current generation, `facts_for` has them with
    no trip of its own; otherwise it reads and keeps them as ever."""
    if _cache_away():
        return read()
    key, facts_key = kept_key(key), None
    if facts_of is not None and not hasattr(facts_of, "_navigation_facts"):
        facts_key = kept_key(_facts_key(facts_of))
    try:
        _pay_owed()
        found = cache.get_many([GENERATION, key, facts_key] if facts_key else [GENERATION, key])
        generation = found.get(GENERATION)
        if generation is None:
            cache.add(GENERATION, uuid.uuid4().hex, timeout=None)
            generation = cache.get(GENERATION)
    except RedisError as error:
        _cache_failed(error, f"{what} not looked up")
        return read()
    facts = found.get(facts_key) if facts_key else None
    if facts is not None and facts[0] == generation:
        facts_of._navigation_facts = facts[1]
    entry = found.get(key)
    if entry is not None and entry[0] == generation:
        return entry[1]
    value = read()
    if value is None:
        return value
    try:
        cache.set(key, (generation, value), KEPT_FOR)
    except RedisError as error:
        _cache_failed(error, f"{what} not kept")
    return value


def _replace_generation() -> None:
    """Replace the generation, or owe it (`_cache_failed`): a change saved stays saved."""
    global _owed
    if not _cache_away():
        try:
            _new_generation()
            return
        except RedisError as error:
            _cache_failed(error, "a change is not yet reflected in kept navigation")
    with _owed_lock:
        _owed += 1


def changed(**kwargs) -> None:
    """Something the facts are read from changed: every person's are read again. After
    commit, for facts read meanwhile from what was then committed; and with the cache in
    Redis, now too, for the rest of this transaction. The database's cache is not written
    inside the transaction (`_cache_in_the_database`)."""
    if not _cache_in_the_database():
        _replace_generation()
    transaction.on_commit(_replace_generation)


def _cache_in_the_database() -> bool:
    """Whether the shared cache is the database's table (CACHE=database, and the embedded
    mode). Its generation is then a row written on the transaction's own connection: replaced
    inside the transaction, the row would stay locked until it commits, every other
    process's saves waiting behind it, and two transactions locking it and a pair's row in
    opposite orders (a pair ended by the office as its mentor withdraws) would deadlock."""
    return isinstance(caches["default"], DatabaseCache)


def _user_saved(sender, instance, update_fields=None, **kwargs):
    # Signing in saves last_login alone; only who is a superuser matters here, and the
    # address (a board place may be at its mailbox, or at a mailbox no longer its own).
    if update_fields is None or {"is_superuser", "email"} & set(update_fields):
        changed()


def _pair_changed(sender, instance, update_fields=None, **kwargs):
    # A proposal is in nobody's navigation (creating, dropping or scoring one changes no
    # fact), and a pair's facts follow its status alone, not its purpose.
    if instance.status == MatchStatus.PROPOSED:
        return
    if update_fields is None or "status" in update_fields:
        changed()


def _line_manager_changed(sender, update_fields=None, **kwargs):
    # Only the answer is read (one who declined rules the applicant out): not when the link
    # was sent, nor a new link for a reminder. Saved, updated by a queryset or deleted alike.
    if update_fields is None or "decision" in update_fields:
        changed()


def connect(*models) -> None:
    """Replace the generation on every save and delete of `models` (apps add theirs), and on
    every queryset update and bulk create of those whose querysets send them
    (`accounts.signals.UpdatesSignalled`; a survey's questions are saved with it or one by
    one)."""
    for model in models:
        post_save.connect(changed, sender=model, dispatch_uid=f"navigation-save-{model._meta}")
        post_delete.connect(changed, sender=model, dispatch_uid=f"navigation-del-{model._meta}")
        rows_updated.connect(changed, sender=model, dispatch_uid=f"navigation-upd-{model._meta}")
        rows_created.connect(changed, sender=model, dispatch_uid=f"navigation-new-{model._meta}")


def connect_own() -> None:
    from allauth.account.models import EmailAddress
    from django.contrib.auth.models import Group

    # Themes and key dates: a programme's public page is kept too (mentoring.access). The
    # addresses added on an account: a board place may be at one of their mailboxes.
    connect(Programme, MentorApplication, BoardMember, Group, Theme, KeyDate, EmailAddress)
    for signal, uid in [(post_save, "saved"), (post_delete, "deleted"), (rows_updated, "updated")]:
        signal.connect(
            _line_manager_changed,
            sender=LineManagerRequest,
            dispatch_uid=f"navigation-line-manager-{uid}",
        )
    post_save.connect(_pair_changed, sender=Match, dispatch_uid="navigation-pair-saved")
    post_delete.connect(_pair_changed, sender=Match, dispatch_uid="navigation-pair-deleted")
    rows_updated.connect(changed, sender=Match, dispatch_uid="navigation-pair-updated")
    post_save.connect(_user_saved, sender=User, dispatch_uid="navigation-user-saved")
    m2m_changed.connect(changed, sender=User.groups.through, dispatch_uid="navigation-groups")
