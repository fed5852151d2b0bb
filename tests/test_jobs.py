"""Periodic jobs decide from the database what they owe: beat only wakes them (core/jobs.py, core/schedules.py).

The catch-up test stops beat and the worker over period boundaries (time-machine), starts them again at an
odd hour, and checks that every owed period is done once and that the next wake-up does nothing.
"""

import threading
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from celery.contrib.testing.worker import start_worker
from celery.signals import task_retry
from django.conf import settings as django_settings
from django.core import mail
from django.db import connection
from django_celery_beat.models import CrontabSchedule, IntervalSchedule, PeriodicTask
from django_celery_beat.schedulers import DatabaseScheduler

from accounts.roles import Role
from core import jobs
from core.jobs import Job, daily_at, job_run
from core.models import JobRun, Notification, OutboxMessage
from core.schedules import SCHEDULES, schedules_sync
from core.tasks import RETRY_BACKOFF_MAX
from dacase.celery import app as celery_app
from people.models import DuplicateScan, DuplicateSuggestion
from plans.services import reminders
from plans.tasks import REMINDERS, send_plan_reminders
from sampling.models import DipSample

from .factories import make_person
from .plans.factories import backdate, make_plan, make_task
from .sampling.factories import Pool
from .sampling.factories import at as sampling_at

LONDON = ZoneInfo("Europe/London")


def at(*args) -> datetime:
    return datetime(*args, tzinfo=LONDON)


# A job of three chunks, to see the runner itself.
STEPS: list[dict] = []


def _counting_step(cursor: dict) -> tuple[dict | None, dict]:
    STEPS.append(cursor)
    if cursor.get("fail"):
        cursor = {**cursor, "fail": cursor["fail"] - 1}
        raise ValueError("a bad row")
    n = cursor["n"] + 1
    return (None if n == 3 else {**cursor, "n": n}), {"done": 1}


COUNTING = Job("test.counting", periods=daily_at("06:00"), start=lambda period, now: {"n": 0}, step=_counting_step)


@pytest.fixture(autouse=True)
def _steps():
    STEPS.clear()


