"""Scheduled work of dip sampling (listed in core/schedules.py)."""

from celery import shared_task
from django.utils import timezone

from .services import dip_sample_run


@shared_task(autoretry_for=(Exception,), retry_backoff=60, max_retries=5)
def draw_due_samples() -> list[int]:
    """Draw each area's sample for its force's last whole period (week, fortnight or month).

    Runs weekly; a period already drawn is left as it is, so a rerun (or a Monday inside a month)
    draws only what is missing.
    """
    return [sample.pk for sample in dip_sample_run(today=timezone.localdate())]
