"""The reminder job run twice at once, killed half-way, and by a real Celery worker: nothing is sent twice."""

import json
import os
import signal
import subprocess
import sys
import threading
import time
from datetime import date, timedelta
from pathlib import Path
from urllib.parse import quote

import pytest
from celery.contrib.testing.worker import start_worker
from django.core import mail
from django.db import connection, transaction
from django.db.models import Count
from django.utils import timezone

from accounts.roles import Role
from core import services as core_services
from core.models import Notification
from dacase.celery import app as celery_app
from plans.models import PlanTask, RiskManagementPlan
from plans.services import reminders
from plans.tasks import send_plan_reminders

from .factories import backdate, make_plan, make_task

ROOT = Path(__file__).resolve().parents[2]
PLANS = 12


@pytest.fixture
def overdue_plans(transactional_db, make_user, world):
    """Twelve plans, each with its review and a task long overdue: per plan, 5 notifications are due today.

    Review: overdue (owner) + escalated (the area's PVP supervisor); task: overdue (officer) + escalated
    (the PVP supervisor and the plan's owner).
    """
    pvp = make_user(Role.PVP_OFFICER, email="pvp@police.invalid")
    make_user(Role.PVP_SUPERVISOR, email="sup@police.invalid")
    officer = make_user(Role.RESPONSE_OFFICER, email="officer@police.invalid")
    today = timezone.localdate()
    for n in range(PLANS):
        plan = make_plan(owner=pvp, area=world.area, given_name=f"Victim{n}")
        task = make_task(plan=plan, assignee=officer)
        backdate(plan, next_review_due=today - timedelta(days=10))
        backdate(task, due_date=today - timedelta(days=10))
    return today


EXPECTED = PLANS * 5


def assert_each_sent_once():
    assert Notification.objects.count() == EXPECTED
    twice = Notification.objects.values("user", "kind", "url").annotate(n=Count("id")).filter(n__gt=1)
    assert not twice.exists()


def test_two_runs_at_once_in_threads_send_each_notification_once(overdue_plans, monkeypatch):
    """Each thread has its own database connection; they walk the same items in the same order and collide."""
    real = core_services.notification_send

    def slow(**kwargs):
        time.sleep(0.005)  # long enough that the runs overlap from the first item to the last
        return real(**kwargs)

    monkeypatch.setattr(reminders, "notification_send", slow)
    barrier, runs, windows, errors = threading.Barrier(2), [], [], []

    def worker():
        try:
            barrier.wait(timeout=10)
            started = time.monotonic()
            runs.append(reminders.plans_send_reminders(today=overdue_plans))
            windows.append((started, time.monotonic()))
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert not errors and len(runs) == 2
    assert max(w[0] for w in windows) < min(w[1] for w in windows), "the two runs did not overlap"
    assert sum(r.notifications for r in runs) == EXPECTED and all(r.failed == 0 for r in runs)
    assert_each_sent_once()
    assert len(mail.outbox) == EXPECTED  # an e-mail only from the run that created the notification


def test_a_notification_being_written_holds_back_the_same_one_which_then_creates_nothing(transactional_db, make_user):
    """What the job relies on: ON CONFLICT DO NOTHING waits for the other transaction, then inserts nothing."""
    user = make_user(Role.PVP_OFFICER)
    holding, release, second = threading.Event(), threading.Event(), {}
    send = {"user_id": user.pk, "kind": "plan_review_due", "message": "Due", "dedupe_key": "same-item-same-day"}

    def first_run():
        with transaction.atomic():
            assert core_services.notification_send(**send)
            holding.set()
            release.wait(timeout=10)
        connection.close()

    def second_run():
        holding.wait(timeout=10)
        started = time.monotonic()
        second["created"] = core_services.notification_send(**send)
        second["waited"] = time.monotonic() - started
        connection.close()

    threads = [threading.Thread(target=first_run), threading.Thread(target=second_run)]
    for t in threads:
        t.start()
    time.sleep(0.5)
    assert "created" not in second  # still waiting on the first transaction
    release.set()
    for t in threads:
        t.join(timeout=30)
    assert second["created"] is False and second["waited"] >= 0.4
    assert Notification.objects.count() == 1


