"""The MARAC agenda PDF for 16 and 40 cases: pages and seconds to render (target: 40 cases in at most 3 s).

    make bench-agenda
    python -m dacase.devstack services -- python -m bench.marac_agenda

It builds its own database, dacase_bench_agenda, once: an area, two meetings a month apart, 40 referrals
on the coming one with perpetrators and open actions carried from the last.
"""

import argparse
import io
import os
import statistics
import time
from datetime import timedelta

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dacase.settings")
os.environ.setdefault("DJANGO_ENV", "test")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.utils import timezone  # noqa: E402
from pypdf import PdfReader  # noqa: E402

from accounts.models import Agency, Area, Force  # noqa: E402
from bench.database import use_database  # noqa: E402
from marac.agenda import agenda_pdf  # noqa: E402
from marac.models import MaracAction, MaracMeeting, MaracReferral  # noqa: E402
from people.models import Person  # noqa: E402


def meeting_with(cases: int) -> MaracMeeting:
    force, _ = Force.objects.get_or_create(code="bench", defaults={"name": "Bench Constabulary"})
    area, _ = Area.objects.get_or_create(force=force, code=f"a{cases}", defaults={"name": f"Area {cases}"})
    police, _ = Agency.objects.get_or_create(name="Bench Constabulary", defaults={"kind": "police"})
    idva, _ = Agency.objects.get_or_create(name="Bench IDVA", defaults={"kind": "idva"})
    soon = timezone.now().replace(hour=10, minute=0, second=0, microsecond=0) + timedelta(days=30)
    meeting, created = MaracMeeting.objects.get_or_create(area=area, starts_at=soon, defaults={"capacity": cases})
    if not created:
        return meeting
    last = MaracMeeting.objects.create(area=area, starts_at=soon - timedelta(days=28))
    from accounts.models import User

    user = User.objects.filter(username="benchchair").first() or User.objects.create(username="benchchair")
    for n in range(cases):
        victim = Person.objects.create(force=force, given_name=f"Victim{n}", surname="Benchmark")
        referral = MaracReferral.objects.create(
            victim=victim,
            area=area,
            referring_agency=police,
            referred_by=user,
            criteria=["professional_judgement"],
            judgement_rationale="Escalating abuse and threats to kill; recent separation and child contact dispute.",
            information_sharing_basis="Vital interests",
            victim_aware=True,
            meeting=meeting,
        )
        referral.perpetrators.set([Person.objects.create(force=force, given_name=f"Perp{n}", surname="Benchmark")])
        for k in range(2):
            MaracAction.objects.create(
                referral=referral,
                meeting=last,
                owner_agency=idva if k else police,
                description="Safety planning visit and target hardening at the address.",
                due=soon.date(),
                created_by=user,
            )
    return meeting


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, action="append", help="cases on the meeting (repeatable)")
    args = parser.parse_args()
    use_database("dacase_bench_agenda")
    call_command("migrate", verbosity=0)
    for cases in args.cases or [16, 40]:
        meeting = meeting_with(cases)
        agenda_pdf(meeting, partner=False)  # warm: fonts and templates load once per process
        timings, pdf = [], b""
        for _ in range(5):
            started = time.perf_counter()
            pdf = agenda_pdf(meeting, partner=False)
            timings.append(time.perf_counter() - started)
        pages = len(PdfReader(io.BytesIO(pdf)).pages)
        print(
            f"MARAC agenda, {cases} cases: {pages} pages, median {statistics.median(timings):.2f} s, "
            f"slowest {max(timings):.2f} s over 5 renders ({len(pdf) // 1024} KiB)"
        )


if __name__ == "__main__":
    main()
