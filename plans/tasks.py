from dataclasses import asdict

from celery import shared_task
from django.utils import timezone

from .services import plans_send_reminders


@shared_task
def send_plan_reminders() -> dict:
    """Daily: reminders and escalations for plan reviews and tasks due or overdue (state-based; safe to repeat)."""
    return asdict(plans_send_reminders(today=timezone.localdate()))
