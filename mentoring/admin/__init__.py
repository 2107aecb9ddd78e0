from mentoring.admin import (  # noqa: F401  (registers the admins)
    applications,
    cohorts,
    events,
    line_managers,
    mentees,
    pairs,
    people,
    programmes,
    registrations,
    reminders,
)
