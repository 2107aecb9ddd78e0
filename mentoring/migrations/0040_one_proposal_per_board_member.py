from django.db import migrations, models
from django.db.models import Count


def refuse_if_several(apps, schema_editor):
    """Earlier versions let a board member be proposed with several mentors at once. Those
    proposals are the office's to choose between, not this migration's: it stops, saying
    whom, rather than drop any unseen."""
    Match = apps.get_model("mentoring", "Match")
    several = list(
        Match.objects.filter(status="proposed")
        .values("board_member")
        .annotate(n=Count("pk"))
        .filter(n__gt=1)
        .values_list("board_member", flat=True)
    )
    if several:
        raise RuntimeError(
            f"{len(several)} board members (ids {', '.join(map(str, several))}) are each "
            "proposed with more than one mentor. Accept or discard all but one of each on the "
            "match board, then migrate again."
        )


class Migration(migrations.Migration):
    dependencies = [
        ("mentoring", "0039_coordinators_remove_board_members_who_never_joined"),
    ]

    operations = [
        migrations.RunPython(refuse_if_several, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="match",
            constraint=models.UniqueConstraint(
                condition=models.Q(("status", "proposed")),
                fields=("board_member",),
                name="match_one_proposal_per_board_member",
                violation_error_message="This board member is already proposed with a mentor.",
            ),
        ),
    ]
