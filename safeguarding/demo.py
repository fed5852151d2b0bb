"""Demo safeguarding records (make run), in Worcestershire:

- a DVPN drafted by the response officer, awaiting a superintendent's authorisation;
- a DVPN served an hour ago, its order application to be heard within 48 hours (Sundays and bank holidays not
  counted: the page lists the days it skipped);
- a DAPN served on the Friday evening before the last bank-holiday Monday: its hearing clock skipped the Sunday
  and the Monday; heard on the Tuesday, a DAPO (no fixed end) was made and is being breached: a call last week;
- a non-molestation order notified by the family court, with an officer-safety warning.

Each part adds its seed to ``SEEDS``; seed_demo calls ``seed``. Past records are made through the services and
then moved back in time (the services refuse the past), as time passing would. Officers are given their ranks.
"""

from datetime import date, datetime, time, timedelta

from django.db import transaction
from django.utils import timezone

from accounts.models import Area, Rank, User
from core.periods import force_timezone
from incidents.models import Answer, Incident, Party
from incidents.services import IncidentInput, PartyInput, incident_create

from . import services
from .calendar import bank_holidays
from .models import ProtectionNotice

RANKS = {
    "officer": Rank.CONSTABLE,
    "officer2": Rank.CONSTABLE,
    "pvp": Rank.CONSTABLE,
    "sergeant": Rank.SERGEANT,
    "pvpsup": Rank.SERGEANT,
    "crsup": Rank.INSPECTOR,
    "superintendent": Rank.SUPERINTENDENT,
    "nb_officer": Rank.CONSTABLE,
    "nb_pvp": Rank.CONSTABLE,
    "nb_super": Rank.SUPERINTENDENT,
}
GROUNDS = "Assaulted the victim at home last night (punched, pushed down the stairs); threatened to come back."
CONDITIONS = [
    {"kind": "no_contact"},
    {"kind": "not_within", "premises": "the victim's home", "distance_metres": 100},
    {"kind": "not_enter", "premises": "the victim's home"},
]


def _at(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=force_timezone())


def _last_bank_holiday_monday(today: date) -> date:
    days = {d for y in (today.year - 1, today.year) for d in bank_holidays(y)}
    return max(d for d in days if d.weekday() == 0 and d <= today - timedelta(days=3))


def _pairs(area: Area) -> list[tuple]:
    """(incident, victim, suspect) of the area's latest calls with an adult suspect, newest first; one query."""
    by_incident: dict[int, dict] = {}
    parties = (
        Party.objects.filter(incident__area=area, role__in=[Party.Role.VICTIM, Party.Role.SUSPECT])
        .select_related("person", "incident")
        .order_by("-incident__received_at", "-incident_id", "pk")[:400]
    )
    for p in parties:
        by_incident.setdefault(p.incident_id, {"incident": p.incident}).setdefault(p.role, p.person)
    found, seen = [], set()
    for row in by_incident.values():
        victim, suspect = row.get(Party.Role.VICTIM), row.get(Party.Role.SUSPECT)
        if victim and suspect and suspect.age is not None and suspect.age >= 18 and not {victim.pk, suspect.pk} & seen:
            found.append((row["incident"], victim, suspect))
            seen |= {victim.pk, suspect.pk}
    return found


def _call(*, user, area, victim, suspect, received_at) -> Incident:
    """A later call recording the breach."""
    return incident_create(
        user=user,
        data=IncidentInput(
            area_id=area.pk,
            channel=Incident.Channel.EMERGENCY,
            received_at=received_at,
            location="Outside the victim's home",
            relationship=Incident.Relationship.FORMER_PARTNER,
            summary="He came to the house despite the order and banged on the door.",
            checklist={
                "injuries": Answer.NO,
                "medical_help": Answer.NO,
                "weapons": Answer.NO,
                "children_present": Answer.NO,
                "victim_safe_now": Answer.YES,
            },
            parties=[
                PartyInput(role=Party.Role.VICTIM, person=victim, location_known=Answer.YES, location="At home"),
                PartyInput(
                    role=Party.Role.SUSPECT, person=suspect, location_known=Answer.NOT_KNOWN, location_reason="Left"
                ),
            ],
            abuse_types=[Incident.AbuseType.PSYCHOLOGICAL],
        ),
    )


