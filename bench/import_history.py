"""Importing a force's history (manage.py import_history) at scale: 1,000,000 incidents with their people and crimes.

    make bench-import-history                                  # 1,000,000 incidents, goal 600 s
    python -m dacase.devstack services -- python -m bench.import_history --incidents 20000

It writes the files first (people.csv, incidents.csv, crimes.csv, arrests.csv under var/bench-import/<size>/,
once; later runs reuse them): 0.7 people per incident (bench.generate_people's names, dates of birth,
addresses and phones), each incident with a victim and, nine times in ten, a suspect drawn from them (so
victims repeat, as they do), over five years and four areas; 0.6 crimes and 0.2 arrests per incident. Then,
in a database of its own (dacase_bench_import_<size>, emptied of people and incidents before each run), it
imports the directory as the command does, with the history triggers on, and prints the time against the
goal, the rows per second, the peak resident memory of the process, and a rerun's time (which must write
nothing). The machine is shared: figures are pessimistic.
"""

import argparse
import csv
import os
import random
import resource
import sys
import time
from datetime import date, datetime, timedelta
from pathlib import Path

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dacase.settings")
os.environ.setdefault("DJANGO_ENV", "test")

import django  # noqa: E402

django.setup()

from django.contrib.auth.models import Group  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402

from accounts.models import Area, Force, User  # noqa: E402
from accounts.roles import Role  # noqa: E402
from bench.database import use_database  # noqa: E402
from bench.generate_people import generate_people  # noqa: E402
from imports.rows import ARRESTS, CRIMES, INCIDENTS, PEOPLE  # noqa: E402
from imports.services import history_import, source_for  # noqa: E402

GOAL_SECONDS = 600.0
GOAL_INCIDENTS = 1_000_000
PEOPLE_PER_INCIDENT = 0.7
CRIMES_PER_INCIDENT = 0.6
ARRESTS_PER_INCIDENT = 0.2
AREAS = ["city", "north", "south", "rural"]
FIRST_DAY = datetime.fromisoformat("2020-01-01T00:00:00+00:00")
SPAN_SECONDS = 5 * 365 * 86400
OFFENCES = ["assault_with_injury", "harassment", "coercive_control", "criminal_damage", "serious_assault", "sexual"]
OUTCOMES = ["charge", "caution", "out_of_court", "nfa", "pending"]
CHANNELS = ["999", "101", "in_person", "online"]
ABUSE = ["physical", "psychological", "emotional", "coercive_control", "financial"]
TODAY = date.today()
VERSION = "2"  # change when the generated files change, so that they are written again


