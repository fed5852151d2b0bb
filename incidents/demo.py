"""Demo people and incidents over 18 months in every area (make run).

Repeat victims, a serial perpetrator with unconnected victims in several
areas, incidents at every stage (open, awaiting sign-off, closed) and a few
near-duplicate people for the duplicate review.
"""

import csv
import random
from datetime import date, datetime, time, timedelta
from pathlib import Path

from django.db import transaction
from django.utils import timezone

from accounts.models import Area, User
from people.models import Person
from people.services import AddressInput, PersonInput, marker_add, person_create

from . import services
from .models import Answer, Incident, Party
from .services import IncidentInput, PartyInput
from .services.outcomes import incident_no_crime, incident_positive_action

DATA = Path(__file__).resolve().parent.parent / "people" / "data"
POSTCODE_AREAS = {"herefordshire": "HR", "shropshire": "SY", "telford": "TF", "worcestershire": "WR"}
TOWNS = {"herefordshire": "Hereford", "shropshire": "Shrewsbury", "telford": "Telford", "worcestershire": "Worcester"}
STREETS = [
    "High Street",
    "Church Road",
    "Mill Lane",
    "Station Road",
    "Park Avenue",
    "Victoria Road",
    "Green Lane",
    "Manor Close",
    "Oak Drive",
    "Severn Way",
    "Brook Street",
    "Castle Walk",
]
SUMMARIES = [
    "Caller reports her partner has pushed her against the wall and taken her phone.",
    "Neighbour reports shouting and banging from the flat next door; a woman heard crying.",
    "Victim says her ex-partner keeps turning up outside her work and sending threatening messages.",
    "Caller's son (19) has smashed the kitchen and threatened her with a knife.",
    "Victim reports her husband controls all the money and will not let her see her family.",
    "Third-party call: the victim's sister says he has threatened to kill her if she leaves.",
]


