"""Reads about incidents that cross models: history, repeat victims, serial perpetrators, closure, queues."""

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from people.history import history_sections
from people.models import Marker, Person

from .models import Arrest, CallAudit, Incident, Party

SERIAL_PERPETRATOR_WINDOW_DAYS = 3 * 365
SERIAL_PERPETRATOR_MIN_VICTIMS = 2


def repeat_window(force) -> timedelta:
    return timedelta(days=force.repeat_victim_window_days)


def victim_incidents_between(person_id: int, start: datetime, end: datetime) -> QuerySet[Incident]:
    """Domestic-abuse incidents in which the person was a victim, received in [start, end)."""
    return (
        Incident.objects.domestic_abuse()
        .filter(
            parties__person_id=person_id, parties__role=Party.Role.VICTIM, received_at__gte=start, received_at__lt=end
        )
        .distinct()
    )


@dataclass
class PersonHistory:
    """What the call handler needs to see as soon as a person is chosen."""

    person: Person
    parties: list[Party]
    incidents_last_window: int
    is_repeat_victim: bool
    victims_as_suspect: int
    is_serial_perpetrator: bool
    markers: list[Marker]
    window_days: int
    sections: list = field(default_factory=list)


def person_history(person: Person, *, force, now: datetime | None = None, limit: int = 20) -> PersonHistory:
    """The person's incidents (newest first), flags and markers, in a fixed handful of queries."""
    now = now or timezone.now()
    window = repeat_window(force)
    parties = list(
        Party.objects.filter(person=person)
        .select_related("incident", "incident__area")
        .order_by("-incident__received_at")[:limit]
    )
    recent = victim_incidents_between(person.pk, now - window, now + timedelta(minutes=5)).count()
    victims = serial_victim_count(person.pk, now=now)
    return PersonHistory(
        person=person,
        parties=parties,
        incidents_last_window=recent,
        # Logging a new incident now would make this at least the second within the window.
        is_repeat_victim=recent >= 1,
        victims_as_suspect=victims,
        is_serial_perpetrator=victims >= SERIAL_PERPETRATOR_MIN_VICTIMS,
        markers=list(person.markers.filter(active=True)),
        window_days=window.days,
        sections=history_sections(person),
    )


def serial_victim_count(person_id: int, *, now: datetime) -> int:
    """How many unconnected victims the person was a suspect against, within the window.

    Victims at the same incident (a mother and her adult daughter) are
    connected and count once; victims of separate incidents who never appear
    together count separately.
    """
    since = now - timedelta(days=SERIAL_PERPETRATOR_WINDOW_DAYS)
    incident_ids = Party.objects.filter(
        person_id=person_id, role=Party.Role.SUSPECT, incident__is_domestic_abuse=True, incident__received_at__gte=since
    ).values("incident_id")
    pairs = (
        Party.objects.filter(incident_id__in=incident_ids, role=Party.Role.VICTIM)
        .exclude(person_id=person_id)
        .values_list("incident_id", "person_id")
    )
    return connected_groups(pairs)


def connected_groups(pairs) -> int:
    """Count groups of victims, joining victims who share an incident."""
    parent: dict[int, int] = {}

    def find(v: int) -> int:
        while parent.setdefault(v, v) != v:
            parent[v] = parent[parent[v]]
            v = parent[v]
        return v

    first_victim: dict[int, int] = {}
    for incident_id, victim_id in pairs:
        find(victim_id)
        if incident_id in first_victim:
            parent[find(victim_id)] = find(first_victim[incident_id])
        else:
            first_victim[incident_id] = victim_id
    return len({find(v) for v in parent})


def incident_is_repeat(incident: Incident) -> bool:
    """A victim of this incident had another domestic-abuse incident within the force's window before it."""
    window = repeat_window(incident.area.force)
    victim_ids = [p.person_id for p in incident.parties.all() if p.role == Party.Role.VICTIM]
    return (
        Incident.objects.domestic_abuse()
        .filter(
            parties__person_id__in=victim_ids,
            parties__role=Party.Role.VICTIM,
            received_at__gte=incident.received_at - window,
            received_at__lt=incident.received_at,
        )
        .exclude(pk=incident.pk)
        .exists()
    )


def supervisor_attendance_required(incident: Incident) -> bool:
    """Serious (serious injury or weapons) or repeat incidents need a supervisor to attend."""
    checklist = getattr(incident, "checklist", None)
    return bool(checklist and checklist.is_serious) or incident_is_repeat(incident)


def closure_problems(incident: Incident) -> dict[str, str]:
    """What is still missing before the incident can go for sign-off (empty when ready)."""
    problems = {}
    if not incident.response_grade:
        problems["response_grade"] = "Grade the response."
    if not incident.intelligence_checks.exists():
        problems["intelligence_check"] = "Record the intelligence check."
    if incident.crime_decision == Incident.CrimeDecision.PENDING:
        problems["crime_decision"] = "Record whether a crime was committed."
    has_suspect = incident.parties.filter(role=Party.Role.SUSPECT).exists()
    arrested = Arrest.objects.filter(incident=incident).exists()
    if has_suspect and not arrested and not incident.positive_action_rationale.strip():
        problems["positive_action_rationale"] = "No one was arrested: record the positive-action rationale."
    if supervisor_attendance_required(incident) and not hasattr(incident, "supervisor_attendance"):
        problems["supervisor_attendance"] = "This serious or repeat incident needs a supervisor's attendance recorded."
    return problems


def sign_off_queue(user) -> QuerySet[Incident]:
    """Incidents awaiting sign-off that the supervisor can see, oldest first."""
    return (
        Incident.objects.visible_to(user)
        .filter(status=Incident.Status.AWAITING_SIGN_OFF)
        .select_related("area", "created_by")
        .order_by("submitted_for_sign_off_at")
    )


@dataclass
class AuditShare:
    handler_id: int
    handler_name: str
    month: date
    calls: int
    audited: int

    @property
    def share(self) -> float:
        return self.audited / self.calls if self.calls else 0.0


def call_audit_shares(*, month: date, area_ids=None) -> list[AuditShare]:
    """Per handler, the month's calls and how many were audited (scored)."""
    month = month.replace(day=1)
    next_month = (month.replace(day=28) + timedelta(days=4)).replace(day=1)
    calls = Incident.objects.filter(received_at__date__gte=month, received_at__date__lt=next_month)
    if area_ids is not None:
        calls = calls.filter(area_id__in=area_ids)
    rows = (
        calls.values("created_by", "created_by__first_name", "created_by__last_name", "created_by__username")
        .annotate(calls=Count("id"), audited=Count("call_audit", filter=Q(call_audit__total__isnull=False)))
        .order_by("created_by__last_name", "created_by__username")
    )
    return [
        AuditShare(
            handler_id=r["created_by"],
            handler_name=f"{r['created_by__first_name']} {r['created_by__last_name']}".strip()
            or r["created_by__username"],
            month=month,
            calls=r["calls"],
            audited=r["audited"],
        )
        for r in rows
    ]


def audits_to_score(user) -> QuerySet[CallAudit]:
    return CallAudit.objects.filter(auditor=user, total__isnull=True).select_related("incident", "handler")
