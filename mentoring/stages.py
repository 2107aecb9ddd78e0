"""Where a person stands in a programme, as their pages say it: an application's stage, the
briefing it points to, and the pair of a mentor or a board member. The dashboard, the
programme page, /apply/ and /events/ all read them here."""

from types import MappingProxyType

from mentoring.access import drafts_refused
from mentoring.models import (
    ApplicationStatus,
    Audience,
    BoardMember,
    Event,
    MentorApplication,
    Programme,
    RegistrationStatus,
)
from mentoring.selectors import Participation, applications_of, events_for, place_elsewhere
from mentoring.selectors.pairs import PairView, pairs_for

# Stages in which an eligible applicant is pointed to a mentor briefing (or told they have
# been briefed): the one rule for whether a briefing is theirs. Never an ineligible one, nor
# one whose line manager declined: their application cannot go on, so they will not be
# matched and a briefing would waste their half-day (`MentorApplication.takes_part` keeps
# them off the events page for the same reason).
BRIEFING_STAGES = {"submitted", "line_manager", "accepted", "waitlisted"}
# The stages whose "Next:" line (mentoring.templatetags.application_page's `_submitted`,
# `_accepted`, `_waitlisted`) is asking the programme office for a briefing date, where
# no briefing is theirs to take (`mentor_briefing`'s `ask_for_a_date`). Waiting for their
# line manager, the "Next:" is that answer, and the briefing's status says the ask.
NEXT_ASKS_FOR_A_DATE = {"submitted", "accepted", "waitlisted"}


def application_stage(
    application: MentorApplication, *, pair: PairView | None, refused: bool = False
) -> str:
    """Where an application stands, as its applicant sees it: its status, made finer where the
    next step differs. "ineligible" (sent, and the answers do not meet the criteria),
    "line_manager" (waiting for the line manager to agree), "line_manager_declined",
    "paired" (accepted and in a pair), "pair_ended" (accepted, and the programme office
    ended their pair) and "draft_refused" (a draft /apply/ would refuse to send: `refused`,
    from `mentoring.access.drafts_refused`). `pair`: the mentor's pair (`mentor_pair`), if
    any."""
    status = application.status
    if status == ApplicationStatus.DRAFT and refused:
        return "draft_refused"
    if status == ApplicationStatus.SUBMITTED:
        if application.eligible is False:
            return "ineligible"
        if application.line_manager_declined:
            return "line_manager_declined"
        if application.waits_for_line_manager:
            return "line_manager"
    if status == ApplicationStatus.WAITLISTED and application.line_manager_declined:
        # A place coming up cannot be theirs: accepting needs the line manager's agreement.
        return "line_manager_declined"
    if status == ApplicationStatus.ACCEPTED and pair is not None:
        return "pair_ended" if pair.ended else "paired"
    return status


def ended_last(pairs) -> PairView | None:
    """Of `pairs` (`pairs_for`'s, newest begun first), the one that ended last: the news a
    page gives of pairs that have all ended, whichever began later."""
    return max((pair for pair in pairs if pair.ended), key=lambda p: p.match.ended_at, default=None)


def _current_or_ended_last(pairs) -> PairView | None:
    pairs = list(pairs)
    return next((pair for pair in pairs if not pair.ended), None) or ended_last(pairs)


def mentor_pair(application: MentorApplication, pairs: list[PairView]) -> PairView | None:
    """The application's mentor's pair, from `pairs_for`: the current one, or else the one
    that ended last."""
    return _current_or_ended_last(p for p in pairs if p.match.mentor_id == application.pk)


def member_pair(member: BoardMember, pairs: list[PairView]) -> PairView | None:
    """The board member's pair, from `pairs_for`: the current one, or else the one that
    ended last."""
    return _current_or_ended_last(p for p in pairs if p.match.board_member_id == member.pk)


def mentor_pairs_for(application: MentorApplication, user) -> list[PairView]:
    """The pairs of `user`'s application, for a page that shows one application: its current
    ones (a mentor may mentor two board members), or else the one that ended last; only an
    accepted mentor is ever in a pair, so nobody else's page reads pairs."""
    if application.status != ApplicationStatus.ACCEPTED:
        return []
    pairs = [
        pair
        for pair in pairs_for(user, summary=True, actions=False, history=False)
        if pair.match.mentor_id == application.pk
    ]
    current = [pair for pair in pairs if not pair.ended]
    return current or [pair for pair in [ended_last(pairs)] if pair]


# What includes/briefing_status.html says of someone with no briefing to choose from.
NO_BRIEFING_CHOSEN = MappingProxyType({"next_briefing": None, "called_off_briefing": None})


