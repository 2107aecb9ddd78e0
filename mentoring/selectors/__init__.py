"""Non-trivial reads: who takes part in what, and what they see."""

from dataclasses import dataclass
from functools import partial

from django.db.models import (
    BooleanField,
    Count,
    Exists,
    Expression,
    ExpressionWrapper,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
)
from django.db.models.expressions import RawSQL
from django.utils import timezone

from accounts.models import User, coordinators_group
from accounts.statements import Statement
from mentoring.models import (
    ApplicationStatus,
    Audience,
    BoardMember,
    Event,
    EventKind,
    Match,
    MentorApplication,
    PairRequest,
    Programme,
    Registration,
    RegistrationStatus,
)
from mentoring.models.events import HOLDS_A_PLACE, going_ahead, not_started


def current_programme(request, *, among=()) -> Programme | None:
    """The newest active programme, looked up once per request (pages and navigation share it).
    `among`: programmes the page has read already; when the current one is one of them (the
    navigation keeps its slug, mentoring.navigation), it is taken from there, with no query."""
    if not hasattr(request, "_current_programme"):
        slug = _kept_current_slug(request) if among else None
        found = [programme for programme in among if slug and programme.slug == slug]
        request._current_programme = found[0] if found else Programme.objects.current()
    return request._current_programme


def _kept_current_slug(request) -> str | None:
    from mentoring.navigation import facts_for

    user = request.user
    return facts_for(user)["programme_slug"] if user.is_authenticated else None


def taking_part(person) -> dict[str, Expression]:
    """The parts the person (a user, or an OuterRef to one) takes in the programmes, each a
    condition: `board_member` in one, `applicant` still in the running (under review,
    accepted or on the waiting list, and not ruled out by their answers: the applications
    of `participations`), whether or not their programme has ended: which questions the
    profile asks follows (mentoring.forms.profile); what it says of pairs follows
    `partnering`. The navigation reads these among its facts (mentoring.navigation); the
    profile page through `parts_of` or `parts_kept`."""
    return {
        "board_member": Exists(BoardMember.objects.filter(user=person)),
        "applicant": Exists(MentorApplication.objects.taking_part().filter(applicant=person)),
    }


def partnering(person: OuterRef) -> dict[str, Expression]:
    """What may be said of pairs to the person (an OuterRef to a user, as `taking_part`
    is read), each a condition.

    `nudges_reach`: the optional nudges could still reach them, by the reminders' own rule:
    they are in a pair whose reminders go out (`MatchQuerySet.reminded`), or may yet be
    paired in a programme that has not ended, as a board member or as a mentor (each
    queryset's `may_yet_be_paired`). Not someone whose only part is in a programme closed,
    nor a board member whose pairing ran its course.

    As a mentor, what `mentoring.pairing.pairing_stands` reads (their board member sees
    their job title): `paired_as_mentor`, `may_be_paired_as_mentor`, `was_paired_as_mentor`."""
    as_mentor = Match.objects.filter(mentor__applicant=person)
    may_be_paired_as_mentor = Exists(
        MentorApplication.objects.may_yet_be_paired().filter(applicant=person)
    )
    # The pairs are found from either side in a subquery of theirs (`with_member`), so from
    # there the person is one level further out.
    reached = (
        Exists(Match.objects.reminded().with_member(OuterRef(person)))
        | Exists(BoardMember.objects.may_yet_be_paired().filter(user=person))
        | may_be_paired_as_mentor
    )
    return {
        "nudges_reach": ExpressionWrapper(reached, output_field=BooleanField()),
        "paired_as_mentor": Exists(as_mentor.active()),
        "may_be_paired_as_mentor": may_be_paired_as_mentor,
        "was_paired_as_mentor": Exists(as_mentor.ended()),
    }


# The roles the programme office tells people apart by, in the order they are named.
ROLES = {
    "mentor": "Mentor",
    "applicant": "Applicant",
    "board_member": "Board member",
    "coordinator": "Coordinator",
}


