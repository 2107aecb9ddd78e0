from django.apps import AppConfig


class MatchingConfig(AppConfig):
    name = "matching"
    verbose_name = "Matching"

    def ready(self):
        from accounts.personal_data import register
        from matching import personal_data

        register(app=self.label, erase=personal_data.erase)

        from matching.models import themes_mandatory
        from mentoring.models.mentees import THEMES_NEEDED

        THEMES_NEEDED.append(themes_mandatory)
