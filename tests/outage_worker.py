"""A real Celery worker in a process of its own, for the outage rehearsal (tests/test_outage_rehearsal.py).

The rehearsal must be able to SIGKILL it, so it cannot be the in-thread worker of the other tests. It is the
project's worker (``dacase.celery.app``, prefork, one process) with three things of the test's own, read from
the environment:

- its clock starts at ``REHEARSAL_NOW`` (ISO) and ticks from there (time-machine), as the test's clock does;
- e-mails are written as files to ``REHEARSAL_MAIL_DIR`` (one file a message), for the test to count;
- the reminder job works in chunks of ``REHEARSAL_CHUNK`` items and waits ``REHEARSAL_CHUNK_PAUSE`` seconds
  inside each chunk's transaction before its work, so that the test can kill the worker, or cut its database
  connections, while a chunk is open.

    python -m tests.outage_worker   (DATABASE_URL, REDIS_URL and DJANGO_ENV=test set by the test)
"""

import os
import time
from datetime import datetime

import time_machine


def main() -> None:
    time_machine.travel(datetime.fromisoformat(os.environ["REHEARSAL_NOW"]), tick=True).start()

    import django

    django.setup()
    from django.conf import settings

    settings.EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    settings.EMAIL_FILE_PATH = os.environ["REHEARSAL_MAIL_DIR"]

    from plans import tasks
    from plans.services import reminders

    reminders.CHUNK_SIZE = int(os.environ.get("REHEARSAL_CHUNK", reminders.CHUNK_SIZE))
    pause, step = float(os.environ.get("REHEARSAL_CHUNK_PAUSE", "0")), tasks.REMINDERS.step

    def slow_step(cursor: dict):
        time.sleep(pause)  # inside the chunk's transaction: a connection cut now fails the chunk's next query
        return step(cursor)

    object.__setattr__(tasks.REMINDERS, "step", slow_step)  # Job is a frozen dataclass

    from dacase.celery import app

    app.worker_main(
        [
            "worker",
            "--concurrency=1",
            "--loglevel=WARNING",
            "--without-gossip",
            "--without-mingle",
            "-n",
            "rehearsal@%h",
        ]
    )


if __name__ == "__main__":
    main()