def roles(*, programme: Programme | None = None) -> dict[str, Q]:
    """Each role of `ROLES`, as a condition on a queryset of users, in `programme` if given
    (coordinating is not per programme): a mentor, accepted; an applicant, still in the
    running (`taking_part`) and not yet accepted; a board member; a coordinator, superusers
    included (`User.is_coordinator`)."""
    person = OuterRef("pk")
    applications = MentorApplication.objects.filter(applicant=person)
    memberships = BoardMember.objects.filter(user=person)
    if programme is not None:
        applications = applications.filter(programme=programme)
        memberships = memberships.filter(programme=programme)
    return {
        "mentor": Q(Exists(applications.accepted())),
        "applicant": Q(
            Exists(applications.taking_part().exclude(status=ApplicationStatus.ACCEPTED))
        ),
        "board_member": Q(Exists(memberships)),
        "coordinator": Q(is_superuser=True) | Q(Exists(coordinators_group(person))),
    }


def people_in_roles(*names: str) -> QuerySet:
    """The active accounts (a deleted one never is) holding any of the roles `names`, by name."""
    conditions = roles()
    held = Q()
    for name in names:
        held |= conditions[name]
    return User.objects.filter(held, is_active=True).order_by("full_name", "email")


def parts_of(user) -> dict[str, bool]:
    """`taking_part` and `partnering` for one person, in one query: for whom a page lets in.
    What a page only shows may read them as the navigation keeps them
    (mentoring.navigation.parts_kept)."""
    person = OuterRef("pk")
    return User.objects.filter(pk=user.pk).values(**taking_part(person), **partnering(person)).get()


@dataclass(frozen=True)
class Participation:
    """One person's part in one programme: as a mentor (applicant) or as a board member."""

    programme: Programme
    audience: str
    application: MentorApplication | None = None
    board_member: BoardMember | None = None

    @property
    def is_briefed(self) -> bool:
        return bool((self.application or self.board_member).is_briefed)

    @property
    def ended_unpaired(self) -> bool:
        """Its programme has ended (the office closed it) before the person was ever paired
        in it: there is nothing more to do in it for them (includes/ended_unpaired.html), so
        none of its events offers them a place (`why_no_place`). Reads the part's
        `ever_paired`, as `participations` annotates it."""
        return self.programme.has_ended and not (self.application or self.board_member).ever_paired


def _ever_paired(side: str) -> Exists:
    """Whether the row's part (an application, paired as `mentor`; a membership, as
    `board_member`) has ever been paired: a pair active or ended, as the person sees them
    (`MatchQuerySet.visible_to`: a proposal is the office's until confirmed)."""
    return Exists(Match.objects.paired().filter(**{side: OuterRef("pk")}))


def pairs_ever_in(person) -> QuerySet[Match]:
    """The pairs the person is or was in, whatever their programme's state, by the pair's
    own rule (`MatchQuerySet.visible_to`: a proposal never confirmed was never their pair).
    What the programme office reads of them is not for the person, should they join it
    later (last year's mentor may, once nothing is under way: `why_not_coordinator`): the
    requests and concerns raised in those pairs, and their partners' applications
    (`partners_ever_of`). A subquery: the admin's lists stay one query."""
    return Match.objects.visible_to(person).order_by()


def requests_readable_by(person, requests: QuerySet[PairRequest]) -> QuerySet[PairRequest]:
    """`requests` less those raised in a pair the person was in (`pairs_ever_in`): what the
    office member may open, and so what their figures count (a count never leads to an empty
    list)."""
    return requests.exclude(match__in=pairs_ever_in(person).values("pk"))


def partners_ever_of(person) -> QuerySet[User]:
    """Everyone the person was ever paired with (`pairs_ever_in`), on either side. Both
    sides' ids in one subquery: with a subquery for each, joined by OR, PostgreSQL read
    every account to answer it, on every page of the office's lists; one it reads the
    person's few pairs, then those accounts by their ids."""
    pairs = pairs_ever_in(person)
    sides = pairs.values("mentor__applicant").union(pairs.values("board_member__user"), all=True)
    return User.objects.filter(pk__in=sides).exclude(pk=person.pk)


def _partners_ever_of(person: int) -> QuerySet[User]:
    return partners_ever_of(User(pk=person)).order_by().values("pk")


_PARTNERS_EVER_OF = Statement(_partners_ever_of)


def partners_ever_of_ids(person) -> RawSQL:
    """The ids of `partners_ever_of(person)`, as a subquery another query reads
    (`applicant__in=…`): its SQL worked out once per process (accounts.statements). A list
    of the office leaves them out on every page; building and compiling it each time was an
    eighth of the list of applications' Python calls."""
    return _PARTNERS_EVER_OF.subquery(person=person.pk)


