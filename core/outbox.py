"""The e-mail outbox: an e-mail is written in the transaction of its record and sent by a task afterwards.

- ``outbox_add`` (called by ``notification_send``) inserts the row inside the caller's transaction: a
  rollback leaves no e-mail, a commit leaves one that will go however the process ends afterwards.
- ``outbox_drain`` (the task ``core.tasks.drain_outbox``, woken every minute by beat and just after
  each commit that added a row) takes pending rows one at a time with ``SELECT ... FOR UPDATE SKIP
  LOCKED``, sends each and marks it sent in the same transaction, so two drains never send one row.
  A failed send is tried again later (1, 2, 4 ... minutes, at most an hour apart) up to
  ``MAX_ATTEMPTS`` times; then it is left unsent with its error, and logged. After three failures in a
  row a drain stops (the mail server looks down) and leaves the rest for the next one.

How "exactly once" this is: once per recipient in the database (one row per notification and
recipient, and a row marked sent is never sent again). Towards the mail server it is at least once:
if the process dies, or the database goes, after the mail server took the message but before the
commit that marks it sent, the next drain sends it again. Each message carries a Message-ID made from
its row, the same on every attempt, so a mail system that drops duplicate Message-IDs drops the resend.
"""

import logging
import time
from datetime import timedelta

from celery import current_app as celery_app
from django.conf import settings
from django.core.cache import cache
from django.core.mail import EmailMessage
from django.db import transaction
from django.utils import timezone

from .models import OutboxMessage

logger = logging.getLogger(__name__)

DRAIN_TASK = "core.tasks.drain_outbox"
MAX_ATTEMPTS = 10
STOP_AFTER_FAILURES = 3
_KICK_KEY = "core.outbox.drain-sent"


def outbox_add(*, notification_id: int, recipient: str, kind: str, subject: str, body: str) -> OutboxMessage:
    """Queue one e-mail inside the caller's transaction (the notification was created in it too).

    Its sending is asked for once the transaction commits; beat's next drain sends it in any case."""
    row = OutboxMessage.objects.create(
        notification_id=notification_id, recipient=recipient, kind=kind, subject=subject[:200], body=body
    )
    transaction.on_commit(ask_for_drain)
    return row


def ask_for_drain() -> None:
    """Send the drain task (core.tasks.drain_outbox, by name), once for however many e-mails commit while it
    is waiting to run."""
    try:
        if cache.add(_KICK_KEY, 1, timeout=60):
            celery_app.send_task(DRAIN_TASK, retry=False)
    except Exception:  # noqa: BLE001 - Redis down: the e-mail is safe in the outbox and beat drains it
        logger.warning("Could not ask for the outbox to be sent now; beat's next drain sends it")


def _message_id(row: OutboxMessage) -> str:
    """The same on every attempt, so that a resend can be recognised as one."""
    domain = settings.DEFAULT_FROM_EMAIL.rpartition("@")[2] or "dacase.invalid"
    return f"<outbox-{row.pk}.{row.created_at:%Y%m%d%H%M%S}@{domain}>"


def _retry_delay(attempts: int) -> timedelta:
    return timedelta(minutes=min(2 ** (attempts - 1), 60))


def _send_one() -> str | None:
    """Send the oldest pending e-mail that no other drain holds: "sent", "failed", or None when none waits."""
    with transaction.atomic():
        row = (
            OutboxMessage.objects.select_for_update(skip_locked=True)
            .filter(sent_at__isnull=True, next_attempt_at__lte=timezone.now())
            .order_by("next_attempt_at", "id")
            .first()
        )
        if row is None:
            return None
        row.attempts += 1
        try:
            message = EmailMessage(
                row.subject,
                row.body,
                settings.DEFAULT_FROM_EMAIL,
                [row.recipient],
                headers={"Message-ID": _message_id(row)},
            )
            message.send()
        except Exception as exc:  # noqa: BLE001 - a mail outage: try again later
            row.last_error = f"{type(exc).__name__}: {exc}"[:300]
            given_up = row.attempts >= MAX_ATTEMPTS
            row.next_attempt_at = None if given_up else timezone.now() + _retry_delay(row.attempts)
            row.save(update_fields=["attempts", "last_error", "next_attempt_at"])
            extra = {"outbox_id": row.pk, "kind": row.kind, "attempts": row.attempts, "outcome": "failed"}
            if given_up:
                logger.error("Outbox e-mail given up after %s attempts", row.attempts, extra=extra)
            else:
                logger.warning("Outbox e-mail failed; it will be tried again", extra=extra)
            return "failed"
        row.sent_at, row.next_attempt_at = timezone.now(), None
        row.save(update_fields=["attempts", "sent_at", "next_attempt_at"])
        return "sent"


def outbox_drain(*, budget: float | None = None) -> dict:
    """Send what is pending until none is left or ``budget`` seconds have passed (then ``more`` is True)."""
    budget = settings.DACASE_JOB_BUDGET_SECONDS if budget is None else budget
    deadline = time.monotonic() + budget
    try:
        cache.delete(_KICK_KEY)  # e-mails committed from now on ask for a drain of their own
    except Exception:  # noqa: BLE001 - Redis down: this drain goes on regardless
        logger.warning("Could not reset the outbox's drain request")
    counts, failed_in_a_row = {"sent": 0, "failed": 0}, 0
    while time.monotonic() < deadline:
        outcome = _send_one()
        if outcome is None:
            break
        counts[outcome] += 1
        failed_in_a_row = failed_in_a_row + 1 if outcome == "failed" else 0
        if failed_in_a_row == STOP_AFTER_FAILURES:
            break  # the mail server looks down: the rest wait for a later drain
    else:
        more = OutboxMessage.objects.filter(sent_at__isnull=True, next_attempt_at__lte=timezone.now()).exists()
        logger.info("Outbox drained", extra={"job": "outbox", **counts, "outcome": "more" if more else "done"})
        return {**counts, "more": more}
    if counts["sent"] or counts["failed"]:
        logger.info("Outbox drained", extra={"job": "outbox", **counts, "outcome": "done"})
    return {**counts, "more": False}
