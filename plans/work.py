"""Plan entries of the "my work" list: the user's tasks and reviews due by tomorrow, or overdue."""

from django.utils import timezone

from core.work import WorkItem, WorkSection, provider

from .selectors import reviews_due, tasks_due

LIMIT = 10


@provider
def plan_tasks_due(user) -> WorkSection | None:
    if not user.has_perm("plans.complete_plantask"):
        return None
    today = timezone.localdate()
    tasks = list(tasks_due(user, today=today)[:LIMIT])
    return WorkSection(
        "Plan tasks due",
        [
            WorkItem(
                t.title,
                t.plan.get_absolute_url() + "#tasks",
                f"Plan {t.plan.reference}, {t.plan.area.name}; due {t.due_date:%d/%m/%Y}",
                overdue=t.due_date < today,
            )
            for t in tasks
        ],
        empty_text="No plan task is due.",
    )


@provider
def plan_reviews_due(user) -> WorkSection | None:
    if not user.has_perm("plans.add_planreview"):
        return None
    today = timezone.localdate()
    plans = list(reviews_due(user, today=today)[:LIMIT])
    return WorkSection(
        "Plan reviews due",
        [
            WorkItem(
                f"Review plan {p.reference}",
                p.get_absolute_url() + "#reviews",
                f"{p.get_grade_display()} risk, {p.area.name}; due {p.next_review_due:%d/%m/%Y}",
                overdue=p.next_review_due < today,
            )
            for p in plans
        ],
        empty_text="None of your plans is due for review.",
    )
