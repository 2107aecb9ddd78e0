"""The load bench's data, written with bulk inserts: `fill(LARGE)` makes 20 programmes,
10,000 people, 2,000 pairs and 50,000 meetings in well under a minute; `fill(SMALL)` makes the
same shape a few rows deep, to compare the queries each page sends.

Every programme is active (the newest is the current one, recruiting) and holds, per pair, an
accepted mentor and a board member with a 25-meeting history (held every six weeks, one
cancelled, one booked and one proposed ahead) and two open action steps; beside the pairs,
applicants still under review, waitlisted or declined, and staff in no programme. Each
programme has its two briefings (attended by its pairs), some joint sessions ahead with people
registered, and two surveys. The people the bench signs in as are the first pair of the
current programme (`mentor`, `board_member`) and a coordinator with TOTP set up; they share
one password, the others have none.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

PASSWORD = "bench-only-password-1"
GAP = timedelta(weeks=6)
THEMES = ["Learning to talk about race", "Belonging", "Culture change", "Allyship"]


@dataclass(frozen=True)
class Scale:
    programmes: int
    pairs: int  # per programme
    applicants: int  # per programme: sent, not (yet) paired
    bystanders: int  # per programme: staff in no programme
    meetings: int  # per pair: held, then one cancelled, one booked, one proposed
    sessions: int  # per programme: joint sessions ahead, besides the two briefings
    registered: int  # people registered for each session ahead

    @property
    def people(self) -> int:
        return self.programmes * (2 * self.pairs + self.applicants + self.bystanders)


LARGE = Scale(
    programmes=20,
    pairs=100,
    applicants=150,
    bystanders=150,
    meetings=25,
    sessions=6,
    registered=40,
)
SMALL = Scale(
    programmes=2, pairs=3, applicants=2, bystanders=2, meetings=5, sessions=2, registered=4
)


@dataclass
class Seeded:
    """What `fill` made: counts, and who the bench signs in as."""

    programme_slug: str
    mentor_email: str
    board_member_email: str
    coordinator_email: str
    totp_secret: str
    counts: dict[str, int]


def fill(scale: Scale, *, now: datetime) -> Seeded:
    from allauth.account.models import EmailAddress
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
    from django.contrib.auth.hashers import make_password

    from accounts.models import User
    from accounts.services import coordinator_grant
    from bench import builders as build
    from evaluation.models import Survey, SurveyAudience
    from mentoring.models import ActionStep, ApplicationStatus, BoardMember, MentorApplication

    if scale.meetings < 3:
        raise ValueError("A pair needs at least 3 meetings: cancelled, booked, proposed.")
    held = scale.meetings - 3
    history = GAP * (held + 2)
    span = range(scale.programmes)

    programmes = build.programmes_create(
        scale.programmes,
        newest_starts=now - history - timedelta(days=30),
        apart=timedelta(days=30),
        recruiting=True,
    )
    themes_of = build.themes_create(programmes, THEMES)

    # People: per programme, the pairs' mentors and board members, then the other applicants
    # and the bystanders. The first pair of the current programme signs in with a password.
    sides = {
        "mentor": scale.pairs,
        "board": scale.pairs,
        "applicant": scale.applicants,
        "staff": scale.bystanders,
    }
    people = build.people_create(scale.programmes, sides, joined=now - history - timedelta(days=90))
    mentors = {p: people.of("mentor", p) for p in span}
    members = {p: people.of("board", p) for p in span}
    coordinator = User(
        email="coordinator@bench.example.org",
        full_name="Carmen Coordinator",
        department="Equality, Diversity and Inclusion",
        is_staff=True,
        password=build.NO_PASSWORD,
    )
    (coordinator,) = User.objects.bulk_create([coordinator])
    everyone = [*people.everyone, coordinator]

    current = scale.programmes - 1
    signing_in = [mentors[current][0], members[current][0], coordinator]
    password = make_password(PASSWORD)  # hashed once (Argon2 is slow on purpose)
    User.objects.filter(pk__in=[person.pk for person in signing_in]).update(password=password)
    EmailAddress.objects.bulk_create(
        (
            EmailAddress(user=person, email=person.email, verified=True, primary=True)
            for person in everyone
        ),
        batch_size=build.BATCH,
    )
    coordinator_grant(user=coordinator)
    totp_secret = generate_totp_secret()
    TOTP.activate(coordinator, totp_secret)

    others = [ApplicationStatus.SUBMITTED, ApplicationStatus.WAITLISTED, ApplicationStatus.DECLINED]
    applications = build.applications_create(
        (
            (programme, person, ApplicationStatus.ACCEPTED if paired else others[i % 3])
            for p, programme in enumerate(programmes)
            for paired, who in [(True, mentors[p]), (False, people.of("applicant", p))]
            for i, person in enumerate(who)
        ),
        submitted_at=now - history - timedelta(days=60),
        decided_at=now - history - timedelta(days=30),
    )
    board_members = build.board_members_create(
        ((programme, person) for p, programme in enumerate(programmes) for person in members[p]),
        completed_at=now - history - timedelta(days=30),
    )
    build.themes_link(MentorApplication, applications, themes_of)
    build.themes_link(BoardMember, board_members, themes_of)

    accepted = [a for a in applications if a.status == ApplicationStatus.ACCEPTED]
    matches = build.pairs_create(
        zip(accepted, board_members, strict=True),
        proposed_at=now - history - timedelta(days=14),
        activated_at=now - history - timedelta(days=7),
    )
    meetings = build.meetings_create(
        [
            meeting
            for index, match in enumerate(matches)
            for meeting in _history(match, index, held, now)
        ]
    )
    last_held = meetings[held - 1 :: scale.meetings] if held else []
    steps = ActionStep.objects.bulk_create(
        (
            ActionStep(
                match_id=meeting.match_id,
                meeting=meeting,
                text=text,
                owner=owner,
                due_on=(now + timedelta(days=14)).date(),
                created_by=meeting.logged_by,
            )
            for meeting in last_held
            for owner, text in [
                ("mentor", "Share the staff survey's comments on promotion."),
                ("board_member", "Ask HR for the grade profile by department."),
            ]
        ),
        batch_size=build.BATCH,
    )

    # Events: the two briefings (attended by the programme's pairs) and sessions ahead.
    events, registrations = build.events_create(
        (
            (programme, _gatherings(mentors[p], members[p], scale))
            for p, programme in enumerate(programmes)
        ),
        now=now,
        spare_places=10,
    )
    surveys = Survey.objects.bulk_create(
        Survey(
            programme=programme,
            title=title,
            audience=audience,
            opens_at=now + opens,
            closes_at=now + opens + timedelta(days=21),
            min_group_size=5,
        )
        for programme in programmes
        for title, audience, opens in [
            ("Mentors: halfway", SurveyAudience.MENTORS, -timedelta(days=3)),
            ("Evaluation", SurveyAudience.BOTH, timedelta(days=40)),
        ]
    )

    return Seeded(
        programme_slug=programmes[current].slug,
        mentor_email=signing_in[0].email,
        board_member_email=signing_in[1].email,
        coordinator_email=coordinator.email,
        totp_secret=totp_secret,
        counts={
            "programmes": len(programmes),
            "people": len(everyone),
            "applications": len(applications),
            "board members": len(board_members),
            "pairs": len(matches),
            "meetings": len(meetings),
            "action steps": len(steps),
            "events": len(events),
            "registrations": len(registrations),
            "surveys": len(surveys),
        },
    )


def _gatherings(mentors: list, members: list, scale: Scale) -> list:
    """A programme's two briefings, then its sessions ahead: its first pair (the one the
    bench signs in as) is registered for every other session, before the others."""
    from bench.builders import briefings, session

    pair, rest = [mentors[0], members[0]], mentors[1:] + members[1:]
    return briefings(mentors, members) + [
        session(
            f"Learning set {n + 1}",
            7 + 14 * n,
            ((pair if n % 2 == 0 else []) + rest)[: scale.registered],
        )
        for n in range(scale.sessions)
    ]


def _history(match, index: int, held: int, now: datetime) -> list:
    """A pair's meetings, oldest first: `held` held every six weeks, one cancelled three
    weeks ago, then one booked and one proposed ahead."""
    from bench.builders import meeting, stagger
    from mentoring.models import MeetingStatus

    offset = stagger(index)
    past = [(now - GAP * j - offset, MeetingStatus.HELD) for j in range(held, 0, -1)]
    past.append((now - GAP // 2 - offset, MeetingStatus.CANCELLED))
    ahead = [(20, MeetingStatus.CONFIRMED), (62, MeetingStatus.PROPOSED)]
    return [
        meeting(
            match,
            starts_at=starts,
            status=status,
            proposed_at=starts - timedelta(days=20),
            confirmed_at=starts - timedelta(days=19),
        )
        for starts, status in past
    ] + [
        meeting(
            match,
            starts_at=now + timedelta(days=days) + offset,
            status=status,
            proposed_at=now - timedelta(days=3),
            confirmed_at=now - timedelta(days=2) if status == MeetingStatus.CONFIRMED else None,
        )
        for days, status in ahead
    ]
