from mentoring.admin import applications, programmes  # noqa: F401  (registers the admins)
