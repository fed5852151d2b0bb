"""The problem profile of one force-year: the figures (SQL) and the whole page with its charts. Goal: 10 s.

    python -m dacase.devstack services -- python -m bench.problem_profile --incidents 30000

It builds its own database, dacase_bench_profile_<n>, once: one area's year of domestic-abuse incidents, each with
a victim and (mostly) a suspect drawn from pools that make repeat victims, serial perpetrators and repeat
addresses, about half with a crime, a quarter with an arrest. Then it times the profile's queries and the page
(templates and charts included) as an analyst, and prints the figures and the SQL query count.
"""

import argparse
import os
import random
import sys
import time
from datetime import datetime, timedelta

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
from incidents.models import Arrest, Checklist, Crime, Incident, Party  # noqa: E402
from people.models import Person  # noqa: E402
from reports.policies import Scope  # noqa: E402
from reports.profile.selectors import problem_profile  # noqa: E402

BATCH = 2_000
START = datetime(2025, 4, 1, tzinfo=timezone.get_current_timezone())
OFFENCES = [c.value for c in Crime.Offence]
OUTCOMES = [c.value for c in Crime.Outcome]
ABUSE = [c.value for c in Incident.AbuseType]


def load(incidents: int) -> tuple[User, Area]:
    force, _ = Force.objects.get_or_create(code="bench", defaults={"name": "Bench Constabulary"})
    area, _ = Area.objects.get_or_create(force=force, code="north", defaults={"name": "North"})
    police, _ = Agency.objects.get_or_create(name="Bench Constabulary", defaults={"kind": "police"})
    user = User.objects.filter(username="analyst").first() or user_create(
        username="analyst", password=None, roles=[Role.ANALYST], areas=[area], agency=police
    )
    if Incident.objects.filter(area=area).count() >= incidents:
        return user, area
    rng = random.Random(13)  # noqa: S311 (synthetic data)
    with connection.cursor() as cursor:
        cursor.execute("SET session_replication_role = replica")  # no history triggers for the bulk load
    victims = Person.objects.bulk_create(
        Person(force=force, surname=f"V{i}", gender=rng.choice(["female", "female", "male", "unknown"]),
               date_of_birth=START.date() - timedelta(days=rng.randint(16 * 365, 80 * 365)))
        for i in range(int(incidents * 0.6))
    )  # fmt: skip
    suspects = Person.objects.bulk_create(Person(force=force, surname=f"S{i}") for i in range(int(incidents * 0.5)))
    seconds = 365 * 24 * 3600
    for start in range(0, incidents, BATCH):
        n = min(BATCH, incidents - start)
        made = Incident.objects.bulk_create(
            Incident(
                reference=f"BP-{start + i}",
                area=area,
                channel="999",
                received_at=START + timedelta(seconds=rng.randrange(seconds)),
                location=f"{rng.randint(1, 200)} Street {rng.randint(1, 120)}",
                location_postcode=f"AB{rng.randint(1, 30)} {rng.randint(1, 9)}CD",
                relationship=(relationship := rng.choice(["current_partner", "former_partner", "family"])),
                family_relation="sibling" if relationship == "family" else "",
                abuse_types=rng.sample(ABUSE, rng.randint(1, 3)),
                summary="x",
                created_by=user,
            )
            for i in range(n)
        )
        parties, crimes, arrests, checklists = [], [], [], []
        for inc in made:
            victim = victims[int(rng.paretovariate(1.2) * 7) % len(victims)]
            parties.append(Party(incident=inc, person=victim, role="victim", location_known="no"))
            if rng.random() < 0.9:
                suspect = suspects[int(rng.paretovariate(1.1) * 5) % len(suspects)]
                parties.append(Party(incident=inc, person=suspect, role="suspect", location_known="no"))
                if rng.random() < 0.25:
                    arrests.append(
                        Arrest(incident=inc, person=suspect, arrested_at=inc.received_at, offence="x", recorded_by=user)
                    )
            if rng.random() < 0.5:
                crimes.append(
                    Crime(incident=inc, crime_number=f"BPC-{inc.pk}", offence=rng.choice(OFFENCES),
                          outcome=(outcome := rng.choice(OUTCOMES)), outcome_reason="x" if outcome == "nfa" else "",
                          recorded_at=inc.received_at, recorded_by=user)
                )  # fmt: skip
            checklists.append(
                Checklist(incident=inc, injuries="no", medical_help="no", weapons="no", children_present="no",
                          victim_safe_now="yes")
            )  # fmt: skip
        Party.objects.bulk_create(parties)
        Crime.objects.bulk_create(crimes)
        Arrest.objects.bulk_create(arrests)
        Checklist.objects.bulk_create(checklists)
        print(f"  {start + n:,} incidents", file=sys.stderr)
    with connection.cursor() as cursor:
        cursor.execute("SET session_replication_role = DEFAULT")
        cursor.execute("ANALYZE")
    return user, area


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--incidents", type=int, default=30_000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    use_database(f"dacase_bench_profile_{args.incidents}")
    call_command("migrate", verbosity=0)
    user, area = load(args.incidents)
    scope = Scope(force=area.force, area=area)
    end = (START + timedelta(days=364)).date()
    figures = []
    for _ in range(args.runs):
        started = time.perf_counter()
        profile = problem_profile(scope, start=START.date(), end=end)
        figures.append(time.perf_counter() - started)
    setup_test_environment()
    client = Client()
    client.force_login(user)
    params = {"start": f"{START:%Y-%m-%d}", "end": f"{end:%Y-%m-%d}", "area": "north"}
    pages, queries = [], 0
    for _ in range(args.runs):
        with CaptureQueriesContext(connection) as ctx:
            started = time.perf_counter()
            response = client.get(reverse("reports:problem_profile"), params)
            pages.append(time.perf_counter() - started)
        assert response.status_code == 200, response.status_code
        queries = max(queries, len(ctx.captured_queries))
    measures = profile.measures()
    print(
        f"problem profile, {measures['incidents'].numerator:,} incidents in one force-year: figures (SQL) best "
        f"{min(figures):.2f} s, page with charts best {min(pages):.2f} s (worst {max(pages):.2f} s), "
        f"{queries} SQL queries; goal 10 s"
    )


if __name__ == "__main__":
    main()
