"""Demo content for `seed_demo`: a programme written in our own words from the seed documents,
its people, and one pair a few months into their pairing.

Its dates count from the day it is seeded (`DemoDays`), so the pages look the same whenever it
is run: the programme starts before anyone applies, the first pairs are matched after their
briefing, and the office's events, decisions and the pairs' meetings fall on working days."""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from mentoring.cadence import at_local_time, next_working_day
from mentoring.models import (
    ActionReview,
    ActionStep,
    BoardMember,
    Grade,
    GroundRules,
    GroundRulesAgreement,
    KeyDate,
    Match,
    MatchStatus,
    Meeting,
    MeetingNote,
    MeetingStatus,
    MentorApplication,
    Programme,
    ProgrammeStatus,
    Theme,
)
from mentoring.services.pairs import ground_rules_current

GRADES = ["Grade 3", "Grade 4", "Grade 5", "Grade 6", "Grade 7", "Grade 8 and above"]

THEMES = [
    ("Learning to talk about race", "Practising the conversation somewhere safe, with feedback."),
    ("Anti-racism", "Moving from not being racist to acting against racism."),
    ("Raising awareness", "Seeing the organisation as colleagues without positional power see it."),
    ("Culture change", "What leaders do that changes how it feels to work here."),
    ("Race equality charter", "Turning the charter's commitments into everyday practice."),
]

PROGRAMME = {
    "name": "Reverse Mentoring 2026/27",
    "organisation": "Example University",
    "status": ProgrammeStatus.ACTIVE,
    "recruitment_open": True,
    "summary": "A pilot pairing colleagues from across the university with members of the "
    "executive boards, so that our leaders hear directly how the organisation is experienced "
    "by people without positional power.",
    "about": "In ordinary mentoring a more experienced person supports someone with less "
    "experience. Reverse mentoring turns that around: a colleague with less seniority "
    "mentors a senior leader, because on equity, diversity and inclusion the colleague often "
    "knows something the leader needs to understand.\n\n"
    "Taking part is **voluntary**, the meetings are **informal**, and what is said in them "
    "stays **confidential**. That gives the mentor a safe "
    "space to say what is really going on, and gives the leader a safe space to ask about "
    "what they do not know, and then to act.",
    "who_can_apply": "- Staff at any grade who can give the time and are reasonably flexible "
    "about when they meet\n"
    "- who have been to, or will come to, the half-day mentor briefing\n"
    "- who would talk about working here, from their own experience or point of view\n"
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
}


def programme_fields() -> dict:
    """The demo programme, with the office address every account page and allauth email
    names (PROGRAMME_OFFICE_EMAIL; `make run` sets edi-office@example.org): in the demo,
    pages and emails name one office."""
    office = settings.PROGRAMME_OFFICE_EMAIL
    return {
        **PROGRAMME,
        "contact": f"Write to the EDI programme office at [{office}](mailto:{office}).",
        "office_email": office,
    }


# The demo's story, in weeks back from the Monday of the week it is seeded in.
STARTED_WEEKS_AGO = 22
# The pair applied and was briefed before the others, who are still waiting to be matched.
EARLY_APPLIED_WEEKS_AGO = 20
EARLY_BRIEFED_WEEKS_AGO = 18  # that week's Wednesday, a week or more before they are paired
PAIRED_WEEKS_AGO = 16
OFFICE_HOURS = time(11, 0)  # when the office decides, proposes and activates
BRIEFING_TIME = time(9, 30)