def _weighted(path: Path, key: str) -> tuple[list[dict], list[float]]:
    with path.open(newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    return rows, [float(r["per_100k"]) for r in rows]


class _Names:
    def __init__(self, rng: random.Random):
        self.rng = rng
        self.given, self.given_w = _weighted(DATA / "given_names.csv", "name")
        self.surnames, self.surname_w = _weighted(DATA / "surnames.csv", "surname")

    def _letter(self) -> str:
        return self.rng.choice("ABDEFGHJLNPQRSTUWXYZ")

    def person(self, gender: str, area_code: str, age_range=(18, 65)) -> PersonInput:
        pool = [(r, w) for r, w in zip(self.given, self.given_w, strict=True) if r["gender"] == gender]
        given = self.rng.choices([r["name"] for r, _ in pool], weights=[w for _, w in pool])[0]
        surname = self.rng.choices([r["surname"] for r in self.surnames], weights=self.surname_w)[0]
        age_days = self.rng.randint(age_range[0] * 365, age_range[1] * 365)
        prefix = POSTCODE_AREAS[area_code]
        return PersonInput(
            given_name=given,
            surname=surname,
            date_of_birth=date.today() - timedelta(days=age_days),
            gender=gender,
            address=AddressInput(
                line_1=f"{self.rng.randint(1, 120)} {self.rng.choice(STREETS)}",
                town=TOWNS[area_code],
                postcode=f"{prefix}{self.rng.randint(1, 15)} {self.rng.randint(1, 9)}{self._letter()}{self._letter()}",
            ),
            phones=[f"07{self.rng.randint(100, 999)} {self.rng.randint(100000, 999999)}"],
        )


def _checklist(rng: random.Random) -> dict:
    injured = rng.random() < 0.35
    children = rng.random() < 0.3
    checklist = {
        "injuries": Answer.YES if injured else Answer.NO,
        "medical_help": Answer.YES if injured and rng.random() < 0.3 else Answer.NO,
        "weapons": Answer.YES if rng.random() < 0.08 else Answer.NO,
        "children_present": Answer.YES if children else Answer.NO,
        "victim_safe_now": Answer.YES if rng.random() < 0.8 else Answer.NO,
    }
    if injured:
        checklist["injury_severity"] = rng.choices(["minor", "moderate", "serious"], weights=[6, 3, 1])[0]
    if children:
        checklist["children_safe"] = Answer.YES
    if checklist["weapons"] == Answer.YES:
        checklist["weapons_detail"] = "Kitchen knife"
    return checklist


def _log(rng, handler, area, victim, suspect, received_at) -> Incident:
    data = IncidentInput(
        area_id=area.pk,
        channel=rng.choices(["999", "101", "partner", "in_person", "online"], weights=[55, 30, 8, 4, 3])[0],
        received_at=received_at,
        location=victim.addresses.first().line_1 + ", " + TOWNS[area.code],
        relationship=rng.choices(["current_partner", "former_partner", "family"], weights=[50, 35, 15])[0],
        family_relation="child",
        summary=rng.choice(SUMMARIES),
        checklist=_checklist(rng),
        parties=[
            PartyInput(
                role=Party.Role.VICTIM,
                person=victim,
                location_known=Answer.YES,
                location="At home",
                is_caller=rng.random() < 0.8,
            ),
            PartyInput(
                role=Party.Role.SUSPECT,
                person=suspect,
                location_known=Answer.NOT_KNOWN,
                location_reason="Left before the call",
            ),
        ],
        abuse_types=rng.sample(
            ["physical", "psychological", "emotional", "coercive_control", "stalking", "financial"], k=rng.randint(1, 3)
        ),
    )
    return services.incident_create(data=data, user=handler)


def _progress(rng, incident: Incident, handler, supervisor, officer) -> None:
    """Take an incident through the control room's steps, as far as its age suggests."""
    services.intelligence_check_record(
        incident=incident,
        user=handler,
        systems=["pnc", "da_history", "local"],
        findings="Previous domestic incidents at this address." if rng.random() < 0.5 else "Nothing known.",
        responsible="call_handler",
    )
    services.incident_grade(incident=incident, user=handler, grade=rng.choice(["immediate", "priority"]))
    services.deployment_add(
        incident=incident,
        user=handler,
        call_sign=f"WM{rng.randint(10, 99)}",
        dispatched_at=incident.received_at + timedelta(minutes=3),
        arrived_at=incident.received_at + timedelta(minutes=rng.randint(8, 50)),
    )
    from .selectors import supervisor_attendance_required

    if supervisor_attendance_required(incident):
        services.supervisor_attendance_record(
            incident=incident,
            user=handler,
            supervisor=supervisor,
            attended_at=incident.received_at + timedelta(minutes=55),
        )
    if rng.random() < 0.6:
        crime = services.crime_record(
            incident=incident,
            user=officer,
            crime_number=f"22/{incident.pk:05d}/{incident.received_at:%y}",
            offence=rng.choice(["assault_with_injury", "harassment", "coercive_control", "criminal_damage"]),
        )
        services.crime_allocate(crime=crime, user=supervisor, investigator=officer, rule="standard")
    else:
        incident_no_crime(incident=incident, user=officer)
    suspect = incident.parties.get(role=Party.Role.SUSPECT).person
    if rng.random() < 0.5:
        services.arrest_record(
            incident=incident,
            user=officer,
            person=suspect,
            arrested_at=incident.received_at + timedelta(hours=1),
            offence="Assault",
        )
    else:
        incident_positive_action(incident=incident, user=officer, rationale="Suspect not found; circulated on PNC.")


@transaction.atomic
def seed() -> int:
    """Create the demo people and incidents once; returns how many incidents were made."""
    handler = User.objects.get(username="handler")
    if Incident.objects.filter(created_by=handler).exists():
        return 0
    rng = random.Random(2026)  # noqa: S311 - demo data, not a secret
    names = _Names(rng)
    supervisor = User.objects.get(username="crsup")
    officer = User.objects.get(username="officer")
    areas = list(Area.objects.filter(force__code="demo").order_by("code"))
    now = timezone.now()
    start = now - timedelta(days=548)
    made = 0

    def when(day_from: int = 0) -> datetime:
        day = start + timedelta(days=rng.randint(day_from, 546))
        return timezone.make_aware(datetime.combine(day.date(), time(rng.randint(0, 23), rng.randint(0, 59))))

    for area in areas:
        pairs = []
        for _ in range(40):
            victim = person_create(data=names.person("female", area.code), user=handler)
            suspect = person_create(data=names.person("male", area.code), user=handler)
            pairs.append((victim, suspect))
        for i, (victim, suspect) in enumerate(pairs):
            # One victim in three calls again: repeat victims within twelve months.
            times = sorted(when() for _ in range(1 if i % 3 else rng.randint(2, 4)))
            if i in (1, 2, 4, 5):
                # Recent calls still in the control room's hands: open, or waiting for sign-off.
                times.append(now - timedelta(hours=rng.randint(2, 40) if i < 3 else rng.randint(80, 150)))
            for received_at in times:
                incident = _log(rng, handler, area, victim, suspect, received_at)
                made += 1
                if received_at < now - timedelta(days=2):
                    _progress(rng, incident, handler, supervisor, officer)
                    services.incident_submit_for_sign_off(incident=incident, user=handler)
                    if received_at < now - timedelta(days=7):
                        services.incident_sign_off(incident=incident, supervisor=supervisor)
        marker_add(person=pairs[0][1], kind="warning", code="violent", user=handler, detail="Assaulted police 2024")
        marker_add(person=pairs[1][0], kind="vulnerability", code="pregnant", user=handler)

    # A serial perpetrator: four unconnected victims across the force.
    serial = person_create(
        data=PersonInput(
            given_name="Darren",
            surname="Kemp",
            date_of_birth=date(1984, 3, 9),
            gender="male",
            address=AddressInput(line_1="14 Canal Side", town="Worcester", postcode="WR5 3DA"),
        ),
        user=handler,
    )
    marker_add(person=serial, kind="warning", code="weapons", user=handler, detail="Carries a lock knife")
    for area in areas:
        victim = person_create(data=names.person("female", area.code), user=handler)
        _log(rng, handler, area, victim, serial, now - timedelta(days=rng.randint(10, 300)))
        made += 1

    # Near-duplicates for the duplicate review: the same people keyed again with typos.
    for original in Person.objects.filter(created_by=handler).order_by("pk")[:6]:
        s = original.surname
        person_create(
            data=PersonInput(
                given_name=original.given_name,
                surname=s[0] + s[2] + s[1] + s[3:] if len(s) > 3 else s + "e",  # two letters swapped
                date_of_birth=original.date_of_birth,
                gender=original.gender,
            ),
            user=handler,
        )
    return made