class TestTheRunner:
    def test_the_days_period_is_done_once_in_its_chunks_and_a_second_wake_up_does_nothing(self, db):
        first = job_run(COUNTING, now=at(2026, 3, 2, 7, 0))
        assert (first.outcome, first.periods) == ("done", ["2026-03-02"])
        run = JobRun.objects.get()
        assert (run.outcome, run.chunks, run.detail, run.attempts) == ("done", 3, {"done": 3}, 0)
        assert job_run(COUNTING, now=at(2026, 3, 2, 7, 1)).periods == []
        assert len(STEPS) == 3

    def test_before_the_hour_it_owes_the_day_before_until_that_is_done(self, db):
        assert job_run(COUNTING, now=at(2026, 3, 2, 5, 59)).periods == ["2026-03-01"]
        assert job_run(COUNTING, now=at(2026, 3, 2, 5, 59)).periods == []
        assert job_run(COUNTING, now=at(2026, 3, 2, 6, 0)).periods == ["2026-03-02"]

    def test_a_spent_budget_stops_between_chunks_and_the_next_run_goes_on_from_the_cursor(self, db):
        assert job_run(COUNTING, now=at(2026, 3, 2, 7, 0), budget=0).outcome == "more"
        assert JobRun.objects.get().chunks == 1
        assert job_run(COUNTING, now=at(2026, 3, 2, 7, 0)).outcome == "done"
        assert [c["n"] for c in STEPS] == [0, 1, 2]  # no chunk done twice

    def test_a_failing_chunk_is_rolled_back_counted_and_tried_again_at_the_next_wake_up(self, db, monkeypatch):
        def start(period, now):
            return {"n": 0, "fail": 0}

        def step(cursor):
            if cursor["n"] == 1 and not JobRun.objects.filter(attempts__gte=1).exists():
                JobRun.objects.update(detail={"half": "written"})  # rolled back with the chunk
                raise ValueError("a bad row")
            return _counting_step(cursor)

        job = Job("test.flaky", periods=daily_at("06:00"), start=start, step=step)
        assert job_run(job, now=at(2026, 3, 2, 7, 0)).outcome == "failed"
        run = JobRun.objects.get()
        assert (run.chunks, run.attempts, run.detail, run.finished_at) == (1, 1, {"done": 1}, None)
        assert run.last_error == "ValueError: a bad row"
        assert job_run(job, now=at(2026, 3, 2, 7, 1)).outcome == "done"
        run.refresh_from_db()
        assert (run.outcome, run.chunks, run.detail) == ("done", 3, {"done": 3})

    def test_a_chunk_that_always_fails_is_given_up_after_five_tries_and_no_longer_owed(self, db):
        def step(cursor):
            raise ValueError("never works")

        job = Job("test.broken", periods=daily_at("06:00"), start=lambda p, n: {}, step=step)
        for _ in range(jobs.MAX_ATTEMPTS):
            assert job_run(job, now=at(2026, 3, 2, 7, 0)).outcome == "failed"
        run = JobRun.objects.get()
        assert (run.outcome, run.attempts) == ("failed", 5) and run.finished_at is not None
        assert job_run(job, now=at(2026, 3, 2, 7, 1)).periods == []

    def test_a_database_error_is_not_counted_on_the_run_but_raised_for_the_task_to_retry(self, db):
        from django.db import OperationalError

        def step(cursor):
            raise OperationalError("server closed the connection unexpectedly")

        job = Job("test.outage", periods=daily_at("06:00"), start=lambda p, n: {}, step=step)
        with pytest.raises(OperationalError):
            job_run(job, now=at(2026, 3, 2, 7, 0))
        assert JobRun.objects.get().attempts == 0

    def test_a_second_run_while_one_is_working_finds_it_busy(self, transactional_db):
        holding, release, result = threading.Event(), threading.Event(), {}

        def step(cursor):
            holding.set()
            release.wait(timeout=10)
            return None, {}

        job = Job("test.slow", periods=daily_at("06:00"), start=lambda p, n: {}, step=step)

        def first():
            result["first"] = job_run(job, now=at(2026, 3, 2, 7, 0)).outcome
            connection.close()

        thread = threading.Thread(target=first)
        thread.start()
        assert holding.wait(timeout=10)
        assert job_run(job, now=at(2026, 3, 2, 7, 0)).outcome == "busy"
        release.set()
        thread.join(timeout=10)
        assert result["first"] == "done" and JobRun.objects.get().chunks == 1


class TestCeleryPolicy:
    def test_timings_nest_a_job_budget_inside_the_time_limit_inside_the_visibility_timeout(self):
        visibility = django_settings.CELERY_BROKER_TRANSPORT_OPTIONS["visibility_timeout"]
        assert django_settings.DACASE_JOB_BUDGET_SECONDS * 2 < django_settings.CELERY_TASK_SOFT_TIME_LIMIT
        assert django_settings.CELERY_TASK_SOFT_TIME_LIMIT < django_settings.CELERY_TASK_TIME_LIMIT < visibility
        assert visibility > RETRY_BACKOFF_MAX
        assert django_settings.CELERY_WORKER_PREFETCH_MULTIPLIER == 1

    @pytest.mark.parametrize("schedule", SCHEDULES, ids=lambda s: s.task)
    def test_every_scheduled_task_is_acknowledged_late_and_retries_on_database_and_broker_errors(self, schedule):
        from django.db import InterfaceError, OperationalError
        from kombu.exceptions import OperationalError as BrokerError

        celery_app.loader.import_default_modules()
        task = celery_app.tasks[schedule.task]
        assert task.acks_late and task.reject_on_worker_lost
        assert {OperationalError, InterfaceError, BrokerError} <= set(task.autoretry_for)
        assert task.retry_backoff and task.retry_jitter and task.retry_backoff_max <= RETRY_BACKOFF_MAX


@pytest.fixture
def overdue(transactional_db, make_user, world):
    """A plan whose review is overdue: the owner is told once a day, by e-mail too."""
    pvp = make_user(Role.PVP_OFFICER, email="pvp@police.invalid")
    plan = make_plan(owner=pvp, area=world.area)
    backdate(plan, next_review_due=date.today() - timedelta(days=1))
    make_task(plan=plan, assignee=pvp)
    return plan


def _worker_session_pids() -> list[int]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )
        return [row[0] for row in cursor.fetchall()]


