"""Demo people and incidents over 18 months in every area (make run).

Repeat victims, a serial perpetrator with unconnected victims in several
areas, incidents at every stage (open, awaiting sign-off, closed) and a few
near-duplicate people for the duplicate review.

Everything is drawn first and then written in batches (people_create, incidents_create, then the control
room's records in bulk): a few dozen queries instead of tens of thousands, so that `make run` starts fast.
"""

import csv
import random
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta
from pathlib import Path
from time import monotonic

from django.db import transaction
from django.db.models import prefetch_related_objects
from django.utils import timezone

from accounts.models import Area, User
from people.services import AddressInput, PersonInput, marker_add, people_create

from . import services
from .models import Answer, Arrest, Crime, Deployment, Incident, IntelligenceCheck, Party, SupervisorAttendance
from .selectors import supervisor_attendance_required
from .services import IncidentInput, PartyInput

DATA = Path(__file__).resolve().parent.parent / "people" / "data"
POSTCODE_AREAS = {"herefordshire": "HR", "shropshire": "SY", "telford": "TF", "worcestershire": "WR"}
TOWNS = {"herefordshire": "Hereford", "shropshire": "Shrewsbury", "telford": "Telford", "worcestershire": "Worcester"}
# The neighbouring force's areas (accounts/demo.py).
POSTCODE_AREAS |= {"warwick": "CV", "nuneaton": "CV"}
TOWNS |= {"warwick": "Warwick", "nuneaton": "Nuneaton"}
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


def _log(rng, area, victim: PartyInput, suspect: PartyInput, received_at) -> IncidentInput:
    """A call about the victim at her address; each party names the input of the person it will be."""
    return IncidentInput(
        area_id=area.pk,
        channel=rng.choices(["999", "101", "partner", "in_person", "online"], weights=[55, 30, 8, 4, 3])[0],
        received_at=received_at,
        location=victim.new_person.address.line_1 + ", " + TOWNS[area.code],
        relationship=rng.choices(["current_partner", "former_partner", "family"], weights=[50, 35, 15])[0],
        family_relation="child",
        summary=rng.choice(SUMMARIES),
        checklist=_checklist(rng),
        parties=[
            replace(victim, location_known=Answer.YES, location="At home", is_caller=rng.random() < 0.8),
            replace(suspect, location_known=Answer.NOT_KNOWN, location_reason="Left before the call"),
        ],
        abuse_types=rng.sample(
            ["physical", "psychological", "emotional", "coercive_control", "stalking", "financial"], k=rng.randint(1, 3)
        ),
    )


def _party(role: str, person: PersonInput) -> PartyInput:
    return PartyInput(role=role, location_known=Answer.NOT_KNOWN, new_person=person)


@dataclass
class _Steps:
    """What the control room did with one call, drawn when the call is (so the demo is the same every time)."""

    findings: str
    grade: str
    call_sign: str
    arrived_after: int  # minutes
    offence: str  # "" when no crime
    arrested: bool
    signed_off: bool


def _steps(rng, received_at, now) -> _Steps:
    findings = "Previous domestic incidents at this address." if rng.random() < 0.5 else "Nothing known."
    grade = rng.choice(["immediate", "priority"])
    call_sign, arrived_after = f"WM{rng.randint(10, 99)}", rng.randint(8, 50)
    crime = rng.random() < 0.6
    offence = rng.choice(["assault_with_injury", "harassment", "coercive_control", "criminal_damage"]) if crime else ""
    signed_off = received_at < now - timedelta(days=7)
    return _Steps(findings, grade, call_sign, arrived_after, offence, rng.random() < 0.5, signed_off)


def _checked(objs: list, exclude: list[str]) -> list:
    """The rows' own field and clean() rules; foreign keys and check constraints are the database's."""
    for obj in objs:
        obj.full_clean(exclude=exclude, validate_unique=False, validate_constraints=False)
    return objs


