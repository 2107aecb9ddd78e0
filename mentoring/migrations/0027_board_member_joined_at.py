from django.db import migrations, models


def joined_when_linked(apps, schema_editor):
    """When each board member who has joined did so, from what was recorded then: someone
    whose account existed when invited was linked at once (`invited_at`); anyone else when
    they accepted their invitation, or, if they signed up themselves instead, when their
    account was made (their address was confirmed just after)."""
    BoardMember = apps.get_model("mentoring", "BoardMember")
    Invitation = apps.get_model("accounts", "Invitation")
    accepted: dict[int, list] = {}
    for user_id, accepted_at in (
        Invitation.objects.filter(accepted_by__isnull=False, accepted_at__isnull=False)
        .order_by("accepted_at")
        .values_list("accepted_by", "accepted_at")
    ):
        accepted.setdefault(user_id, []).append(accepted_at)
    members = list(BoardMember.objects.filter(user__isnull=False).select_related("user"))
    for member in members:
        if member.user.date_joined <= member.invited_at:
            member.joined_at = member.invited_at
        else:
            member.joined_at = next(
                (at for at in accepted.get(member.user_id, []) if at >= member.invited_at),
                member.user.date_joined,
            )
    BoardMember.objects.bulk_update(members, ["joined_at"], batch_size=500)


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0010_invitation_offers_the_role"),
        ("mentoring", "0026_events_count_their_changes"),
    ]

    operations = [
        migrations.AddField(
            model_name="boardmember",
            name="joined_at",
            field=models.DateTimeField(blank=True, editable=False, null=True),
        ),
        migrations.RunPython(joined_when_linked, migrations.RunPython.noop, elidable=True),
        migrations.AddConstraint(
            model_name="boardmember",
            constraint=models.CheckConstraint(
                condition=models.Q(("joined_at__isnull", True), ("user__isnull", True))
                | models.Q(("joined_at__isnull", False), ("user__isnull", False)),
                name="board_member_joined_when_linked",
            ),
        ),
    ]
