from mentoring.models.applications import ApplicationStatus, LineManagerRequest, MentorApplication
from mentoring.models.cohorts import CohortAudience, CohortMessage
from mentoring.models.events import (
    Audience,
    BriefingExemption,
    Event,
    EventKind,
    Registration,
    RegistrationStatus,
)
from mentoring.models.matches import EndReason, Match, MatchStatus
from mentoring.models.meetings import (
    ActionOwner,
    ActionReview,
    ActionStatus,
    ActionStep,
    Meeting,
    MeetingNote,
    MeetingStatus,
)
from mentoring.models.mentees import Board, BoardMember
from mentoring.models.pairs import (
    CalendarFeed,
    GroundRules,
    GroundRulesAgreement,
    PairHealth,
    PairRequest,
    PairRequestKind,
    PairRequestOutcome,
)
from mentoring.models.programmes import Grade, KeyDate, Programme, ProgrammeStatus, Theme
from mentoring.models.reminders import Reminder

__all__ = [
    "ActionOwner",
    "ActionReview",
    "ActionStatus",
    "ActionStep",
    "ApplicationStatus",
    "Audience",
    "Board",
    "BoardMember",
    "BriefingExemption",
    "CalendarFeed",
    "CohortAudience",
    "CohortMessage",
    "EndReason",
    "Event",
    "EventKind",
    "Grade",
    "GroundRules",
    "GroundRulesAgreement",
    "KeyDate",
    "LineManagerRequest",
    "Match",
    "MatchStatus",
    "Meeting",
    "MeetingNote",
    "MeetingStatus",
    "MentorApplication",
    "PairHealth",
    "PairRequest",
    "PairRequestKind",
    "PairRequestOutcome",
    "Programme",
    "ProgrammeStatus",
    "Registration",
    "RegistrationStatus",
    "Reminder",
    "Theme",
]