@transaction.atomic
def seed_protection() -> int:
    """The notices, the order being breached and a civil order, once (running it again changes nothing)."""
    for rank in set(RANKS.values()):
        names = [u for u, r in RANKS.items() if r == rank]
        User.objects.filter(username__in=names, rank=Rank.NONE).update(rank=rank)
    area = Area.objects.filter(code="worcestershire").first()
    if area is None or ProtectionNotice.objects.filter(area=area).exists():
        return 0
    officer, pvp = User.objects.get(username="officer"), User.objects.get(username="pvp")
    superintendent, handler = User.objects.get(username="superintendent"), User.objects.get(username="handler")
    pairs = _pairs(area)
    if len(pairs) < 4:
        return 0
    made = 0

    def drafted(n, kind="dvpn"):
        incident, victim, suspect = pairs[n]
        return services.notice_draft(
            user=officer,
            kind=kind,
            area=area,
            incident=incident,
            subject=suspect,
            protected=victim,
            grounds=GROUNDS,
            victim_views="She wants him kept away from her and the children.",
            conditions=CONDITIONS,
        )

    # 1. Awaiting authorisation.
    drafted(0)
    # 2. Served an hour ago: its hearing is due within 48 hours of that, Sundays and bank holidays not counted.
    waiting = drafted(1)
    services.notice_authorise(notice=waiting, user=superintendent, rationale="Necessary to protect her now.")
    ProtectionNotice.objects.filter(pk=waiting.pk).update(
        drafted_at=timezone.now() - timedelta(hours=3), authorised_at=timezone.now() - timedelta(hours=2)
    )
    waiting.refresh_from_db()
    services.notice_serve(
        notice=waiting,
        user=officer,
        served_at=timezone.now() - timedelta(hours=1),
        hearing_notice_address="His mother's: 4 Chapel Walk, Worcester",
    )
    # 3. A DAPN served on the Friday evening before the last bank-holiday Monday, heard on the Tuesday: a DAPO.
    monday = _last_bank_holiday_monday(timezone.localdate())
    friday = monday - timedelta(days=3)
    breached = drafted(2, kind="dapn")
    services.notice_authorise(notice=breached, user=superintendent, rationale="Repeated assaults; she is terrified.")
    ProtectionNotice.objects.filter(pk=breached.pk).update(drafted_at=_at(friday, 16), authorised_at=_at(friday, 18))
    breached.refresh_from_db()
    services.notice_serve(
        notice=breached, user=officer, served_at=_at(friday, 20), hearing_notice_address="12 Dock Road, Worcester"
    )
    services.notice_hearing_record(
        notice=breached,
        user=pvp,
        hearing_at=_at(monday + timedelta(days=1), 11),
        court="Worcester Magistrates' Court",
        outcome="order_made",
    )
    order = breached.order
    services.order_notification_record(order=order, user=pvp, received_at=_at(monday + timedelta(days=2), 10))
    incident, victim, suspect = pairs[2]
    call = _call(
        user=handler, area=area, victim=victim, suspect=suspect, received_at=timezone.now() - timedelta(days=6)
    )
    services.breach_record(
        record=order,
        user=officer,
        incident=call,
        occurred_at=timezone.now() - timedelta(days=6, minutes=20),
        detail="Came to her door at night and shouted through the letterbox.",
        arrested=True,
    )
    made += 3
    # 4. A non-molestation order the family court notified, with an officer-safety warning.
    _, victim, suspect = pairs[3]
    services.civil_order_record(
        user=pvp,
        kind="non_molestation",
        area=area,
        subject=suspect,
        protected=victim,
        court="Worcester Family Court",
        case_number="WR26F00123",
        made_on=timezone.localdate() - timedelta(days=20),
        expires_on=timezone.localdate() + timedelta(days=160),
        power_of_arrest=True,
        notified_by="court",
        notified_on=timezone.localdate() - timedelta(days=19),
        officer_safety_warning="Known to carry a knife; violent towards police in 2025.",
        conditions=[{"kind": "no_contact"}, {"kind": "not_within", "premises": "her home", "distance_metres": 200}],
    )
    return made + 1


SEEDS: list = [seed_protection]


def _cases() -> int:
    from .demo_cases import seed as cases_seed

    return cases_seed()


SEEDS.append(_cases)  # Clare's Law, bail and release, the Victims' Code (safeguarding/demo_cases.py)


def seed() -> int:
    return sum(s() or 0 for s in SEEDS)
