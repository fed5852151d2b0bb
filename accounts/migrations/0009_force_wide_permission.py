"""One force-wide permission, named for what it means: accounts.view_force_wide takes the place of
incidents.view_all_areas, which decided far more than incidents (plans, MARAC, samples).

Whoever held the old permission, through a group or directly, holds the new one; the old one is deleted.
(The roles' groups are also set from accounts/roles.py after every migrate.)
"""

from django.db import migrations


def move_grants(apps, schema_editor):
    Permission = apps.get_model("auth", "Permission")
    ContentType = apps.get_model("contenttypes", "ContentType")
    force_type, _ = ContentType.objects.get_or_create(app_label="accounts", model="force")
    new, _ = Permission.objects.get_or_create(
        content_type=force_type, codename="view_force_wide", defaults={"name": "Can see every area of own force"}
    )
    old = Permission.objects.filter(content_type__app_label="incidents", codename="view_all_areas").first()
    if old is None:
        return
    for group in old.group_set.all():
        group.permissions.add(new)
    for user in old.user_set.all():
        user.user_permissions.add(new)
    old.delete()


def restore_grants(apps, schema_editor):
    Permission = apps.get_model("auth", "Permission")
    ContentType = apps.get_model("contenttypes", "ContentType")
    new = Permission.objects.filter(content_type__app_label="accounts", codename="view_force_wide").first()
    if new is None:
        return
    incident_type, _ = ContentType.objects.get_or_create(app_label="incidents", model="incident")
    old, _ = Permission.objects.get_or_create(
        content_type=incident_type,
        codename="view_all_areas",
        defaults={"name": "Can see incidents in every area (control room)"},
    )
    for group in new.group_set.all():
        group.permissions.add(old)
    for user in new.user_set.all():
        user.user_permissions.add(old)


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0008_force_repeat_victim_window_months"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.AlterModelOptions(
            name="force",
            options={"ordering": ["name"], "permissions": [("view_force_wide", "Can see every area of own force")]},
        ),
        migrations.RunPython(move_grants, restore_grants),
    ]
