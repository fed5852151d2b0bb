"""Plan reminders at scale: time, chunks, notifications, e-mails and peak memory of the job at 10k and 100k plans.

    make bench-reminders                   # 10,000 and 100,000 plans
    python -m dacase.devstack services -- python -m bench.plan_reminders --size 10000

It loads generated plans into a database of its own, dacase_bench_plans_<size>,
on the server DATABASE_URL names, once; later runs reuse it. Each plan has a
victim, an owner (one PVP officer per 40 plans, half with a supervisor set) and
two tasks for officers of its area; a tenth of the plans are closed. Review and
task dates are spread around a fixed day, BENCH_DAY, so that a share is due,
overdue and long overdue (escalated) on that day, whenever the benchmark runs.
The load goes through COPY with the change-history triggers off.

For each size it runs the job for BENCH_DAY three times, chunk by chunk as the
scheduled job does (each chunk one transaction, its time kept: the longest is
what a job's budget, the task time limit and the broker's visibility timeout
must cover): on a day with nothing sent yet (the time and the notifications it
creates, then the time to send their e-mails from the outbox), again the same
day (the cost of finding everything already sent: it creates none), and once
more from nothing with tracemalloc on, for the peak of Python memory. If memory grew with
the table, the 100k peak would be about ten times the 10k one; it stays flat
because the job reads the due items in keyset-paged chunks.
"""

import argparse
import os
import random
import resource
import sys
import time
import tracemalloc
from datetime import date, datetime, timedelta

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dacase.settings")
os.environ.setdefault("DJANGO_ENV", "test")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth.models import Group  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402

from accounts.models import Force  # noqa: E402
from accounts.roles import Role  # noqa: E402
from bench.database import copy_rows, use_database  # noqa: E402

BENCH_DAY = date(2026, 3, 2)
CHUNK = 20_000
PLANS_PER_OWNER = 40
AREAS = 10
GOAL_SECONDS = 10.0  # issue 12: reminders over 100,000 plans in under 10 s (scaled to the size run)
VERSION = "plans-1"  # change when the generated data changes, to load again


def _loaded(size: int) -> bool:
    with connection.cursor() as cursor:
        cursor.execute("CREATE TABLE IF NOT EXISTS bench_meta (key text PRIMARY KEY, value text)")
        cursor.execute("SELECT value FROM bench_meta WHERE key = 'loaded'")
        row = cursor.fetchone()
        return row is not None and row[0] == f"{size}:{VERSION}"


def _mark_loaded(size: int) -> None:
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO bench_meta VALUES ('loaded', %s) ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value",
            [f"{size}:{VERSION}"],
        )


