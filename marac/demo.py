"""Demo MARAC (make run): in every area a meeting held three weeks ago and two coming ones, with their cases.

The past meeting's cases have minutes and actions owned by each agency (open, some overdue, done, not done and
not possible); two of its victims have called again and are referred a second time (repeat), and one repeat
flag waits for the coordinator. The coming meeting has cases with information shared by the police and the IDVA
service; in Worcestershire it is nearly full, in Telford full, so a referral waits with no meeting. Each area has
an IDVA service: Worcestershire's near its caseload capacity, Telford's over it.

Past meetings are made directly and past cases moved back in time after the services have made them (the services
refuse the past), as time passing would.
"""

from collections import defaultdict
from datetime import datetime, time, timedelta
from decimal import Decimal

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from accounts.models import Agency, Area, User
from incidents.demo import TOWNS
from incidents.models import Incident, Party
from people.models import Person
from risk.models import Assessment

from . import services
from .models import Criterion, IdvaService, MaracAction, MaracMeeting, MaracReferral, MaracRepeat

IDVA, CHILDREN, PROBATION = "Safer Futures IDVA Service", "County Children's Services", "Probation Service (Mercia)"
HOUSING, HEALTH = "Housing Options", "Hospital Trust Safeguarding"

# code: cases heard at the past meeting, cases on the coming one (two of them repeats), its capacity, IDVA staff
# (FTE), caseload and referrals in 12 months (the service's own figures: every referral, not only MARAC's).
# Worcestershire's coming meeting is nearly full and Telford's full (a referral waits); Worcestershire's IDVAs
# carry 70 cases each (near the 60-80 capacity) and took 95 referrals each, Telford's 95 and 125 (over both).
AREAS = {
    "worcestershire": (10, 10, 12, Decimal("4.0"), 280, 380),
    "telford": (7, 6, 6, Decimal("2.0"), 190, 250),
    "shropshire": (8, 6, 20, Decimal("3.0"), 186, 270),
    "herefordshire": (6, 4, 20, Decimal("1.5"), 72, 120),
}
DEFAULT_AREA = (6, 4, 20, Decimal("2.0"), 110, 180)
WOMEN = {"worcestershire": 255_000, "shropshire": 139_000, "herefordshire": 83_000, "telford": 72_000}

# owner agency (None: the police), description, days after the meeting it is due
ACTIONS = [
    (IDVA, "Contact the victim within 48 hours and agree a safety plan.", 7),
    (None, "Place a marker on the victim's address for an immediate response.", 7),
    (HOUSING, "Assess for the sanctuary scheme and priority rehousing.", 28),
    (CHILDREN, "Hold a strategy discussion about the children in the household.", 14),
    (PROBATION, "Check the perpetrator's licence conditions with the offender manager.", 14),
    (HEALTH, "Flag the victim's hospital records and tell her GP of the referral.", 42),
    (IDVA, "Support the victim's application for a non-molestation order.", 42),
    (None, "Review the perpetrator's bail conditions with the officer in the case.", 28),
]
STATUSES = ["open", "done", "done", "not_done", "open", "not_possible", "done", "open", "done"]
NOT_POSSIBLE = "The victim has moved out of the area; the case has gone to the receiving MARAC."
RATIONALES = [
    "Threats to kill since the last incident and she is too frightened to answer the DASH questions.",
    "Recent separation and he has found her new address; escalating messages and turning up at her work.",
    "Controlling behaviour is getting worse and she is pregnant; the officer is worried despite a medium DASH.",
]
MINUTES = [
    "Risk discussed with all agencies. Perpetrator known to probation; victim engaging with the IDVA. "
    "Safety plan in place; actions agreed below.",
    "Victim has not engaged since the incident. Agencies to try again through the GP and the school. "
    "Children's services to lead on the children; police to flag the address.",
    "Perpetrator released on bail with conditions not to contact her. Housing to look at a move; "
    "IDVA to support a non-molestation order.",
]
SHARES = {
    "police": "Two further calls to the address since the referral; the perpetrator was arrested once and bailed.",
    "idva": "In touch with the victim weekly; she wants to stay in the home with better security.",
    "children": "Two children on a child-in-need plan; the school reports worries about the younger one.",
}
BASIS = "Crime and Disorder Act 1998 s.115 and the vital interests of the victim and her children."


def _at(day, hour: int = 10) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour)))


def _victims(area: Area) -> dict[int, dict]:
    """The area's domestic-abuse victims with their suspects and the times of their incidents."""
    parties = Party.objects.filter(
        incident__area=area, incident__is_domestic_abuse=True, role__in=[Party.Role.VICTIM, Party.Role.SUSPECT]
    ).values_list("incident_id", "person_id", "role", "incident__received_at")
    incidents = defaultdict(lambda: {"victims": [], "suspects": [], "at": None})
    for incident_id, person_id, role, received_at in parties:
        incidents[incident_id]["victims" if role == Party.Role.VICTIM else "suspects"].append(person_id)
        incidents[incident_id]["at"] = received_at
    victims = defaultdict(lambda: {"suspects": set(), "calls": []})
    for incident_id, incident in incidents.items():
        if not incident["suspects"]:
            continue
        for person_id in incident["victims"]:
            victims[person_id]["suspects"].update(incident["suspects"])
            victims[person_id]["calls"].append((incident["at"], incident_id, incident["suspects"]))
    return victims


