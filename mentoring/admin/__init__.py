from mentoring.admin import applications, events, mentees, programmes  # noqa: F401  (registers the admins)
