"""Periodic jobs decide from the database what they owe, not from the scheduler's memory.

A job is a name, the periods due by a moment (``periods``), where a period's work starts (``start``) and
one chunk of that work (``step``). ``job_run`` takes the periods due by now that have no finished
``JobRun``, oldest first, and works through each chunk by chunk: each chunk is one transaction that
holds the chunk's work and the run's new cursor together, so a worker killed half-way leaves whole
chunks done and the next run carries on from the cursor, and a period is marked done in the same
transaction as its last chunk. Celery beat only wakes a job (every minute, core/schedules.py): a wake-up
with nothing owed costs one query, and after an outage, whatever its length and whatever the hour, the
next wake-up does every period owed, each once.

One run of a job at a time (a PostgreSQL advisory lock, freed with the connection if the worker dies);
a second finds it busy and returns. A run stops at the first chunk's end after ``DACASE_JOB_BUDGET_SECONDS``
and the task sends itself again for the rest, so that a worker's warm shutdown (docker-compose's
stop_grace_period) waits for one budget at most.

Infrastructure errors (database, broker) propagate: the task retries with backoff (core.tasks). Any
other error in a chunk rolls that chunk back and is counted on the run, and the run goes on with the
next period; the next wake-up tries the failed one again, and after ``MAX_ATTEMPTS`` failures it is
marked failed and left, with the error logged.
Every period's start, end and outcome is logged with the job's name and the period.
"""

import logging
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from datetime import time as clock

from django.conf import settings
from django.db import InterfaceError, OperationalError, connection, transaction
from django.utils import timezone
from kombu.exceptions import OperationalError as BrokerError

from .models import JobRun
from .outages import OUTAGES

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 5

# Errors of the database or the broker: the task retries them (core.tasks); never counted on a run.
RETRY_ON = (*OUTAGES, BrokerError)

# Every job declared, by name (each registers itself): the metrics ask each how far behind it is.
JOBS: dict[str, "Job"] = {}


@dataclass(frozen=True)
class Job:
    """A periodic job. ``step(cursor)`` runs inside the chunk's transaction and returns the next cursor
    (None when the period is finished) and the counts to add to the run's detail."""

    name: str
    periods: Callable[[datetime], list[str]]
    start: Callable[[str, datetime], dict]
    step: Callable[[dict], tuple[dict | None, dict]]
    # When a period fell due (its lag is counted from then); None: the job does not say.
    due_at: Callable[[str], datetime] | None = None

    def __post_init__(self) -> None:
        JOBS[self.name] = self


@dataclass
class JobResult:
    job: str
    outcome: str  # "done" (nothing more owed), "more" (budget spent: continue), "busy", "failed"
    periods: list[str]

    def as_dict(self) -> dict:
        return {"job": self.job, "outcome": self.outcome, "periods": self.periods}


def daily_at(at: str) -> Callable[[datetime], list[str]]:
    """The one daily period due by ``now``: today's date once the local time ``at`` ("06:30") has passed,
    else yesterday's. Days missed before it are not owed separately: a daily job does what is due up to now."""
    hour, minute = (int(part) for part in at.split(":"))

    def periods(now: datetime) -> list[str]:
        local = timezone.localtime(now)
        day = local.date()
        if (local.hour, local.minute) < (hour, minute):
            day -= timedelta(days=1)
        return [day.isoformat()]

    return periods


def daily_due_at(at: str | Callable[[], str]) -> Callable[[str], datetime]:
    """When a day's period ("2026-03-02") fell due: that day at the local time ``at`` (or ``at()``, read when
    asked, for a time from the settings)."""

    def due_at(period: str) -> datetime:
        hour, minute = (int(part) for part in (at() if callable(at) else at).split(":"))
        return timezone.make_aware(datetime.combine(date.fromisoformat(period), clock(hour, minute)))

    return due_at


def job_lag(job: Job, now: datetime) -> tuple[int, float | None]:
    """How far behind ``job`` is at ``now``: the periods it owes, and the seconds since the oldest of them fell
    due (0 when it owes none; None when it owes some but does not say when they fell due)."""
    owed = owed_periods(job, now)
    if not owed:
        return 0, 0.0
    if job.due_at is None:
        return len(owed), None
    return len(owed), max(0.0, (now - job.due_at(owed[0])).total_seconds())


