"""The reminder job run twice at once, killed half-way, and by a real Celery worker: nothing is sent twice,
and a run whose worker is killed goes on from its last committed chunk."""

import json
import os
import signal
import subprocess
import sys
import threading
import time
from datetime import timedelta
from pathlib import Path
from urllib.parse import quote

import pytest
from django.db import connection, transaction
from django.db.models import Count
from django.utils import timezone

from accounts.roles import Role
from core import services as core_services
from core.jobs import job_run
from core.models import JobRun, Notification, OutboxMessage
from dacase.celery import app as celery_app
from plans.models import PlanTask, RiskManagementPlan
from plans.services import reminders
from plans.tasks import REMINDERS, send_plan_reminders

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
    real = core_services.notifications_send_many

    def slow(*, notes):
        time.sleep(0.005 * len(notes))  # long enough that the runs overlap from the first chunk to the last
        return real(notes=notes)

    monkeypatch.setattr(reminders, "CHUNK_SIZE", 3)
    monkeypatch.setattr(reminders, "notifications_send_many", slow)
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
    assert OutboxMessage.objects.count() == EXPECTED  # an e-mail only from the run that created the notification


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


def _env() -> dict:
    db = connection.settings_dict
    if db["HOST"].startswith("/"):
        # A unix socket (the embedded PostgreSQL): django-environ reads the socket directory from the path.
        url = f"postgres://{db['USER']}@/{quote(db['HOST'], safe='')}/{db['NAME']}"
    else:
        url = f"postgres://{db['USER']}:{db['PASSWORD'] or ''}@{db['HOST']}:{db['PORT'] or 5432}/{db['NAME']}"
    return {**os.environ, "DJANGO_ENV": "test", "DATABASE_URL": url}


def _process(*args: str) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "tests.plans.reminder_process", *args],
        cwd=ROOT,
        env=_env(),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def test_two_worker_processes_at_once_send_each_notification_once(overdue_plans):
    start_at = time.time() + 4  # both processes are up and waiting by then
    workers = [
        _process("run", overdue_plans.isoformat(), "--start-at", str(start_at), "--delay", "0.005") for _ in range(2)
    ]
    results = []
    for w in workers:
        out, err = w.communicate(timeout=120)
        assert w.returncode == 0, err
        results.append(json.loads(out))
    assert max(r["started"] for r in results) < min(r["finished"] for r in results), "the runs did not overlap"
    assert sum(r["notifications"] for r in results) == EXPECTED
    assert OutboxMessage.objects.count() == EXPECTED
    assert_each_sent_once()


class WorkerKilled(BaseException):
    """Not an Exception: like SIGKILL or a lost worker, nothing in the job catches it."""


def test_a_run_that_dies_in_the_middle_of_a_chunk_loses_only_that_chunk_and_goes_on_from_it(overdue_plans, monkeypatch):
    """Chunks of two plans; the second chunk dies once its notifications are written, before it commits."""
    real, calls = core_services.notifications_send_many, []

    def dies_in_the_second(*, notes):
        calls.append(len(notes))
        created = real(notes=notes)
        if len(calls) == 2:
            raise WorkerKilled
        return created

    monkeypatch.setattr(reminders, "CHUNK_SIZE", 2)
    monkeypatch.setattr(reminders, "notifications_send_many", dies_in_the_second)
    with pytest.raises(WorkerKilled):
        _run_job()
    # Reviews come first, two notifications each: the first chunk (4) is committed with its cursor; the
    # second died after writing its four and was rolled back whole.
    assert Notification.objects.count() == 4
    run = JobRun.objects.get(job=REMINDERS.name)
    assert (run.chunks, run.finished_at, run.cursor["phase"]) == (1, None, "reviews")
    monkeypatch.setattr(reminders, "notifications_send_many", real)
    assert _run_job().outcome == "done"
    run.refresh_from_db()
    assert run.outcome == JobRun.Outcome.DONE and run.detail["notifications"] == EXPECTED
    assert (run.detail["reviews"], run.detail["tasks"]) == (PLANS, PLANS)  # no plan done twice, none missed
    assert_each_sent_once()
    assert OutboxMessage.objects.count() == EXPECTED


