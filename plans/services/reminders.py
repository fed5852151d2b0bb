"""The daily reminder job: plan reviews and tasks due by tomorrow or overdue, escalated when long overdue.

- Due today or tomorrow: a reminder to the plan's owner (reviews) or the task's assignee.
- Overdue: an "overdue" reminder to them, every day until it is done.
- Overdue by more than the force's ``plan_escalation_days``: an escalation to
  their supervisor (``User.supervisor``), or, with none, to the area's PVP
  supervisors. An overdue task's escalation also goes to the plan's owner. An
  owner or assignee who has left (inactive) is skipped and the item escalated
  at once, so that someone picks it up.

It is state-based: each run looks at what is due now. A run after an outage
catches up; a second run the same day, or two at once, sends nothing twice,
because each notification has a key (kind, item, day, recipient) that the
database keeps unique. The work goes in chunks of items in primary-key order
(reviews, then tasks), each chunk one transaction with, in the job, the cursor
of the next (core.jobs): if the worker dies half-way, the chunks done stay
done and the next run goes on from the cursor. A chunk's notifications and
their e-mails are written in one statement (core.services.notifications_send_many),
not one round trip per item. An item whose notifications cannot be made, or,
should the chunk's statement fail, cannot be written alone in a savepoint, is
logged and left for the next day's run, and the others go on; a database
outage stops the run, to be retried (core.tasks). Each notification's e-mail
goes through the outbox, committed with it (core.outbox).
"""

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.db import InterfaceError, OperationalError, models, transaction
from django.db.models import QuerySet
from django.urls import reverse

from core.services import NewNotification, notifications_send_many

from ..models import PlanTask, RiskManagementPlan, plan_reference
from ..selectors import area_pvp_supervisors

logger = logging.getLogger(__name__)

# Items a chunk takes: one statement writes all their notifications and e-mails; about a second of work
# (bench/plan_reminders.py), well inside a job's budget and a stop grace.
CHUNK_SIZE = 5_000


class ReminderKind(models.TextChoices):
    REVIEW_DUE = "plan_review_due", "Plan review due"
    REVIEW_OVERDUE = "plan_review_overdue", "Plan review overdue"
    REVIEW_ESCALATED = "plan_review_escalated", "Overdue plan review escalated"
    TASK_DUE = "plan_task_due", "Plan task due"
    TASK_OVERDUE = "plan_task_overdue", "Plan task overdue"
    TASK_ESCALATED = "plan_task_escalated", "Overdue plan task escalated"


ESCALATIONS = {ReminderKind.REVIEW_ESCALATED, ReminderKind.TASK_ESCALATED}


@dataclass
class ReminderRun:
    """What one run did."""

    reviews: int = 0
    tasks: int = 0
    notifications: int = 0
    escalations: int = 0
    failed: int = 0


@dataclass(frozen=True)
class _Recipient:
    id: int
    email: str
    name: str = ""


class _Directory:
    """Supervisors and each area's PVP supervisors, looked up once per run (bounded by users, not plans)."""

    def __init__(self) -> None:
        from accounts.models import User

        self._user_model = User
        self._users: dict[int, _Recipient | None] = {}
        self._areas: dict[int, list[_Recipient]] = {}

    def user(self, user_id: int | None) -> _Recipient | None:
        if not user_id:
            return None
        if user_id not in self._users:
            u = self._user_model.objects.filter(pk=user_id, is_active=True).only("email", "first_name", "last_name")
            found = u.first()
            self._users[user_id] = _Recipient(found.pk, found.email, str(found)) if found else None
        return self._users[user_id]

    def area_supervisors(self, area_id: int) -> list[_Recipient]:
        if area_id not in self._areas:
            self._areas[area_id] = [_Recipient(u.pk, u.email, str(u)) for u in area_pvp_supervisors(area_id)]
        return self._areas[area_id]

    def escalate_to(self, user_id: int | None, supervisor_id: int | None, area_id: int) -> list[_Recipient]:
        """The user's supervisor, or with none (or none active), the area's PVP supervisors; never the user."""
        supervisor = self.user(supervisor_id)
        people = [supervisor] if supervisor else self.area_supervisors(area_id)
        return [p for p in people if p.id != user_id]


def _days(n: int) -> str:
    return f"{n} day{'s' if n != 1 else ''}"


def _when(due: date, today: date) -> str:
    if due == today:
        return "today"
    if due == today + timedelta(days=1):
        return "tomorrow"
    return f"on {due:%d/%m/%Y}"


def _name(row: dict, prefix: str) -> str:
    full = f"{row[prefix + '__first_name']} {row[prefix + '__last_name']}".strip()
    return full or row[prefix + "__username"]