def member_standing(user, programme) -> dict:
    """A board member's membership of `programme` (`member`, with whether briefed), their
    pair there (`pair`), once that pair has ended their place in a later programme
    (`place_elsewhere`: `after_pair_ended`) and, while they are neither paired nor briefed,
    the briefing they are registered for or else the next one for them (`next_briefing`),
    or with none the one called off where they held a place (`called_off_briefing`):
    the context of mentoring/includes/board_member_next_steps.html. At most four queries:
    a place elsewhere is looked for only after a pair, the briefing only without one."""
    standing = {"member": None, "pair": None, "place_elsewhere": None, **NO_BRIEFING_CHOSEN}
    member = BoardMember.objects.for_user(user).filter(programme=programme).with_briefed().first()
    if member is None:
        return standing
    pair = member_pair(member, pairs_for(user, summary=True, actions=False, history=False))
    standing.update(member=member, pair=pair, place_elsewhere=after_pair_ended(user, pair))
    if pair is None and not member.is_briefed and not programme.has_ended:
        part = Participation(programme, Audience.BOARD_MEMBERS, board_member=member)
        standing.update(briefing_chosen(part, briefings_seen(user, [part])))
    return standing


def after_pair_ended(user, pair: PairView | None) -> Programme | None:
    """Where includes/pair_ended_next.html points someone once their `pair` has ended: their
    place in a later programme (`place_elsewhere`, as the dashboard reads it). None, with no
    query, for no pair or one that has not ended; at most one query otherwise."""
    return place_elsewhere(user, after=pair.match) if pair is not None and pair.ended else None


def next_briefing(part: Participation, briefings: list[Event]) -> Event | None:
    """Of `briefings` (`events_for` with `attendance_awaited`), the one the person is
    registered for in `part`; or else the last one they had a place at that has started,
    whose attendance the programme office has yet to record (includes/briefing_status.html
    says so, rather than send them to another as if they had missed it); or else the next
    one open to them there: the first with a place to take (`Event.place_to_take`), as one
    full sooner is no step of theirs while a later one has room; the first to come when none
    has. Never one called off (`briefings` may hold those: `called_off_place`)."""
    theirs = [event for event in _in_part(part, briefings) if not event.is_called_off]
    registered = [event for event in theirs if event.my_status == RegistrationStatus.REGISTERED]
    ahead = [event for event in registered if not event.has_started]
    held = [event for event in registered if event.has_started][-1:]  # the latest
    upcoming = [event for event in theirs if not event.has_started]
    with_room = [event for event in upcoming if event.place_to_take]
    return (ahead or held or with_room or upcoming or [None])[0]


def called_off_place(part: Participation, briefings: list[Event]) -> Event | None:
    """Of `briefings` (`briefings_seen`), the briefing in `part`, still to have come, where
    the person held a place that the programme office called off last: with no other
    scheduled for them, includes/briefing_status.html says it was called off (as the events
    page does) rather than that none is scheduled yet."""
    held = [
        event
        for event in _in_part(part, briefings)
        if event.is_called_off and event.my_status == RegistrationStatus.REGISTERED
    ]
    return max(held, key=lambda event: event.called_off_at, default=None)


def _in_part(part: Participation, briefings: list[Event]) -> list[Event]:
    return [
        event
        for event in briefings
        if event.programme_id == part.programme.pk
        and event.audience in (part.audience, Audience.JOINT)
    ]


def briefings_seen(user, parts: list[Participation]) -> list[Event]:
    """The briefings `next_briefing` and `called_off_place` choose from, for `user` (or
    their id) in `parts`, in one query: those to come, those started where they hold a
    place whose attendance is not recorded yet, and those called off where they held one."""
    return list(events_for(user, parts, attendance_awaited=True, called_off_held=True).briefings())


def briefing_chosen(part: Participation, briefings: list[Event]) -> dict:
    """Of `briefings` (`briefings_seen`), `next_briefing` in `part` and, where there is
    none, `called_off_place`: what includes/briefing_status.html says, in its own names."""
    briefing = next_briefing(part, briefings)
    called_off = called_off_place(part, briefings) if briefing is None else None
    return {"next_briefing": briefing, "called_off_briefing": called_off}


