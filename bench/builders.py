"""Bulk builders for the benchmarks' data: the load bench's seed (bench/seed.py) and the
reminders bench (bench/reminders.py) write their programmes, people, applications, board
members, pairs, meetings and events through these, so that both fill the database the same
way, a few INSERTs for many rows. Each bench decides only how many and when.

It imports the models: import it once Django is set up (inside a bench's `fill`).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import NamedTuple

from accounts.models import User
from mentoring.availability import to_mask
from mentoring.models import (
    ApplicationStatus,
    Audience,
    Board,
    BoardMember,
    Event,
    EventKind,
    Grade,
    Match,
    MatchStatus,
    Meeting,
    MeetingStatus,
    MentorApplication,
    Programme,
    ProgrammeStatus,
    Registration,
    RegistrationStatus,
    Theme,
)

BATCH = 5_000
NO_PASSWORD = "!"  # unusable: only the people a bench signs in as get a password
AVAILABILITY = to_mask([("Tuesday", "morning"), ("Thursday", "morning")])


# Programmes and people


def programmes_create(
    count: int,
    *,
    newest_starts: datetime,
    apart: timedelta = timedelta(0),
    recruiting: bool = False,
) -> list[Programme]:
    """`count` active programmes, oldest first, each starting `apart` before the next; the
    last is the newest (the current one) and, when `recruiting`, takes applications."""
    newest = count - 1
    return Programme.objects.bulk_create(
        Programme(
            name=f"Bench cohort {p + 1}",
            slug=f"bench-cohort-{p + 1}",
            organisation="Example University",
            status=ProgrammeStatus.ACTIVE,
            recruitment_open=recruiting and p == newest,
            summary="Junior colleagues mentor the members of the executive boards.",
            about="Reverse mentoring pairs a colleague with a senior leader.",
            office_email=f"office{p + 1}@bench.example.org",
            starts_on=(newest_starts - apart * (newest - p)).date(),
        )
        for p in range(count)
    )


def themes_create(programmes: list[Programme], names: list[str]) -> dict[int, list[Theme]]:
    """The same themes in every programme; returns them by programme id."""
    themes = Theme.objects.bulk_create(
        Theme(programme=programme, name=name, position=n)
        for programme in programmes
        for n, name in enumerate(names)
    )
    themes_of = {}
    for theme in themes:
        themes_of.setdefault(theme.programme_id, []).append(theme)
    return themes_of


def themes_link(model, rows: list, themes_of: dict[int, list[Theme]]) -> None:
    """Two of their programme's themes each, through the many-to-many table."""
    through = model.themes.through
    source = f"{model._meta.model_name}_id"
    through.objects.bulk_create(
        (
            through(**{source: row.pk, "theme_id": theme.pk})
            for n, row in enumerate(rows)
            for themes in [themes_of[row.programme_id]]
            for theme in (themes[n % len(themes)], themes[(n + 1) % len(themes)])
        ),
        batch_size=BATCH,
    )


@dataclass
class People:
    """Everyone `people_create` made, in order, and each programme's people on each side."""

    everyone: list[User]
    groups: dict[tuple[str, int], list[User]]

    def of(self, side: str, programme: int) -> list[User]:
        return self.groups[side, programme]


def people_create(programmes: int, sides: dict[str, int], *, joined: datetime) -> People:
    """For each programme (by index), `sides[side]` people on each side, side after side:
    "board" people are senior leaders, the others staff in Finance. Nobody can sign in."""
    made, spans = [], {}
    for p in range(programmes):
        for side, count in sides.items():
            spans[side, p] = (len(made), len(made) + count)
            made += [
                User(
                    email=f"{side}{p + 1}-{i + 1}@bench.example.org",
                    full_name=f"{side.title()} {p + 1}-{i + 1}",
                    job_title="Finance officer" if side != "board" else "Provost",
                    department="Finance" if side != "board" else "Provost's Office",
                    password=NO_PASSWORD,
                    date_joined=joined,
                )
                for i in range(count)
            ]
    made = User.objects.bulk_create(made, batch_size=BATCH)
    return People(made, {key: made[start:end] for key, (start, end) in spans.items()})


# Applications, board members and pairs


def applications_create(
    rows: Iterable[tuple[Programme, User, str]], *, submitted_at: datetime, decided_at: datetime
) -> list[MentorApplication]:
    """An application from each person to their programme, with its status: complete, as
    every sent application is (NEEDED_TO_SEND), and decided unless still submitted."""
    grade, _ = Grade.objects.get_or_create(name="Grade 5")
    return MentorApplication.objects.bulk_create(
        (
            MentorApplication(
                programme=programme,
                applicant=person,
                status=status,
                can_commit_time=True,
                flexible_availability=True,
                will_attend_briefing=True,
                has_experiences=True,
                experience_statement="Six years here, in three departments, watching "
                "decisions at the top land differently depending on who you are.",
                has_conflict=False,
                department=person.department,
                grade=grade,
                bio="Finance officer; runs the staff network's reading group.",
                qualities_reflection="I listen well; I want to challenge with more care.",
                learning_style="reflector",
                interaction_approach="questioning",
                availability=AVAILABILITY,
                eligible=True,
                submitted_at=submitted_at,
                decided_at=None if status == ApplicationStatus.SUBMITTED else decided_at,
            )
            for programme, person, status in rows
        ),
        batch_size=BATCH,
    )


