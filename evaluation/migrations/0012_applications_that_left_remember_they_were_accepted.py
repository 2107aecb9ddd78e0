"""Applications that stopped being accepted before they remembered when
(`MentorApplication.accepted_until`, mentoring's migration 0043): it is known only from what
they left behind, a pair they mentored, or a survey of the programme they answered (as a
mentor: not a board member there). Anyone who answered a survey is among them, so no
response rate passes 100%. Here, not in mentoring, as it reads who answered."""

from django.db import migrations, models
from django.db.models import Exists, OuterRef


def remember_who_was_accepted(apps, schema_editor):
    MentorApplication = apps.get_model("mentoring", "MentorApplication")
    Match = apps.get_model("mentoring", "Match")
    BoardMember = apps.get_model("mentoring", "BoardMember")
    Participation = apps.get_model("evaluation", "Participation")
    mentored = Match.objects.filter(mentor=OuterRef("pk"), activated_at__isnull=False)
    answered = Participation.objects.filter(
        person=OuterRef("applicant"), survey__programme=OuterRef("programme")
    )
    board_member = BoardMember.objects.filter(
        user=OuterRef("applicant"), programme=OuterRef("programme")
    )
    was_accepted = MentorApplication.objects.filter(
        Exists(mentored) | (Exists(answered) & ~Exists(board_member))
    )
    was_accepted.filter(status="withdrawn").update(accepted_until=models.F("withdrawn_at"))
    was_accepted.filter(status__in=["declined", "waitlisted"]).update(
        accepted_until=models.F("decided_at")
    )


class Migration(migrations.Migration):
    dependencies = [
        ("evaluation", "0011_pairs_survey_asks_those_paired_before_it_closed"),
        ("mentoring", "0043_applications_remember_when_they_stopped_being_accepted"),
    ]

    operations = [
        migrations.RunPython(remember_who_was_accepted, migrations.RunPython.noop),
    ]
