from mentoring.models.applications import ApplicationStatus, LineManagerRequest, MentorApplication
from mentoring.models.events import (
    Audience,
    BriefingExemption,
    Event,
    EventKind,
    Registration,
    RegistrationStatus,
)
from mentoring.models.matches import EndReason, Match, MatchStatus
from mentoring.models.mentees import Board, BoardMember
from mentoring.models.programmes import Grade, KeyDate, Programme, ProgrammeStatus, Theme

__all__ = [
    "ApplicationStatus",
    "Audience",
    "Board",
    "BoardMember",
    "BriefingExemption",
    "EndReason",
    "Event",
    "EventKind",
    "Grade",
    "KeyDate",
    "LineManagerRequest",
    "Match",
    "MatchStatus",
    "MentorApplication",
    "Programme",
    "ProgrammeStatus",
    "Registration",
    "RegistrationStatus",
    "Theme",
]