@dataclass(frozen=True)
class DemoDays:
    """The demo's days, counted from `today`, each moved off weekends and the programme's
    public holidays (`is_closed`)."""

    today: date
    is_closed: Callable[[date], bool]

    @classmethod
    def of(cls, programme: Programme) -> "DemoDays":
        today = timezone.localdate()
        return cls(today=today, is_closed=programme.is_public_holiday)

    def working(self, day: date) -> date:
        return next_working_day(day, is_closed=self.is_closed)

    def at(self, day: date, clock: time) -> datetime:
        """`clock` o'clock on the working day on or after `day`."""
        return at_local_time(self.working(day), clock, ZoneInfo(settings.TIME_ZONE))

    @property
    def monday(self) -> date:
        return self.today - timedelta(days=self.today.weekday())

    @property
    def starts_on(self) -> date:
        return self.working(self.monday - timedelta(weeks=STARTED_WEEKS_AGO))

    @property
    def early_briefing(self) -> date:
        wednesday = self.monday - timedelta(weeks=EARLY_BRIEFED_WEEKS_AGO) + timedelta(days=2)
        return self.working(wednesday)

    @property
    def first_pairs(self) -> date:
        """When the demo's pairs were matched, the demo pair among them."""
        return self.working(self.monday - timedelta(weeks=PAIRED_WEEKS_AGO))

    @property
    def briefings(self) -> date:
        """The mentors' and board members' briefings just held."""
        return self.working(self.today - timedelta(days=10))

    @property
    def next_briefing(self) -> date:
        return self.working(self.today + timedelta(days=14))

    @property
    def applications_close(self) -> date:
        return self.working(self.next_briefing - timedelta(days=7))

    @property
    def next_pairs(self) -> date:
        return self.working(self.next_briefing + timedelta(weeks=3))

    @property
    def evaluation(self) -> date:
        return self.working(self.today + timedelta(days=164))

    @property
    def ends_on(self) -> date:
        return self.evaluation + timedelta(weeks=4)


def programme_seed() -> Programme:
    for position, name in enumerate(GRADES):
        Grade.objects.get_or_create(name=name, defaults={"position": position})
    fields = programme_fields()
    days = DemoDays.of(Programme(**fields))  # its public holidays, before it is saved
    programme, _ = Programme.objects.get_or_create(
        slug="2026-27-pilot",
        defaults={**fields, "starts_on": days.starts_on, "ends_on": days.ends_on},
    )
    # The story the rest of the demo tells: the first pairs were matched months ago; those
    # still waiting were briefed lately; a second round is recruiting now.
    key_dates = [
        ("First mentor and board-member briefing", days.early_briefing),
        ("First pairs matched", days.first_pairs),
        ("Briefings for those still to be matched", days.briefings),
        ("Applications close for the second round", days.applications_close),
        ("Second-round briefing", days.next_briefing),
        ("Second-round pairs matched", days.next_pairs),
        ("Group evaluation and learning session", days.evaluation),
    ]
    for position, (name, description) in enumerate(THEMES):
        Theme.objects.get_or_create(
            programme=programme,
            name=name,
            defaults={"description": description, "position": position},
        )
    for label, when in key_dates:
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
    # The other first pairs (FIRST_PAIRS below).
    "kwame.mensah@example.org": (
        "accepted",
        "Estates",
        ["Culture change", "Raising awareness"],
        "activist",
        "storytelling",
        [("Wednesday", "morning"), ("Wednesday", "afternoon")],
        "Maintenance supervisor on the main campus; twenty years of seeing the place at night.",
    ),
    "grace.adeyemi@example.org": (
        "accepted",
        "Chemistry",
        ["Anti-racism", "Race equality charter"],
        "theorist",
        "direct",
        [("Thursday", "morning"), ("Thursday", "afternoon")],
        "Laboratory manager; I sit on the department's equality committee.",
    ),
    "ravi.patel@example.org": (
        "accepted",
        "IT Services",
        ["Raising awareness", "Learning to talk about race"],
        "pragmatist",
        "questioning",
        [("Friday", "morning"), ("Friday", "afternoon")],
        "Service desk analyst; I talk to every part of the university, usually on a bad day.",
    ),
    "leah.osei@example.org": (
        "accepted",
        "Admissions",
        ["Learning to talk about race", "Culture change"],
        "reflector",
        "diplomatic",
        [("Monday", "morning"), ("Monday", "afternoon")],
        "Admissions officer, and the first in my family to go to university.",
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
    # The other first pairs (FIRST_PAIRS below).
    "vp-education@example.org": (
        "President's Board",
        "Vice-President (Education)",
        "Education Office",
        "Why students and staff from some backgrounds feel the university is not for them.",
        ["Culture change", "Raising awareness"],
        "reflector",
        "questioning",
        [("Wednesday", "morning")],
        "Vice-President (Education); a chemist by training.",
    ),
    "coo@example.org": (
        "President's Board",
        "Chief Operating Officer",
        "Operations",
        "What it takes to make our race equality charter commitments felt on the ground.",
        ["Anti-racism", "Race equality charter"],
        "pragmatist",
        "diplomatic",
        [("Thursday", "afternoon")],
        "Chief Operating Officer; responsible for estates, IT and professional services.",
    ),
    "hr-director@example.org": (
        "Provost's Board",
        "Director of Human Resources",
        "Human Resources",
        "How our policies read to someone who has never been asked what they think of them.",
        ["Learning to talk about race", "Raising awareness"],
        "theorist",
        "direct",
        [("Friday", "morning")],
        "Director of Human Resources since 2021.",
    ),
    "vp-research@example.org": (
        "Provost's Board",
        "Vice-Provost (Research)",
        "Research Office",
        "Who gets heard in research, and who is left to do the work without the credit.",
        ["Culture change", "Learning to talk about race"],
        "activist",
        "storytelling",
        [("Monday", "afternoon")],
        "Vice-Provost (Research); an engineer who still runs a small research group.",
    ),
}

