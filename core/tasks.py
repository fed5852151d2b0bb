"""How every task of the project is declared, and the outbox's own task.

``job_task`` gives a task what each of ours needs: it retries on database and broker errors with
exponential backoff and jitter (never past the broker's visibility timeout, so a retry waiting its turn
is not delivered twice), it is acknowledged only once it has finished and is given back to the queue if
its worker process dies (our tasks are idempotent: each works out from the database what is left to do).
"""

import logging

from celery import shared_task

from .jobs import RETRY_ON, Job, job_run
from .outbox import DRAIN_TASK, outbox_drain

logger = logging.getLogger(__name__)

RETRY_BACKOFF_MAX = 240  # seconds; below the broker's visibility timeout (settings.CELERY_BROKER_TRANSPORT_OPTIONS)


def job_task(name: str, **options):
    """Declare a task with the project's retry and acknowledgement policy."""
    return shared_task(
        name=name,
        bind=True,
        acks_late=True,
        reject_on_worker_lost=True,
        autoretry_for=RETRY_ON,
        retry_backoff=5,
        retry_backoff_max=RETRY_BACKOFF_MAX,
        retry_jitter=True,
        max_retries=12,
        **options,
    )


def job_task_run(task, job: Job) -> dict:
    """Run ``job`` from its task; when its budget is spent, send the task again for the rest."""
    result = job_run(job)
    if result.outcome == "more":
        continue_later(task)
    return result.as_dict()


def continue_later(task) -> None:
    """Send ``task`` again (best effort: if the broker is down, beat's next wake-up carries on)."""
    try:
        task.apply_async(retry=False)
    except RETRY_ON:
        logger.warning("Could not send the rest of a job; the next scheduled run carries on", extra={"task": task.name})


@job_task(DRAIN_TASK)
def drain_outbox(self) -> dict:
    """Send the e-mails waiting in the outbox (every minute, and just after a notification commits)."""
    result = outbox_drain()
    if result["more"]:
        continue_later(self)
    return result