def load(size: int, seed: int = 1) -> None:
    """Generate ``size`` plans with their victims, owners, supervisors, officers and two tasks each."""
    rng = random.Random(seed)  # noqa: S311 - benchmark data
    started = time.monotonic()
    now = datetime.combine(BENCH_DAY, datetime.min.time()).isoformat() + "+00:00"
    groups = {g.name: g.pk for g in Group.objects.all()}
    owners_per_area = max(1, size // PLANS_PER_OWNER // AREAS)
    officers_per_area = owners_per_area * 2
    with connection.cursor() as cursor:
        cursor.execute("SET session_replication_role = replica")  # no history triggers for a bulk load
        cursor.execute(
            "TRUNCATE core_notification, plans_plantask, plans_planaction, plans_planreview, plans_riskmanagementplan,"
            " people_person, accounts_user, accounts_area, accounts_force RESTART IDENTITY CASCADE"
        )
        # Through the model, so that every force setting takes its default (a hand-written INSERT
        # broke each time a setting was added).
        Force.objects.create(name="Bench", code="bench")
        copy_rows(
            cursor, "accounts_area", ["force_id", "name", "code"], [[1, f"Area {a}", f"a{a}"] for a in range(AREAS)]
        )
        users, memberships, areas_of, owners, officers = [], [], [], {}, {}
        password = "!unusable"  # noqa: S105 - bench users never sign in

        def user(name: str, role: Role, area: int, supervisor: int | None) -> int:
            pk = len(users) + 1
            users.append(
                [pk, password, "f", name, "Bench", name, f"{name}@bench.invalid", "f", "t", now, "", supervisor]
            )
            memberships.append([pk, groups[role.value]])
            areas_of.append([pk, area + 1])
            return pk

        for a in range(AREAS):
            sup = user(f"sup{a}", Role.PVP_SUPERVISOR, a, None)
            owners[a] = [
                user(f"pvp{a}-{i}", Role.PVP_OFFICER, a, sup if i % 2 else None) for i in range(owners_per_area)
            ]
            sergeant = user(f"sgt{a}", Role.SERGEANT, a, None)
            officers[a] = [user(f"pc{a}-{i}", Role.RESPONSE_OFFICER, a, sergeant) for i in range(officers_per_area)]
        columns = [
            "id",
            "password",
            "is_superuser",
            "username",
            "first_name",
            "last_name",
            "email",
            "is_staff",
            "is_active",
            "date_joined",
            "collar_number",
            "supervisor_id",
        ]
        # Supervisors come before those they supervise, so one COPY satisfies the foreign key.
        copy_rows(cursor, "accounts_user", columns, users)
        copy_rows(cursor, "accounts_user_groups", ["user_id", "group_id"], memberships)
        copy_rows(cursor, "accounts_user_areas", ["user_id", "area_id"], areas_of)
        people, plans, tasks, task_id = [], [], [], 0
        for pk in range(1, size + 1):
            area = rng.randrange(AREAS)
            owner = rng.choice(owners[area])
            high = rng.random() < 0.6
            is_open = rng.random() < 0.9
            due = BENCH_DAY + timedelta(days=rng.randint(-6, 7) if high else rng.randint(-10, 27))
            people.append([pk, 1, "Victim", "", f"Bench{pk}", "female", "", "f", now, "{}"])
            closed = [] if is_open else ["closed", "risk_reduced", "Bench", now, owner]
            plans.append(
                [pk, pk, area + 1, owner, "high" if high else "medium", *(closed or ["open", "", "", None, None])]
                + [now, owner, due.isoformat(), 1, now]
            )
            for _ in range(2):
                task_id += 1
                state = rng.random()
                status = "open" if state < 0.6 else "done" if state < 0.95 else "cancelled"
                finished = [] if status == "open" else ["Done", now, owner]
                tasks.append(
                    [task_id, pk, "Visit", rng.choice(officers[area]), BENCH_DAY + timedelta(days=rng.randint(-10, 30))]
                    + [status, *(finished or ["", None, None]), now, owner]
                )
            if pk % CHUNK == 0 or pk == size:
                copy_rows(
                    cursor,
                    "people_person",
                    [
                        "id",
                        "force_id",
                        "given_name",
                        "middle_names",
                        "surname",
                        "gender",
                        "language",
                        "interpreter_needed",
                        "updated_at",
                        "match_data",
                    ],
                    people,
                )
                copy_rows(
                    cursor,
                    "plans_riskmanagementplan",
                    [
                        "id",
                        "victim_id",
                        "area_id",
                        "owner_id",
                        "grade",
                        "status",
                        "closing_reason",
                        "closing_note",
                        "closed_at",
                        "closed_by_id",
                        "created_at",
                        "created_by_id",
                        "next_review_due",
                        "version",
                        "updated_at",
                    ],
                    plans,
                )
                copy_rows(
                    cursor,
                    "plans_plantask",
                    [
                        "id",
                        "plan_id",
                        "title",
                        "assignee_id",
                        "due_date",
                        "status",
                        "completion_note",
                        "completed_at",
                        "completed_by_id",
                        "created_at",
                        "created_by_id",
                    ],
                    tasks,
                )
                people, plans, tasks = [], [], []
                print(f"  loaded {pk:,} plans ({time.monotonic() - started:.0f} s)", file=sys.stderr)
        cursor.execute("SET session_replication_role = DEFAULT")
        for table, last in (
            ("accounts_user", len(users)),
            ("people_person", size),
            ("plans_riskmanagementplan", size),
            ("plans_plantask", task_id),
        ):
            cursor.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), %s)", [last])
    connection.close()
    with connection.cursor() as cursor:
        for table in ("accounts_user", "people_person", "plans_riskmanagementplan", "plans_plantask"):
            cursor.execute(f"VACUUM ANALYZE {table}")
    print(f"  loaded in {time.monotonic() - started:.0f} s", file=sys.stderr)


class _QueryCounter:
    """Counts SQL statements without keeping them (CaptureQueriesContext would grow with the run)."""

    def __init__(self) -> None:
        self.count = 0

    def __call__(self, execute, sql, params, many, context):
        self.count += 1
        return execute(sql, params, many, context)


