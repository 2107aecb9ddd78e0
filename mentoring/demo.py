"""Demo content for `seed_demo`: a programme written in our own words from the seed documents."""

from datetime import date

from mentoring.models import Grade, KeyDate, Programme, ProgrammeStatus, Theme

GRADES = ["Grade 3", "Grade 4", "Grade 5", "Grade 6", "Grade 7", "Grade 8 and above"]

THEMES = [
    ("Learning to talk about race", "Practising the conversation somewhere safe, with feedback."),
    ("Anti-racism", "Moving from not being racist to acting against racism."),
    ("Raising awareness", "Seeing the organisation as colleagues without positional power see it."),
    ("Culture change", "What leaders do that changes how it feels to work here."),
    ("Race equality charter", "Turning the charter's commitments into everyday practice."),
]

PROGRAMME = {
    "name": "2026/27 pilot",
    "organisation": "Example University",
    "status": ProgrammeStatus.ACTIVE,
    "recruitment_open": True,
    "starts_on": date(2026, 10, 1),
    "ends_on": date(2027, 7, 31),
    "summary": "A pilot pairing colleagues from across the university with members of the "
    "executive boards, so that our leaders hear directly how the organisation is experienced "
    "by people without positional power.",
    "about": "In ordinary mentoring a more experienced person supports someone with less "
    "experience. Reverse mentoring turns that around: a colleague with less seniority "
    "mentors a senior leader, because on equity, diversity and inclusion the colleague often "
    "knows something the leader needs to understand.\n\n"
    "The relationship is **confidential, voluntary and informal**. It gives the mentor a safe "
    "space to say what is really going on, and gives the leader a safe space to ask about "
    "what they do not know, and then to act.",
    "who_can_apply": "- Staff at any grade who can give the time and are reasonably flexible "
    "about when they meet\n"
    "- who have been to, or will come to, the half-day mentor briefing\n"
    "- who have experiences or perspectives of working here that they are willing to share\n"
    "- and who have no current conflict of interest with the university or its senior "
    "leadership",
    "mentor_benefits": "- A view of how senior decisions are made and the pressures behind "
    "them\n- Your experience heard and valued by someone who can act on it\n- New contacts "
    "across the university",
    "commitment": "- One-to-one conversations of up to an hour, roughly every six to eight "
    "weeks, or as the two of you agree\n- A half-day group briefing before matching\n- A group "
    "evaluation and learning session at the end of the pilot",
    "key_qualities": "- Lives out diversity and inclusion in their own work\n- Keeps "
    "personal and role boundaries\n- Listens actively and builds rapport\n- Can handle the "
    "difference in power, and keep a confidence\n- Makes it safe to reflect, and to challenge, "
    "with confidence and compassion",
    "contact": "Write to the EDI programme office at "
    "[edi-office@example.org](mailto:edi-office@example.org).",
}

KEY_DATES = [
    ("Applications close", date(2026, 12, 18)),
    ("Mentor and board-member briefings", date(2027, 1, 20)),
    ("Pairs matched", date(2027, 2, 5)),
    ("Group evaluation and learning session", date(2027, 7, 1)),
]


def programme_seed() -> Programme:
    for position, name in enumerate(GRADES):
        Grade.objects.get_or_create(name=name, defaults={"position": position})
    programme, _ = Programme.objects.get_or_create(slug="2026-27-pilot", defaults=PROGRAMME)
    for position, (name, description) in enumerate(THEMES):
        Theme.objects.get_or_create(
            programme=programme,
            name=name,
            defaults={"description": description, "position": position},
        )
    for label, when in KEY_DATES:
        KeyDate.objects.get_or_create(programme=programme, label=label, defaults={"date": when})
    return programme


BOARDS = ["President's Board", "Provost's Board"]

MENTOR_APPLICATIONS = {
    # email: (status, department, themes, learning style, approach, slots, bio)
    "amara.okafor@example.org": (
        "accepted",
        "Life Sciences",
        ["Anti-racism", "Learning to talk about race"],
        "reflector",
        "questioning",
        [("Tuesday", "morning"), ("Thursday", "morning"), ("Thursday", "afternoon")],
        "Research technician for eight years; I help run the staff race equality network.",
    ),
    "tom.nguyen@example.org": (
        "accepted",
        "Library Services",
        ["Culture change", "Raising awareness"],
        "pragmatist",
        "storytelling",
        [("Monday", "afternoon"), ("Wednesday", "morning"), ("Friday", "afternoon")],
        "Library assistant and union rep; I hear a lot about what it is like to work here.",
    ),
}