def _process(today: date, *, start_at: float = 0.0, delay: float = 0.0) -> subprocess.Popen:
    db = connection.settings_dict
    if db["HOST"].startswith("/"):
        # A unix socket (the embedded PostgreSQL): django-environ reads the socket directory from the path.
        url = f"postgres://{db['USER']}@/{quote(db['HOST'], safe='')}/{db['NAME']}"
    else:
        url = f"postgres://{db['USER']}:{db['PASSWORD'] or ''}@{db['HOST']}:{db['PORT'] or 5432}/{db['NAME']}"
    env = {**os.environ, "DJANGO_ENV": "test", "DATABASE_URL": url}
    command = [sys.executable, "-m", "tests.plans.reminder_process", today.isoformat(), "--start-at", str(start_at)]
    return subprocess.Popen(
        [*command, "--delay", str(delay)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def test_two_worker_processes_at_once_send_each_notification_once(overdue_plans):
    start_at = time.time() + 4  # both processes are up and waiting by then
    workers = [_process(overdue_plans, start_at=start_at, delay=0.005) for _ in range(2)]
    results = []
    for w in workers:
        out, err = w.communicate(timeout=120)
        assert w.returncode == 0, err
        results.append(json.loads(out))
    assert max(r["started"] for r in results) < min(r["finished"] for r in results), "the runs did not overlap"
    assert sum(r["notifications"] for r in results) == EXPECTED
    assert sum(r["emails"] for r in results) == EXPECTED
    assert_each_sent_once()


def test_a_worker_killed_half_way_keeps_what_it_sent_and_the_next_run_sends_the_rest(overdue_plans):
    worker = _process(overdue_plans, delay=0.05)
    deadline = time.time() + 60
    while Notification.objects.count() < 10 and time.time() < deadline:
        time.sleep(0.05)
    worker.send_signal(signal.SIGKILL)
    worker.wait(timeout=10)
    before = Notification.objects.count()
    assert 10 <= before < EXPECTED
    rerun = reminders.plans_send_reminders(today=overdue_plans)
    assert rerun.notifications == EXPECTED - before
    assert_each_sent_once()


class WorkerKilled(BaseException):
    """Not an Exception: like SIGKILL or a lost worker, nothing in the job catches it."""


def test_a_run_that_dies_in_the_middle_of_an_item_loses_only_that_item(overdue_plans, monkeypatch):
    real, calls = core_services.notification_send, []

    def dies_on_the_eighth(**kwargs):
        calls.append(kwargs["dedupe_key"])
        if len(calls) == 8:
            raise WorkerKilled
        return real(**kwargs)

    monkeypatch.setattr(reminders, "notification_send", dies_on_the_eighth)
    with pytest.raises(WorkerKilled):
        reminders.plans_send_reminders(today=overdue_plans)
    # Reviews come first, two notifications each: items 1-3 are done, the 4th died after its first
    # notification and was rolled back whole.
    assert Notification.objects.count() == 6
    monkeypatch.setattr(reminders, "notification_send", real)
    assert reminders.plans_send_reminders(today=overdue_plans).notifications == EXPECTED - 6
    assert_each_sent_once()
    assert len(mail.outbox) == EXPECTED


def test_the_celery_worker_runs_the_daily_job_and_a_second_run_sends_nothing(overdue_plans):
    with start_worker(celery_app, perform_ping_check=False, loglevel="WARNING"):
        first = send_plan_reminders.delay().get(timeout=60)
        second = send_plan_reminders.delay().get(timeout=60)
    assert (first["reviews"], first["tasks"], first["notifications"]) == (PLANS, PLANS, EXPECTED)
    assert second["notifications"] == 0
    assert RiskManagementPlan.objects.count() == PlanTask.objects.count() == PLANS


def test_the_job_is_scheduled_daily_for_beat(db):
    from django_celery_beat.models import PeriodicTask

    from core.schedules import schedules_sync

    schedules_sync()
    job = PeriodicTask.objects.get(task="plans.tasks.send_plan_reminders")
    assert job.enabled and (job.crontab.hour, job.crontab.day_of_week) == ("6", "*")