def owed_periods(job: Job, now: datetime) -> list[str]:
    """The periods due by ``now`` that have no finished run, oldest first."""
    due = job.periods(now)
    finished = set(
        JobRun.objects.filter(job=job.name, period__in=due, finished_at__isnull=False).values_list("period", flat=True)
    )
    return [p for p in due if p not in finished]


@contextmanager
def _one_at_a_time(name: str) -> Iterator[bool]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_lock(hashtext('core.jobs'), hashtext(%s))", [name])
        held = cursor.fetchone()[0]
    try:
        yield held
    finally:
        if held:
            try:
                with connection.cursor() as cursor:
                    cursor.execute("SELECT pg_advisory_unlock(hashtext('core.jobs'), hashtext(%s))", [name])
            except (OperationalError, InterfaceError):
                connection.close()  # the lock went with the connection


def _log(run: JobRun, message: str, level: int = logging.INFO, **extra) -> None:
    logger.log(
        level,
        message,
        extra={"job": run.job, "period": run.period, "outcome": run.outcome, "chunks": run.chunks, **extra},
    )


def _open(job: Job, period: str, now: datetime) -> JobRun:
    run = JobRun.objects.filter(job=job.name, period=period).first()
    if run is None:
        run = JobRun.objects.create(job=job.name, period=period, started_at=now, cursor=job.start(period, now))
        _log(run, "Job period started")
    else:
        _log(run, "Job period resumed", cursor=run.cursor)
    return run


def _chunk(job: Job, run: JobRun) -> JobRun:
    """One chunk and the run's new cursor (or its end), in one transaction."""
    with transaction.atomic():
        run = JobRun.objects.select_for_update().get(pk=run.pk)
        if run.finished_at is not None:
            return run
        cursor, counts = job.step(run.cursor)
        for key, value in counts.items():
            run.detail[key] = run.detail.get(key, 0) + value
        run.chunks += 1
        if cursor is None:
            run.outcome, run.finished_at = JobRun.Outcome.DONE, timezone.now()
        else:
            run.cursor = cursor
        run.save()
    if run.finished_at is not None:
        _log(run, "Job period finished", detail=run.detail)
    return run


def _failed(run: JobRun, exc: Exception) -> JobRun:
    run.attempts += 1
    run.last_error = f"{type(exc).__name__}: {exc}"[:300]
    if run.attempts >= MAX_ATTEMPTS:
        run.outcome, run.finished_at = JobRun.Outcome.FAILED, timezone.now()
    run.save(update_fields=["attempts", "last_error", "outcome", "finished_at"])
    level = logging.ERROR if run.finished_at else logging.WARNING
    message = "Job period failed; given up" if run.finished_at else "Job chunk failed; the next run tries again"
    logger.log(
        level,
        message,
        exc_info=exc,
        extra={"job": run.job, "period": run.period, "outcome": run.outcome, "attempts": run.attempts},
    )
    return run


def job_run(job: Job, *, now: datetime | None = None, budget: float | None = None) -> JobResult:
    """Do the periods ``job`` owes at ``now``, chunk by chunk, until done or ``budget`` seconds have passed."""
    now = now or timezone.now()
    budget = settings.DACASE_JOB_BUDGET_SECONDS if budget is None else budget
    deadline = time.monotonic() + budget
    with _one_at_a_time(job.name) as held:
        if not held:
            logger.info("Job already running elsewhere", extra={"job": job.name, "outcome": "busy"})
            return JobResult(job.name, "busy", [])
        done, failed = [], False
        for period in owed_periods(job, now):
            run = _open(job, period, now)
            while run.finished_at is None:
                try:
                    run = _chunk(job, run)
                except RETRY_ON:
                    raise
                except Exception as exc:  # noqa: BLE001 - counted on the run, logged, tried again later
                    _failed(run, exc)
                    failed = True
                    break  # this period waits for the next wake-up; the others go on
                if run.finished_at is None and time.monotonic() > deadline:
                    _log(run, "Job budget spent; continuing in a new task", cursor=run.cursor)
                    return JobResult(job.name, "more", done)
            else:
                done.append(period)
        return JobResult(job.name, "failed" if failed else "done", done)
