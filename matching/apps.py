from django.apps import AppConfig


class MatchingConfig(AppConfig):
    name = "matching"
    verbose_name = "Matching"

    def ready(self):
        from accounts.personal_data import register
        from matching import personal_data

        register(app=self.label, erase=personal_data.erase)