# What the office's pages and exports say in place of what the reader may not read of
# someone they were paired with (`partners_ever_of`), in their own pair or in another.
NOT_SHOWN = "Not shown: you were paired with them."


def paired_with(person: User | None) -> frozenset[int]:
    """The accounts of everyone the person was ever paired with (`partners_ever_of`), read in
    one query (none for nobody: a change no coordinator made). What the office holds of them,
    and so why a pair either of them is in may not be made, is not the person's to read: the
    match board (`paired_with_you`), the confirmation of accepting proposals and the messages
    after it say instead that the reasons are not shown, and because of whom
    (matching.services.why_blocked)."""
    if person is None:
        return frozenset()
    return frozenset(partners_ever_of(person).values_list("pk", flat=True))


def sides_withheld_from(person) -> dict[str, Expression]:
    """Which side of each row of a list of pairs is someone the person was ever paired with
    (`partners_ever_of`), each a condition: `mentor_withheld`, `board_member_withheld`.
    Their answers (their department, the reasons a pair of theirs was proposed, read from
    both people's answers, the office's note on its ending) are not the person's to read,
    in the pair the person was in or in any pair their former partner is in now, as the
    match board withholds them (`paired_with_you`). A subquery each: a list of pairs knows
    which rows are not for its reader in its own query."""
    partners = partners_ever_of(person).values("pk")
    return {
        f"{side}_withheld": ExpressionWrapper(
            Q(**{f"{member}__in": partners}), output_field=BooleanField()
        )
        for side, member in [
            ("mentor", "mentor__applicant"),
            ("board_member", "board_member__user"),
        ]
    }


# What the pages listing a person's applications read of each (`applications_of`): where
# it stands, its programme's name, address and state, and the line manager's answer (and
# whether one can come, `applicants_own`) with the email that asked for it. Not the
# answers, nor the programme's page or the email's text: read with them, the SQL ran past
# the length whose conversion the database driver keeps (psycopg: 4,096 characters), so it
# was worked through again in Python on every page.
APPLICATION_LISTED = (
    "programme__name",
    "programme__slug",
    "programme__status",
    "programme__recruitment_open",
    "programme__office_email",
    "programme__line_manager_agreement",
    "programme__line_manager_silence_days",
    "applicant",
    "status",
    "eligible",
    "line_manager_request__application",
    "line_manager_request__email",
    "line_manager_request__sent_at",
    "line_manager_request__decision",
    "line_manager_request__applicants_own",
    "line_manager_request__message__status",
    "line_manager_request__message__sent_at",
)


def applications_of(user):
    """Every application of the person, newest first, as their pages show them: with the
    programme, the line manager's request, whether briefed and whether ever paired (what
    `participations` and `application_stage` read), and only the columns those pages read
    (`APPLICATION_LISTED`)."""
    return (
        MentorApplication.objects.filter(applicant=user)
        .select_related("programme", "line_manager_request__message")
        .only(*APPLICATION_LISTED)
        .with_briefed()
        .annotate(ever_paired=_ever_paired("mentor"))
        .order_by("-created_at")
    )


# The dashboard's and the events page's read of them: SQL worked out once per process
# (accounts.statements).
_APPLICATIONS = Statement(applications_of)


def applications_listed(user) -> list[MentorApplication]:
    """`applications_of(user)`, read."""
    return _APPLICATIONS.fetch(user=user.pk)


def _application_to(user: int, programme: int):
    return applications_of(user).filter(programme=programme)[:1]


_APPLICATION_TO = Statement(_application_to)


def application_to(user, programme: Programme) -> MentorApplication | None:
    """The person's application to `programme` (one at most: a unique constraint), as
    `applications_of` reads it; the programme page's."""
    found = _APPLICATION_TO.fetch(user=user.pk, programme=programme.pk)
    return found[0] if found else None


