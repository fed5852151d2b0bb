"""The registry of safeguarding clocks and the one job that keeps them (README: Safeguarding, the clock table).

A clock source (``@clock_source`` on a ``ClockSource`` subclass) says which items are open and when each is
due: a ``DueItem`` names its deadline, what must be done, who must act (reminded before the deadline) and who
is told when it has passed (escalation). Each part of the app registers its own: the DVPN hearing, a DVPO's
end, a DAPO's notification requirements, a Clare's Law decision, a Victims' Code update...

The job (``CLOCK_JOB``, core/jobs.py, woken every minute by beat, due every ``SLOT_MINUTES``) walks every source
in name order, a chunk of items at a time (one transaction per chunk with the job's cursor, a savepoint per
item). It is state-based: each run asks what is open now, so after an outage of any length the next run
sends every reminder and escalation owed, and never one twice: a ``ClockNotice`` row per item, deadline and
kind is unique in the database, and each notification's dedupe key (core.services.notification_send) too.
An item that fails rolls back alone and is tried again by the next run. Notifications go through the one
notification service, so the e-mail (references only, never a name) leaves through the outbox.
"""

import logging
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone

from core.jobs import RETRY_ON, Job
from core.periods import force_timezone
from core.services import notification_send

logger = logging.getLogger(__name__)

SLOT_MINUTES = 15
CHUNK_SIZE = 200
DEFAULT_REMIND_BEFORE = timedelta(hours=12)


@dataclass(frozen=True)
class DueItem:
    """One open deadline."""

    source: str
    key: str  # unique within the source and stable (e.g. "notice:12"); with the deadline, it names the item
    order: int  # the job's cursor: items of a source come in increasing ``order`` (their primary key)
    deadline: datetime
    what: str  # what must be done, by reference only ("Hearing of the DVPO application for DVPN-12")
    must_act: str = ""  # who must act, in words for the page ("PC A. Officer (applicant)")
    act_user_ids: tuple[int, ...] = ()  # reminded before the deadline
    escalate_user_ids: tuple[int, ...] = ()  # told when it has passed (with those who must act)
    url: str = ""
    area_id: int | None = None
    remind_before: timedelta = DEFAULT_REMIND_BEFORE
    escalates: bool = True  # False: a reminder only (an order's end is not a failure to act)
    detail: dict = field(default_factory=dict, compare=False)

    def state(self, now: datetime) -> str:
        if now >= self.deadline:
            return "overdue"
        if now >= self.deadline - self.remind_before:
            return "due_soon"
        return "open"


class ClockSource:
    """A kind of deadline. Subclass, set ``name`` and ``label``, implement ``due`` (for the job) and
    ``visible`` (for the clock list), and decorate with ``@clock_source``."""

    name: str = ""
    label: str = ""
    who: str = ""  # who must act, in general (the README's clock table)
    rule: str = ""  # the rule in words (the README's clock table)

    def due(self, *, now: datetime, after: int, limit: int) -> list[DueItem]:
        """Open items with ``order`` > ``after``, in increasing ``order``, at most ``limit``."""
        raise NotImplementedError

    def visible(self, *, user, now: datetime) -> list[DueItem] | None:
        """Open items within the user's reach; None when the user may not see this kind of clock at all."""
        raise NotImplementedError


_SOURCES: dict[str, ClockSource] = {}


def clock_source(cls: type[ClockSource]) -> type[ClockSource]:
    instance = cls()
    if not instance.name:
        raise ValueError(f"{cls.__name__} has no name")
    _SOURCES[instance.name] = instance
    return cls


def sources() -> list[ClockSource]:
    return [_SOURCES[name] for name in sorted(_SOURCES)]


def clocks_for(user, *, now: datetime) -> list[DueItem] | None:
    """Every open deadline within the user's reach, soonest first; None when they may see no kind of clock."""
    found, allowed = [], False
    for source in sources():
        items = source.visible(user=user, now=now)
        if items is None:
            continue
        allowed = True
        found.extend(items)
    return sorted(found, key=lambda i: (i.deadline, i.source, i.key)) if allowed else None


