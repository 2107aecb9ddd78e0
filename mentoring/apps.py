from django.apps import AppConfig


class MentoringConfig(AppConfig):
    name = "mentoring"
    verbose_name = "Mentoring"

    def ready(self):
        from mentoring import receivers  # noqa: F401  (connects the signal receivers)
