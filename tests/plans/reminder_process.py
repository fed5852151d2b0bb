"""Run the reminder job in a process of its own, as a second Celery worker would (used by the concurrency tests).

    python -m tests.plans.reminder_process 2026-03-10 --start-at <epoch> --delay 0.005

DATABASE_URL must name the test database. Prints the run's counts and the e-mails it sent, as JSON.
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

from django.core import mail  # noqa: E402
from django.db import connection  # noqa: E402
from django.urls import reverse  # noqa: E402

import core.services  # noqa: E402
from plans.services import reminders  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("today", type=date.fromisoformat)
    parser.add_argument("--start-at", type=float, default=0.0, help="wait until this time (epoch) to start")
    parser.add_argument("--delay", type=float, default=0.0, help="seconds to wait before each notification")
    args = parser.parse_args()
    if args.delay:
        send = core.services.notification_send

        def slow(**kwargs):
            time.sleep(args.delay)
            return send(**kwargs)

        reminders.notification_send = slow
    # Warm up (URLs, the database connection) so that both processes really start together.
    reverse("plans:list")
    connection.ensure_connection()
    time.sleep(max(0.0, args.start_at - time.time()))
    started = time.time()
    run = reminders.plans_send_reminders(today=args.today)
    emails = len(getattr(mail, "outbox", []))
    json.dump({**run.__dict__, "emails": emails, "started": started, "finished": time.time()}, sys.stdout)


if __name__ == "__main__":
    main()
