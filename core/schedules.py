"""Every periodic job, in one place, and how often beat wakes it.

Beat only wakes a job; the job decides from the database what it owes (core/jobs.py), so a wake-up
that is missed (beat stopped, Redis down when it was sent) or comes late costs nothing: the next one
does the work. Each job falls due at its own time (``due``, from the settings); beat wakes every job
every minute, so the work starts within a minute of falling due, and within a minute of a worker
coming back. A wake-up not picked up within ``EXPIRES`` seconds (the workers are busy or down) is
dropped rather than queued behind others: the next one does the same.

``schedules_sync`` (run after every migrate) creates each job's wake-up in django-celery-beat if it is
missing, turns a job still on the crontab of earlier versions into the wake-up (a crontab only fires
at its hour, and django-celery-beat does not even look at one more than two hours away) and follows a
renamed task. An interval an administrator has set in the admin (or a job disabled) is left as it is.
"""

from dataclasses import dataclass

EVERY_MINUTES = 1
EXPIRES = 50


@dataclass(frozen=True)
class Schedule:
    name: str
    task: str
    due: str = ""
    description: str = ""


SCHEDULES: tuple[Schedule, ...] = (
    Schedule(
        "Suggest duplicate people",
        "people.tasks.suggest_duplicates",
        due="nightly at DACASE_DUPLICATES_AT (02:30)",
        description="Nightly: compares people created or changed since the last completed scan and suggests "
        "duplicates.",
    ),
    Schedule(
        "Draw dip samples",
        "sampling.tasks.draw_due_samples",
        due="after each period ends (week, fortnight or month)",
        description="Draws each area's dip sample of standard-risk assessments for every whole period (week, "
        "fortnight or month, as the force sets it) that has none yet.",
    ),
    Schedule(
        "Plan reminders",
        "plans.tasks.send_plan_reminders",
        due="daily at DACASE_REMINDERS_AT (06:30)",
        description="Daily, before the early shift: reminders for plan reviews and tasks due or overdue, and "
        "escalations to supervisors. State-based: after an outage the next run catches up; it never repeats.",
    ),
    Schedule(
        "Safeguarding clocks",
        "safeguarding.tasks.run_clocks",
        due="every 15 minutes",
        description="Reminders before each safeguarding deadline (DVPO hearing, order ends, notification "
        "requirements, disclosures, victims' updates) and escalations after it, each once. State-based: after an "
        "outage the next run sends everything owed.",
    ),
    Schedule(
        "Send e-mails",
        "core.tasks.drain_outbox",
        due="as soon as an e-mail is written",
        description="Sends the e-mails waiting in the outbox (also asked for as each is written); a failed send "
        "is tried again later.",
    ),
)


def schedules_sync() -> None:
    from django_celery_beat.models import IntervalSchedule, PeriodicTask

    every, _ = IntervalSchedule.objects.get_or_create(every=EVERY_MINUTES, period=IntervalSchedule.MINUTES)
    for s in SCHEDULES:
        description = f"Woken every minute; due {s.due}. {s.description}"
        job = PeriodicTask.objects.filter(name=s.name).first()
        if job is None:
            PeriodicTask.objects.create(
                name=s.name, task=s.task, interval=every, expire_seconds=EXPIRES, description=description
            )
            continue
        if job.crontab_id is not None:
            job.crontab, job.interval, job.expire_seconds, job.description = None, every, EXPIRES, description
        job.task = s.task  # a task that was renamed is followed
        job.save()
