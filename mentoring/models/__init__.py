from mentoring.models.applications import ApplicationStatus, LineManagerRequest, MentorApplication
from mentoring.models.events import (
    Audience,
    BriefingExemption,
    Event,
    EventKind,
    Registration,
    RegistrationStatus,
)
from mentoring.models.mentees import Board, BoardMember
from mentoring.models.programmes import Grade, KeyDate, Programme, ProgrammeStatus, Theme

__all__ = [
    "ApplicationStatus",
    "Audience",
    "Board",
    "BoardMember",
    "BriefingExemption",
    "Event",
    "EventKind",
    "Grade",
    "KeyDate",
    "LineManagerRequest",
    "MentorApplication",
    "Programme",
    "ProgrammeStatus",
    "Registration",
    "RegistrationStatus",
    "Theme",
]