def participations(user, *, applications=None, board_member=None) -> list[Participation]:
    """Programmes the person takes part in: eligible applications under review or accepted,
    and programmes they joined as a board member. Two queries, or one when the caller has
    the person's applications already (`applications`: every one of them, as
    `applications_of` reads them), and none for their memberships
    when the caller knows they hold none (`board_member` False: a page that only shows
    reads it from the navigation's kept facts, mentoring.navigation.parts_kept)."""
    if not user.is_authenticated:
        return []
    if applications is None:
        applications = applications_of(user)
    # In the programme: under review or accepted. An applicant whose answers do not meet
    # the criteria will not be matched, so the briefings are not theirs to come to.
    applications = [a for a in applications if a.takes_part]
    memberships = (
        BoardMember.objects.for_user(user)
        .select_related("programme", "board")
        .prefetch_related("themes")
        .with_briefed()
        .annotate(ever_paired=_ever_paired("board_member"))
        if board_member is not False
        else []
    )
    return [
        *(
            Participation(a.programme, Audience.MENTORS, application=a)
            for a in applications
            if a.programme.is_published
        ),
        *(
            Participation(m.programme, Audience.BOARD_MEMBERS, board_member=m)
            for m in memberships
            if m.programme.is_published
        ),
    ]


def place_elsewhere(user, *, after: Match) -> Programme | None:
    """Where a pair of the person's that ended (`after`) points for what happens next
    (includes/pair_ended_next.html), on the programme page: `places_elsewhere`, the one
    rule, for that pair alone. One query, or none where no place is looked for."""
    return places_elsewhere(user, after=[after])[after.pk]


def places_elsewhere(user, *, after: list[Match]) -> dict[int, Programme | None]:
    """Where each pair of the person's that ended (`after`) points for what happens next
    (includes/pair_ended_next.html), by the pair's id, on the dashboard and on the programme
    page alike: a programme still running (published, not ended) that begins later than the
    pair's (`Programme.is_later_than`), where they hold a place: on its board, or accepted
    there as a mentor (and not ruled out since: `taking_part`); the newest such programme
    (`newest_first`) when there are several. An application still being decided, or on the
    waiting list, is no place yet: the office may not offer one.

    Only where the pair's programme runs on and offers them nothing more: the pairing ran its
    course (`Match.ran_its_course`). One ended as withdrawn or to rematch leaves them still
    to be matched there, so what happens next is there and no other programme is named; once
    the programme has ended, the page says so instead. The programmes where they hold a
    place are read once for every pair, newest first: one query, or none when no pair looks
    for a place."""
    places: dict[int, Programme | None] = {match.pk: None for match in after}
    looking = [match for match in after if not match.programme.has_ended and match.ran_its_course]
    if not looking:
        return places
    held = Exists(BoardMember.objects.for_user(user).filter(programme=OuterRef("pk"))) | Exists(
        MentorApplication.objects.taking_part().filter(
            applicant=user, programme=OuterRef("pk"), status=ApplicationStatus.ACCEPTED
        )
    )
    newest_first = list(
        Programme.objects.published().exclude(Programme.ended_q()).filter(held).newest_first()
    )
    for match in looking:
        places[match.pk] = next(
            (programme for programme in newest_first if programme.is_later_than(match.programme)),
            None,
        )
    return places


def _parts_it_is_for(parts: list[Participation], event: Event) -> list[Participation]:
    """The person's parts in `event`'s programme whose audience it is for."""
    return [
        part
        for part in parts
        if part.programme.pk == event.programme_id
        and event.audience in (part.audience, Audience.JOINT)
    ]


def briefed_already(parts: list[Participation], event: Event) -> bool:
    """Whether `event` is a briefing for a part the person has been briefed in already (or
    exempted from), so it is not theirs to come to. Pairs are only matched once both are
    briefed, so this covers everyone in a pair."""
    return event.kind == EventKind.BRIEFING and any(
        part.is_briefed for part in _parts_it_is_for(parts, event)
    )


def why_no_place(parts: list[Participation], event: Event) -> str | None:
    """Why the person taking `parts` may take no place at `event` now, or None while they may
    (if one is free): the one rule that `registration_create` refuses by and that the events
    page offers by. The event's own (`Event.registration_closed`: called off, started, a
    briefing of a programme that has ended), or its programme ended before they were paired
    in it (`ended_before_paired`): nothing more is theirs to do there, though its pairs
    still come to its sessions. A place held already stays theirs to give up."""
    if closed := event.registration_closed:
        return closed
    if ended_before_paired(parts, event):
        return (
            f"{_parts_it_is_for(parts, event)[0].programme.name} ended before you were paired, "
            "so there is nothing more to do in it and its events take no registrations from you."
        )
    return None


