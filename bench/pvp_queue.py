"""The PVP queue page with 10,000 items waiting: p50/p95 of the whole page and its SQL query count.

    make bench-pvp-queue
    python -m dacase.devstack services -- python -m bench.pvp_queue --pending 10000

It builds its own database, dacase_bench_pvp_<n>, once (migrations, then the rows in bulk), and then
requests the page as a PVP supervisor through Django's test client: the whole view, templates included.
"""

import argparse
import os
import statistics
import sys
import time

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dacase.settings")
os.environ.setdefault("DJANGO_ENV", "test")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402
from django.urls import reverse  # noqa: E402
from django.utils import timezone  # noqa: E402

from accounts.models import Agency, Area, Force, User  # noqa: E402
from accounts.roles import Role  # noqa: E402
from accounts.services import user_create  # noqa: E402
from bench.database import use_database  # noqa: E402
from incidents.models import Checklist, Incident  # noqa: E402
from people.models import Person  # noqa: E402
from risk.models import Assessment, PvpQueueItem, Questionnaire  # noqa: E402

BATCH = 2_000


def load(pending: int) -> User:
    """A force, an area, a PVP supervisor and ``pending`` medium/high assessments waiting in the queue."""
    force, _ = Force.objects.get_or_create(code="bench", defaults={"name": "Bench Constabulary"})
    area, _ = Area.objects.get_or_create(force=force, code="north", defaults={"name": "North"})
    police, _ = Agency.objects.get_or_create(name="Bench Constabulary", defaults={"kind": "police"})
    user = User.objects.filter(username="pvpsup").first() or user_create(
        username="pvpsup", password=None, roles=[Role.PVP_SUPERVISOR], areas=[area], agency=police
    )
    officer = User.objects.filter(username="officer").first() or user_create(
        username="officer", password=None, roles=[Role.RESPONSE_OFFICER], areas=[area], agency=police
    )
    if PvpQueueItem.objects.filter(completed_at__isnull=True).count() >= pending:
        return user
    dash = Questionnaire.objects.get(code="dash", is_current=True)
    now = timezone.now()
    with connection.cursor() as cursor:
        cursor.execute("SET session_replication_role = replica")  # no history triggers for the bulk load
    for start in range(0, pending, BATCH):
        n = min(BATCH, pending - start)
        people = Person.objects.bulk_create(
            Person(force=force, given_name="Vic", surname=f"Bench{start + i}") for i in range(n)
        )
        incidents = Incident.objects.bulk_create(
            Incident(
                reference=f"B-{start + i}",
                area=area,
                channel="999",
                received_at=now,
                location="x",
                relationship="current_partner",
                abuse_types=["physical"],
                summary="x",
                created_by=officer,
            )
            for i in range(n)
        )
        Checklist.objects.bulk_create(
            Checklist(
                incident=inc,
                injuries="no",
                medical_help="no",
                weapons="no",
                children_present="no",
                victim_safe_now="yes",
            )
            for inc in incidents
        )
        assessments = Assessment.objects.bulk_create(
            Assessment(
                incident=inc,
                victim=p,
                area=area,
                questionnaire=dash,
                officer=officer,
                status=Assessment.Status.PVP_REVIEW,
                yes_count=12 + i % 6,
                officer_grade="medium",
                grade="high" if i % 3 == 0 else "medium",
                submitted_at=now,
                sergeant_reviewed_at=now,
                children_referral="no_children",
            )
            for i, (inc, p) in enumerate(zip(incidents, people, strict=True))
        )
        PvpQueueItem.objects.bulk_create(
            PvpQueueItem(
                assessment=a,
                area=area,
                claimed_by=user if i % 10 == 0 else None,
                claimed_at=now if i % 10 == 0 else None,
            )
            for i, a in enumerate(assessments)
        )
        print(f"  {start + n:,} items", file=sys.stderr)
    with connection.cursor() as cursor:
        cursor.execute("SET session_replication_role = DEFAULT")
        cursor.execute("ANALYZE")
    return user


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pending", type=int, default=10_000)
    parser.add_argument("--requests", type=int, default=200)
    args = parser.parse_args()
    use_database(f"dacase_bench_pvp_{args.pending}")
    call_command("migrate", verbosity=0)
    user = load(args.pending)
    setup_test_environment()
    client = Client()
    client.force_login(user)
    url = reverse("risk:pvp_queue")
    for _ in range(10):
        client.get(url)
    timings, queries = [], 0
    for _ in range(args.requests):
        with CaptureQueriesContext(connection) as ctx:
            started = time.perf_counter()
            response = client.get(url)
            timings.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200
        queries = max(queries, len(ctx.captured_queries))
    timings.sort()
    print(
        f"PVP queue page with {args.pending:,} pending: p50 {statistics.median(timings):.1f} ms, "
        f"p95 {timings[int(0.95 * len(timings)) - 1]:.1f} ms over {args.requests} requests; {queries} SQL queries"
    )


if __name__ == "__main__":
    main()
