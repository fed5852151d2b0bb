"""The reminder job in a process of its own, as a second Celery worker would (used by the concurrency tests).

    python -m tests.plans.reminder_process run 2026-03-10 --start-at <epoch> --delay 0.005
    python -m tests.plans.reminder_process worker --queue dacase-test-main --delay 0.1 --chunk 2 [--prefork]

``run`` runs the day's reminders once and prints its counts as JSON. ``worker`` is a real Celery worker
on the queue (one process, or with --prefork a parent and one pool child), consuming until killed.
--delay holds each chunk that long per notification once written, --chunk sets the items per chunk,
so that a test can kill it mid-chunk.
DATABASE_URL must name the test database.
"""

import argparse
import json
import os
import sys
import time
from datetime import date

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dacase.settings")
os.environ.setdefault("DJANGO_ENV", "test")
os.environ["DJANGO_EMAIL_BACKEND"] = "django.core.mail.backends.locmem.EmailBackend"

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.urls import reverse  # noqa: E402

import core.services  # noqa: E402
from plans.services import reminders  # noqa: E402


def _slow(delay: float) -> None:
    send = core.services.notifications_send_many

    def slow(*, notes):
        created = send(notes=notes)
        time.sleep(delay * len(notes))  # written and not yet committed: a kill now is a kill mid-chunk
        return created

    reminders.notifications_send_many = slow


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("mode", choices=["run", "worker"])
    parser.add_argument("today", nargs="?", type=date.fromisoformat)
    parser.add_argument("--start-at", type=float, default=0.0, help="wait until this time (epoch) to start")
    parser.add_argument("--delay", type=float, default=0.0, help="seconds per notification, once a chunk's are written")
    parser.add_argument("--chunk", type=int, default=0, help="items per chunk")
    parser.add_argument("--queue", default="celery")
    parser.add_argument("--prefork", action="store_true")
    args = parser.parse_args()
    if args.delay:
        _slow(args.delay)
    if args.chunk:
        reminders.CHUNK_SIZE = args.chunk
    if args.mode == "worker":
        from dacase.celery import app

        app.conf.task_default_queue = args.queue
        pool = ["-P", "prefork", "-c", "1"] if args.prefork else ["-P", "solo"]
        app.worker_main(["worker", *pool, "-Q", args.queue, "-l", "WARNING", "--without-mingle", "--without-gossip"])
        return
    # Warm up (URLs, the database connection) so that both processes really start together.
    reverse("plans:list")
    connection.ensure_connection()
    time.sleep(max(0.0, args.start_at - time.time()))
    started = time.time()
    run = reminders.plans_send_reminders(today=args.today)
    json.dump({**run.__dict__, "started": started, "finished": time.time()}, sys.stdout)


if __name__ == "__main__":
    main()
