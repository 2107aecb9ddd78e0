"""The Coordinators group and the model permissions it holds.

Each app's data migration calls `grant_permissions` for the models it adds, so
the group always holds what the programme office needs and nothing more.
"""

from django.contrib.auth.management import create_permissions

from accounts.models import COORDINATORS_GROUP


def grant_permissions(apps, permissions: list[str]) -> None:
    """Give the Coordinators group `app_label.codename` permissions, creating them if needed.

    Permissions are normally created after all migrations have run; a data
    migration needs them earlier, so create them for the apps concerned first.
    """
    app_labels = {permission.split(".", 1)[0] for permission in permissions}
    for app_label in app_labels:
        app_config = apps.get_app_config(app_label)
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name=COORDINATORS_GROUP)
    for permission in permissions:
        app_label, codename = permission.split(".", 1)
        group.permissions.add(
            Permission.objects.get(content_type__app_label=app_label, codename=codename)
        )


def revoke_permissions(apps, permissions: list[str]) -> None:
    Group = apps.get_model("auth", "Group")
    group = Group.objects.filter(name=COORDINATORS_GROUP).first()
    if group is None:
        return
    for permission in permissions:
        app_label, codename = permission.split(".", 1)
        group.permissions.remove(
            *group.permissions.filter(content_type__app_label=app_label, codename=codename)
        )