# The demo pair: paired early in the pilot, with a history to show on /match/ and /meetings/.
PAIR = ("amara.okafor@example.org", "provost@example.org")
# The other pairs matched at the same time (first_pairs_seed): with the demo pair, enough
# people on each side for the pilot evaluation to show results (evaluation.demo).
FIRST_PAIRS = [
    ("kwame.mensah@example.org", "vp-education@example.org"),
    ("grace.adeyemi@example.org", "coo@example.org"),
    ("ravi.patel@example.org", "hr-director@example.org"),
    ("leah.osei@example.org", "vp-research@example.org"),
]
EARLY = {*PAIR, *(email for pair in FIRST_PAIRS for email in pair)}

STATEMENT = (
    "I have worked here for several years and have seen how decisions made at the top land "
    "differently depending on who you are, where you sit and whether anyone asks you."
)


def people_seed(*, programme: Programme, mentors, board_members) -> None:
    """Applications, board-member profiles and briefings, so every page has something."""
    from mentoring.availability import to_mask
    from mentoring.models import (
        ApplicationStatus,
        Audience,
        Board,
        Event,
        EventKind,
        Registration,
        RegistrationStatus,
    )

    now = timezone.now()
    days = DemoDays.of(programme)
    for position, name in enumerate(BOARDS):
        Board.objects.get_or_create(name=name, defaults={"position": position})
    themes = {theme.name: theme for theme in programme.themes.all()}
    grade = Grade.objects.order_by("position").first()

    for user in mentors:
        answers = MENTOR_APPLICATIONS.get(user.email)
        if answers is None:
            continue  # left free to try the application form
        status, department, theme_names, style, approach, slots, bio = answers
        applied = now - (
            timedelta(weeks=EARLY_APPLIED_WEEKS_AGO) if user.email in EARLY else timedelta(days=30)
        )
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
                "submitted_at": applied,
                "decided_at": days.at(
                    timezone.localdate(applied) + timedelta(days=10), OFFICE_HOURS
                )
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
        # Invited and joined when the mentors of their time applied.
        joined = now - (
            timedelta(weeks=EARLY_APPLIED_WEEKS_AGO) if user.email in EARLY else timedelta(days=30)
        )
        member, created = BoardMember.objects.get_or_create(
            programme=programme,
            email=user.email,
            defaults={
                "user": user,
                "invited_at": joined,
                "joined_at": joined,
                "board": Board.objects.get(name=board),
                "role_title": role,
                "department": department,
                "learning_goals": goals,
                "learning_style": style,
                "interaction_approach": approach,
                "availability": to_mask(slots),
                "bio": bio,
                "profile_completed_at": (
                    now - timedelta(weeks=EARLY_APPLIED_WEEKS_AGO) if user.email in EARLY else now
                ),
            },
        )
        if created:
            member.themes.set(themes[name] for name in theme_names)

    early = days.at(days.early_briefing, BRIEFING_TIME)
    past = days.at(days.briefings, BRIEFING_TIME)
    upcoming = days.at(days.next_briefing, BRIEFING_TIME)
    evaluation = days.at(days.evaluation, BRIEFING_TIME)
    events = [
        ("Briefing for the first pair", Audience.JOINT, EventKind.BRIEFING, early),
        ("Mentor briefing (first session)", Audience.MENTORS, EventKind.BRIEFING, past),
        ("Board-member briefing", Audience.BOARD_MEMBERS, EventKind.BRIEFING, past),
        ("Mentor briefing (second session)", Audience.MENTORS, EventKind.BRIEFING, upcoming),
        ("Group evaluation and learning session", Audience.JOINT, EventKind.EVALUATION, evaluation),
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
        if starts_at < now:
            # The first pairs came to an early joint briefing; everyone else with a profile
            # came to the first of the briefings, so that matching can begin for them.
            if audience == Audience.JOINT:
                people = [user for user in [*mentors, *board_members] if user.email in EARLY]
            else:
                group = mentors[:2] if audience == Audience.MENTORS else board_members
                people = [user for user in group if user.email not in EARLY]
            for person in people:
                Registration.objects.get_or_create(
                    event=event, person=person, defaults={"status": RegistrationStatus.ATTENDED}
                )


CALLED_OFF = "Mid-point learning session"


def called_off_seed(*, programme: Programme, by, people) -> None:
    """A learning session the programme office called off three weeks before it was due,
    as `by`, through the service (its rules, its audit row and the emails to `people`, who
    held places): what a called-off event looks like in the admin. Made once."""
    from mentoring.models import Audience, Event, EventKind, Registration
    from mentoring.services.events import event_call_off

    days = DemoDays.of(programme)
    starts_at = days.at(days.today + timedelta(weeks=3), time(12, 30))
    event, created = Event.objects.get_or_create(
        programme=programme,
        title=CALLED_OFF,
        defaults={
            "audience": Audience.JOINT,
            "kind": EventKind.EVALUATION,
            "starts_at": starts_at,
            "ends_at": starts_at + timedelta(hours=1, minutes=30),
            "location": "Council Room, Main Building",
            "capacity": 12,
            "description": "Pairs compare notes on their first months over lunch.",
        },
    )
    if not created:
        return
    Registration.objects.bulk_create(Registration(event=event, person=p) for p in people)
    event_call_off(
        event=event,
        by=by,
        message="Too few of you could come that week; we will send a new date soon.",
    )


# The demo pair's story, told in their own words. Weeks count back from the Tuesday (their
# shared free morning) on or before today, so the pages look the same whenever it is run.
# What the match board scored when the pair was proposed (matching.scoring, default weights).
PAIR_SCORE = 63
PAIR_REASONS = [
    "complementary learning styles (reflecting and doing)",
    "both care about Anti-racism",
    "different interaction approaches (questioning and direct)",
    "available Tuesday morning",
    "different departments",
]
PAIR_PURPOSE = (
    "Jonathan wants to understand how decisions taken by the Provost's Board land for "
    "technical and professional staff from minority ethnic backgrounds, and why so few of "
    "their voices reach the board.\n\n"
    "Amara wants what she and colleagues in the race equality network meet every day (in "
    "promotion, in who is asked onto panels, in who hears about changes first) to be heard "
    "by someone who can change it, and to see at least one concrete change before the pilot "
    "ends."
)
MEETING_PLACE = "Provost's Office, Main Building"
MEETING_TIME = time(10, 0)


@dataclass(frozen=True)
class DemoAction:
    key: str
    owner: str
    text: str
    needs: str
    due_weeks: int  # after the meeting it was agreed at


@dataclass(frozen=True)
class DemoMeeting:
    weeks_ago: int
    actual_minutes: int
    themes: list[str]
    logged_by: str  # "mentor" or "board_member"
    notes: dict[str, str]
    actions: list[DemoAction] = field(default_factory=list)
    # key of an earlier action: (status, note)
    reviews: dict[str, tuple[str, str]] = field(default_factory=dict)


HELD_MEETINGS = [
    DemoMeeting(
        weeks_ago=14,
        actual_minutes=55,
        themes=["Learning to talk about race", "Raising awareness"],
        logged_by="mentor",
        notes={
            "mentor": "We began with our own stories. Jonathan admitted he often says nothing "
            "about race because he is afraid of using the wrong word; I told him the silence "
            "is noticed far more than a clumsy word ever would be. I described how the "
            "technicians' promotion route looks from where I sit: most of us do not know who "
            "sits on the panel or how to be put forward.",
            "board_member": "Amara explained how often technical colleagues hear about "
            "changes last, and second-hand. I had assumed the staff bulletin reaches everyone. "
            "I need to stop treating 'we announced it' as if it meant 'people were heard'. "
            "An uncomfortable hour, and a useful one.",
        },
        actions=[
            DemoAction(
                key="figures",
                owner="board_member",
                text="Ask HR how many technical staff from minority ethnic backgrounds applied "
                "for promotion in the last three rounds, and how many succeeded",
                needs="The numbers are small: agree with HR how to share them without "
                "identifying anyone.",
                due_weeks=5,
            ),
            DemoAction(
                key="network",
                owner="mentor",
                text="Ask colleagues in the race equality network what would make them put "
                "themselves forward for promotion",
                needs="Time at the network's next meeting; answers kept anonymous.",
                due_weeks=6,
            ),
        ],
    ),
    DemoMeeting(
        weeks_ago=7,
        actual_minutes=60,
        themes=["Anti-racism", "Culture change"],
        logged_by="board_member",
        notes={
            "mentor": "Jonathan brought the figures: success rates are similar, but far fewer "
            "of us apply. We talked about the gap between not being racist and actively "
            "taking barriers away. He asked what an anti-racist promotion round would look "
            "like; I suggested managers being asked whom they encouraged to apply, and why.",
            "board_member": "The figures bore out what Amara told me in our first meeting. "
            "I would like managers to record whom they encourage to apply, but I will test "
            "the idea with the network before announcing anything. I also noticed how rarely "
            "I hear from colleagues without someone senior in the room.",
        },
        actions=[
            DemoAction(
                key="listen",
                owner="board_member",
                text="Join a race equality network meeting as a listener, if the network's "
                "chairs invite him",
                needs="An invitation from the chairs; no agenda of his own, and no note-taking.",
                due_weeks=8,
            ),
        ],
        reviews={
            "figures": (
                "done",
                "HR shared the figures: the gap is in who applies, not in who succeeds.",
            ),
            "network": (
                "in_progress",
                "Three conversations so far; the network meets again next month.",
            ),
        },
    ),
]


def _rules_agreed_from(programme: Programme, paired_at) -> GroundRules:
    """The ground rules the demo's pairs agree to, dated no later than their pairing: the
    version first recorded now would read as written months after they agreed to it."""
    rules = ground_rules_current(programme)
    if rules.created_at > paired_at:
        rules.created_at = paired_at
        GroundRules.objects.filter(pk=rules.pk).update(created_at=paired_at)
    return rules


def pair_seed(*, programme: Programme) -> Match | None:
    """The demo mentor and board member, paired since early in the pilot: ground rules agreed,
    a shared purpose, two meetings held with notes and action steps, and one booked.

    Made once: when the two were already paired (or one of them was paired with someone
    else meanwhile), nothing is added."""
    mentor = MentorApplication.objects.get(programme=programme, applicant__email=PAIR[0])
    member = BoardMember.objects.get(programme=programme, email=PAIR[1])
    existing = Match.objects.filter(mentor=mentor, board_member=member).first()
    if existing is not None:
        return existing
    if Match.objects.current().filter(Q(mentor=mentor) | Q(board_member=member)).exists():
        return None

    days = DemoDays.of(programme)
    paired_at = days.at(days.first_pairs, time(16, 0))
    tuesday = days.today - timedelta(days=(days.today.weekday() - 1) % 7)  # meetings' day
    people = {"mentor": mentor.applicant, "board_member": member.user}

    match = Match.objects.create(
        programme=programme,
        mentor=mentor,
        board_member=member,
        status=MatchStatus.ACTIVE,
        score=PAIR_SCORE,
        reasons=PAIR_REASONS,
        proposed_at=days.at(timezone.localdate(paired_at) - timedelta(weeks=1), OFFICE_HOURS),
        activated_at=paired_at,
        purpose=PAIR_PURPOSE,
        purpose_updated_by=people["board_member"],
        purpose_updated_at=paired_at + timedelta(weeks=2, days=1),
    )
    rules = _rules_agreed_from(programme, paired_at)
    for after, person in enumerate(people.values(), start=1):
        GroundRulesAgreement.objects.create(
            match=match, person=person, rules=rules, agreed_at=paired_at + timedelta(days=after)
        )

    themes = {theme.name: theme for theme in programme.themes.all()}
    actions: dict[str, ActionStep] = {}
    for held in HELD_MEETINGS:
        starts_at = days.at(tuesday - timedelta(weeks=held.weeks_ago), MEETING_TIME)
        ended_at = starts_at + timedelta(minutes=held.actual_minutes)
        meeting = Meeting.objects.create(
            match=match,
            starts_at=starts_at,
            minutes=programme.meeting_minutes,
            location=MEETING_PLACE,
            status=MeetingStatus.HELD,
            proposed_by=people["mentor"],
            proposed_at=starts_at - timedelta(days=12),
            confirmed_at=starts_at - timedelta(days=11),
            actual_minutes=held.actual_minutes,
            logged_by=people[held.logged_by],
            logged_at=ended_at + timedelta(hours=3),
        )
        meeting.themes.set(themes[name] for name in held.themes if name in themes)
        for side, text in held.notes.items():
            MeetingNote.objects.create(meeting=meeting, author=people[side], text=text)
        for key, (status, note) in held.reviews.items():
            action = actions[key]
            ActionReview.objects.create(
                action=action,
                meeting=meeting,
                status=status,
                note=note,
                reviewed_by=people[held.logged_by],
                reviewed_at=ended_at,
            )
            action.status = status
            action.save(update_fields=["status"])
        for item in held.actions:
            actions[item.key] = ActionStep.objects.create(
                match=match,
                meeting=meeting,
                text=item.text,
                owner=item.owner,
                due_on=timezone.localdate(starts_at) + timedelta(weeks=item.due_weeks),
                needs=item.needs,
                created_by=people[held.logged_by],
                created_at=ended_at,
            )

    # Booked for next Tuesday: inside the window in which the third meeting is due.
    starts_at = days.at(tuesday + timedelta(weeks=1), MEETING_TIME)
    Meeting.objects.create(
        match=match,
        starts_at=starts_at,
        minutes=programme.meeting_minutes,
        location=MEETING_PLACE,
        status=MeetingStatus.CONFIRMED,
        proposed_by=people["board_member"],
        proposed_at=timezone.now() - timedelta(days=9),
        confirmed_at=timezone.now() - timedelta(days=8),
    )
    return match


@dataclass(frozen=True)
class FirstPairHistory:
    weekday: int  # the pair's usual day (0 is Monday)
    held_weeks_ago: tuple[int, ...]
    cancelled: tuple[tuple[int, str], ...] = ()  # (weeks ago, side that called it off)
    booked: bool = False


# What the other first pairs did: counts and dates only, so nothing is written for them that
# a pair would say (no notes, no action steps).
FIRST_PAIR_HISTORIES = [
    FirstPairHistory(weekday=2, held_weeks_ago=(14, 7), booked=True),
    FirstPairHistory(weekday=3, held_weeks_ago=(13, 5), cancelled=((7, "board_member"),)),
    FirstPairHistory(weekday=4, held_weeks_ago=(15, 9, 2)),
    FirstPairHistory(
        weekday=0, held_weeks_ago=(12,), cancelled=((6, "mentor"), (4, "board_member"))
    ),
]
FIRST_PAIRS_SCORE = 58
FIRST_PAIRS_TIME = time(14, 0)


def first_pairs_seed(*, programme: Programme) -> list[Match]:
    """The other pairs matched with the demo pair: ground rules agreed, a few meetings held,
    one or two called off. Made once, like the demo pair."""
    days = DemoDays.of(programme)
    monday = days.monday
    paired_at = days.at(days.first_pairs, time(16, 0))
    proposed_at = days.at(timezone.localdate(paired_at) - timedelta(weeks=1), OFFICE_HOURS)
    rules = _rules_agreed_from(programme, paired_at)
    pairs = []
    for (mentor_email, member_email), history in zip(
        FIRST_PAIRS, FIRST_PAIR_HISTORIES, strict=True
    ):
        mentor = MentorApplication.objects.get(programme=programme, applicant__email=mentor_email)
        member = BoardMember.objects.get(programme=programme, email=member_email)
        if Match.objects.filter(mentor=mentor, board_member=member).exists():
            continue
        if Match.objects.current().filter(Q(mentor=mentor) | Q(board_member=member)).exists():
            continue
        people = {"mentor": mentor.applicant, "board_member": member.user}
        match = Match.objects.create(
            programme=programme,
            mentor=mentor,
            board_member=member,
            status=MatchStatus.ACTIVE,
            score=FIRST_PAIRS_SCORE,
            reasons=["different departments"],
            proposed_at=proposed_at,
            activated_at=paired_at,
        )
        for after, person in enumerate(people.values(), start=1):
            GroundRulesAgreement.objects.create(
                match=match, person=person, rules=rules, agreed_at=paired_at + timedelta(days=after)
            )
        usual_day = monday + timedelta(days=history.weekday)

        def at(weeks_ago: int, usual_day=usual_day):
            return days.at(usual_day - timedelta(weeks=weeks_ago), FIRST_PAIRS_TIME)

        def meeting(starts_at, status, match=match, people=people, **fields):
            """Booked in the room, a little more than a week ahead, unless told otherwise."""
            fields = {
                "proposed_by": people["mentor"],
                "proposed_at": starts_at - timedelta(days=10),
                "confirmed_at": starts_at - timedelta(days=9),
                **fields,
            }
            return Meeting.objects.create(
                match=match,
                starts_at=starts_at,
                minutes=programme.meeting_minutes,
                location="Meeting room 1, Main Building",
                status=status,
                **fields,
            )

        for weeks_ago in history.held_weeks_ago:
            starts_at = at(weeks_ago)
            meeting(
                starts_at,
                MeetingStatus.HELD,
                actual_minutes=programme.meeting_minutes,
                logged_by=people["mentor"],
                logged_at=starts_at + timedelta(hours=2),
            )
        for weeks_ago, side in history.cancelled:
            starts_at = at(weeks_ago)
            meeting(
                starts_at,
                MeetingStatus.CANCELLED,
                cancelled_by=people[side],
                cancelled_at=starts_at - timedelta(days=2),
            )
        if history.booked:
            meeting(
                at(-1),
                MeetingStatus.CONFIRMED,
                proposed_by=people["board_member"],
                proposed_at=timezone.now() - timedelta(days=6),
                confirmed_at=timezone.now() - timedelta(days=5),
            )
        pairs.append(match)
    return pairs