def _progress(incidents: list[Incident], steps: list[_Steps], handler, supervisor, officer, now) -> None:
    """Take the calls through the control room's steps in bulk: what the response and outcome services record.

    Each call ends ready for sign-off (closure_problems finds nothing: a test checks every demo call against
    it), then waits for the supervisor or, a week on, is signed off.
    """
    prefetch_related_objects(incidents, "parties__person", "area__force")
    checks, deployments, attendances, crimes, arrests = [], [], [], [], []
    for incident, step in zip(incidents, steps, strict=True):
        received = incident.received_at
        checks.append(
            IntelligenceCheck(
                incident=incident,
                systems=sorted({"pnc", "da_history", "local"}),
                findings=step.findings,
                responsible=IntelligenceCheck.Responsibility.CALL_HANDLER,
                done_by=handler,
            )
        )
        deployments.append(
            Deployment(
                incident=incident,
                call_sign=step.call_sign,
                dispatched_at=received + timedelta(minutes=3),
                arrived_at=received + timedelta(minutes=step.arrived_after),
                recorded_by=handler,
            )
        )
        if supervisor_attendance_required(incident):
            attendances.append(
                SupervisorAttendance(
                    incident=incident,
                    supervisor=supervisor,
                    attended_at=received + timedelta(minutes=55),
                    recorded_by=handler,
                )
            )
        incident.response_grade = step.grade
        if step.offence:
            crimes.append(
                Crime(
                    incident=incident,
                    crime_number=f"22/{incident.pk:05d}/{received:%y}",
                    offence=step.offence,
                    recorded_by=officer,
                    investigator=officer,
                    allocation_rule=Crime.AllocationRule.STANDARD,
                    allocated_at=now,
                )
            )
        incident.crime_decision = Incident.CrimeDecision.CRIME if step.offence else Incident.CrimeDecision.NO_CRIME
        if step.arrested:
            suspect = next(p.person for p in incident.parties.all() if p.role == Party.Role.SUSPECT)
            arrests.append(
                Arrest(
                    incident=incident,
                    person=suspect,
                    arrested_at=received + timedelta(hours=1),
                    offence="Assault",
                    arrested_by=officer,
                    recorded_by=officer,
                )
            )
        else:
            incident.positive_action_rationale = "Suspect not found; circulated on PNC."
        incident.status = Incident.Status.AWAITING_SIGN_OFF
        incident.submitted_for_sign_off_at = now
        if step.signed_off:
            incident.status, incident.signed_off_by, incident.signed_off_at = Incident.Status.CLOSED, supervisor, now
    fks = ["incident", "done_by", "recorded_by", "supervisor", "investigator", "person", "arrested_by"]
    IntelligenceCheck.objects.bulk_create(_checked(checks, fks))
    Deployment.objects.bulk_create(_checked(deployments, fks))
    SupervisorAttendance.objects.bulk_create(_checked(attendances, fks))
    Crime.objects.bulk_create(_checked(crimes, fks))
    Arrest.objects.bulk_create(_checked(arrests, fks))
    fields = ["response_grade", "crime_decision", "positive_action_rationale", "status"]
    fields += ["submitted_for_sign_off_at", "signed_off_by", "signed_off_at"]
    Incident.objects.bulk_update(incidents, fields, batch_size=500)


