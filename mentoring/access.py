"""Fetch what a person may see, or answer 404: the one place that decides."""

from collections.abc import Collection
from dataclasses import dataclass

from django.core.validators import slug_re
from django.db.models import OuterRef, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from accounts.access import staff_access_allowed
from accounts.statements import Statement
from mentoring.models import BoardMember, Event, Match, Meeting, MentorApplication, Programme
from mentoring.navigation import facts_for, kept
from mentoring.selectors import (
    application_to,
    current_programme,
    events_for,
    participations,
    parts_of,
)
from mentoring.selectors.mailboxes import board_places_at_own_mailbox, on_a_board_at_mailbox_of

SLUG_LENGTH = Programme._meta.get_field("slug").max_length


def office_may_see_all(user) -> bool:
    """A coordinator (or superuser) whose staff access is allowed: staff with a verified
    authenticator (accounts.access). Without one they see what anyone else would."""
    return staff_access_allowed(user) and user.is_coordinator


def programme_for_visitor(user, slug: str) -> Programme:
    """Published programmes are public; coordinators may also preview drafts. With its
    themes and key dates: what its page shows everyone alike, kept in the shared cache with
    the navigation's facts (mentoring.navigation.kept: read again after any change to a
    programme, its themes or key dates) instead of three queries a page.

    Whether it is published is read now (`_STANDING`: one query, with a kept copy; none
    when there was none, since the copy read then says it), never from the kept copy: a
    change the cache missed (Redis away on the worker that saved it) may leave that copy up
    to KEPT_FOR old, and the navigation's cache only points to pages, it decides nothing.
    Whether it recruits is read with it, so the page offers what /apply/ would. That read is
    by the kept copy's id, with its slug: slugs are unique, so a programme that still has
    this one is the programme it names; one that lost it (or is gone) is read again by
    slug."""
    if len(slug) > SLUG_LENGTH:  # no such programme; and no such key kept
        raise Http404("No such programme.")
    read_now = False

    def read() -> Programme | None:
        nonlocal read_now
        read_now = True
        return _programme(slug)

    # The navigation's facts of a signed-in person in the same round trip: the page shows them.
    programme = kept(
        f"programme:{slug}",
        read,
        f"programme {slug}",
        facts_of=user if user.is_authenticated else None,
    )
    if programme is not None and not read_now:  # a kept copy
        now = next(iter(_STANDING.fetch(programme=programme.pk)), None)
        if now is not None and now["slug"] == slug:
            programme.status, programme.recruitment_open = now["status"], now["recruitment_open"]
        else:  # since it was kept, the slug went to another programme, or none
            programme = _programme(slug)
    if programme is None or not (programme.is_published or office_may_see_all(user)):
        raise Http404("No such programme.")
    return programme


def _programme(slug: str) -> Programme | None:
    programmes = Programme.objects.prefetch_related("themes", "key_dates")
    return programmes.filter(slug=slug).first()


def _standing_of(programme: int):
    return Programme.objects.filter(pk=programme).values("slug", "status", "recruitment_open")


# Read on every programme page: SQL worked out once per process (accounts.statements).
_STANDING = Statement(_standing_of)


def _readable_slug(slug: str) -> str:
    """A programme's slug as sent in a form or an address; anything that cannot be one (a
    NUL character, which PostgreSQL would refuse to look up) is not found."""
    if not slug_re.match(slug):
        raise Http404("No such programme.")
    return slug


def programme_to_apply_to(request, slug: str | None) -> Programme | None:
    """The programme /apply/ is about: the one named (404 for one nobody may see), or else
    the current one; None when none is named and none runs, so none takes applications
    (/apply/ says so: it is a fixed address, which emails link to)."""
    if slug:
        return get_object_or_404(Programme.objects.published(), slug=_readable_slug(slug))
    return current_programme(request)