def test_a_task_whose_database_connection_is_cut_mid_chunk_retries_and_goes_on(overdue, monkeypatch, celery_worker):
    """A real OperationalError: the worker's PostgreSQL session is terminated while it writes a chunk."""
    retries, cut = [], threading.Event()

    def retried(**kwargs):
        retries.append(kwargs["reason"])

    task_retry.connect(retried)
    real = reminders.notifications_send_many

    def cut_once(*, notes):
        created = real(notes=notes)
        if not cut.is_set():
            cut.set()
            with connection.cursor() as cursor:  # the worker thread's own session, cut from outside it
                cursor.execute("SELECT pg_backend_pid()")
                pid = cursor.fetchone()[0]
            threading.Thread(target=_terminate, args=(pid,)).start()
            threading.Event().wait(1.0)
        return created

    monkeypatch.setattr(reminders, "notifications_send_many", cut_once)
    try:
        result = send_plan_reminders.delay().get(timeout=120)
    finally:
        task_retry.disconnect(retried)
    assert result["outcome"] == "done" and len(result["periods"]) == 1
    assert len(retries) == 1 and type(retries[0].exc).__name__ in ("OperationalError", "InterfaceError")
    run = JobRun.objects.get(job=REMINDERS.name)
    assert (run.outcome, run.attempts, run.detail["reviews"], run.detail["tasks"]) == ("done", 0, 1, 0)
    assert Notification.objects.count() == OutboxMessage.objects.count() == 1


def _terminate(pid: int) -> None:
    from django.db import connections

    conn = connections.create_connection("default")
    with conn.cursor() as cursor:
        cursor.execute("SELECT pg_terminate_backend(%s)", [pid])
    conn.close()


class RecordingScheduler(DatabaseScheduler):
    """Beat's own scheduler, keeping what it sends so that the test can wait for it."""

    def __init__(self, *args, **kwargs):
        self.sent = []
        super().__init__(*args, **kwargs)

    def apply_async(self, entry, producer=None, advance=True, **kwargs):
        result = super().apply_async(entry, producer, advance, **kwargs)
        self.sent.append((entry.task, result))
        return result


def beat_starts_and_wakes_what_is_due() -> dict:
    """Start beat (a new scheduler reads the schedule), send every due wake-up, wait for each to finish."""
    scheduler = RecordingScheduler(app=celery_app)
    while scheduler.tick() == 0:
        pass
    scheduler.sync()  # what beat keeps of each job: when it last woke it
    return {task: result.get(timeout=60) for task, result in scheduler.sent if task != "celery.backend_cleanup"}


def _wait_for_outbox() -> None:
    deadline = datetime.now().timestamp() + 30
    while OutboxMessage.objects.filter(sent_at__isnull=True).exists():
        assert datetime.now().timestamp() < deadline
        threading.Event().wait(0.1)


