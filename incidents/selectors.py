"""Reads about incidents that cross models: history, repeat victims, serial perpetrators, closure, queues."""

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from accounts.models import Force, User
from core.periods import force_timezone, window_start
from people.history import history_sections
from people.models import Marker, Person

from .models import Arrest, CallAudit, Incident, Party

SERIAL_PERPETRATOR_WINDOW_DAYS = 3 * 365
SERIAL_PERPETRATOR_MIN_VICTIMS = 2
REPEAT_VICTIM_MIN_INCIDENTS = 2


def repeat_window_start(force: Force, at: datetime) -> datetime:
    """The first moment of the force's repeat-victim window that ends at ``at`` (calendar months, core.periods)."""
    return window_start(at, force.repeat_victim_window_months, force_timezone(force))


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
    window_months: int
    sections: list = field(default_factory=list)


def person_history(
    person: Person, *, force: Force, now: datetime | None = None, limit: int = 20, new_call: bool = True
) -> PersonHistory:
    """The person's incidents (newest first), flags and markers, in a fixed handful of queries.

    ``new_call``: the history is read while a call is being logged (the intake screen), so that call would
    add one more incident to the repeat-victim count; on a record already logged (a review), it is counted.
    """
    now = now or timezone.now()
    parties = list(
        Party.objects.filter(person=person)
        .select_related("incident", "incident__area")
        .order_by("-incident__received_at")[:limit]
    )
    recent = victim_incident_counts([person.pk], repeat_window_start(force, now), now + timedelta(minutes=5))[person.pk]
    victims = serial_victim_count(person.pk, now=now)
    return PersonHistory(
        person=person,
        parties=parties,
        incidents_last_window=recent,
        is_repeat_victim=is_repeat_victim(recent, new_call=new_call),
        victims_as_suspect=victims,
        is_serial_perpetrator=is_serial_perpetrator(victims),
        markers=active_markers([person.pk])[person.pk],
        window_months=force.repeat_victim_window_months,
        sections=history_sections(person),
    )


# The flags below are the one definition of each: the intake panel (person_history) and the warnings that
# follow a record everywhere (incidents.safety.warnings_for) both call them, for one person or many at once.


def victim_incident_counts(person_ids: Iterable[int], start: datetime, end: datetime) -> dict[int, int]:
    """Per person, the domestic-abuse incidents in which they were a victim, received in [start, end); one query."""
    counts = dict.fromkeys(person_ids, 0)
    rows = (
        Party.objects.filter(
            person_id__in=counts,
            role=Party.Role.VICTIM,
            incident__in=Incident.objects.domestic_abuse(),
            incident__received_at__gte=start,
            incident__received_at__lt=end,
        )
        .values("person_id")
        .annotate(n=Count("incident_id", distinct=True))
        .values_list("person_id", "n")
    )
    counts.update(rows)
    return counts


def is_repeat_victim(incidents_in_window: int, *, new_call: bool = False) -> bool:
    """A second domestic-abuse incident within the force's window makes a repeat victim.

    ``new_call``: the call being logged now is not yet in the count, and would be the next incident.
    """
    return incidents_in_window + int(new_call) >= REPEAT_VICTIM_MIN_INCIDENTS


def is_serial_perpetrator(unconnected_victims: int) -> bool:
    return unconnected_victims >= SERIAL_PERPETRATOR_MIN_VICTIMS


def active_markers(person_ids: Iterable[int]) -> dict[int, list[Marker]]:
    """Per person, their active markers (warnings, vulnerabilities, disabilities); one query."""
    markers: dict[int, list[Marker]] = {pk: [] for pk in person_ids}
    for marker in Marker.objects.filter(person_id__in=markers, active=True):
        markers[marker.person_id].append(marker)
    return markers


def serial_victim_count(person_id: int, *, now: datetime) -> int:
    """How many unconnected victims the person was a suspect against, within the window (see serial_victim_counts)."""
    return serial_victim_counts([person_id], now=now)[person_id]


def serial_victim_counts(person_ids: Iterable[int], *, now: datetime) -> dict[int, int]:
    """Per person, how many unconnected victims they were a suspect against, within the window; two queries.

    Victims at the same incident (a mother and her adult daughter) are
    connected and count once; victims of separate incidents who never appear
    together count separately.
    """
    since = now - timedelta(days=SERIAL_PERPETRATOR_WINDOW_DAYS)
    pairs: dict[int, list[tuple[int, int]]] = {pk: [] for pk in person_ids}
    suspects_at: dict[int, set[int]] = {}
    for suspect_id, incident_id in Party.objects.filter(
        person_id__in=pairs,
        role=Party.Role.SUSPECT,
        incident__is_domestic_abuse=True,
        incident__received_at__gte=since,
    ).values_list("person_id", "incident_id"):
        suspects_at.setdefault(incident_id, set()).add(suspect_id)
    if suspects_at:
        victims = Party.objects.filter(incident_id__in=suspects_at, role=Party.Role.VICTIM)
        for incident_id, victim_id in victims.values_list("incident_id", "person_id"):
            for suspect_id in suspects_at[incident_id]:
                if victim_id != suspect_id:
                    pairs[suspect_id].append((incident_id, victim_id))
    return {pk: connected_groups(p) for pk, p in pairs.items()}


def connected_groups(pairs: Iterable[tuple[int, int]]) -> int:
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
    since = repeat_window_start(incident.area.force, incident.received_at)
    victim_ids = [p.person_id for p in incident.parties.all() if p.role == Party.Role.VICTIM]
    return (
        Incident.objects.domestic_abuse()
        .filter(
            parties__person_id__in=victim_ids,
            parties__role=Party.Role.VICTIM,
            received_at__gte=since,
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


def sign_off_queue(user: User) -> QuerySet[Incident]:
    """Incidents awaiting sign-off that the supervisor can see, oldest first."""
    return (
        Incident.objects.visible_to(user)
        .filter(status=Incident.Status.AWAITING_SIGN_OFF)
        .select_related("area", "created_by")
        .order_by("submitted_for_sign_off_at", "pk")
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


def call_audit_shares(*, user: User, month: date) -> list[AuditShare]:
    """Per handler, the month's calls within the user's reach and how many were audited (scored)."""
    month = month.replace(day=1)
    next_month = (month.replace(day=28) + timedelta(days=4)).replace(day=1)
    calls = Incident.objects.visible_to(user).filter(received_at__date__gte=month, received_at__date__lt=next_month)
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


def audits_to_score(user: User) -> QuerySet[CallAudit]:
    return CallAudit.objects.filter(auditor=user, total__isnull=True).select_related("incident", "handler")
