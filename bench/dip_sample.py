"""Dip sampling at realistic scale: sampling.services.dip_sample_run over every week of two years.

    make bench-dip-sample                        # 100,000 and 1,000,000 assessments
    python -m dacase.devstack services -- python -m bench.dip_sample --size 100000

It loads generated assessments (about 60% standard, 28% medium, 12% high, two
years, six areas of different sizes) into a database of its own,
dacase_bench_dip_<size>, on the server DATABASE_URL names, once; later runs
reuse it. The load goes through COPY with the change-history triggers off; a
handful of real people and incidents stand behind the foreign keys. Each run
clears the samples, then calls dip_sample_run for every Monday of the two
years, as the weekly job would, and reports the time taken and the peak Python
memory of a run (tracemalloc, in a second pass): the population is read as ids
in order through a server-side cursor, so memory follows the largest week of
one area, not the size of the table.
"""

import argparse
import os
import random
import resource
import statistics
import sys
import time
import tracemalloc
from datetime import date, datetime, timedelta

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dacase.settings")
os.environ.setdefault("DJANGO_ENV", "test")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.utils import timezone  # noqa: E402

from accounts.models import Area, Force, User  # noqa: E402
from bench.database import copy_rows, use_database  # noqa: E402
from incidents.models import Incident  # noqa: E402
from people.models import Person  # noqa: E402
from risk.models import Questionnaire  # noqa: E402
from sampling.models import DipSample  # noqa: E402
from sampling.services import dip_sample_population, dip_sample_run  # noqa: E402

CHUNK = 50_000
FIRST_MONDAY = date(2023, 3, 6)
WEEKS = 104
# Areas and their share of the force's assessments (a city, towns, rural areas).
AREAS = [("city", 0.30), ("north", 0.20), ("south", 0.18), ("east", 0.14), ("west", 0.10), ("hills", 0.08)]
GRADES = [("standard", 0.60), ("medium", 0.28), ("high", 0.12)]
GOAL_SECONDS = 5.0  # issue 12: the dip sample over 1,000,000 assessments in under 5 s (scaled to the size run)
VERSION = "1"  # change when the generated data changes, so that it is loaded again
COLUMNS = [
    "id",
    "incident_id",
    "victim_id",
    "area_id",
    "questionnaire_id",
    "officer_id",
    "status",
    "started_at",
    "updated_at",
    "victim_declined",
    "declined_detail",
    "yes_count",
    "officer_grade",
    "officer_rationale",
    "children_referral",
    "children_referral_reason",
    "submitted_at",
    "grade",
    "sergeant_reviewed_at",
]


def _fixtures() -> tuple[list[Area], User, Questionnaire, list[tuple[int, int]]]:
    """The force, its areas, an officer, the current DASH and a few incidents (with their victims) per area."""
    force, _ = Force.objects.get_or_create(code="bench", defaults={"name": "Bench Constabulary"})
    areas = [
        Area.objects.get_or_create(force=force, code=code, defaults={"name": code.title()})[0] for code, _ in AREAS
    ]
    officer, _ = User.objects.get_or_create(username="bench-officer", defaults={"first_name": "Bench"})
    questionnaire = Questionnaire.objects.get(code="dash", is_current=True)
    incidents = []
    for area in areas:
        for n in range(5):
            victim = Person.objects.create(force=force, given_name="Bench", surname=f"Victim {area.code} {n}")
            incident = Incident.objects.create(
                reference=f"BENCH-{area.code}-{n}",
                area=area,
                channel="999",
                received_at=timezone.now(),
                location="1 Bench Street",
                relationship="current_partner",
                abuse_types=["physical"],
                summary="Benchmark incident",
                created_by=officer,
            )
            incidents.append((area.pk, incident.pk, victim.pk))
    by_area: dict[int, list[tuple[int, int]]] = {}
    for area_id, incident_id, victim_id in incidents:
        by_area.setdefault(area_id, []).append((incident_id, victim_id))
    return areas, officer, questionnaire, by_area


def load(size: int, seed: int) -> None:
    """Load ``size`` assessments spread over the two years, the areas and the grades."""
    started = time.monotonic()
    with connection.cursor() as cursor:
        cursor.execute(
            "TRUNCATE risk_dipsampleitem, risk_dipsample, risk_assessment_sections, risk_assessmentanswer, "
            "risk_assessmentchild, risk_review, risk_pvpqueueitem, risk_assessment, incidents_incident, "
            "people_person RESTART IDENTITY CASCADE"
        )
    areas, officer, questionnaire, incidents = _fixtures()
    rng = random.Random(seed)  # noqa: S311 - benchmark data
    area_ids = [a.pk for a in areas]
    area_weights = [w for _, w in AREAS]
    grades, grade_weights = [g for g, _ in GRADES], [w for _, w in GRADES]
    start = timezone.make_aware(datetime.combine(FIRST_MONDAY, datetime.min.time()))
    span = WEEKS * 7 * 86400
    rows = []
    with connection.cursor() as cursor:
        cursor.execute("SET session_replication_role = replica")  # no history triggers for a bulk load
        for pk in range(1, size + 1):
            area_id = rng.choices(area_ids, area_weights)[0]
            incident_id, victim_id = rng.choice(incidents[area_id])
            grade = rng.choices(grades, grade_weights)[0]
            reviewed = start + timedelta(seconds=rng.randrange(span))
            submitted = reviewed - timedelta(minutes=rng.randrange(30, 600))
            roll = rng.random()
            if roll < 0.01:
                status, reviewed_at = "submitted", None  # still waiting for the sergeant
            elif grade != "standard" and roll < 0.05:
                status, reviewed_at = "pvp_review", reviewed
            else:
                status, reviewed_at = "complete", reviewed
            yes = {"standard": rng.randrange(0, 10), "medium": rng.randrange(10, 14), "high": rng.randrange(14, 24)}
            rows.append(
                [
                    pk,
                    incident_id,
                    victim_id,
                    area_id,
                    questionnaire.pk,
                    officer.pk,
                    status,
                    submitted.isoformat(),
                    submitted.isoformat(),
                    "f",
                    "",
                    yes[grade],
                    grade,
                    "",
                    "no_children",
                    "",
                    submitted.isoformat(),
                    grade,
                    reviewed_at.isoformat() if reviewed_at else None,
                ]
            )
            if pk % CHUNK == 0 or pk == size:
                copy_rows(cursor, "risk_assessment", COLUMNS, rows)
                rows = []
                print(f"  loaded {pk:,} assessments ({time.monotonic() - started:.0f} s)", file=sys.stderr)
        cursor.execute("SET session_replication_role = DEFAULT")
        cursor.execute("SELECT setval(pg_get_serial_sequence('risk_assessment', 'id'), %s)", [size])
    connection.close()
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE risk_assessment")
    print(f"  loaded in {time.monotonic() - started:.0f} s", file=sys.stderr)


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


