from django.apps import AppConfig


class EvaluationConfig(AppConfig):
    name = "evaluation"
    verbose_name = "Evaluation"

    def ready(self):
        from evaluation.reminders import register_all

        register_all()

        from accounts.personal_data import register
        from evaluation import personal_data

        register(app=self.label, export=personal_data.export)

        from evaluation.models import Question, Survey
        from evaluation.selectors import asked_by_a_survey, surveys_waiting
        from mentoring import navigation

        # The link is shown whatever the survey's stage, so those who answered can still see
        # it listed; the dashboard's card, only while one waits for their answers.
        navigation.register_fact(
            "asked_by_surveys",
            asked_by_a_survey,
            link=("Surveys", "surveys"),
            panel=("evaluation/includes/dashboard_surveys.html", surveys_waiting),
        )
        # A survey open with no question yet is not offered (`asked_by_a_survey`): its first
        # question, or its last one deleted, changes the link too.
        navigation.connect(Survey, Question)

        from evaluation.audience import told_once_active
        from mentoring.activation import register_announcer

        # Making a draft programme active emails those its open surveys ask: its
        # confirmation names them.
        register_announcer(told_once_active)