BOARD_MEMBER_PROFILES = {
    "provost@example.org": (
        "Provost's Board",
        "Provost",
        "Provost's Office",
        "How decisions taken at the top land for colleagues who are not in the room.",
        ["Anti-racism", "Culture change"],
        "activist",
        "direct",
        [("Tuesday", "morning"), ("Friday", "afternoon")],
        "Provost since 2022; chairs the Provost's Board.",
    ),
    "cfo@example.org": (
        "President's Board",
        "Chief Financial Officer",
        "Finance",
        "Talking about race with confidence, and what our budgets say about our priorities.",
        ["Learning to talk about race", "Race equality charter"],
        "theorist",
        "diplomatic",
        [("Monday", "afternoon"), ("Thursday", "afternoon")],
        "Chief Financial Officer; new to the university this year.",
    ),
}

STATEMENT = (
    "I have worked here for several years and have seen how decisions made at the top land "
    "differently depending on who you are, where you sit and whether anyone asks you."
)


def people_seed(*, programme: Programme, mentors, board_members) -> None:
    """Applications, board-member profiles and briefings, so every page has something."""
    from datetime import timedelta

    from django.utils import timezone

    from mentoring.availability import to_mask
    from mentoring.models import (
        ApplicationStatus,
        Audience,
        Board,
        BoardMember,
        Event,
        EventKind,
        MentorApplication,
        Registration,
        RegistrationStatus,
    )

    now = timezone.now()
    for position, name in enumerate(BOARDS):
        Board.objects.get_or_create(name=name, defaults={"position": position})
    themes = {theme.name: theme for theme in programme.themes.all()}
    grade = Grade.objects.order_by("position").first()

    for user in mentors:
        answers = MENTOR_APPLICATIONS.get(user.email)
        if answers is None:
            continue  # left free to try the application form
        status, department, theme_names, style, approach, slots, bio = answers
        application, created = MentorApplication.objects.get_or_create(
            programme=programme,
            applicant=user,
            defaults={
                "status": status,
                "can_commit_time": True,
                "flexible_availability": True,
                "will_attend_briefing": True,
                "has_experiences": True,
                "experience_statement": STATEMENT,
                "has_conflict": False,
                "department": department,
                "grade": grade,
                "learning_style": style,
                "interaction_approach": approach,
                "availability": to_mask(slots),
                "bio": bio,
                "qualities_reflection": "I listen well and keep confidences.",
                "eligible": True,
                "submitted_at": now - timedelta(days=30),
                "decided_at": now - timedelta(days=20)
                if status == ApplicationStatus.ACCEPTED
                else None,
            },
        )
        if created:
            application.themes.set(themes[name] for name in theme_names)

    for user in board_members:
        board, role, department, goals, theme_names, style, approach, slots, bio = (
            BOARD_MEMBER_PROFILES[user.email]
        )
        member, created = BoardMember.objects.get_or_create(
            programme=programme,
            email=user.email,
            defaults={
                "user": user,
                "board": Board.objects.get(name=board),
                "role_title": role,
                "department": department,
                "learning_goals": goals,
                "learning_style": style,
                "interaction_approach": approach,
                "availability": to_mask(slots),
                "bio": bio,
                "profile_completed_at": now,
            },
        )
        if created:
            member.themes.set(themes[name] for name in theme_names)

    past = now.replace(hour=9, minute=30, second=0, microsecond=0) - timedelta(days=10)
    upcoming = past + timedelta(days=24)
    events = [
        ("Mentor briefing (first session)", Audience.MENTORS, EventKind.BRIEFING, past),
        ("Board-member briefing", Audience.BOARD_MEMBERS, EventKind.BRIEFING, past),
        ("Mentor briefing (second session)", Audience.MENTORS, EventKind.BRIEFING, upcoming),
        (
            "Group evaluation and learning session",
            Audience.JOINT,
            EventKind.EVALUATION,
            upcoming + timedelta(days=150),
        ),
    ]
    for title, audience, kind, starts_at in events:
        event, created = Event.objects.get_or_create(
            programme=programme,
            title=title,
            defaults={
                "audience": audience,
                "kind": kind,
                "starts_at": starts_at,
                "ends_at": starts_at + timedelta(hours=3, minutes=30),
                "location": "Council Room, Main Building",
                "capacity": 12,
                "description": "A half-day session run by the EDI programme office.",
            },
        )
        if created and starts_at < now:
            # Everyone with a profile came to the first briefings, so matching can begin.
            people = mentors[:2] if audience == Audience.MENTORS else board_members
            Registration.objects.bulk_create(
                Registration(event=event, person=person, status=RegistrationStatus.ATTENDED)
                for person in people
            )
