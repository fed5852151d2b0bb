"""The one scheduled job for every safeguarding clock (listed in core/schedules.py)."""

from core.tasks import job_task, job_task_run

from .clocks import CLOCK_JOB


@job_task("safeguarding.tasks.run_clocks")
def run_clocks(self) -> dict:
    """Reminders before each safeguarding deadline and escalations after it, each once."""
    return job_task_run(self, CLOCK_JOB)