# --- the job -------------------------------------------------------------------------------------------


def _slot(now: datetime) -> list[str]:
    local = timezone.localtime(now, force_timezone())
    start = local.replace(minute=local.minute - local.minute % SLOT_MINUTES, second=0, microsecond=0)
    return [start.isoformat(timespec="minutes")]


def _when(at: datetime) -> str:
    return f"{timezone.localtime(at, force_timezone()):%H:%M on %d/%m/%Y}"


def _message(item: DueItem, kind: str, now: datetime) -> str:
    if kind == "escalation":
        return f"Escalation: {item.what} was due by {_when(item.deadline)} and is not done."
    if now >= item.deadline:
        return f"Overdue: {item.what} was due by {_when(item.deadline)}."
    return f"Reminder: {item.what} is due by {_when(item.deadline)}."


def kinds_owed(item: DueItem, now: datetime) -> list[str]:
    state = item.state(now)
    if state == "overdue":
        return ["reminder", "escalation"] if item.escalates else ["reminder"]
    return ["reminder"] if state == "due_soon" else []


def _recipients(ids: Iterable[int]) -> list[tuple[int, str]]:
    from accounts.models import User

    return list(User.objects.filter(pk__in=set(ids), is_active=True).order_by("pk").values_list("pk", "email"))


def item_notify(item: DueItem, *, now: datetime) -> int:
    """Send what ``item`` owes at ``now`` (each kind once per item and deadline); returns notifications made.
    Runs in its own savepoint: a failure rolls back this item only."""
    from .models import ClockNotice

    made = 0
    with transaction.atomic():
        for kind in kinds_owed(item, now):
            try:
                with transaction.atomic():
                    row = ClockNotice.objects.create(
                        source=item.source, item=item.key, deadline=item.deadline, kind=kind
                    )
            except IntegrityError:
                continue  # sent before
            ids = item.act_user_ids if kind == "reminder" else (*item.escalate_user_ids, *item.act_user_ids)
            people = _recipients(ids)
            stamp = item.deadline.astimezone(force_timezone()).strftime("%Y%m%d%H%M")
            for user_id, email in people:
                made += notification_send(
                    user_id=user_id,
                    kind=f"safeguarding_{kind}",
                    message=_message(item, kind, now),
                    url=item.url,
                    dedupe_key=f"clock:{item.source}:{item.key}:{stamp}:{kind}:{user_id}"[:200],
                    email=email,
                )
            row.recipients = len(people)
            row.save(update_fields=["recipients"])
    return made


def _start(period: str, now: datetime) -> dict:
    return {"source": 0, "after": 0}


def _step(cursor: dict) -> tuple[dict | None, dict]:
    now = timezone.now()
    all_sources = sources()
    index, after = cursor["source"], cursor["after"]
    if index >= len(all_sources):
        return None, {}
    source = all_sources[index]
    items = source.due(now=now, after=after, limit=CHUNK_SIZE)
    counts = {"items": 0, "notifications": 0, "failed": 0}
    for item in items:
        counts["items"] += 1
        try:
            counts["notifications"] += item_notify(item, now=now)
        except RETRY_ON:
            raise
        except Exception:  # noqa: BLE001 - one item's failure is logged and left for the next run
            counts["failed"] += 1
            logger.exception(
                "Clock item failed", extra={"job": "safeguarding.clocks", "source": source.name, "item": item.key}
            )
    if len(items) < CHUNK_SIZE:
        nxt = {"source": index + 1, "after": 0}
        return (nxt if nxt["source"] < len(all_sources) else None), counts
    return {"source": index, "after": items[-1].order}, counts


CLOCK_JOB = Job("safeguarding.clocks", periods=_slot, start=_start, step=_step)
