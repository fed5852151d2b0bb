"""Scheduled work of the plans app (listed in core/schedules.py)."""

from dataclasses import asdict

from django.conf import settings
from django.utils import timezone

from core.jobs import Job, daily_at, daily_due_at
from core.tasks import job_task, job_task_run

from .services.reminders import reminders_start, reminders_step


def _start(period: str, now) -> dict:
    # The reminders speak of the day the run starts on: after 00:00 a run still owed for the day before
    # tells of what is due today (a missed day is not replayed: its items are still due, or now overdue).
    return reminders_start(today=timezone.localdate(now))


def _step(cursor: dict) -> tuple[dict | None, dict]:
    cursor, run = reminders_step(cursor=cursor)
    return cursor, asdict(run)


REMINDERS = Job(
    "plans.reminders",
    periods=lambda now: daily_at(settings.DACASE_REMINDERS_AT)(now),
    start=_start,
    step=_step,
    due_at=daily_due_at(lambda: settings.DACASE_REMINDERS_AT),
)


@job_task("plans.tasks.send_plan_reminders")
def send_plan_reminders(self) -> dict:
    """Daily: reminders and escalations for plan reviews and tasks due or overdue, once the day's are due."""
    return job_task_run(self, REMINDERS)