def _notes_of(*, today: date, item: str, url: str, notes: list) -> list[NewNotification]:
    """One item's notifications, each recipient and kind once."""
    return [
        NewNotification(
            user_id=recipient.id,
            kind=kind,
            message=message,
            url=url,
            dedupe_key=f"{kind}:{item}:{today.isoformat()}:{recipient.id}",
            email=recipient.email,
        )
        for recipient, kind, message in notes
    ]


_PERSON = ("is_active", "email", "first_name", "last_name", "username")


def _review_notes(row: dict, today: date, people: _Directory) -> list:
    due, ref = row["next_review_due"], plan_reference(row["pk"])
    late = (today - due).days
    owner = _Recipient(row["owner_id"], row["owner__email"]) if row["owner__is_active"] else None
    notes = []
    if owner and late <= 0:
        notes.append((owner, ReminderKind.REVIEW_DUE, f"The review of plan {ref} is due {_when(due, today)}."))
    elif owner:
        notes.append(
            (
                owner,
                ReminderKind.REVIEW_OVERDUE,
                f"The review of plan {ref} is {_days(late)} overdue (due {due:%d/%m/%Y}).",
            )
        )
    grace = row["area__force__plan_escalation_days"]
    if owner is None:
        message = f"Plan {ref} has no active owner and its review is due {_when(due, today)}: give it a new owner."
        if late > 0:
            message = f"Plan {ref} has no active owner and its review is {_days(late)} overdue: give it a new owner."
    elif late > grace:
        message = f"Escalation: the review of plan {ref}, owned by {_name(row, 'owner')}, is {_days(late)} overdue."
    else:
        return notes
    supervisors = people.escalate_to(row["owner_id"], row["owner__supervisor_id"], row["area_id"])
    notes.extend((s, ReminderKind.REVIEW_ESCALATED, message) for s in supervisors)
    return notes


def _task_notes(row: dict, today: date, people: _Directory) -> list:
    due, ref, pk = row["due_date"], plan_reference(row["plan_id"]), row["pk"]
    late = (today - due).days
    assignee = _Recipient(row["assignee_id"], row["assignee__email"]) if row["assignee__is_active"] else None
    owner = _Recipient(row["plan__owner_id"], row["plan__owner__email"]) if row["plan__owner__is_active"] else None
    # A task whose officer has left goes to the plan's owner to reassign.
    responsible = assignee or owner
    label = f"Task {pk} on plan {ref}" + ("" if assignee else f" (its officer, {_name(row, 'assignee')}, has left)")
    notes = []
    if responsible and late <= 0:
        notes.append((responsible, ReminderKind.TASK_DUE, f"{label} is due {_when(due, today)}."))
    elif responsible:
        notes.append(
            (responsible, ReminderKind.TASK_OVERDUE, f"{label} is {_days(late)} overdue (due {due:%d/%m/%Y}).")
        )
    if responsible is None or late > row["plan__area__force__plan_escalation_days"]:
        message = f"Escalation: task {pk} on plan {ref}, given to {_name(row, 'assignee')}, is {_days(late)} overdue."
        if late <= 0:
            message = (
                f"Task {pk} on plan {ref} is due {_when(due, today)} and neither its officer nor the owner is active."
            )
        recipients = people.escalate_to(row["assignee_id"], row["assignee__supervisor_id"], row["plan__area_id"])
        if owner and owner.id != row["assignee_id"]:
            recipients.append(owner)
        notes.extend((r, ReminderKind.TASK_ESCALATED, message) for r in recipients)
    return notes


def _item(
    run: ReminderRun,
    today: date,
    *,
    item: str,
    url: str,
    notes: Callable[[dict, date, _Directory], list[NewNotification]],
    row: dict,
    people: _Directory,
) -> list[NewNotification]:
    """What the item owes (its notifications, not yet written); an item whose notes cannot be made is counted
    as failed, logged and left for the next run."""
    try:
        return _notes_of(today=today, item=item, url=url, notes=notes(row, today, people))
    except (OperationalError, InterfaceError):
        raise  # the database is down: the whole run is retried, not this item counted as failed
    except Exception:
        run.failed += 1
        logger.exception("Plan reminder failed; the next run will try again", extra={"item": item})
        return []


def _count(run: ReminderRun, notes: list[NewNotification], created: set[str]) -> None:
    for note in notes:
        if note.dedupe_key in created:
            run.notifications += 1
            run.escalations += note.kind in ESCALATIONS


