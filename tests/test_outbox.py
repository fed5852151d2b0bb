"""The e-mail outbox (core/outbox.py): written with its notification, sent by a task once per recipient."""

import smtplib
import threading
import time
from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend
from django.db import connection, transaction
from django.utils import timezone

from accounts.roles import Role
from core import outbox
from core.models import Notification, OutboxMessage
from core.outbox import outbox_drain
from core.services import notification_send


class DownBackend(EmailBackend):
    """A mail server that refuses every message (the mail server is not ours: this is its outage)."""

    def send_messages(self, messages):
        raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")


class SlowBackend(EmailBackend):
    def send_messages(self, messages):
        time.sleep(0.05)
        return super().send_messages(messages)


@pytest.fixture
def two(make_user):
    return make_user(Role.PVP_OFFICER, email="a@police.invalid"), make_user(
        Role.PVP_SUPERVISOR, email="b@police.invalid"
    )


def _tell(users, key="plan:1:2026-03-02") -> None:
    with transaction.atomic():
        for user in users:
            notification_send(
                user_id=user.pk,
                kind="plan_review_due",
                message="Due",
                url="/plans/1/",
                dedupe_key=f"{key}:{user.pk}",
                email=user.email,
            )


def test_a_committed_notification_gives_one_e_mail_per_recipient_and_a_second_drain_sends_nothing(two):
    _tell(two)
    assert OutboxMessage.objects.filter(sent_at__isnull=True).count() == 2 and mail.outbox == []
    assert outbox_drain() == {"sent": 2, "failed": 0, "more": False}
    assert sorted(m.to[0] for m in mail.outbox) == ["a@police.invalid", "b@police.invalid"]
    assert outbox_drain() == {"sent": 0, "failed": 0, "more": False}
    assert len(mail.outbox) == 2
    assert not OutboxMessage.objects.filter(sent_at__isnull=True).exists()


def test_the_same_notification_again_adds_no_e_mail(two):
    _tell(two)
    _tell(two)
    assert Notification.objects.count() == OutboxMessage.objects.count() == 2


def test_a_rolled_back_record_sends_no_e_mail(two):
    with pytest.raises(RuntimeError), transaction.atomic():
        _tell(two)
        raise RuntimeError("the record failed after its notification was written")
    assert not OutboxMessage.objects.exists() and not Notification.objects.exists()
    outbox_drain()
    assert mail.outbox == []


def test_a_failed_send_is_kept_and_tried_again_later_with_the_same_message_id(two, settings):
    _tell(two[:1])
    settings.EMAIL_BACKEND = "tests.test_outbox.DownBackend"
    assert outbox_drain() == {"sent": 0, "failed": 1, "more": False}
    row = OutboxMessage.objects.get()
    assert (row.attempts, row.sent_at) == (1, None) and "SMTPServerDisconnected" in row.last_error
    assert row.next_attempt_at > timezone.now()
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert outbox_drain()["sent"] == 0  # not before its time
    with time_machine.travel(timezone.now() + timedelta(minutes=2)):
        assert outbox_drain()["sent"] == 1
    [email] = mail.outbox
    row.refresh_from_db()
    assert row.attempts == 2 and row.sent_at is not None and row.next_attempt_at is None
    assert email.extra_headers["Message-ID"] == f"<outbox-{row.pk}.{row.created_at:%Y%m%d%H%M%S}@localhost>"


def test_a_drain_stops_after_three_failures_in_a_row_and_a_row_is_given_up_after_ten(make_user, settings):
    users = [make_user(Role.PVP_OFFICER, email=f"u{n}@police.invalid") for n in range(5)]
    _tell(users)
    settings.EMAIL_BACKEND = "tests.test_outbox.DownBackend"
    assert outbox_drain() == {"sent": 0, "failed": 3, "more": False}
    assert OutboxMessage.objects.filter(attempts=0).count() == 2
    OutboxMessage.objects.update(attempts=outbox.MAX_ATTEMPTS - 1, next_attempt_at=timezone.now())
    outbox_drain()
    outbox_drain()
    given_up = OutboxMessage.objects.filter(next_attempt_at__isnull=True, sent_at__isnull=True)
    assert given_up.count() == 5
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert outbox_drain()["sent"] == 0 and mail.outbox == []


def test_two_drains_at_once_send_each_e_mail_once(transactional_db, make_user, settings):
    settings.EMAIL_BACKEND = "tests.test_outbox.SlowBackend"
    users = [make_user(Role.PVP_OFFICER, email=f"u{n}@police.invalid") for n in range(12)]
    _tell(users)
    results, barrier = [], threading.Barrier(2)

    def drain():
        barrier.wait(timeout=10)
        results.append(outbox_drain())
        connection.close()

    threads = [threading.Thread(target=drain) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert sum(r["sent"] for r in results) == 12 and all(r["sent"] for r in results)  # both took a share
    assert sorted(m.to[0] for m in mail.outbox) == sorted(u.email for u in users)


def test_a_commit_asks_a_real_worker_to_send_the_e_mail_at_once(transactional_db, two, celery_worker):
    _tell(two)
    deadline = time.monotonic() + 30
    # The worker hands each e-mail to the mail backend, then commits its row as sent: wait for both.
    while len(mail.outbox) < 2 or OutboxMessage.objects.filter(sent_at__isnull=True).exists():
        assert time.monotonic() < deadline, "the e-mails were not sent"
        time.sleep(0.05)
    assert len(mail.outbox) == 2
