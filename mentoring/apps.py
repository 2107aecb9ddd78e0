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
        from mentoring.services.mentees import (
            board_places_refused,
            places_waiting_for,
            why_nothing_waits_for,
        )

        register_invited_to(
            places_waiting_for, why_not=why_nothing_waits_for, refused_to=board_places_refused
        )

        from accounts.outbox import register_composer
        from mentoring.services.matches import INTRODUCTION_COMPOSER, introduction_compose
        from mentoring.services.meetings import PLAN_COMPOSER, plan_compose

        register_composer(PLAN_COMPOSER, plan_compose)
        register_composer(INTRODUCTION_COMPOSER, introduction_compose)

        from accounts.recipients import hide_subjects_of
        from mentoring.services.matches import INTRODUCTION
        from mentoring.services.meetings import MEETING_UPDATE

        # What the office's outbox says of an email to a pair's member about their pair,
        # in its subject's place: who proposed, moved or dropped which meeting is the
        # pair's own (its reminders say so of theirs: `ReminderKind.subject_hidden`).
        for kind, shown_as in [
            (MEETING_UPDATE, "Meeting update"),
            (INTRODUCTION, "Introduction to a partner"),
            ("mentoring/email/pair_ended", "Pairing ended"),
            ("mentoring/email/partner_left", "Pairing ended"),
            ("mentoring/email/left_pair_meetings_off", "Meetings called off"),
        ]:
            hide_subjects_of(kind, shown_as=shown_as)

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