def _high_risk(victim_ids) -> dict[int, Assessment]:
    """Each victim's highest-scoring submitted high-risk DASH, in one query."""
    found: dict[int, Assessment] = {}
    for assessment in (
        Assessment.objects.filter(victim_id__in=victim_ids, yes_count__gte=F("questionnaire__high_risk_threshold"))
        .exclude(status=Assessment.Status.DRAFT)
        .select_related("questionnaire")
        .order_by("-yes_count", "pk")
    ):
        found.setdefault(assessment.victim_id, assessment)
    return found


class _Area:
    """One area's demo MARAC, built step by step."""

    def __init__(self, area: Area, n: int, people: dict, agencies: list[Agency], police: Agency):
        self.area, self.n, self.people, self.agencies, self.police = area, n, people, agencies, police
        self.by_name = {a.name: a for a in agencies}
        self.past_cases, self.coming_cases, self.capacity, fte, caseload, referrals = AREAS.get(area.code, DEFAULT_AREA)
        self.idva, _ = IdvaService.objects.get_or_create(
            area=area,
            agency=self.by_name[IDVA],
            defaults={
                "staff_fte": fte,
                "caseload": caseload,
                "referrals_last_year": referrals,
                "figures_on": timezone.localdate() - timedelta(days=7),
            },
        )
        self.made = 0
        self.high_risk: dict[int, Assessment] = {}

    def meeting(self, day, *, capacity: int = 20) -> MaracMeeting:
        town = TOWNS.get(self.area.code, self.area.name)
        fields = {"chair": self.people["chair"], "coordinator": self.people["coordinator"], "capacity": capacity}
        location = f"{town} Police Station, conference room 2 (or Teams: link in the invitation)"
        if day > timezone.localdate():
            return services.meeting_create(
                area=self.area,
                starts_at=_at(day),
                agencies=self.agencies,
                user=self.people["coordinator"],
                location=location,
                **fields,
            )
        meeting = MaracMeeting.objects.create(area=self.area, starts_at=_at(day), location=location, **fields)
        meeting.agencies.set(self.agencies)
        return meeting

    def refer(self, victim_id: int, suspects, *, k: int, repeat: bool = False) -> MaracReferral:
        victim = Person.objects.get(pk=victim_id)
        assessment = self.high_risk.get(victim_id)
        checks = {
            c.criterion: c.met
            for c in services.referral_criteria(
                victim=victim, perpetrator_ids=suspects, area=self.area, assessment=assessment
            )
        }
        wanted = [Criterion.VISIBLE_HIGH_RISK, Criterion.POTENTIAL_ESCALATION] + ([Criterion.REPEAT] if repeat else [])
        criteria = [c.value for c in wanted if checks[c]] or [Criterion.PROFESSIONAL_JUDGEMENT.value]
        by_idva = k % 4 == 3
        self.made += 1
        return services.referral_create(
            victim=victim,
            perpetrators=list(Person.objects.filter(pk__in=suspects)),
            area=self.area,
            referring_agency=self.by_name[IDVA] if by_idva else self.police,
            user=self.people["idva" if by_idva else "pvp"],
            criteria=criteria,
            judgement_rationale=RATIONALES[k % len(RATIONALES)] if "professional_judgement" in criteria else "",
            information_sharing_basis=BASIS,
            victim_aware=k % 5 != 4,
            assessment=assessment if checks[Criterion.VISIBLE_HIGH_RISK] else None,
            idva_service=self.idva if k % 3 != 2 else None,
            idva_outcome=["Engaged with the IDVA", "Engaged with the IDVA", "Offered; she declined for now"][k % 3],
        )

    def seed(self, today) -> None:
        victims = _victims(self.area)
        self.high_risk = _high_risk(list(victims))
        base = today - timedelta(days=21)
        held = base - timedelta(days=(base.weekday() - 1) % 7 - self.n % 4)  # a Tuesday to Friday, 18-27 days ago
        past = self.meeting(held)
        cutoff = _at(held) - timedelta(days=3)
        # Victims who called again after the past meeting: two are referred again, one waits as a repeat flag.
        recent = sorted(
            (v for v, d in victims.items() if max(c[0] for c in d["calls"]) > cutoff),
            key=lambda v: (min(c[0] for c in victims[v]["calls"]), v),
        )
        earlier = sorted(
            (v for v in victims if v not in recent),
            key=lambda v: (v not in self.high_risk, -max(c[0] for c in victims[v]["calls"]).timestamp(), v),
        )
        returning, coming_pool = recent[:3], recent[3:] + earlier
        fresh = self.coming_cases - min(2, len(returning)) + (1 if self.coming_cases >= self.capacity else 0)
        coming_victims, past_victims = coming_pool[:fresh], returning + coming_pool[fresh:]
        past_victims = past_victims[: max(self.past_cases, len(returning))]
        # The past meeting: cases referred in the weeks before it, heard, minuted, with actions.
        for k, victim_id in enumerate(past_victims):
            referral = self.refer(victim_id, victims[victim_id]["suspects"], k=k)
            last_call = max((c[0] for c in victims[victim_id]["calls"] if c[0] < cutoff), default=None)
            referred_at = max(_at(held) - timedelta(days=25 - k), (last_call or cutoff) + timedelta(hours=20))
            referred_at = min(referred_at, cutoff)
            MaracReferral.objects.filter(pk=referral.pk).update(meeting=past, referred_at=referred_at)
            referral.refresh_from_db()
            services.referral_minutes(
                referral=referral, minutes=MINUTES[k % len(MINUTES)], version=None, user=self.people["coordinator"]
            )
            for m in range(1 + k % 3):
                self.action(referral, past, (2 * k + m) % len(ACTIONS), STATUSES[(k + 2 * m) % len(STATUSES)])
        # Their new incidents are flagged as repeats (as they would have been when recorded).
        for victim_id in returning:
            for received_at, incident_id, _suspects in victims[victim_id]["calls"]:
                if received_at > cutoff:
                    for flag in services.flag_repeats(incident=Incident.objects.get(pk=incident_id)):
                        MaracRepeat.objects.filter(pk=flag.pk).update(flagged_at=received_at + timedelta(minutes=20))
        # The coming meeting: the two repeats referred again, then new cases (one more than a full meeting holds).
        coming = self.meeting(held + timedelta(weeks=5), capacity=self.capacity)
        for k, victim_id in enumerate(returning[:2]):
            self.refer(victim_id, victims[victim_id]["suspects"], k=k, repeat=True)
        for k, victim_id in enumerate(coming_victims):
            referral = self.refer(victim_id, victims[victim_id]["suspects"], k=k + 1)
            last_call = max(c[0] for c in victims[victim_id]["calls"]) + timedelta(hours=2)
            referred_at = min(timezone.now(), max(timezone.now() - timedelta(days=1 + k), last_call))
            MaracReferral.objects.filter(pk=referral.pk).update(referred_at=referred_at)
        # Information shared before the coming meeting.
        for k, referral in enumerate(coming.referrals.order_by("pk")):
            services.share_add(referral=referral, stage="before", text=SHARES["police"], user=self.people["pvp"])
            if k % 3 != 2:
                services.share_add(referral=referral, stage="before", text=SHARES["idva"], user=self.people["idva"])
            if k % 3 == 0:
                text, user = SHARES["children"], self.people["socialworker"]
                services.share_add(referral=referral, stage="before", text=text, user=user)
        self.meeting(held + timedelta(weeks=9))

    def action(self, referral: MaracReferral, meeting: MaracMeeting, index: int, status: str) -> None:
        owner_name, description, due_days = ACTIONS[index]
        owner = self.by_name[owner_name] if owner_name else self.police
        action = services.action_add(
            referral=referral,
            meeting=meeting,
            owner_agency=owner,
            description=description,
            due=meeting.starts_at.date() + timedelta(days=due_days),
            user=self.people["coordinator"],
        )
        if status != MaracAction.Status.OPEN:
            owner_user = {IDVA: "idva", CHILDREN: "socialworker"}.get(owner_name, "coordinator")
            reason = NOT_POSSIBLE if status == MaracAction.Status.NOT_POSSIBLE else ""
            services.action_update(action=action, status=status, reason=reason, user=self.people[owner_user])


