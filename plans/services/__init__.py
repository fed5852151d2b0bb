"""Writes for risk-management plans; each function is one transaction (the reminder job, one per item)."""

from .attach import plan_attach_assessment
from .plan import (
    plan_action_add,
    plan_action_update,
    plan_close,
    plan_reassign,
    plan_review_record,
    plan_start,
    plan_task_add,
    plan_task_complete,
)
from .reminders import ReminderKind, ReminderRun, plans_send_reminders

__all__ = [
    "ReminderKind",
    "ReminderRun",
    "plan_action_add",
    "plan_action_update",
    "plan_attach_assessment",
    "plan_close",
    "plan_reassign",
    "plan_review_record",
    "plan_start",
    "plan_task_add",
    "plan_task_complete",
    "plans_send_reminders",
]
