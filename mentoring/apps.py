from django.apps import AppConfig


class MentoringConfig(AppConfig):
    name = "mentoring"
    verbose_name = "Mentoring"

    def ready(self):
        from mentoring import receivers  # noqa: F401  (connects the signal receivers)
        from mentoring.reminders.kinds import register_all

        register_all()

        from mentoring import navigation

        navigation.connect_own()

        from accounts.services import register_invited_to
        from mentoring.services.mentees import places_waiting_for

        register_invited_to(places_waiting_for)

        from accounts.outbox import for_the_office, register_composer
        from mentoring.services.applications import OFFICE_EMAILS
        from mentoring.services.meetings import PLAN_COMPOSER, plan_compose

        register_composer(PLAN_COMPOSER, plan_compose)
        for kind in OFFICE_EMAILS:
            for_the_office(kind)

        from accounts.personal_data import register
        from mentoring import personal_data

        register(
            app=self.label,
            export=personal_data.export,
            erase=personal_data.erase,
            lock=personal_data.lock,
            consequences=personal_data.consequences,
            removes=personal_data.removes,
            emailed=personal_data.emailed,
            taking_part=personal_data.taking_part,
        )
