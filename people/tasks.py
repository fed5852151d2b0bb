"""Scheduled work of the person index (listed in core/schedules.py)."""

from datetime import datetime

from django.conf import settings

from core.jobs import Job, daily_at, daily_due_at
from core.tasks import job_task, job_task_run

from .models import DuplicateScan
from .services import duplicates_suggest_chunk

CHUNK_SIZE = 200  # people compared per chunk (each a few index lookups)


def _start(period: str, now: datetime) -> dict:
    """Since the start of the last completed scan (all people the first time), up to now."""
    last = DuplicateScan.objects.order_by("-scanned_up_to").first()
    since = last.scanned_up_to.isoformat() if last else None
    return {"since": since, "up_to": now.isoformat(), "after": 0, "created": 0}


def _step(cursor: dict) -> tuple[dict | None, dict]:
    since = datetime.fromisoformat(cursor["since"]) if cursor["since"] else None
    created, compared, last = duplicates_suggest_chunk(since=since, after=cursor["after"], size=CHUNK_SIZE)
    total, counts = cursor["created"] + created, {"suggestions": created, "people": compared}
    if last is None:
        DuplicateScan.objects.create(scanned_up_to=datetime.fromisoformat(cursor["up_to"]), suggestions=total)
        return None, counts
    return {**cursor, "after": last, "created": total}, counts


DUPLICATES = Job(
    "people.duplicates",
    periods=lambda now: daily_at(settings.DACASE_DUPLICATES_AT)(now),
    start=_start,
    step=_step,
    due_at=daily_due_at(lambda: settings.DACASE_DUPLICATES_AT),
)


@job_task("people.tasks.suggest_duplicates")
def suggest_duplicates(self) -> dict:
    """Nightly: suggest duplicates among people changed since the last completed scan."""
    return job_task_run(self, DUPLICATES)
