"""What the navigation shows a signed-in person (their roles, whether they are or were in a
pair, the current programme, whether a survey asks them), read in one query and kept in the
shared cache.

Every page shows the navigation, so reading these facts on each request cost four queries a
page. They are kept per person with the cache's *generation*: a token replaced whenever
something they are read from is saved, deleted or updated by a queryset (programmes,
applications and their line managers' answers, board members, pairs, surveys, the
coordinators' group; see `connect`), at once and again after the transaction commits. A
person's facts kept under an older generation are read again, so a link appears or goes
with the change that causes it, across every worker (the cache is Redis or the database,
never one process's memory). An entry is read again after `KEPT_FOR` in any case.

The navigation only points to pages: each page still decides on its own who may see it.
"""

import uuid
from collections.abc import Callable

from django.core.cache import cache
from django.db import transaction
from django.db.models import Exists, Expression, OuterRef, Subquery
from django.db.models.signals import m2m_changed, post_delete, post_save

from accounts.models import User, coordinators_group
from accounts.signals import rows_updated
from mentoring.models import (
    BoardMember,
    LineManagerRequest,
    Match,
    MatchStatus,
    MentorApplication,
    Programme,
)
from mentoring.selectors import taking_part

GENERATION = "navigation:generation"
# Seconds an entry stays unused. Short, so that the entries stay few beside what the cache
# must never lose (rate-limit counters, used one-time codes): the database cache culls past
# its MAX_ENTRIES (config/settings.py), and only people active in the last ten minutes
# have an entry here.
KEPT_FOR = 10 * 60

# name -> expression of the person (an OuterRef to the user's pk); apps add theirs with
# `register_fact` from AppConfig.ready (evaluation: whether a survey asks them).
_facts: dict[str, Callable[[OuterRef], Expression]] = {}


def register_fact(name: str, expression: Callable[[OuterRef], Expression]) -> None:
    _facts[name] = expression


def _current(field: str) -> Subquery:
    """A field of the current programme (the newest active one, as /apply/ reads it)."""
    return Subquery(Programme.objects.newest_active().values(field)[:1])


def _own_facts(person: OuterRef) -> dict[str, Expression]:
    # The pair pages' own rules (Match.objects.visible_to, for_user: mentoring.access,
    # mentoring.selectors.pairs). They look the person up in a subquery of the pairs' query,
    # so from there the person is one level further out.
    in_pairs = OuterRef(person)
    return taking_part(person) | {
        "coordinator": Exists(coordinators_group(person)),
        # Is or was in a pair: the pair page shows the current pairs and the earlier ones.
        "paired": Exists(Match.objects.visible_to(in_pairs)),
        # Is in a pair now: the schedule shows only current pairs' meetings.
        "paired_now": Exists(Match.objects.for_user(in_pairs)),
        "programme_slug": _current("slug"),
        # The current programme (the one /apply/ is about): whether it takes applications,
        # and whether the person has one there (a draft included).
        "recruiting": _current("recruitment_open"),
        "applied_here": Exists(
            MentorApplication.objects.filter(applicant=person, programme=_current("pk"))
        ),
    }


def _read(user) -> dict:
    """Every fact in one query."""
    person = OuterRef("pk")
    expressions = _own_facts(person) | {name: made(person) for name, made in _facts.items()}
    facts = User.objects.filter(pk=user.pk).values(**expressions).get()
    facts["coordinator"] = facts["coordinator"] or user.is_superuser
    return facts


def facts_for(user) -> dict:
    """The person's navigation facts: from the cache when read under the current
    generation, otherwise read now (one query) and kept. Looked up once per request (the
    user object is the request's)."""
    if not hasattr(user, "_navigation_facts"):
        user._navigation_facts = _kept_or_read(user)
    return user._navigation_facts


def parts_kept(user) -> dict[str, bool]:
    """The parts the person takes (mentoring.selectors.parts_of) among their kept facts, so
    no query when they are kept: for what a page shows, never for whom it lets in."""
    facts = facts_for(user)
    return {"board_member": facts["board_member"], "applicant": facts["applicant"]}


def _kept_or_read(user) -> dict:
    key = f"navigation:person:{user.pk}"
    found = cache.get_many([GENERATION, key])
    generation = found.get(GENERATION)
    if generation is None:
        cache.add(GENERATION, uuid.uuid4().hex, timeout=None)
        generation = cache.get(GENERATION)
    kept = found.get(key)
    if kept is not None and kept[0] == generation:
        return kept[1]
    facts = _read(user)
    cache.set(key, (generation, facts), KEPT_FOR)
    return facts


def changed(**kwargs) -> None:
    """Something the facts are read from changed: every person's are read again. Now, for
    the rest of this transaction, and after commit, for facts read meanwhile from what
    was then committed."""
    cache.set(GENERATION, uuid.uuid4().hex, timeout=None)
    transaction.on_commit(lambda: cache.set(GENERATION, uuid.uuid4().hex, timeout=None))


def _user_saved(sender, instance, update_fields=None, **kwargs):
    # Signing in saves last_login alone; only who is a superuser matters here.
    if update_fields is None or "is_superuser" in update_fields:
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
    """Replace the generation on every save, delete and queryset update of `models` (apps
    add theirs; their querysets are `accounts.signals.UpdatesSignalled`)."""
    for model in models:
        post_save.connect(changed, sender=model, dispatch_uid=f"navigation-save-{model._meta}")
        post_delete.connect(changed, sender=model, dispatch_uid=f"navigation-del-{model._meta}")
        rows_updated.connect(changed, sender=model, dispatch_uid=f"navigation-upd-{model._meta}")


def connect_own() -> None:
    from django.contrib.auth.models import Group

    connect(Programme, MentorApplication, BoardMember, Group)
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
