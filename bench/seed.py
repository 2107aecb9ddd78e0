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
BATCH = 5_000
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
    from evaluation.models import Survey, SurveyAudience
    from mentoring.availability import to_mask
    from mentoring.models import (
        ActionStep,
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

    if scale.meetings < 3:
        raise ValueError("A pair needs at least 3 meetings: cancelled, booked, proposed.")
    held = scale.meetings - 3
    history = GAP * (held + 2)
    availability = to_mask([("Tuesday", "morning"), ("Thursday", "morning")])
    board, _ = Board.objects.get_or_create(name="President's Board")
    grade, _ = Grade.objects.get_or_create(name="Grade 5")

    programmes = Programme.objects.bulk_create(
        Programme(
            name=f"Bench cohort {p + 1}",
            slug=f"bench-cohort-{p + 1}",
            organisation="Example University",
            status=ProgrammeStatus.ACTIVE,
            recruitment_open=p == scale.programmes - 1,
            summary="Junior colleagues mentor the members of the executive boards.",
            about="Reverse mentoring pairs a colleague with a senior leader.",
            office_email=f"office{p + 1}@bench.example.org",
            # The last is the newest: the current programme.
            starts_on=(now - history - timedelta(days=30 * (scale.programmes - p))).date(),
        )
        for p in range(scale.programmes)
    )
    themes = Theme.objects.bulk_create(
        Theme(programme=programme, name=name, position=n)
        for programme in programmes
        for n, name in enumerate(THEMES)
    )
    themes_of = {}
    for theme in themes:
        themes_of.setdefault(theme.programme_id, []).append(theme)

    # People: per programme, the pairs' mentors and board members, then the other applicants
    # and the bystanders. The first pair of the current programme signs in with a password.
    no_password = "!"  # unusable: nobody else signs in
    people = []
    for p in range(scale.programmes):
        for side, count in [
            ("mentor", scale.pairs),
            ("board", scale.pairs),
            ("applicant", scale.applicants),
            ("staff", scale.bystanders),
        ]:
            people += [
                User(
                    email=f"{side}{p + 1}-{i + 1}@bench.example.org",
                    full_name=f"{side.title()} {p + 1}-{i + 1}",
                    job_title="Finance officer" if side != "board" else "Provost",
                    department="Finance" if side != "board" else "Provost's Office",
                    password=no_password,
                    date_joined=now - history - timedelta(days=90),
                )
                for i in range(count)
            ]
    coordinator = User(
        email="coordinator@bench.example.org",
        full_name="Carmen Coordinator",
        department="Equality, Diversity and Inclusion",
        is_staff=True,
        password=no_password,
    )
    people = User.objects.bulk_create([*people, coordinator], batch_size=BATCH)
    coordinator = people.pop()
    per_programme = 2 * scale.pairs + scale.applicants + scale.bystanders

    def group(p: int, start: int, count: int) -> list:
        first = p * per_programme + start
        return people[first : first + count]

    mentors = {p: group(p, 0, scale.pairs) for p in range(scale.programmes)}
    members = {p: group(p, scale.pairs, scale.pairs) for p in range(scale.programmes)}
    applicants = {p: group(p, 2 * scale.pairs, scale.applicants) for p in range(scale.programmes)}

    current = scale.programmes - 1
    signing_in = [mentors[current][0], members[current][0], coordinator]
    password = make_password(PASSWORD)  # hashed once (Argon2 is slow on purpose)
    User.objects.filter(pk__in=[person.pk for person in signing_in]).update(password=password)
    EmailAddress.objects.bulk_create(
        (
            EmailAddress(user=person, email=person.email, verified=True, primary=True)
            for person in [*people, coordinator]
        ),
        batch_size=BATCH,
    )
    coordinator_grant(user=coordinator)
    totp_secret = generate_totp_secret()
    TOTP.activate(coordinator, totp_secret)

    others = [ApplicationStatus.SUBMITTED, ApplicationStatus.WAITLISTED, ApplicationStatus.DECLINED]
    applications = MentorApplication.objects.bulk_create(
        (
            MentorApplication(
                programme=programme,
                applicant=person,
                status=ApplicationStatus.ACCEPTED if paired else others[i % 3],
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
                availability=availability,
                eligible=True,
                submitted_at=now - history - timedelta(days=60),
                decided_at=now - history - timedelta(days=30) if paired or i % 3 else None,
            )
            for p, programme in enumerate(programmes)
            for paired, who in [(True, mentors[p]), (False, applicants[p])]
            for i, person in enumerate(who)
        ),
        batch_size=BATCH,
    )
    board_members = BoardMember.objects.bulk_create(
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
                availability=availability,
                bio="Provost since 2021; chairs the equality committee.",
                profile_completed_at=now - history - timedelta(days=30),
            )
            for p, programme in enumerate(programmes)
            for person in members[p]
        ),
        batch_size=BATCH,
    )
    _themes_for(MentorApplication, applications, themes_of)
    _themes_for(BoardMember, board_members, themes_of)

    by_applicant = {a.applicant_id: a for a in applications}
    by_user = {m.user_id: m for m in board_members}
    matches = Match.objects.bulk_create(
        (
            Match(
                programme=programme,
                mentor=by_applicant[mentor.pk],
                board_member=by_user[member.pk],
                status=MatchStatus.ACTIVE,
                score=70,
                reasons=["Complementary learning styles.", "Both free on Tuesday mornings."],
                proposed_at=now - history - timedelta(days=14),
                activated_at=now - history - timedelta(days=7),
            )
            for p, programme in enumerate(programmes)
            for mentor, member in zip(mentors[p], members[p], strict=True)
        ),
        batch_size=BATCH,
    )

    meetings = []
    for index, match in enumerate(matches):
        mentor, member = match.mentor.applicant, match.board_member.user
        offset = timedelta(days=index % 14, hours=index % 8)
        common = {"match": match, "minutes": 60, "location": "Room 2.14, Main Building"}
        for j in range(held, 0, -1):  # oldest first
            starts = now - GAP * j - offset
            meetings.append(
                Meeting(
                    **common,
                    starts_at=starts,
                    status=MeetingStatus.HELD,
                    proposed_by=mentor,
                    proposed_at=starts - timedelta(days=20),
                    confirmed_at=starts - timedelta(days=19),
                    actual_minutes=60,
                    logged_by=mentor,
                    logged_at=starts + timedelta(hours=2),
                )
            )
        starts = now - GAP // 2 - offset
        meetings.append(
            Meeting(
                **common,
                starts_at=starts,
                status=MeetingStatus.CANCELLED,
                proposed_by=mentor,
                proposed_at=starts - timedelta(days=20),
                confirmed_at=starts - timedelta(days=19),
                cancelled_by=member,
                cancelled_at=starts - timedelta(days=4),
            )
        )
        for days, status in [(20, MeetingStatus.CONFIRMED), (62, MeetingStatus.PROPOSED)]:
            meetings.append(
                Meeting(
                    **common,
                    starts_at=now + timedelta(days=days) + offset,
                    status=status,
                    proposed_by=mentor,
                    proposed_at=now - timedelta(days=3),
                    confirmed_at=now - timedelta(days=2)
                    if status == MeetingStatus.CONFIRMED
                    else None,
                )
            )
    meetings = Meeting.objects.bulk_create(meetings, batch_size=BATCH)
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
        batch_size=BATCH,
    )

    # Events: the two briefings (attended by the programme's pairs) and sessions ahead.
    events, registrations = [], []
    for p, programme in enumerate(programmes):
        # The signed-in pair first on every other session, then the other people.
        pair = [mentors[p][0], members[p][0]]
        rest = mentors[p][1:] + members[p][1:]
        attended = RegistrationStatus.ATTENDED
        plan = [
            ("Mentor briefing", Audience.MENTORS, -200, mentors[p], attended),
            ("Board briefing", Audience.BOARD_MEMBERS, -200, members[p], attended),
        ]
        plan += [
            (
                f"Learning set {n + 1}",
                Audience.JOINT,
                7 + 14 * n,
                # The signed-in pair is registered for every other session.
                ((pair if n % 2 == 0 else []) + rest)[: scale.registered],
                RegistrationStatus.REGISTERED,
            )
            for n in range(scale.sessions)
        ]
        for title, audience, days, who, status in plan:
            starts = now + timedelta(days=days)
            events.append(
                Event(
                    programme=programme,
                    kind=EventKind.EVALUATION if days > 0 else EventKind.BRIEFING,
                    audience=audience,
                    title=title,
                    starts_at=starts,
                    ends_at=starts + timedelta(hours=3, minutes=30),
                    location="Senate Room, Main Building",
                    capacity=max(len(who) + 10, 1),
                )
            )
            registrations += [(events[-1], person, status) for person in who]
    Event.objects.bulk_create(events)
    Registration.objects.bulk_create(
        (
            Registration(event=event, person=person, status=status)
            for event, person, status in registrations
        ),
        batch_size=BATCH,
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
            "people": len(people) + 1,
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


def _themes_for(model, rows, themes_of) -> None:
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
