from django.apps import AppConfig


class MentoringConfig(AppConfig):
    name = "mentoring"
    verbose_name = "Mentoring"

    def ready(self):
        from mentoring import receivers  # noqa: F401  (connects the signal receivers)
        from mentoring.reminders.kinds import register_all

        register_all()