@transaction.atomic
def seed() -> int:
    """Create the demo MARAC once (running it again changes nothing); returns how many referrals were made."""
    areas = list(Area.objects.filter(force__code="demo").order_by("code"))
    people = {u: User.objects.get(username=u) for u in ("chair", "coordinator", "pvp", "idva", "socialworker")}
    # The chair and coordinator run every area's MARAC (older demo databases gave them Worcestershire only).
    for username in ("chair", "coordinator"):
        people[username].areas.add(*areas)
        people[username] = User.objects.get(pk=people[username].pk)  # a fresh area cache
    for area in areas:
        if area.adult_female_population is None and area.code in WOMEN:
            Area.objects.filter(pk=area.pk).update(adult_female_population=WOMEN[area.code])
    if MaracMeeting.objects.filter(area__force__code="demo").exists():
        return 0
    police = Agency.objects.get(name=areas[0].force.name, kind=Agency.Kind.POLICE)
    agencies = [police, *Agency.objects.filter(name__in=[IDVA, CHILDREN, PROBATION, HOUSING, HEALTH]).order_by("name")]
    today = timezone.localdate()
    made = 0
    for n, area in enumerate(areas):
        for agency in agencies:
            agency.areas.add(area)
        builder = _Area(area, n, people, agencies, police)
        builder.seed(today)
        made += builder.made
    return made
