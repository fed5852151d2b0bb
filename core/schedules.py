"""Every periodic job, in one place.

``schedules_sync`` (run after every migrate) creates each job in
django-celery-beat if it is missing. It never overwrites a schedule that an
administrator has since changed in the admin, so the force's own timing stands.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Schedule:
    name: str
    task: str
    minute: str = "0"
    hour: str = "*"
    day_of_week: str = "*"
    description: str = ""


SCHEDULES: tuple[Schedule, ...] = (
    Schedule(
        "Suggest duplicate people",
        "people.tasks.suggest_duplicates",
        minute="30",
        hour="2",
        description="Nightly: compares people created or changed since the last run and suggests duplicates.",
    ),
    Schedule(
        "Draw dip samples",
        "sampling.tasks.draw_due_samples",
        minute="0",
        hour="3",
        day_of_week="1",
        description="Mondays: draws each area's dip sample of standard-risk assessments for the last whole period "
        "(week, fortnight or month, as the force sets it).",
    ),
    Schedule(
        "Plan reminders",
        "plans.tasks.send_plan_reminders",
        minute="30",
        hour="6",
        description="Daily, before the early shift: reminders for plan reviews and tasks due or overdue, and "
        "escalations to supervisors. State-based: after an outage the next run catches up; it never repeats.",
    ),
)


def schedules_sync() -> None:
    from django.conf import settings
    from django_celery_beat.models import CrontabSchedule, PeriodicTask

    for s in SCHEDULES:
        if PeriodicTask.objects.filter(name=s.name).exists():
            continue
        crontab, _ = CrontabSchedule.objects.get_or_create(
            minute=s.minute,
            hour=s.hour,
            day_of_week=s.day_of_week,
            day_of_month="*",
            month_of_year="*",
            timezone=settings.TIME_ZONE,
        )
        PeriodicTask.objects.create(name=s.name, task=s.task, crontab=crontab, description=s.description)
