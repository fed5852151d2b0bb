"""Writes shared by every feature: notifications (and their e-mails, through the outbox), and the optimistic
versions of records two people edit."""

import json
from typing import Any, NamedTuple, Protocol

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils import timezone

from accounts.models import User

from .models import Notification, OutboxMessage
from .outbox import ask_for_drain, outbox_add

# The table name is the model's own, never input.
_INSERT = (
    f"INSERT INTO {Notification._meta.db_table} (user_id, kind, message, url, dedupe_key)"  # noqa: S608
    " VALUES (%s, %s, %s, %s, %s) ON CONFLICT (dedupe_key) DO NOTHING RETURNING id"
)


def absolute_url(*, path: str) -> str:
    """The link an e-mail carries: the path on DACASE_SITE_URL, or the path alone when the site's address is not
    set (the deploy check warns of that)."""
    if not path or "://" in path:
        return path
    return f"{settings.DACASE_SITE_URL}{path}"


def _email_body(message: str, url: str) -> str:
    return (
        f"{message}\n\nSign in to dacase to see it: {absolute_url(path=url)}\n\n"
        "OFFICIAL-SENSITIVE. Do not reply to this message."
    )


@transaction.atomic(savepoint=False)  # inside a caller's transaction, it stands or falls with it
def notification_send(
    *, user_id: int, kind: str, message: str, url: str = "", dedupe_key: str | None = None, email: str = ""
) -> bool:
    """Notify the user unless a notification with ``dedupe_key`` exists; True when this call created it.

    Two callers racing with the same key both reach the unique index: one
    inserts, the other waits for it to commit and inserts nothing
    (ON CONFLICT DO NOTHING). The e-mail, when an address is given, is written
    to the outbox (core.outbox) in the same transaction, only for a new
    notification, and sent by a task once the transaction has committed.
    """
    with connection.cursor() as cursor:
        cursor.execute(_INSERT, [user_id, kind, message[:300], url[:300], dedupe_key])
        row = cursor.fetchone()
    if row is not None and email:
        outbox_add(
            notification_id=row[0],
            recipient=email,
            kind=kind,
            subject=f"dacase: {message}"[:150],
            body=_email_body(message, url),
        )
    return row is not None


class Versioned(Protocol):
    """A row with an optimistic-lock ``version`` (plans, MARAC cases and meetings)."""

    pk: Any
    version: int

    def save(self, *args: Any, **kwargs: Any) -> None: ...


class NewNotification(NamedTuple):
    """One notification for ``notifications_send_many``; ``dedupe_key`` is required there (it is what a rerun
    finds), ``email`` empty for none. A tuple: a run makes one per notification, and tuples are made fastest."""

    user_id: int
    kind: str
    message: str
    dedupe_key: str
    url: str = ""
    email: str = ""


# Both table names are the models' own, never input. One statement for a whole batch: the rows go in as one
# JSON parameter (one literal to parse however many rows; arrays of literals cost far more to parse); the
# notifications are inserted unless their key is taken (those stored already are skipped by a plain lookup;
# ON CONFLICT settles a race with another run not yet committed), and the e-mails of those just inserted,
# and of no other, go to the outbox in the same statement.
_INSERT_MANY = f"""
WITH batch AS (
    SELECT * FROM json_to_recordset(%s::json)
        AS b(user_id bigint, kind text, message text, url text, dedupe_key text, email text, subject text, body text)
), created AS (
    INSERT INTO {Notification._meta.db_table} (user_id, kind, message, url, dedupe_key)
    SELECT user_id, kind, message, url, dedupe_key FROM batch
    WHERE NOT EXISTS (SELECT 1 FROM {Notification._meta.db_table} n WHERE n.dedupe_key = batch.dedupe_key)
    ON CONFLICT (dedupe_key) DO NOTHING
    RETURNING id, dedupe_key
), emailed AS (
    INSERT INTO {OutboxMessage._meta.db_table}
        (notification_id, recipient, kind, subject, body, created_at, next_attempt_at, attempts, last_error)
    SELECT created.id, batch.email, batch.kind, batch.subject, batch.body, %s, %s, 0, ''
    FROM created JOIN batch USING (dedupe_key)
    WHERE batch.email <> ''
    RETURNING 1
)
SELECT dedupe_key, (SELECT count(*) FROM emailed) FROM created
"""  # noqa: S608


@transaction.atomic(savepoint=False)  # inside a caller's transaction, it stands or falls with it
def notifications_send_many(*, notes: list[NewNotification]) -> set[str]:
    """``notification_send`` for many at once, in one statement: the keys of those this call created.

    The same guarantees: a key already taken (by an earlier run, or by another transaction, which the
    insert waits for) creates nothing and no e-mail; a new notification's e-mail goes to the outbox in the
    caller's transaction. Keys repeated within ``notes`` count once (the first wins). Rows are inserted in
    key order, so that two batches racing over the same keys take their locks in the same order."""
    unique: dict[str, NewNotification] = {}
    for note in notes:
        unique.setdefault(note.dedupe_key, note)
    if not unique:
        return set()
    rows = [unique[key] for key in sorted(unique)]
    now = timezone.now()
    batch = json.dumps(
        [
            {
                "user_id": n.user_id,
                "kind": n.kind,
                "message": n.message[:300],
                "url": n.url[:300],
                "dedupe_key": n.dedupe_key,
                "email": n.email,
                "subject": f"dacase: {n.message}"[:150],
                "body": _email_body(n.message, n.url) if n.email else "",
            }
            for n in rows
        ]
    )
    with connection.cursor() as cursor:
        cursor.execute(_INSERT_MANY, [batch, now, now])
        result = cursor.fetchall()
    if result and result[0][1]:
        transaction.on_commit(ask_for_drain)
    return {key for key, _ in result}


@transaction.atomic
def notifications_mark_read(*, user: User, notification_id: int | None = None) -> int:
    """Mark one of the user's notifications (or, with no id, all of them) as read; returns how many changed."""
    unread = Notification.objects.for_user(user).unread()
    if notification_id is not None:
        unread = unread.filter(pk=notification_id)
    return unread.update(read_at=timezone.now())


def version_check(*, record: Versioned, version: int | None, what: str) -> None:
    """Refuse a write made from an older version of ``record`` than the one stored (someone saved in between).

    ``record`` is the row the caller has locked; ``version`` is the one its form or API call read (None: no
    check). The refusal's code is "stale": forms show it, the API answers 409 (core/api/errors.py).
    """
    if version is None or version == record.version:
        return
    changed = getattr(record, "updated_at", None)
    at = f" at {timezone.localtime(changed):%H:%M on %d/%m/%Y}" if changed else ""
    raise ValidationError(
        f"Someone else changed this {what}{at}, after you opened it. "
        f"Nothing was saved: reload the {what}, check what changed, and try again.",
        code="stale",
    )


def version_bump(*, record: Versioned, fields: list[str] | None = None) -> None:
    """Save the record (only ``fields``, when given) with its version raised: every form read before is stale."""
    record.version += 1
    if fields is None:
        record.save()
        return
    stamp = ["updated_at"] if hasattr(record, "updated_at") else []
    record.save(update_fields=[*fields, "version", *stamp])
