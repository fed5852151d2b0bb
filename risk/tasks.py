"""Scheduled work of the risk app (listed in core/schedules.py)."""

from celery import shared_task
from django.utils import timezone

from .services.sampling import dip_sample_run


@shared_task(autoretry_for=(Exception,), retry_backoff=60, max_retries=5)
def dip_sample_weekly() -> list[int]:
    """Draw each area's dip sample for its force's last complete period; a rerun draws only what is missing."""
    return [sample.pk for sample in dip_sample_run(today=timezone.localdate())]
