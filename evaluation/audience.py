"""Who a survey asks, and in which role: one rule (`role_for`) and the reads that feed it,
for one person (`role_in`, `surveys_for`), for everyone at once (`people_asked`, the
reminders') and counted by the database (`invited_by_role`, the results' and report's).

Accepted mentors and board members who have joined, by the survey's audience, each on a side
they came onto before the survey closed: joining while it is open (or before it opens) makes
you asked; someone who joined after it closed never was, so never sees it. A survey only
for people in a pair (`Survey.pairs_only`: its questions are about a pair's meetings) asks
only those in a pair during it: a pair that started before it closed, and was active when
it opened or ended after (read as two facts of a side, when its first pair started and its
last ended, so that a person with two pairs in a programme, one over before the survey
opened and the next begun after it closed, would be asked: rare, and kept for one read).
Someone who leaves a side while a survey is open (their application no longer accepted,
their account switched off or deleted) was asked: the counts keep them whether or not they answered
(`people_counted`), so that no count tells the office who did.
"""

from collections import Counter
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import partial

from django.db.models import (
    BooleanField,
    Case,
    CharField,
    Count,
    DateTimeField,
    Exists,
    ExpressionWrapper,
    F,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce, Least, Now
from django.utils import timezone
from django.utils.text import get_text_list

from accounts.models import User
from accounts.statements import Statement
from evaluation.models import Ballot, Participation, Response, Role, Survey, SurveyAudience
from mentoring.models import (
    ApplicationStatus,
    BoardMember,
    Match,
    MentorApplication,
    Programme,
    ProgrammeStatus,
)

# `Side.paired_until` of someone whose pair on that side is active: later than any survey.
STILL_PAIRED = datetime(9999, 1, 1, tzinfo=UTC)


@dataclass(frozen=True)
class Side:
    """A person on one side of a survey's programme (an accepted mentor, or a board member
    who has joined), with `paired_until`: `STILL_PAIRED` while a pair of theirs on that side
    is active, else when their last one ended, None if they were never in one; `since`,
    when they came onto that side: the application's acceptance (`decided_at`), the board
    member's joining (`joined_at`); `paired_from`, when their first pair there started; and
    `left`, when they left it (only the counts read those who have: an application no longer
    accepted, `MentorApplication.accepted_until`, or an account switched off or deleted,
    `User.deactivated_at`), None while on it.
    The database always has `since` for those on a side (a constraint each), and
    `paired_from` for anyone paired; left out, as in the rule's own tests, they were so
    before any survey."""

    paired_until: datetime | None = None
    since: datetime | None = None
    paired_from: datetime | None = None
    left: datetime | None = None

    @classmethod
    def read(cls, row, prefix: str = "") -> "Side":
        """A side from a read that annotated its facts (`pair_facts` and `since`, and `left`
        for the counts): `row`, an object or a dict, holds them as `until`, `since`, `first`
        and `left` after `prefix`."""
        get = row.get if isinstance(row, dict) else partial(getattr, row)
        return cls(
            get(f"{prefix}until"),
            get(f"{prefix}since"),
            get(f"{prefix}first"),
            get(f"{prefix}left", None),
        )


def role_for(survey: Survey, *, mentor: Side | None, board_member: Side | None) -> str | None:
    """The one rule: in which role a person is asked to answer `survey`, from its audience
    and what they are in its programme (None on a side they are not on). It asks a side
    only if they came onto it before the survey closed, and (for the counts, which read
    those who left) did not leave it before it opened. A survey only for people in a pair
    asks a side only if paired there during it: a pair started before it closed, and one
    still active or ended after it opened. Its members answer about the meetings they had."""

    def asks(side: Side | None) -> bool:
        if side is None:
            return False
        if side.since is not None and side.since >= survey.closes_at:
            return False
        if side.left is not None and side.left < survey.opens_at:
            return False  # left before it opened
        if not survey.pairs_only:
            return True
        if side.paired_from is not None and side.paired_from >= survey.closes_at:
            return False  # paired only once it had closed
        return side.paired_until is not None and side.paired_until >= survey.opens_at

    if asks(mentor) and survey.audience != SurveyAudience.BOARD_MEMBERS:
        return Role.MENTOR
    if asks(board_member) and survey.audience != SurveyAudience.MENTORS:
        return Role.BOARD_MEMBER
    return None


def paired_until(pairs) -> Subquery:
    """`Side.paired_until` read from the person's pairs on that side (correlated by the
    caller): the latest end of a pair that started, an active one counting as
    `STILL_PAIRED`."""
    until = Coalesce("ended_at", Value(STILL_PAIRED, DateTimeField()))
    return Subquery(
        pairs.filter(activated_at__isnull=False)
        .annotate(until=until)
        .order_by("-until")
        .values("until")[:1],
        output_field=DateTimeField(),
    )


def paired_from(pairs) -> Subquery:
    """`Side.paired_from` read from the person's pairs on that side (correlated by the
    caller): when the first of them started."""
    return Subquery(
        pairs.filter(activated_at__isnull=False)
        .order_by("activated_at")
        .values("activated_at")[:1],
        output_field=DateTimeField(),
    )


def pair_facts(pairs) -> dict[str, Subquery]:
    """A side's two facts about its pairs (correlated by the caller), as annotations:
    `until` (`Side.paired_until`) and `first` (`Side.paired_from`)."""
    return {"until": paired_until(pairs), "first": paired_from(pairs)}


def paired_during(pairs: QuerySet[Match], *, opens_at, closes_at) -> Exists:
    """Whether a side's `pairs` make it asked by a survey only for people in a pair that
    opens at `opens_at` and closes at `closes_at` (times, or OuterRefs to them): `role_for`
    as a condition, for the navigation's single query, on the same two facts (a pair started
    before it closed; one active when it opened, or ended after). A test holds the two to
    the same answers."""
    started = pairs.filter(activated_at__lt=closes_at)
    running = pairs.filter(activated_at__isnull=False).filter(
        Q(ended_at__isnull=True) | Q(ended_at__gte=opens_at)
    )
    return Exists(started) & Exists(running)


def mentors_of(programme_ids):
    return User.objects.filter(
        mentor_applications__programme__in=programme_ids,
        mentor_applications__status=ApplicationStatus.ACCEPTED,
        is_active=True,
    )


def board_members_of(programme_ids):
    return User.objects.filter(board_memberships__programme__in=programme_ids, is_active=True)


def _people_of(programme_ids: set[int]):
    """Accepted mentors and joined board members of the programmes, each row with the
    programme (`asked_in`), the side (`side`, a `Role`), `Side.since` (`since`) and
    `Side.paired_until` there (`until`): one query. The annotations reuse the join
    `mentors_of`/`board_members_of` filtered on, so they name the programme they are in."""
    side = CharField()
    mentors = (
        mentors_of(programme_ids)
        .annotate(
            asked_in=F("mentor_applications__programme"),
            side=Value(Role.MENTOR.value, side),
            since=F("mentor_applications__decided_at"),
        )
        .annotate(
            **pair_facts(
                Match.objects.filter(
                    mentor__applicant=OuterRef("pk"), mentor__programme=OuterRef("asked_in")
                )
            )
        )
        .order_by()
    )
    members = (
        board_members_of(programme_ids)
        .annotate(
            asked_in=F("board_memberships__programme"),
            side=Value(Role.BOARD_MEMBER.value, side),
            since=F("board_memberships__joined_at"),
        )
        .annotate(
            **pair_facts(
                Match.objects.filter(
                    board_member__user=OuterRef("pk"), board_member__programme=OuterRef("asked_in")
                )
            )
        )
        .order_by()
    )
    return mentors.union(members, all=True)


def _sides(rows) -> dict[int, dict[int, dict[str, Side]]]:
    """`_people_of`'s rows as programme -> person -> role -> Side."""
    sides: dict[int, dict[int, dict[str, Side]]] = {}
    for row in rows:
        person = sides.setdefault(row.asked_in, {}).setdefault(row.pk, {})
        person[row.side] = Side.read(row)
    return sides


def people_asked(surveys: list[Survey]) -> dict[int, list[tuple[User, str]]]:
    """Everyone each survey asks today, with their role (`role_for`), by survey id: one query,
    whatever the number of surveys and people."""
    if not surveys:
        return {}
    rows = list(_people_of({survey.programme_id for survey in surveys}))
    people = {row.pk: row for row in rows}
    sides = _sides(rows)
    asked = {}
    for survey in surveys:
        asked[survey.pk] = []
        for person_id, person_sides in sides.get(survey.programme_id, {}).items():
            role = role_for(
                survey,
                mentor=person_sides.get(Role.MENTOR),
                board_member=person_sides.get(Role.BOARD_MEMBER),
            )
            if role is not None:
                asked[survey.pk].append((people[person_id], role))
    return asked


# (mentor side, board member side) -> how many people are so.
Counted = dict[tuple[Side | None, Side | None], int]


def people_counted(programme_id: int) -> Counted:
    """How many people of the programme are, or were, on each side, since when, paired until
    when, and when they left it: one query, counted by the database (people with the same
    facts are one row). The two groups `people_asked` reads (accepted mentors, joined board
    members, whose accounts are on), and beside them those who left a side (an application
    no longer accepted, `MentorApplication.accepted_until`; an account switched off or
    deleted, `User.deactivated_at`): `role_for` counts one who left while a survey was open
    among those it asked, whether or not they answered. Nobody, in a programme still being
    prepared (a draft): its surveys ask nobody (`Survey.has_asked`), before they close as
    after."""
    was_accepted = MentorApplication.objects.filter(programme=programme_id).filter(
        Q(status=ApplicationStatus.ACCEPTED) | Q(accepted_until__isnull=False)
    )
    joined = BoardMember.objects.filter(programme=programme_id, user__isnull=False)
    mentor = Q(pk__in=was_accepted.values("applicant"))
    board_member = Q(pk__in=joined.values("user"))
    boolean = BooleanField()
    accepted = Q(status=ApplicationStatus.ACCEPTED)
    mentor_facts = was_accepted.filter(applicant=OuterRef("pk"))
    draft = Programme.objects.filter(pk=programme_id, status=ProgrammeStatus.DRAFT)
    rows = (
        User.objects.filter(mentor | board_member)
        .exclude(Exists(draft))
        .annotate(
            is_mentor=ExpressionWrapper(mentor, boolean),
            is_board_member=ExpressionWrapper(board_member, boolean),
            # An application no longer accepted was decided again since (wait-listed,
            # declined): when it was accepted is known only as before it left.
            mentor_since=Subquery(
                mentor_facts.values(since=Case(When(accepted, then=F("decided_at"))))
            ),
            mentor_left=_earlier(
                Subquery(mentor_facts.values("accepted_until")), F("deactivated_at")
            ),
            board_member_since=Subquery(joined.filter(user=OuterRef("pk")).values("joined_at")),
            board_member_left=F("deactivated_at"),
            **{
                f"{role}_{fact}": read
                for role, pairs in (
                    ("mentor", Q(mentor__applicant=OuterRef("pk"), mentor__programme=programme_id)),
                    (
                        "board_member",
                        Q(board_member__user=OuterRef("pk"), board_member__programme=programme_id),
                    ),
                )
                for fact, read in pair_facts(Match.objects.filter(pairs)).items()
            },
        )
        .values(
            *(
                f"{role}_{fact}"
                for role in ("mentor", "board_member")
                for fact in ("since", "until", "first", "left")
            ),
            "is_mentor",
            "is_board_member",
        )
        .annotate(count=Count("pk"))
        .order_by()
    )
    counted: Counted = Counter()
    for row in rows:
        mentor_side = Side.read(row, "mentor_") if row["is_mentor"] else None
        member_side = Side.read(row, "board_member_") if row["is_board_member"] else None
        counted[mentor_side, member_side] += row["count"]
    return counted


def _earlier(first, second) -> Least:
    """The earlier of two times, either of which may be None (SQLite's MIN of a NULL is
    NULL, where PostgreSQL's LEAST skips it)."""
    return Least(Coalesce(first, second), Coalesce(second, first))


def invited(
    survey: Survey, people: Counted | None = None, *, now: datetime | None = None
) -> Counter[str]:
    """How many people the survey asked in each role, as counted today: of the programme's
    people (`people_counted`, read when not given), those it asks, and those it asked who
    have left since (whether or not they answered: a count that kept only those who
    answered would tell the office who had). Nobody, for one that closed without ever asking
    (`Survey.closed_unasked`): nobody could see it, nor was told of it."""
    if survey.closed_unasked(now):
        return Counter(dict.fromkeys(Role, 0))
    if people is None:
        people = people_counted(survey.programme_id)
    invited: Counter[str] = Counter()
    for (mentor, board_member), count in people.items():
        role = role_for(survey, mentor=mentor, board_member=board_member)
        if role is not None:
            invited[role] += count
    return invited


def at_least_answered(asked: Counter[str], answered: Counter[str]) -> Counter[str]:
    """Those asked in each role, never fewer than answered in it. Everyone who answered was
    asked as they did, but is counted in one role by today's facts: someone who changed side
    while it was open (a board member who answered, then accepted as a mentor) counts on
    their new side, while their answer keeps the old role. More answered than asked in a role
    says already that such a person answered; the floor says nothing more, and keeps every
    rate at or under 100%."""
    return Counter({role: max(asked[role], answered[role]) for role in {*asked, *answered}})


def invited_by_role(
    survey: Survey, answered: Counter[str] | None = None, *, people: Counted | None = None
) -> Counter[str]:
    """How many people the survey asked in each role: as counted when it closed, or today's
    (`invited`, of `people` when given) while it is open or not counted yet, at least as many
    as `answered` in each (`at_least_answered`; read when not given)."""
    at_close = survey.invited_at_close
    if at_close is not None:
        return Counter(at_close)
    return at_least_answered(
        invited(survey, people), answered_by_role(survey) if answered is None else answered
    )


def answered_by_role(survey: Survey) -> Counter[str]:
    """How many answered in each role, whether their ballots are still sealed or opened (a
    ballot becomes a response in one transaction): two queries."""
    answered = Counter(sealed_roles(survey))
    answered.update(
        dict(
            Response.objects.filter(survey=survey)
            .values_list("role")
            .annotate(n=Count("id"))
            .values_list("role", "n")
        )
    )
    return answered


def sealed_roles(survey: Survey) -> list[str]:
    """The role of each ballot not yet opened, for the response rate while a survey is
    open: read by the application only, nothing else of the ballot is used."""
    return surveys_sealed_roles([survey])[survey.pk]


def surveys_sealed_roles(surveys: list[Survey]) -> dict[int, list[str]]:
    """`sealed_roles` of each survey, by survey id: one query."""
    roles: dict[int, list[str]] = {survey.pk: [] for survey in surveys}
    for ballot in Ballot.objects.filter(survey__in=list(roles)):
        roles[ballot.survey_id].append(ballot.content["role"])
    return roles


def _accepted_mentor_sides(person: int) -> QuerySet:
    return (
        MentorApplication.objects.filter(applicant=person, status=ApplicationStatus.ACCEPTED)
        .annotate(**pair_facts(Match.objects.filter(mentor=OuterRef("pk"))))
        .order_by()
        .values("programme_id", "until", "first", since=F("decided_at"))
    )


def _board_member_sides(person: int) -> QuerySet:
    return (
        BoardMember.objects.filter(user=person)
        .annotate(**pair_facts(Match.objects.filter(board_member=OuterRef("pk"))))
        .order_by()
        .values("programme_id", "until", "first", since=F("joined_at"))
    )


def _surveys_asking_sides(person: int) -> QuerySet[Survey]:
    """The surveys of every published programme where the person is on a side (nothing of a
    draft is offered: `SurveyQuerySet.published`; nor one that closed without ever asking:
    `Survey.closed_unasked`), each with the person's
    side there as a mentor and as a board member (`mentor_since`, `mentor_until`,
    `mentor_first`, and the same for `board_member_`: `Side`'s three facts, the since None
    off that side), its programme, whether the person has answered it (`answered`) and whether
    it has a question yet (`has_questions`): one read."""
    sides = {
        Role.MENTOR: _accepted_mentor_sides(person),
        Role.BOARD_MEMBER: _board_member_sides(person),
    }
    facts = {
        f"{role}_{fact}": Subquery(
            side.filter(programme=OuterRef("programme")).values(fact)[:1],
            output_field=DateTimeField(),
        )
        for role, side in sides.items()
        for fact in ("since", "until", "first")
    }
    return (
        Survey.objects.published()
        # One that closed without ever asking asked nobody: not listed as closed, and its
        # page is a 404 as for a survey not theirs.
        .not_closed_unasked(Now())
        .with_has_questions()
        .annotate(
            **facts,
            answered=Exists(Participation.objects.filter(person=person, survey=OuterRef("pk"))),
        )
        .filter(
            Q(programme__in=sides[Role.MENTOR].values("programme_id"))
            | Q(programme__in=sides[Role.BOARD_MEMBER].values("programme_id"))
        )
        .select_related("programme")
        .order_by("pk")
    )


def _survey_asking_sides(person: int, survey: int) -> QuerySet[Survey]:
    """One survey as `_surveys_asking_sides` reads it: nothing when the person is on no side
    of its programme."""
    return _surveys_asking_sides(person).filter(pk=survey)


# What the lists of a person's surveys read of each (`surveys_for`: the Surveys page, the
# dashboard's card): its title, audience and dates, and its programme's name and state. Read
# with the rest, the SQL ran past the length whose conversion the database driver keeps
# (psycopg: 4,096 characters), so it was worked through again in Python on every page.
SURVEY_LISTED = (
    "programme__name",
    "programme__status",
    "title",
    "audience",
    "pairs_only",
    "opens_at",
    "closes_at",
)


def _surveys_listed(person: int) -> QuerySet[Survey]:
    """`_surveys_asking_sides`, with only what the lists read (`SURVEY_LISTED`)."""
    return _surveys_asking_sides(person).only(*SURVEY_LISTED)


# Read on every survey page for everyone: SQL worked out once per process (accounts.statements).
_SURVEYS = Statement(_surveys_listed)
_SURVEY = Statement(_survey_asking_sides)
# The largest id a table holds (bigint): a larger one names no survey.
_LARGEST_ID = 2**63 - 1


def survey_read_for(person, pk: int) -> Survey | None:
    """Survey `pk` with the person's sides in its programme (`sides_read`), its programme,
    and whether they answered it (`answered`): one read. None when there is no such survey,
    or the person is on no side of its programme (so it asks them in no role)."""
    if not person.is_authenticated or not 0 < pk <= _LARGEST_ID:
        return None
    found = _SURVEY.fetch(person=person.pk, survey=pk)
    return found[0] if found else None


def sides_read(survey: Survey) -> dict[str, Side | None]:
    """The person's sides read with a survey (`_surveys_asking_sides`), as `role_for` takes
    them: None for one they are not on (the database always has when someone came onto a
    side, a constraint each)."""
    return {
        role: Side.read(survey, f"{role}_")
        if getattr(survey, f"{role}_since") is not None
        else None
        for role in ("mentor", "board_member")
    }


def role_in(survey: Survey, person) -> str | None:
    """The role in which `person` is asked to answer `survey`, or None if they are not."""
    read = survey_read_for(person, survey.pk)
    return role_for(survey, **sides_read(read)) if read is not None else None


def surveys_for(person) -> list[tuple[Survey, str]]:
    """Every survey that asks the person, with their role, each knowing whether they have
    answered it (`answered`): one query, whatever the number of surveys."""
    found = []
    for survey in _SURVEYS.fetch(person=person.pk):
        role = role_for(survey, **sides_read(survey))
        if role:
            found.append((survey, role))
    return found


def told_once_active(programme) -> list[dict]:
    """The people a programme's open surveys ask (those asking something), as the confirmation
    of making it active names them: they are emailed that a survey is open once it is, as the
    survey's own confirmation says. Each person once, with the surveys' titles. Everyone
    asked, whether or not they answered: who has not is not the office's to read."""
    surveys = list(
        Survey.objects.open_with_questions(timezone.now())
        .filter(programme=programme)
        .order_by("opens_at", "pk")
    )
    asked = people_asked(surveys)
    titles: dict[int, list[str]] = {}
    people = {}
    for survey in surveys:
        for person, _role in asked[survey.pk]:
            people[person.pk] = person
            titles.setdefault(person.pk, []).append(f"“{survey.title}”")
    return [
        {
            "name": person.full_name,
            "email": person.email,
            "note": f"told {get_text_list(titles[pk], 'and')} "
            f"{'is' if len(titles[pk]) == 1 else 'are'} open, unless they have answered",
        }
        for pk, person in sorted(people.items(), key=lambda item: (item[1].full_name, item[0]))
    ]