def _run_job():
    return job_run(REMINDERS, budget=60)


def _chunks_done() -> int:
    return JobRun.objects.filter(job=REMINDERS.name).values_list("chunks", flat=True).first() or 0


def _children(pid: int) -> list[int]:
    with open(f"/proc/{pid}/task/{pid}/children") as f:
        return [int(p) for p in f.read().split()]


def _wait(condition, timeout: float = 60.0) -> float:
    started = time.monotonic()
    while not condition():
        assert time.monotonic() - started < timeout, "timed out"
        time.sleep(0.05)
    return time.monotonic() - started


def _writing_elsewhere() -> bool:
    """Another session of the test database is in a transaction that has written: a chunk is under way."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()"
            " AND pid <> pg_backend_pid() AND backend_xid IS NOT NULL"
        )
        return cursor.fetchone()[0] > 0


def _assert_finished_once() -> None:
    run = JobRun.objects.get(job=REMINDERS.name)
    assert run.outcome == JobRun.Outcome.DONE
    # 12 reviews and 12 tasks in chunks of two, plus the empty chunk that ends each: every chunk counted
    # once, so the chunk the kill interrupted was done again once and the committed ones never.
    assert run.chunks == 14 and (run.detail["reviews"], run.detail["tasks"]) == (PLANS, PLANS)
    assert run.detail["notifications"] == EXPECTED
    assert_each_sent_once()


@pytest.mark.parametrize("kill", ["pool child", "whole worker"])
def test_a_worker_killed_mid_chunk_goes_on_from_its_last_chunk_within_a_minute(overdue_plans, kill):
    """A real worker (Redis, acks late): SIGKILL while a chunk is being written.

    Pool child killed: its parent gives the task back at once (reject_on_worker_lost) and the next
    child carries on. Whole worker killed: its task waits for the visibility timeout, but the next
    wake-up beat sends (every minute), to the worker that replaces it, carries on from the cursor."""
    queue = celery_app.conf.task_default_queue
    celery_app.control.purge()
    args = ["worker", "--queue", queue, "--delay", "0.1", "--chunk", "2"]
    worker = _process(*args, *(["--prefork"] if kill == "pool child" else []))
    replacement = None
    try:
        send_plan_reminders.apply_async()
        _wait(lambda: _chunks_done() >= 2 and _writing_elsewhere())
        before = _chunks_done()
        victim = _children(worker.pid)[0] if kill == "pool child" else worker.pid
        os.kill(victim, signal.SIGKILL)
        killed_at = time.monotonic()
        if kill == "whole worker":
            worker.wait(timeout=10)
            replacement = _process("worker", "--queue", queue, "--chunk", "2")
            send_plan_reminders.apply_async()  # beat's next wake-up
        _wait(lambda: JobRun.objects.filter(job=REMINDERS.name, finished_at__isnull=False).exists(), timeout=90)
        assert time.monotonic() - killed_at < 60
        assert 2 <= before < 14
        _assert_finished_once()
    finally:
        for p in (worker, replacement):
            if p is not None and p.poll() is None:
                p.send_signal(signal.SIGKILL)
                p.wait(timeout=10)


def test_the_celery_worker_runs_the_daily_job_and_a_second_run_sends_nothing(overdue_plans, celery_worker):
    first = send_plan_reminders.delay().get(timeout=60)
    second = send_plan_reminders.delay().get(timeout=60)
    assert first["outcome"] == "done" and len(first["periods"]) == 1
    assert second == {"job": REMINDERS.name, "outcome": "done", "periods": []}
    run = JobRun.objects.get(job=REMINDERS.name)
    assert (run.detail["reviews"], run.detail["tasks"], run.detail["notifications"]) == (PLANS, PLANS, EXPECTED)
    assert RiskManagementPlan.objects.count() == PlanTask.objects.count() == PLANS


def test_the_job_is_woken_every_minute_by_beat(db):
    from django_celery_beat.models import PeriodicTask

    from core.schedules import schedules_sync

    schedules_sync()
    job = PeriodicTask.objects.get(task="plans.tasks.send_plan_reminders")
    assert job.enabled and job.crontab is None and (job.interval.every, job.interval.period) == (1, "minutes")