def _run_once(*, trace: bool) -> dict:
    """The day's run chunk by chunk, as the scheduled job does it (each chunk one transaction), timing each."""
    from django.db import transaction

    from plans.services.reminders import ReminderRun, reminders_start, reminders_step

    counter, total, chunks = _QueryCounter(), ReminderRun(), []
    if trace:
        tracemalloc.start()
        tracemalloc.reset_peak()
    started = time.perf_counter()
    with connection.execute_wrapper(counter):
        cursor = reminders_start(today=BENCH_DAY)
        while cursor is not None:
            chunk_started = time.perf_counter()
            with transaction.atomic():
                cursor, run = reminders_step(cursor=cursor)
            chunks.append(time.perf_counter() - chunk_started)
            for key, value in vars(run).items():
                setattr(total, key, getattr(total, key) + value)
    seconds = time.perf_counter() - started
    peak = tracemalloc.get_traced_memory()[1] if trace else None
    if trace:
        tracemalloc.stop()
    return {"run": total, "seconds": seconds, "queries": counter.count, "peak": peak, "chunks": chunks}


def _drain(seconds: float) -> dict:
    """Send the e-mails the run put in the outbox for at most ``seconds`` (the dummy backend builds each and
    sends none): the rate, not the whole outbox, which the drain task sends over the following minutes."""
    from core.outbox import outbox_drain

    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM core_outboxmessage WHERE sent_at IS NULL")
        pending = cursor.fetchone()[0]
    started = time.perf_counter()
    result = outbox_drain(budget=seconds)
    return {"pending": pending, "sent": result["sent"], "seconds": time.perf_counter() - started}


def _clear_notifications() -> None:
    with connection.cursor() as cursor:
        cursor.execute("TRUNCATE core_notification, core_outboxmessage RESTART IDENTITY")


def run(size: int, drain_seconds: float) -> dict:
    use_database(f"dacase_bench_plans_{size}")
    call_command("migrate", verbosity=0)
    if not _loaded(size):
        print(f"Loading {size:,} plans into dacase_bench_plans_{size} (once)...", file=sys.stderr)
        load(size)
        _mark_loaded(size)
    settings.EMAIL_BACKEND = "django.core.mail.backends.dummy.EmailBackend"  # build each e-mail, send none
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM plans_plantask")
        tasks = cursor.fetchone()[0]
    _clear_notifications()
    first = _run_once(trace=False)
    drain = _drain(drain_seconds)
    again = _run_once(trace=False)
    _clear_notifications()
    traced = _run_once(trace=True)
    return {"size": size, "tasks": tasks, "first": first, "drain": drain, "again": again, "traced": traced}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, action="append", help="plans in the database (repeatable)")
    parser.add_argument("--drain-seconds", type=float, default=20.0, help="how long to send from the outbox")
    args = parser.parse_args()
    for size in args.size or [10_000, 100_000]:
        r = run(size, args.drain_seconds)
        first, again, traced = r["first"], r["again"], r["traced"]
        items = first["run"].reviews + first["run"].tasks
        goal = GOAL_SECONDS * r["size"] / 100_000
        print(
            f"plan reminders over {r['size']:>7,} plans: {first['seconds']:.2f} s, goal {goal:.2f} s "
            f"(10 s per 100,000 plans), {first['seconds'] / goal:.2f} of the goal; "
            f"peak Python memory {traced['peak'] / 1024 / 1024:.1f} MiB, "
            f"process peak RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MiB",
            flush=True,
        )
        print(
            f"  detail: {r['size']:>7,} plans ({r['tasks']:,} tasks): "
            f"{first['run'].reviews:,} reviews and {first['run'].tasks:,} tasks due or overdue; "
            f"{first['run'].notifications:,} notifications ({first['run'].escalations:,} escalations) "
            f"in {first['seconds']:.1f} s ({first['seconds'] / max(items, 1) * 1000:.2f} ms and "
            f"{first['queries'] / max(items, 1):.1f} SQL statements per item); "
            f"{len(first['chunks'])} chunks, the longest {max(first['chunks']):.1f} s; "
            f"outbox: {r['drain']['sent']:,} of {r['drain']['pending']:,} e-mails sent "
            f"in {r['drain']['seconds']:.1f} s ({r['drain']['sent'] / r['drain']['seconds']:.0f} a second); "
            f"same day again: {again['run'].notifications} new in {again['seconds']:.1f} s; "
            f"peak Python memory {traced['peak'] / 1024 / 1024:.1f} MiB (tracemalloc, {traced['seconds']:.1f} s run); "
            f"process peak RSS so far {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MiB"
        )


if __name__ == "__main__":
    main()