@dataclass(frozen=True)
class Refusal:
    """Why someone may not apply (`why_cannot_apply`), with what a page saying so needs:
    for "board member at another address", the addresses of those places; for "board member
    elsewhere", the programmes they are on the board of (`boards`), which decide which of
    their applications they may still read (`board_member_may_read`)."""

    reason: str
    addresses: tuple[str, ...] = ()
    boards: frozenset[int] = frozenset()


def board_member_may_read(application: MentorApplication | None, boards: Collection[int]) -> bool:
    """Whether a board member (on the board of the programmes `boards`) may still read
    `application`, their own: one sent (a draft is not sent any more), to a programme they
    are not on the board of. The rule /apply/ answers them by, in a programme
    (`why_cannot_apply`) and while none runs (the newest application it links to)."""
    return (
        application is not None
        and not application.is_draft
        and application.programme_id not in boards
    )


def why_cannot_apply(
    user, programme: Programme | None, *, shown_only: bool = False
) -> Refusal | None:
    """Who may not apply to be a mentor in `programme`, and so never sees an Apply button:
    "coordinator" (they run it), "board member" (they are mentored in it), "board member at
    another address" (its board has a place at an address that is their own mailbox, held
    by no account or another: `board_places_at_own_mailbox`) or "board member elsewhere"
    (mentored in another programme: board members are the senior leaders whom mentors
    mentor, never mentors themselves, as the dashboard and the navigation never invite them
    to apply; an application they sent here before stays theirs to read, and a draft is not
    sent any more); None for everyone else.
    `shown_only`: for a page that only says what it offers (the programme page, the
    dashboard, not /apply/), whether a coordinator, a board member anywhere, and on a board
    anywhere at another address of theirs, as the navigation keeps them
    (mentoring.navigation): no query for someone who is none of these.
    `programme` None: while none takes applications, who would not be offered the next one
    (a coordinator, or a board member anywhere, "board member elsewhere")."""
    if shown_only:
        facts = facts_for(user)
        coordinator, may_be_member = facts["coordinator"], facts["board_member"]
        may_be_at_another_address = facts["board_place_at_own_mailbox"]
    else:
        coordinator, may_be_member, may_be_at_another_address = user.is_coordinator, True, True
    if coordinator:
        return Refusal("coordinator")
    if not (may_be_member or may_be_at_another_address):
        return None
    programmes = (
        set(BoardMember.objects.for_user(user).values_list("programme", flat=True))
        if may_be_member
        else set()
    )
    if programme is None:
        return (
            Refusal("board member elsewhere", boards=frozenset(programmes)) if programmes else None
        )
    if programme.pk in programmes:
        return Refusal("board member")
    # On its board at another address of theirs (a `+` alias, or a second account): the rule
    # adding a board member reads (mentoring.selectors.mailboxes).
    if may_be_at_another_address and (addresses := board_places_at_own_mailbox(user, programme)):
        return Refusal("board member at another address", tuple(addresses))
    if programmes and not board_member_may_read(application_to(user, programme), programmes):
        return Refusal("board member elsewhere", boards=frozenset(programmes))
    return None


def drafts_refused(user, applications) -> dict[int, Refusal]:
    """Of the person's `applications`, the drafts /apply/ would refuse to send, by id, with
    why (`why_cannot_apply`): a board member's anywhere, or one to a programme whose board
    has a place at their own mailbox. Its pages say why instead of leading to /apply/
    (`mentoring.stages.application_stage`: "draft_refused"). No query for someone who has
    no draft, or whom the navigation's facts say is neither."""
    drafts = [each for each in applications if each.is_draft]
    if not drafts:
        return {}
    facts = facts_for(user)
    if not (facts["board_member"] or facts["board_place_at_own_mailbox"]):
        return {}
    refused = {}
    for draft in drafts:
        if refusal := why_cannot_apply(user, draft.programme, shown_only=True):
            refused[draft.pk] = refusal
    return refused


