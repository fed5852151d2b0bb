"""Scheduled work of dip sampling (listed in core/schedules.py)."""

from datetime import date, datetime

from core.jobs import Job, daily_at, daily_due_at
from core.tasks import job_task, job_task_run

from .services import dip_sample_draw, dip_samples_owed

# A period ends at midnight; its sample is due from 03:00 that day (reviews finished late at night are in).
DUE_AT = "03:00"


def _periods(now: datetime) -> list[str]:
    """One key per area and owed period, oldest first: 'area-<id>:<first day>:<day after the last>'."""
    today = date.fromisoformat(daily_at(DUE_AT)(now)[0])
    return [f"area-{area.pk}:{p.start.isoformat()}:{p.end.isoformat()}" for area, p in dip_samples_owed(today=today)]


def _start(period: str, now: datetime) -> dict:
    area, start, end = period.split(":")
    return {"area": int(area.removeprefix("area-")), "start": start, "end": end}


def _step(cursor: dict) -> tuple[None, dict]:
    """Draw the area's sample for the period (one transaction, with the run marked done)."""
    from accounts.models import Area

    area = Area.objects.select_related("force").get(pk=cursor["area"])
    sample = dip_sample_draw(
        area=area,
        period_start=date.fromisoformat(cursor["start"]),
        period_end=date.fromisoformat(cursor["end"]),
        percent=area.force.dip_sample_percent,
    )
    return None, {"sample": sample.pk, "population": sample.population, "sample_size": sample.sample_size}


def _due_at(period: str) -> datetime:
    """A period's sample falls due at 03:00 on the day after its last."""
    return daily_due_at(DUE_AT)(period.split(":")[2])


DIP_SAMPLES = Job("sampling.dip_samples", periods=_periods, start=_start, step=_step, due_at=_due_at)


@job_task("sampling.tasks.draw_due_samples")
def draw_due_samples(self) -> dict:
    """Draw every area's sample for each whole period (week, fortnight or month) that has ended without one."""
    return job_task_run(self, DIP_SAMPLES)
