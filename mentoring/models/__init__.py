from mentoring.models.applications import ApplicationStatus, LineManagerRequest, MentorApplication
from mentoring.models.programmes import Grade, KeyDate, Programme, ProgrammeStatus, Theme

__all__ = [
    "ApplicationStatus",
    "Grade",
    "KeyDate",
    "LineManagerRequest",
    "MentorApplication",
    "Programme",
    "ProgrammeStatus",
    "Theme",
]