def _write(run: ReminderRun, owed: list[tuple[str, list[NewNotification]]]) -> None:
    """Write a chunk's notifications (and their e-mails) in one statement. Should that fail for anything but
    the database being down, the items are written one by one, each in a savepoint, so that only the items
    that fail are left for the next run."""
    notes = [note for _, item_notes in owed for note in item_notes]
    try:
        with transaction.atomic():
            _count(run, notes, notifications_send_many(notes=notes))
        return
    except (OperationalError, InterfaceError):
        raise
    except Exception:
        logger.warning("A chunk of plan reminders failed as a whole; writing its items one by one", exc_info=True)
    for item, item_notes in owed:
        try:
            with transaction.atomic():
                _count(run, item_notes, notifications_send_many(notes=item_notes))
        except (OperationalError, InterfaceError):
            raise
        except Exception:
            run.failed += 1
            logger.exception("Plan reminder failed; the next run will try again", extra={"item": item})


def _reviews_due(horizon: date) -> QuerySet[RiskManagementPlan, dict[str, Any]]:
    return (
        RiskManagementPlan.objects.open()
        .filter(next_review_due__lte=horizon)
        .values(
            "pk",
            "next_review_due",
            "area_id",
            "area__force__plan_escalation_days",
            "owner_id",
            "owner__supervisor_id",
            *(f"owner__{f}" for f in _PERSON),
        )
    )


def _tasks_due(horizon: date) -> QuerySet[PlanTask, dict[str, Any]]:
    return PlanTask.objects.filter(
        status=PlanTask.Status.OPEN, due_date__lte=horizon, plan__status=RiskManagementPlan.Status.OPEN
    ).values(
        "pk",
        "due_date",
        "plan_id",
        "plan__area_id",
        "plan__area__force__plan_escalation_days",
        "plan__owner_id",
        "plan__owner__is_active",
        "plan__owner__email",
        "assignee_id",
        "assignee__supervisor_id",
        *(f"assignee__{f}" for f in _PERSON),
    )


_SLOT = 2_147_483_647  # a plan id no real plan has, where the id goes in the page's path


def _plan_url() -> str:
    """The plan page's path with ``{}`` for the id: reversed once a chunk, not once an item (reverse() cost
    more than all the rest of an item's work)."""
    return reverse("plans:detail", args=[_SLOT]).replace(str(_SLOT), "{}")


def reminders_start(*, today: date) -> dict:
    """Where a day's run starts: the first review."""
    return {"today": today.isoformat(), "phase": "reviews", "after": 0}


def reminders_step(*, cursor: dict, chunk_size: int | None = None) -> tuple[dict | None, ReminderRun]:
    """One chunk of a day's run, from ``cursor``, in the caller's transaction: the next cursor (None when the
    day is done) and what the chunk did. Rows are read in primary-key order (keyset paging): memory and time
    per chunk stay flat however many are due."""
    today, phase, after = date.fromisoformat(cursor["today"]), cursor["phase"], cursor["after"]
    chunk_size = chunk_size or CHUNK_SIZE
    run, people, horizon = ReminderRun(), _Directory(), today + timedelta(days=1)
    due = _reviews_due(horizon) if phase == "reviews" else _tasks_due(horizon)
    rows = list(due.filter(pk__gt=after).order_by("pk")[:chunk_size])
    owed, plan_url = [], _plan_url()
    for row in rows:
        if phase == "reviews":
            run.reviews += 1
            item, url = f"plan:{row['pk']}", plan_url.format(row["pk"]) + "#reviews"
            owed.append((item, _item(run, today, item=item, url=url, notes=_review_notes, row=row, people=people)))
        else:
            run.tasks += 1
            item, url = f"task:{row['pk']}", plan_url.format(row["plan_id"]) + "#tasks"
            owed.append((item, _item(run, today, item=item, url=url, notes=_task_notes, row=row, people=people)))
    _write(run, owed)
    if len(rows) == chunk_size:
        return {**cursor, "after": rows[-1]["pk"]}, run
    if phase == "reviews":
        return {**cursor, "phase": "tasks", "after": 0}, run
    return None, run


def plans_send_reminders(*, today: date, chunk_size: int | None = None) -> ReminderRun:
    """Send today's reminders and escalations for plan reviews and tasks, in one go; safe to run again, or
    twice at once. Each chunk is committed on its own (see the module's docstring); the scheduled job does
    the same chunks through core.jobs, which keeps the cursor between them."""
    total = ReminderRun()
    cursor: dict | None = reminders_start(today=today)
    while cursor is not None:
        with transaction.atomic():
            cursor, run = reminders_step(cursor=cursor, chunk_size=chunk_size)
        for key, value in vars(run).items():
            setattr(total, key, getattr(total, key) + value)
    logger.info("Plan reminders sent", extra={"run": vars(total), "today": today.isoformat()})
    return total