def generate(directory: Path, incidents: int, seed: int) -> None:
    """Write the four files, streaming (memory does not grow with the size)."""
    rng = random.Random(seed)  # noqa: S311 - benchmark data
    directory.mkdir(parents=True, exist_ok=True)
    people = max(2, int(incidents * PEOPLE_PER_INCIDENT))
    with (directory / PEOPLE.file_name).open("w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f)
        writer.writerow(PEOPLE.columns)
        for n, p in enumerate(generate_people(people, seed=seed), start=1):
            # The generator's corrupted copies may carry an impossible (future) date of birth: left blank.
            dob = p["date_of_birth"].isoformat() if p["date_of_birth"] and p["date_of_birth"] < TODAY else ""
            writer.writerow(
                [
                    f"P{n}",
                    p["given_name"],
                    p["middle_name"],
                    p["surname"] or "Unknown",
                    dob,
                    p["gender"],
                    p["address_1"],
                    "",
                    p["town"],
                    p["postcode"],
                    p["phone"],
                ]
            )
    with (
        (directory / INCIDENTS.file_name).open("w", newline="", encoding="utf-8") as fi,
        (directory / CRIMES.file_name).open("w", newline="", encoding="utf-8") as fc,
        (directory / ARRESTS.file_name).open("w", newline="", encoding="utf-8") as fa,
    ):
        wi, wc, wa = csv.writer(fi), csv.writer(fc), csv.writer(fa)
        wi.writerow(INCIDENTS.columns)
        wc.writerow(CRIMES.columns)
        wa.writerow(ARRESTS.columns)
        crimes = arrests = 0
        for n in range(1, incidents + 1):
            received = FIRST_DAY + timedelta(seconds=rng.randrange(SPAN_SECONDS))
            victim = rng.randrange(1, people + 1)
            suspect = rng.randrange(1, people + 1) if rng.random() < 0.9 else None
            if suspect == victim:
                suspect = None
            closed = received + timedelta(days=rng.randrange(1, 60)) if rng.random() < 0.8 else None
            has_crime = rng.random() < CRIMES_PER_INCIDENT
            wi.writerow(
                [
                    f"I{n}",
                    received.isoformat(),
                    rng.choice(AREAS),
                    rng.choice(CHANNELS),
                    "current_partner" if rng.random() < 0.7 else "former_partner",
                    "",
                    ";".join(sorted(set(rng.sample(ABUSE, rng.randint(1, 3))))),
                    f"{rng.randrange(1, 200)} High Street",
                    "",
                    "Imported from the old system.",
                    f"P{victim}",
                    f"P{suspect}" if suspect else "",
                    "crime" if has_crime else "no_crime",
                    closed.isoformat() if closed else "",
                ]
            )
            if has_crime:
                crimes += 1
                recorded = received + timedelta(hours=rng.randrange(1, 72))
                outcome = rng.choice(OUTCOMES)
                wc.writerow(
                    [
                        f"C{crimes}",
                        f"I{n}",
                        "",
                        rng.choice(OFFENCES),
                        recorded.isoformat(),
                        outcome,
                        (recorded + timedelta(days=rng.randrange(1, 90))).isoformat() if outcome != "pending" else "",
                        "Evidential difficulties." if outcome == "nfa" else "",
                    ]
                )
            if suspect and rng.random() < ARRESTS_PER_INCIDENT / 0.9:
                arrests += 1
                wa.writerow(
                    [f"A{arrests}", f"I{n}", f"P{suspect}", (received + timedelta(hours=1)).isoformat(), "Assault"]
                )
    (directory / "VERSION").write_text(VERSION)


def _fixtures():
    force, _ = Force.objects.get_or_create(code="bench", defaults={"name": "Bench Constabulary"})
    for code in AREAS:
        Area.objects.get_or_create(force=force, code=code, defaults={"name": code.title()})
    user = User.objects.filter(username="bench_importer").first()
    if user is None:
        user = User.objects.create_user("bench_importer", password=None)
        user.groups.set([Group.objects.get(name=Role.ADMINISTRATOR.value)])
        user.areas.set(Area.objects.filter(force=force))
    return force, User.objects.get(pk=user.pk)


def _empty() -> None:
    """What a previous run imported goes (the history of it too: this is the benchmark's own database)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "TRUNCATE imports_personlink, imports_importedfile, incidents_arrest, incidents_crime, incidents_party,"
            " incidents_incident, people_matchkey, people_address, people_phone, people_person,"
            " incidents_incidentevent, incidents_partyevent, incidents_crimeevent, incidents_arrestevent,"
            " people_personevent, people_addressevent, people_phoneevent, imports_importedfileevent CASCADE"
        )


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--incidents", type=int, default=GOAL_INCIDENTS)
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--dir", type=Path, default=None, help="Where the files go (default var/bench-import/SIZE)")
    args = parser.parse_args(argv)
    directory = args.dir or Path("var") / "bench-import" / str(args.incidents)
    if not (directory / "VERSION").exists() or (directory / "VERSION").read_text() != VERSION:
        started = time.monotonic()
        print(f"Writing {args.incidents:,} incidents with their people and crimes to {directory} (once)...")
        generate(directory, args.incidents, args.seed)
        print(f"  written in {time.monotonic() - started:.0f} s")
    rss_before = _rss_mb()
    use_database(f"dacase_bench_import_{args.incidents}")
    call_command("migrate", verbosity=0)
    force, user = _fixtures()
    _empty()
    source = source_for(force=force, name="bench")
    started = time.monotonic()
    results = history_import(directory=directory, source=source, user=user)
    seconds = time.monotonic() - started
    failed = [p for r in results for p in r.problems]
    if failed:
        print("\n".join(failed[:20]))
        return 1
    rows = sum(r.rows for r in results)
    for r in results:
        print(f"  {r.path.name:<14} {r.rows:>10,} rows  {r.created:>10,} new  {r.matched:>8,} matched")
    goal = GOAL_SECONDS * args.incidents / GOAL_INCIDENTS
    ratio = seconds / goal
    print(
        f"import of {args.incidents:,} incidents: {seconds:.1f} s (goal {goal:.0f} s at this size, ratio {ratio:.2f})"
    )
    print(f"  {rows / seconds:,.0f} rows a second; peak RSS {_rss_mb():.0f} MB (before the import {rss_before:.0f} MB)")
    started = time.monotonic()
    again = history_import(directory=directory, source=source, user=user)
    rerun = time.monotonic() - started
    created = sum(r.created + r.matched for r in again)
    print(f"rerun: {rerun:.1f} s, {created} records written (must be 0)")
    return 0 if created == 0 else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
