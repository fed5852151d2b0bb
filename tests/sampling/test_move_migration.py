"""sampling 0002: when dip sampling left the risk app, existing grants and the scheduled job followed it."""

import importlib

from django.apps import apps
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django_celery_beat.models import CrontabSchedule, PeriodicTask

from accounts.models import User
from accounts.roles import Role

move = importlib.import_module("sampling.migrations.0002_permissions_and_job_follow_the_move")


def _fresh(user) -> User:
    ContentType.objects.clear_cache()
    return User.objects.get(pk=user.pk)  # no cached permissions


def test_a_grant_made_under_the_risk_app_keeps_working_under_sampling(make_user):
    user = make_user(Role.ANALYST)  # no dip-sample permission from the role
    move.backwards(apps, None)  # the database as it was before the move
    user.user_permissions.add(Permission.objects.get(content_type__app_label="risk", codename="view_dipsample"))
    assert _fresh(user).has_perm("risk.view_dipsample")

    move.forwards(apps, None)

    user = _fresh(user)
    assert user.has_perm("sampling.view_dipsample") and not user.has_perm("risk.view_dipsample")
    assert not ContentType.objects.filter(app_label="risk", model__startswith="dipsample").exists()
    assert Permission.objects.filter(codename__endswith="dipsample", content_type__app_label="sampling").count() == 6


def test_the_scheduled_job_runs_the_renamed_task_and_keeps_its_timing(db):
    crontab = CrontabSchedule.objects.create(minute="15", hour="4", day_of_week="2")
    PeriodicTask.objects.filter(task=move.NEW_TASK).delete()
    PeriodicTask.objects.create(name="Draw dip samples", task=move.OLD_TASK, crontab=crontab)

    move.forwards(apps, None)

    job = PeriodicTask.objects.get(name="Draw dip samples")
    assert (job.task, job.crontab_id) == ("sampling.tasks.draw_due_samples", crontab.pk)
    from sampling.tasks import draw_due_samples

    assert draw_due_samples.name == job.task
