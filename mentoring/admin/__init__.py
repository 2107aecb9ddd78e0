from mentoring.admin import applications, events, mentees, pairs, programmes, reminders  # noqa: F401  (registers the admins)