def ended_before_paired(parts: list[Participation], event: Event) -> bool:
    """Whether `event`'s programme ended before the person was paired in it, in every part
    of theirs it is for (`Participation.ended_unpaired`): nothing there is theirs to do any
    more, so it offers them no place (`why_no_place`), and a place they still hold says
    they need not come (the events page)."""
    theirs = _parts_it_is_for(parts, event)
    return bool(theirs) and all(part.ended_unpaired for part in theirs)


def events_for(
    user,
    parts: list[Participation],
    *,
    upcoming_only: bool = True,
    called_off_held: bool = False,
    attendance_awaited: bool = False,
):
    """Events of the person's programmes for their audience, with places taken and their
    own registration status. One query, whatever the number of events.

    Upcoming, they are the events going ahead: one called off is nobody's to come to, and
    being registered for it is nobody's state (so the dashboard's next briefing is another
    one). `called_off_held` adds those called off where the person held a place, for the
    events page to say so; `attendance_awaited` those started where they hold a place whose
    attendance is not recorded yet (mentoring.stages.next_briefing); `upcoming_only=False`
    is every event, called off or not."""
    if not parts:
        return Event.objects.none()
    return _events_seen(
        user,  # or their id
        _seen_by(parts),
        now=timezone.now(),
        upcoming_only=upcoming_only,
        called_off_held=called_off_held,
        attendance_awaited=attendance_awaited,
    )


def _seen_by(parts: list[Participation]) -> list[tuple[int, str, bool]]:
    """What decides which events a part sees: its programme, its audience, and whether
    briefings alone (an application under review or on the waiting list sees the briefings,
    not the cohort's sessions)."""
    return [
        (
            part.programme.pk,
            part.audience,
            bool(part.application and part.application.status != ApplicationStatus.ACCEPTED),
        )
        for part in parts
    ]


def _events_seen(
    person: User | int,
    seen: list[tuple[int, str, bool]],
    *,
    now,
    upcoming_only: bool = True,
    called_off_held: bool = False,
    attendance_awaited: bool = False,
) -> QuerySet[Event]:
    visible = Q()
    for programme, audience, briefings_only in seen:
        theirs = Q(programme=programme, audience__in=[audience, Audience.JOINT])
        if briefings_only:
            theirs &= Q(kind=EventKind.BRIEFING)
        visible |= theirs
    events = (
        Event.objects.filter(visible)
        .select_related("programme")
        .annotate(
            places_taken=Count("registrations", filter=Q(registrations__status__in=HOLDS_A_PLACE)),
            # One registration per person and event (a unique constraint): no order to
            # choose by, so none to join for.
            my_status=Subquery(
                Registration.objects.filter(event=OuterRef("pk"), person=person)
                .order_by()
                .values("status")[:1]
            ),
        )
        .order_by("starts_at")
    )
    if upcoming_only:
        shown = going_ahead()
        if called_off_held:
            shown |= Q(my_status=RegistrationStatus.REGISTERED)
        shown &= not_started(now)
        if attendance_awaited:
            shown |= going_ahead() & Q(my_status=RegistrationStatus.REGISTERED)
        events = events.filter(shown)
    return events


# The events page's read (`events_listed`), its SQL worked out once per process for each
# shape of the person's parts (how many, each one's audience and whether briefings alone):
# a handful of shapes in all. Past SHAPES_KEPT (never, in practice), read as events_for.
_EVENTS_LISTED: dict[tuple, Statement] = {}
SHAPES_KEPT = 64


def _events_listed(*, shape: tuple, person: int, now, **programmes: int) -> QuerySet[Event]:
    seen = [(programmes[f"programme_{i}"], *kind) for i, kind in enumerate(shape)]
    return _events_seen(person, seen, now=now, called_off_held=True)


def events_listed(user, parts: list[Participation]) -> list[Event]:
    """`events_for(user, parts, called_off_held=True)`, as a list: the events page's."""
    if not parts:
        return []
    seen = _seen_by(parts)
    shape = tuple((audience, briefings_only) for _, audience, briefings_only in seen)
    statement = _EVENTS_LISTED.get(shape)
    if statement is None:
        if len(_EVENTS_LISTED) >= SHAPES_KEPT:
            return list(events_for(user, parts, called_off_held=True))
        statement = _EVENTS_LISTED[shape] = Statement(partial(_events_listed, shape=shape))
    programmes = {f"programme_{i}": programme for i, (programme, *_) in enumerate(seen)}
    return statement.fetch(person=user.pk, now=timezone.now(), **programmes)