def programmes_open_to(user, programmes: QuerySet[Programme]) -> list[Programme]:
    """Those of `programmes` that `user` may send an application to, as a page that only
    offers them knows it (`why_cannot_apply` with `shown_only`): none to someone no programme
    would take (a coordinator, or a board member anywhere, as `why_cannot_apply` answers
    while none is named: one they applied to before is theirs to read, not to apply to
    again); to anyone else, those whose board has no place at another address of theirs.
    One query, whatever the number of programmes, after what `why_cannot_apply` reads once."""
    if why_cannot_apply(user, None, shown_only=True):
        return []
    if facts_for(user)["board_place_at_own_mailbox"]:
        programmes = programmes.exclude(on_a_board_at_mailbox_of(user.pk, programme=OuterRef("pk")))
    return list(programmes)


def event_for_participant(user, event_id: int, parts=None):
    """An event of one of the person's programmes, for their audience; coordinators see all.
    `parts`: the person's participations, when the caller has them already."""
    if office_may_see_all(user):
        return get_object_or_404(Event.objects.select_related("programme"), pk=event_id)
    return event_to_take_part_in(user, event_id, parts)


def event_to_take_part_in(user, event_id: int, parts=None):
    """An event of one of the person's programmes, for their audience, whoever they are: a
    place is for those the event is for, so the office, who may see every event, takes
    none (`event_for_participant` is what they may see). `parts` as there."""
    if parts is None:
        parts = participations(user)
    return get_object_or_404(events_for(user, parts, upcoming_only=False), pk=event_id)


def parts_for_nudges(user) -> dict[str, bool]:
    """The parts the person takes (selectors.parts_of), or 404 for someone the nudges could
    not reach (`nudges_reach`): the choice is not theirs to make."""
    parts = parts_of(user)
    if not parts["nudges_reach"]:
        raise Http404("No nudge could reach you: you are in no pair or programme running.")
    return parts


def _memberships_of(person: int):
    return (
        BoardMember.objects.for_user(person)
        .select_related("programme", "board")
        .with_pairing()
        .with_themes_needed()
        .most_relevant_first()
    )


def _newest_membership_of(person: int):
    return _memberships_of(person)[:1]


# Read on every visit to /profile/: SQL worked out once per process (accounts.statements).
_NEWEST_MEMBERSHIP = Statement(_newest_membership_of)
# And with a programme named: the person's memberships (one a programme they were invited
# to), the one in that programme taken from them, rather than a query built on each visit.
_MEMBERSHIPS = Statement(_memberships_of)


def board_member_for_user(user, slug: str | None):
    """The person's own board-member profile: in the programme named, or else the one their
    next step is in (`BoardMemberQuerySet.most_relevant_first`);
    with what `BoardMember.pairing` reads: where they stand with a mentor there (what the
    profile says it is for), and whether the programme needs a theme of them
    (`themes_needed`, which their profile form asks)."""
    if slug:
        slug = _readable_slug(slug)
        memberships = _MEMBERSHIPS.fetch(person=user.pk)
        member = next((each for each in memberships if each.programme.slug == slug), None)
    else:
        member = next(iter(_NEWEST_MEMBERSHIP.fetch(person=user.pk)), None)
    if member is None:
        raise Http404("You have no board-member profile.")
    return member


PAIR_RELATED = ["programme", "mentor__applicant", "board_member__user", "board_member__board"]


def pair_for_user(user, pk) -> Match:
    """A pair the person is (or was) in; anyone else, coordinators and superusers included,
    gets 404: what a pair says is theirs alone."""
    return get_object_or_404(Match.objects.visible_to(user).select_related(*PAIR_RELATED), pk=pk)


def meeting_for_user(user, pk) -> Meeting:
    """A meeting of one of the pairs the person may see (`Meeting.objects.for_user`: active
    or ended, as `pair_for_user`), or 404 for everyone else."""
    return get_object_or_404(
        Meeting.objects.for_user(user).select_related(
            *(f"match__{name}" for name in PAIR_RELATED),
            "proposed_by",
            "cancelled_by",
            "logged_by",
            "last_changed_by",
        ),
        pk=pk,
    )
