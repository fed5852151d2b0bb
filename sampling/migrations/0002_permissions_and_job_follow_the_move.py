"""The moved models' content types, and the dip-sample job's task, follow dip sampling into this app.

Content types are renamed in place (risk.dipsample becomes sampling.dipsample, and so on), so every
permission row, group or user grant, and access-log entry that points at them keeps pointing at the
same models: ``risk.view_dipsample`` is ``sampling.view_dipsample`` from now on. On a fresh database
there is nothing to rename (content types are made after migrate).

The periodic task keeps its name and its schedule (which an administrator may have changed); only the
task it runs is renamed, for what it does: it draws every due period, weekly, fortnightly or monthly.
"""

from django.db import migrations

MODELS = ("dipsample", "dipsampleevent", "dipsampleitem", "dipsampleitemevent")
OLD_TASK, NEW_TASK = "risk.tasks.dip_sample_weekly", "sampling.tasks.draw_due_samples"


def _move(apps, source: str, target: str, task_from: str, task_to: str) -> None:
    ContentType = apps.get_model("contenttypes", "ContentType")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    for model in MODELS:
        old = ContentType.objects.filter(app_label=source, model=model).first()
        if old is None:
            continue
        # A content type already made under the new label (a migrate interrupted after post_migrate)
        # holds no grant worth keeping beside the old one's: the old one, with its grants, wins.
        ContentType.objects.filter(app_label=target, model=model).delete()
        old.app_label = target
        old.save(update_fields=["app_label"])
    PeriodicTask.objects.filter(task=task_from).update(task=task_to)


def forwards(apps, schema_editor) -> None:
    _move(apps, "risk", "sampling", OLD_TASK, NEW_TASK)


def backwards(apps, schema_editor) -> None:
    _move(apps, "sampling", "risk", NEW_TASK, OLD_TASK)


class Migration(migrations.Migration):
    dependencies = [
        ("sampling", "0001_initial"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
