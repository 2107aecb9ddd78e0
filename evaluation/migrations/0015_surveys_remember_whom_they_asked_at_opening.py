"""Each survey keeps how many it asked in each role when it first asked
(`Survey.invited_at_opening`). Nothing is filled in here: a survey open now that has asked
already is counted within a minute by beat, or by its next answer or save
(`evaluation.services.surveys_mark_asked`), today's count taken as its opening one (the
default the brief asked for: anyone added between its opening and this upgrade counts as
asked from the start, as every survey's people did before); one that has closed keeps
none, and its count at closing stands in."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("evaluation", "0014_surveys_that_never_asked_asked_nobody"),
        ("mentoring", "0047_meeting_log_knows_the_log_it_saved"),
    ]

    operations = [
        migrations.AddField(
            model_name="survey",
            name="invited_board_members_at_opening",
            field=models.PositiveIntegerField(editable=False, null=True),
        ),
        migrations.AddField(
            model_name="survey",
            name="invited_mentors_at_opening",
            field=models.PositiveIntegerField(editable=False, null=True),
        ),
        migrations.AddConstraint(
            model_name="survey",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(
                        ("invited_board_members_at_opening__isnull", True),
                        ("invited_mentors_at_opening__isnull", True),
                    ),
                    models.Q(
                        ("asked_at__isnull", False),
                        ("invited_board_members_at_opening__isnull", False),
                        ("invited_mentors_at_opening__isnull", False),
                    ),
                    _connector="OR",
                ),
                name="survey_invited_at_opening_counted_together_once_asked",
                violation_error_message="Both sides are counted at once, when it first asks.",
            ),
        ),
    ]
