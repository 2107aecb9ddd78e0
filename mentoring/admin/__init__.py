from mentoring.admin import applications, events, mentees, pairs, programmes  # noqa: F401  (registers the admins)