@transaction.atomic
def seed(*, say: Callable[[str], None] = lambda line: None) -> int:
    """Create the demo people and incidents once; returns how many incidents were made.

    ``say`` hears a line as each batch is written (the seed command prints them while the stack starts).
    """
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
    calls: list[IncidentInput] = []
    steps: list[_Steps | None] = []  # None: still with the call handler

    def when(day_from: int = 0) -> datetime:
        day = start + timedelta(days=rng.randint(day_from, 546))
        return timezone.make_aware(datetime.combine(day.date(), time(rng.randint(0, 23), rng.randint(0, 59))))

    # Everything is drawn first, in the order the calls would come in, then written in a few batches.
    people: list[PersonInput] = []
    for area in areas:
        pairs = []
        for _ in range(40):
            pair = names.person("female", area.code), names.person("male", area.code)
            people += pair
            pairs.append(pair)
        for i, (victim, suspect) in enumerate(pairs):
            # One victim in three calls again: repeat victims within twelve months.
            times = sorted(when() for _ in range(1 if i % 3 else rng.randint(2, 4)))
            if i in (1, 2, 4, 5):
                # Recent calls still in the control room's hands: open, or waiting for sign-off.
                times.append(now - timedelta(hours=rng.randint(2, 40) if i < 3 else rng.randint(80, 150)))
            for received_at in times:
                calls.append(_log(rng, area, _party("victim", victim), _party("suspect", suspect), received_at))
                steps.append(_steps(rng, received_at, now) if received_at < now - timedelta(days=2) else None)

    # A serial perpetrator: four unconnected victims across the force.
    serial_data = PersonInput(
        given_name="Darren",
        surname="Kemp",
        date_of_birth=date(1984, 3, 9),
        gender="male",
        address=AddressInput(line_1="14 Canal Side", town="Worcester", postcode="WR5 3DA"),
    )
    serial_victims = []
    for area in areas:
        victim = names.person("female", area.code)
        serial_victims.append(victim)
        calls.append(
            _log(
                rng,
                area,
                _party("victim", victim),
                _party("suspect", serial_data),
                now - timedelta(days=rng.randint(10, 300)),
            )
        )
        steps.append(None)
    # Near-duplicates for the duplicate review: the first people keyed again with typos.
    near = []
    for original in people[:6]:
        s = original.surname
        near.append(
            PersonInput(
                given_name=original.given_name,
                surname=s[0] + s[2] + s[1] + s[3:] if len(s) > 3 else s + "e",  # two letters swapped
                date_of_birth=original.date_of_birth,
                gender=original.gender,
            )
        )

    started = monotonic()
    inputs = [*people, serial_data, *serial_victims, *near]
    person_of = {
        id(data): person for data, person in zip(inputs, people_create(data=inputs, user=handler), strict=True)
    }
    for call in calls:
        call.parties = [replace(p, person=person_of[id(p.new_person)], new_person=None) for p in call.parties]
    say(f"people {len(inputs)} ({monotonic() - started:.1f} s)")

    started = monotonic()
    incidents = services.incidents_create(data=calls, user=handler)
    progressed = [(incident, step) for incident, step in zip(incidents, steps, strict=True) if step is not None]
    _progress([i for i, _ in progressed], [s for _, s in progressed], handler, supervisor, officer, now)
    for n in range(len(areas)):
        first_suspect, second_victim = person_of[id(people[80 * n + 1])], person_of[id(people[80 * n + 2])]
        marker_add(person=first_suspect, kind="warning", code="violent", user=handler, detail="Assaulted police 2024")
        marker_add(person=second_victim, kind="vulnerability", code="pregnant", user=handler)
    marker_add(
        person=person_of[id(serial_data)], kind="warning", code="weapons", user=handler, detail="Carries a lock knife"
    )
    say(f"incidents {len(incidents)} ({monotonic() - started:.1f} s)")
    return len(incidents)


NEIGHBOUR_CALLS = 6  # per area: a little data, enough to see that nothing of it reaches the demo force


@transaction.atomic
def seed_neighbour() -> int:
    """A few calls in the neighbouring force, with their own people; one victim has the name and date of birth of
    a demo-force victim, yet is another force's record: no search, list or duplicate suggestion joins the two."""
    handler = User.objects.get(username="nb_handler")
    if Incident.objects.filter(created_by=handler).exists():
        return 0
    rng = random.Random(2027)  # noqa: S311 - demo data, not a secret
    names = _Names(rng)
    now = timezone.now()
    twin = Party.objects.filter(role=Party.Role.VICTIM, incident__area__force__code="demo").order_by("pk").first()
    calls, people = [], []
    for area in Area.objects.filter(force__code="neighbour").order_by("code"):
        for n in range(NEIGHBOUR_CALLS):
            victim, suspect = names.person("female", area.code), names.person("male", area.code)
            if twin is not None and not people:
                person = twin.person
                victim = replace(
                    victim, given_name=person.given_name, surname=person.surname, date_of_birth=person.date_of_birth
                )
            people += [victim, suspect]
            received_at = now - timedelta(days=rng.randint(3, 200), minutes=n)
            calls.append(_log(rng, area, _party("victim", victim), _party("suspect", suspect), received_at))
    made = people_create(data=people, user=handler)
    person_of = {id(data): person for data, person in zip(people, made, strict=True)}
    for call in calls:
        call.parties = [replace(p, person=person_of[id(p.new_person)], new_person=None) for p in call.parties]
    return len(services.incidents_create(data=calls, user=handler))