def mentor_briefing(
    application: MentorApplication, stage: str, *, briefings: list[Event] | None = None
) -> dict | None:
    """What the application's pages say about the mentor briefing (the `briefing` of
    mentoring/includes/application_next_steps.html): whether they are briefed, the
    briefing for them (`next_briefing`) and whether taking a place there is their next step
    (`register_next`: then the page says no other) or, with no briefing to take, asking the
    programme office for a date (`ask_for_a_date`), and with no briefing for them the one
    called off where they held a place (`called_off`); or None when a briefing is not theirs.
    The one place that decides who says that ask: with `ask_for_a_date`, the page's "Next:"
    says it, with the office's address, and the briefing's status above it
    (includes/briefing_status.html) leaves it out; without, the status says it, as it does
    for a board member.
    `briefings`: the person's briefings (`briefings_seen`), when the page has read them already;
    otherwise they are read here (one query) if the applicant is still to be briefed. The
    application needs `with_briefed`."""
    if stage not in BRIEFING_STAGES or application.eligible is not True:
        return None
    if application.programme.has_ended:
        return None  # nobody is matched in it any more, so no briefing is their step
    briefed = bool(application.is_briefed)
    chosen = NO_BRIEFING_CHOSEN
    if not briefed:
        part = Participation(application.programme, Audience.MENTORS, application=application)
        if briefings is None:
            # events_for reads the person's registrations by their id: no query for the user.
            briefings = briefings_seen(application.applicant_id, [part])
        chosen = briefing_chosen(part, briefings)
    briefing = chosen["next_briefing"]
    register_next = briefing is not None and briefing.place_to_take
    ask_for_a_date = (
        stage in NEXT_ASKS_FOR_A_DATE and not briefed and not _briefing_in_hand(briefing)
    )
    return {
        "briefed": briefed,
        "next": briefing,
        "register_next": register_next,
        "ask_for_a_date": ask_for_a_date,
        "called_off": chosen["called_off_briefing"],
    }


def _briefing_in_hand(briefing: Event | None) -> bool:
    """Whether `next_briefing` leaves the person a briefing: one they hold a place at (to
    come, or started with their attendance yet to be recorded) or one with a place to take.
    Without one (none scheduled for them, or only full ones), asking the programme office
    for a date is their next step."""
    if briefing is None:
        return False
    return briefing.my_status == RegistrationStatus.REGISTERED or briefing.place_to_take


def unpaired_standing(user, pairs: list[PairView]) -> dict:
    """Why someone in no current pair has none, as /match/ and /meetings/ say it
    (mentoring/includes/not_paired.html), by the stages the dashboard reads: `stage` is
    "pair_ended" (`pair`: theirs that ended last), "board_member" (waiting for a mentor;
    `member`, with whether briefed), the stage of their newest application
    (`application_stage`; `application`, with whether briefed) or None (taking no part).
    `pairs`: theirs (`pairs_for`), none of them current. A pair that ended in a programme
    that has ended since is not where they stand when they take part in a programme still
    running (a later cohort, where they wait to be matched): that part is said instead; so
    is a part in another programme still running beside the one whose pair ended (the pilot
    running on beside the next cohort), after the pair (`ended_pair`). Where the stage is
    "pair_ended", their place in a later programme (`place_elsewhere`: `after_pair_ended`).
    At most two queries (one more for a draft of someone on a board at their own mailbox, as
    `drafts_refused` asks), and one more for a pair that ran its course while its programme
    runs on."""
    last = ended_last(pairs)
    standing = _part_standing(user, running_only=bool(pairs))
    if last is None:
        return standing or {"stage": None}
    if standing is None or (
        not last.match.programme.has_ended and standing["programme"].pk == last.match.programme_id
    ):
        return {
            "stage": "pair_ended",
            "pair": last,
            "place_elsewhere": after_pair_ended(user, last),
        }
    if not last.match.programme.has_ended:
        standing["ended_pair"] = last  # said first, in its programme, before the other part
    return standing


def _part_standing(user, *, running_only: bool) -> dict | None:
    """`unpaired_standing` by the person's membership where their next step is
    (`BoardMemberQuerySet.most_relevant_first`), or else their application in
    the running in a programme not ended, or else their newest application (only in
    programmes not ended, with `running_only`); None when they have neither."""
    members = BoardMember.objects.for_user(user)
    applications = applications_of(user)
    if running_only:
        members = members.exclude(Programme.ended_q("programme"))
        applications = applications.exclude(Programme.ended_q("programme"))
    member = members.with_briefed().select_related("programme").most_relevant_first().first()
    if member is not None:
        return _member_standing(member)
    # The application they are in the running with, in a programme not ended (waiting to be
    # matched), rather than a later draft or one that went no further; else the newest.
    listed = list(applications)
    application = next(
        (a for a in listed if a.takes_part and not a.programme.has_ended),
        listed[0] if listed else None,
    )
    if application is None:
        return None
    return _application_standing(application, refusal=drafts_refused(user, [application]))


def part_standing(part: Participation) -> dict:
    """Where the person stands in one part of theirs that was never paired
    (`Participation.ended_unpaired`), as `unpaired_standing` says it: the Events page says
    it of each part in a programme that ended before they were paired. No query."""
    if part.board_member is not None:
        return _member_standing(part.board_member)
    return _application_standing(part.application)


def _member_standing(member: BoardMember) -> dict:
    return {"stage": "board_member", "member": member, "programme": member.programme}


def _application_standing(application: MentorApplication, refusal=None) -> dict:
    """`refusal`: `drafts_refused`'s, for a draft that cannot be sent (said why)."""
    refusal = refusal.get(application.pk) if refusal else None
    return {
        "stage": application_stage(application, pair=None, refused=refusal is not None),
        "refusal": refusal,
        "application": application,
        "programme": application.programme,
    }