def board_members_create(
    rows: Iterable[tuple[Programme, User]], *, completed_at: datetime
) -> list[BoardMember]:
    """Each person a board member of their programme, joined and profile completed at
    `completed_at`."""
    board, _ = Board.objects.get_or_create(name="President's Board")
    return BoardMember.objects.bulk_create(
        (
            BoardMember(
                programme=programme,
                email=person.email,
                user=person,
                board=board,
                role_title="Provost",
                department="Provost's Office",
                learning_goals="How decisions at the top feel to colleagues.",
                learning_style="activist",
                interaction_approach="direct",
                availability=AVAILABILITY,
                bio="Provost since 2021; chairs the equality committee.",
                joined_at=completed_at,
                profile_completed_at=completed_at,
            )
            for programme, person in rows
        ),
        batch_size=BATCH,
    )


def pairs_create(
    rows: Iterable[tuple[MentorApplication, BoardMember]],
    *,
    proposed_at: datetime,
    activated_at: datetime,
) -> list[Match]:
    """An active pair of each accepted mentor and board member (in the mentor's programme)."""
    return Match.objects.bulk_create(
        (
            Match(
                programme_id=mentor.programme_id,
                mentor=mentor,
                board_member=board_member,
                status=MatchStatus.ACTIVE,
                score=70,
                reasons=["Complementary learning styles.", "Both free on Tuesday mornings."],
                proposed_at=proposed_at,
                activated_at=activated_at,
            )
            for mentor, board_member in rows
        ),
        batch_size=BATCH,
    )


# Meetings


def stagger(index: int) -> timedelta:
    """How far the pair at `index` meets from the others: on other days and at other hours,
    as pairs do, rather than all at once."""
    return timedelta(days=index % 14, hours=index % 8)


def meeting(
    match: Match,
    *,
    starts_at: datetime,
    status: str,
    proposed_at: datetime,
    confirmed_at: datetime | None = None,
    created_at: datetime | None = None,
) -> Meeting:
    """One hour the pair's mentor proposed (not yet saved: `meetings_create` writes many at
    once). A held meeting was logged by the mentor two hours after it started; a cancelled
    one was called off by the board member four days before."""
    found = Meeting(
        match=match,
        starts_at=starts_at,
        minutes=60,
        location="Room 2.14, Main Building",
        status=status,
        proposed_by=match.mentor.applicant,
        proposed_at=proposed_at,
        confirmed_at=confirmed_at,
    )
    if created_at is not None:
        found.created_at = created_at
    if status == MeetingStatus.HELD:
        found.actual_minutes = 60
        found.logged_by = match.mentor.applicant
        found.logged_at = starts_at + timedelta(hours=2)
    elif status == MeetingStatus.CANCELLED:
        found.cancelled_by = match.board_member.user
        found.cancelled_at = starts_at - timedelta(days=4)
    return found


def meetings_create(meetings: list[Meeting]) -> list[Meeting]:
    return Meeting.objects.bulk_create(meetings, batch_size=BATCH)


# Events


class Gathering(NamedTuple):
    """One event a programme holds `days` from now, and who registered for it, how."""

    title: str
    audience: str
    days: int
    who: list[User]
    status: str


def briefings(mentors: list[User], members: list[User]) -> list[Gathering]:
    """A programme's two briefings, long past, each attended by one side of its pairs."""
    attended = RegistrationStatus.ATTENDED
    return [
        Gathering("Mentor briefing", Audience.MENTORS, -200, mentors, attended),
        Gathering("Board briefing", Audience.BOARD_MEMBERS, -200, members, attended),
    ]


def session(title: str, days: int, who: list[User]) -> Gathering:
    """A joint session ahead, for both sides, with `who` registered."""
    return Gathering(title, Audience.JOINT, days, who, RegistrationStatus.REGISTERED)


def events_create(
    plans: Iterable[tuple[Programme, list[Gathering]]], *, now: datetime, spare_places: int = 0
) -> tuple[list[Event], list[Registration]]:
    """Each programme's events (a briefing when past, an evaluation session when ahead),
    three and a half hours each with `spare_places` left, and their registrations."""
    events, registrations = [], []
    for programme, gatherings in plans:
        for title, audience, days, who, status in gatherings:
            starts = now + timedelta(days=days)
            event = Event(
                programme=programme,
                kind=EventKind.EVALUATION if days > 0 else EventKind.BRIEFING,
                audience=audience,
                title=title,
                starts_at=starts,
                ends_at=starts + timedelta(hours=3, minutes=30),
                location="Senate Room, Main Building",
                capacity=max(len(who) + spare_places, 1),
            )
            events.append(event)
            registrations += [(event, person, status) for person in who]
    Event.objects.bulk_create(events)
    registrations = Registration.objects.bulk_create(
        (
            Registration(event=event, person=person, status=status)
            for event, person, status in registrations
        ),
        batch_size=BATCH,
    )
    return events, registrations
