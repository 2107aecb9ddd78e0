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