def _clear_samples() -> None:
    with connection.cursor() as cursor:
        cursor.execute("TRUNCATE risk_dipsampleitem, risk_dipsample")


def _mondays() -> list[date]:
    return [FIRST_MONDAY + timedelta(weeks=n) for n in range(1, WEEKS + 1)]


def run(size: int, seed: int) -> dict:
    use_database(f"dacase_bench_dip_{size}")
    call_command("migrate", verbosity=0)
    if not _loaded(size):
        print(f"Loading {size:,} assessments into dacase_bench_dip_{size} (once)...", file=sys.stderr)
        load(size, seed=seed)
        _mark_loaded(size)
    # Pass 1: time. Every Monday of the two years, as the weekly job runs it.
    _clear_samples()
    timings = []
    for monday in _mondays():
        started = time.perf_counter()
        dip_sample_run(today=monday)
        timings.append(time.perf_counter() - started)
    samples = DipSample.objects.count()
    drawn = sum(DipSample.objects.values_list("sample_size", flat=True))
    population = DipSample.objects.order_by("-population").values_list("population", flat=True).first() or 0
    standard = sum(DipSample.objects.values_list("population", flat=True))
    rerun_started = time.perf_counter()
    for monday in _mondays():
        dip_sample_run(today=monday)  # every sample exists: each call finds nothing owed
    rerun = time.perf_counter() - rerun_started
    # Pass 2: memory, with tracemalloc (which slows Python down, so it is not timed).
    _clear_samples()
    peaks = []
    tracemalloc.start()
    for monday in _mondays():
        tracemalloc.reset_peak()
        before = tracemalloc.get_traced_memory()[0]
        dip_sample_run(today=monday)
        peaks.append(tracemalloc.get_traced_memory()[1] - before)
    # For comparison: the largest area-week read as whole rows, as a naive draw would.
    largest = DipSample.objects.order_by("-population").first()
    tracemalloc.reset_peak()
    before = tracemalloc.get_traced_memory()[0]
    rows = list(
        dip_sample_population(area_id=largest.area_id, period_start=largest.period_start, period_end=largest.period_end)
    )
    whole_rows = tracemalloc.get_traced_memory()[1] - before
    del rows
    tracemalloc.stop()
    return {
        "size": size,
        "weeks": len(timings),
        "samples": samples,
        "standard": standard,
        "drawn": drawn,
        "largest_population": population,
        "total_s": sum(timings),
        "median_ms": statistics.median(timings) * 1000,
        "max_ms": max(timings) * 1000,
        "rerun_s": rerun,
        "peak_kib": max(peaks) / 1024,
        "median_peak_kib": statistics.median(peaks) / 1024,
        "whole_rows_kib": whole_rows / 1024,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, action="append", help="assessments loaded (repeatable)")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    results = [run(size, args.seed) for size in args.size or [100_000, 1_000_000]]
    for r in results:
        goal = GOAL_SECONDS * r["size"] / 1_000_000
        print(
            f"dip sample at {r['size']:>9,} assessments: {r['total_s']:.2f} s, goal {goal:.2f} s "
            f"(5 s per 1,000,000), {r['total_s'] / goal:.2f} of the goal; process peak RSS "
            f"{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MiB"
        )
        print(
            f"  detail: {r['weeks']} weekly runs, {r['samples']} samples, "
            f"{r['drawn']:,} of {r['standard']:,} standard assessments drawn; "
            f"{r['total_s']:.2f} s in all, {r['median_ms']:.1f} ms a run (median), {r['max_ms']:.1f} ms max; "
            f"a rerun of all {r['weeks']} finds nothing owed in {r['rerun_s']:.2f} s; "
            f"peak Python memory of a run {r['peak_kib']:.0f} KiB (median {r['median_peak_kib']:.0f} KiB), "
            f"largest area-week population {r['largest_population']:,} "
            f"(read as whole rows it alone would take {r['whole_rows_kib']:.0f} KiB)"
        )
    if len(results) > 1:
        small, large = results[0], results[-1]
        print(
            f"{large['size'] // small['size']}x the assessments: "
            f"{large['total_s'] / small['total_s']:.1f}x the time, "
            f"{large['peak_kib'] / small['peak_kib']:.1f}x the peak memory of a run"
        )


if __name__ == "__main__":
    main()
