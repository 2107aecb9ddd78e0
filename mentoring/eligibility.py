"""Who can be a mentor: a pure function of the applicant's answers.

The criteria come from the programme's own description of a mentor: time to
commit and some flexibility, the briefing, experiences to share, and no current
conflict of interest with the organisation or its senior leadership.
"""

from dataclasses import dataclass, field

# How much a mentor writes about what they would bring. A shorter statement is an answer
# that needs a little more (the completeness rule, NEEDED_TO_SEND), never a reason to be
# found ineligible.
MIN_STATEMENT_LENGTH = 100


@dataclass(frozen=True)
class Answers:
    can_commit_time: bool | None = None
    flexible_availability: bool | None = None
    will_attend_briefing: bool | None = None
    has_experiences: bool | None = None
    experience_statement: str = ""
    has_conflict: bool | None = None


@dataclass(frozen=True)
class Eligibility:
    """`eligible` is None until every question is answered; `reasons` say why not."""

    eligible: bool | None
    reasons: tuple[str, ...] = field(default_factory=tuple)
    unanswered: tuple[str, ...] = field(default_factory=tuple)


QUESTIONS = {
    "can_commit_time": "whether you can commit the time",
    "flexible_availability": "whether your availability is flexible",
    "will_attend_briefing": "whether you will attend the mentor briefing",
    "has_experiences": "whether there is something about working here you would talk about",
    "has_conflict": "whether you have a current conflict of interest",
}

REASONS = {
    "can_commit_time": (
        "The programme asks for an hour-long conversation every few weeks, a half-day "
        "briefing and a closing group session. It sounds as though that is hard to give "
        "just now; if things change, we would be glad to hear from you."
    ),
    "flexible_availability": (
        "Meetings are fitted around a senior leader's diary, so mentors need some "
        "flexibility about when they can meet."
    ),
    "will_attend_briefing": (
        "Every mentor comes to a half-day briefing before being matched, so that both "
        "sides start from the same understanding of reverse mentoring."
    ),
    "has_experiences": (
        "Reverse mentoring rests on the experiences and perspectives a mentor is willing "
        "to share, in their own words and only as much as they choose."
    ),
    "has_conflict": (
        "You have told us about a current conflict of interest with the organisation or "
        "its senior leadership, so we cannot pair you with a board member in this cohort. "
        "Thank you for being open about it."
    ),
}


def eligibility(answers: Answers) -> Eligibility:
    unanswered = tuple(name for name in QUESTIONS if getattr(answers, name) is None)
    reasons = []
    if answers.can_commit_time is False:
        reasons.append(REASONS["can_commit_time"])
    if answers.flexible_availability is False:
        reasons.append(REASONS["flexible_availability"])
    if answers.will_attend_briefing is False:
        reasons.append(REASONS["will_attend_briefing"])
    if answers.has_experiences is False:
        reasons.append(REASONS["has_experiences"])
    if answers.has_conflict is True:
        reasons.append(REASONS["has_conflict"])

    if reasons:
        return Eligibility(False, tuple(reasons), unanswered)
    if unanswered:
        return Eligibility(None, (), unanswered)
    return Eligibility(True)


# Said to an applicant found ineligible when they sent their application, whose answers no
# longer fail any of today's criteria (a release has changed them since).
SENT_UNDER_OTHER_CRITERIA = (
    "When you sent your application, your answers did not meet the criteria the programme "
    "had then. The criteria have changed since, so the reason no longer appears here; the "
    "programme office can tell you more."
)


def verdict_as_sent(stored: bool | None, answers: Answers) -> Eligibility:
    """The verdict to tell about an application: `stored` is the one recorded when it was
    sent (`MentorApplication.eligible`), None for a draft not sent yet. A draft is judged
    live, by today's criteria. A sent application keeps the verdict it was sent under, the
    one the programme office decides on, even if the criteria have changed since: its
    reasons are today's reasons for the same answers where they agree with it, none for a
    verdict of eligible, and, for one of ineligible that today's criteria would no longer
    give, a line saying the criteria have changed."""
    live = eligibility(answers)
    if stored is None or stored == live.eligible:
        return live
    if stored:
        return Eligibility(True)
    return Eligibility(False, live.reasons or (SENT_UNDER_OTHER_CRITERIA,))