def test_beat_and_worker_stopped_over_period_boundaries_catch_up_once_at_any_hour(transactional_db, make_user, world):
    """Sunday 1 March 10:00 both run; they stop over Monday's week boundary and two nights; Wednesday 4 March
    at 13:17 both start again."""
    with time_machine.travel(at(2026, 3, 1, 10, 0), tick=True) as clock:
        schedules_sync()
        pvp = make_user(Role.PVP_OFFICER, email="pvp@police.invalid")
        plan = make_plan(owner=pvp, area=world.area)
        backdate(plan, next_review_due=date(2026, 3, 3))
        make_person(given_name="Siobhan", surname="O'Neill", date_of_birth=date(1988, 7, 14))
        pool = Pool(officer=make_user(Role.RESPONSE_OFFICER), handler=make_user(Role.CALL_HANDLER))
        pool.add(10, area=world.area, reviewed_at=sampling_at(date(2026, 2, 18)))
        pool.add(20, area=world.area, reviewed_at=sampling_at(date(2026, 2, 25)))
        clock.shift(timedelta(minutes=1))  # beat wakes each job a minute after it was scheduled
        celery_app.control.purge()
        with start_worker(celery_app, perform_ping_check=False, loglevel="WARNING"):
            woken = beat_starts_and_wakes_what_is_due()
        assert set(woken) == {s.task for s in SCHEDULES}
        assert woken["plans.tasks.send_plan_reminders"]["periods"] == ["2026-03-01"]
        assert woken["people.tasks.suggest_duplicates"]["periods"] == ["2026-03-01"]
        assert [p.split(":")[1] for p in woken["sampling.tasks.draw_due_samples"]["periods"]] == ["2026-02-16"] * 3
        assert Notification.objects.count() == 0  # the review is not due until Tuesday

        # Beat and the worker are down from here. On Tuesday someone adds the Siobhan again.
        clock.move_to(at(2026, 3, 3, 11, 0))
        make_person(given_name="Siobahn", surname="ONeill", date_of_birth=date(1988, 7, 14))

        clock.move_to(at(2026, 3, 4, 13, 17))
        celery_app.control.purge()
        with start_worker(celery_app, perform_ping_check=False, loglevel="WARNING"):
            woken = beat_starts_and_wakes_what_is_due()
            _wait_for_outbox()
            assert woken["plans.tasks.send_plan_reminders"]["periods"] == ["2026-03-04"]
            assert woken["people.tasks.suggest_duplicates"]["periods"] == ["2026-03-04"]
            # The week that ended on Monday 2 March, while nothing ran, is drawn now, for all three areas.
            dip = woken["sampling.tasks.draw_due_samples"]["periods"]
            assert [p.split(":")[1] for p in dip] == ["2026-02-23"] * 3
            assert sorted(DipSample.objects.filter(area=world.area).values_list("period_start", "population")) == [
                (date(2026, 2, 16), 10),
                (date(2026, 2, 23), 20),
            ]
            # The reminders tell of the review as it stands today: a day overdue.
            note = Notification.objects.get()
            assert note.kind == "plan_review_overdue" and "1 day overdue" in note.message
            assert [m.to for m in mail.outbox] == [["pvp@police.invalid"]]
            # The duplicate scan covered everyone changed since the last completed one (Sunday's).
            assert DuplicateSuggestion.objects.count() == 1
            latest = DuplicateScan.objects.order_by("-scanned_up_to").first().scanned_up_to
            assert DuplicateScan.objects.count() == 2 and at(2026, 3, 4, 13, 17) <= latest < at(2026, 3, 4, 13, 18)
            runs = sorted(JobRun.objects.values_list("job", "period", "outcome"))

            # A minute later beat wakes them again (and a restarted beat would too): nothing more is owed.
            clock.shift(timedelta(minutes=1, seconds=5))
            again = beat_starts_and_wakes_what_is_due()
        assert all(result["periods"] == [] for name, result in again.items() if "periods" in result)
        assert sorted(JobRun.objects.values_list("job", "period", "outcome")) == runs
        assert Notification.objects.count() == 1 and len(mail.outbox) == 1
        assert DuplicateScan.objects.count() == 2 and DuplicateSuggestion.objects.count() == 1
        assert DipSample.objects.count() == 6  # two weeks, three areas


class TestSchedules:
    def test_every_job_is_woken_every_minute_and_a_wake_up_not_picked_up_soon_is_dropped(self, db):
        schedules_sync()
        for s in SCHEDULES:
            task = PeriodicTask.objects.get(name=s.name)
            assert task.task == s.task and task.enabled and task.crontab is None
            assert (task.interval.every, task.interval.period, task.expire_seconds) == (1, "minutes", 50)

    def test_a_job_left_on_an_earlier_versions_crontab_is_moved_to_the_wake_up(self, db):
        PeriodicTask.objects.all().delete()
        nightly = CrontabSchedule.objects.create(minute="30", hour="2", timezone="Europe/London")
        PeriodicTask.objects.create(name=SCHEDULES[0].name, task="old.name", crontab=nightly)
        schedules_sync()
        task = PeriodicTask.objects.get(name=SCHEDULES[0].name)
        assert task.crontab is None and task.interval.every == 1 and task.task == SCHEDULES[0].task

    def test_an_interval_an_administrator_set_stands(self, db):
        schedules_sync()
        five, _ = IntervalSchedule.objects.get_or_create(every=5, period=IntervalSchedule.MINUTES)
        PeriodicTask.objects.filter(name=SCHEDULES[0].name).update(interval=five, enabled=False)
        schedules_sync()
        task = PeriodicTask.objects.get(name=SCHEDULES[0].name)
        assert task.interval.every == 5 and not task.enabled
