"""Reads of Clare's Law, bail and release and the Victims' Code that cross models: lists, the overdue list, the
compliance measure by area (for the reports), and what a person's history and warnings show."""

from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Count, F, Q, QuerySet
from django.db.models.functions import TruncDate
from django.utils import timezone

from accounts.models import User
from accounts.reach import reach
from incidents.models import Incident
from people.models import Person

from .models.custody import VIEW_CUSTODY, BailCondition, CustodyStatus, RiskReviewTask
from .models.disclosures import DisclosureApplication
from .models.victims_code import VIEW_VICTIMS_CODE, VictimContact, VictimUpdate


def disclosure_list(user, *, status: str = "open", area=None) -> QuerySet[DisclosureApplication]:
    """Applications within the user's reach, soonest target first."""
    qs = DisclosureApplication.objects.visible_to(user).select_related("area", "owner", "person_at_risk", "subject")
    if status:
        qs = qs.filter(status=status)
    if area is not None:
        qs = qs.filter(area=area)
    return qs.order_by("decision_due", "pk")


def victims_code_overdue(user, *, today: date | None = None, area=None) -> QuerySet[VictimUpdate]:
    """Updates owed and past their day, in the user's areas, oldest first."""
    today = today or timezone.localdate()
    qs = VictimUpdate.objects.visible_to(user).overdue(today).select_related("victim", "incident__area", "responsible")
    if area is not None:
        qs = qs.filter(incident__area=area)
    return qs.order_by("due_on", "pk")


def incident_custody(incident) -> list[CustodyStatus]:
    """Every status of the incident's suspects, newest first, with conditions and review tasks."""
    return list(
        CustodyStatus.objects.filter(incident=incident)
        .select_related("suspect", "victim_views", "decided_by")
        .prefetch_related("conditions__protected_person", "review_tasks__assignee", "review_tasks__victim")
        .order_by("-decided_at", "-pk")
    )


def incident_victims_code(incident) -> tuple[list[VictimUpdate], list[VictimContact]]:
    updates = list(VictimUpdate.objects.filter(incident=incident).select_related("victim", "responsible", "contact"))
    contacts = list(VictimContact.objects.filter(incident=incident).select_related("victim", "contacted_by"))
    return updates, contacts


def review_tasks_due(user, *, today: date, limit: int = 10) -> list[RiskReviewTask]:
    return list(
        RiskReviewTask.objects.open()
        .filter(assignee=user, due_date__lte=today + timedelta(days=1))
        .select_related("status__incident", "victim")
        .order_by("due_date", "pk")[:limit]
    )


@dataclass
class Compliance:
    """Victims' Code updates due in a period in one area: given on time, given late, still owed."""

    area_id: int
    area_name: str
    due: int
    on_time: int
    late: int
    outstanding: int

    @property
    def percent_on_time(self) -> int | None:
        """Whole per cent, halves rounded up as the inspection prints them; None with nothing due."""
        if not self.due:
            return None
        return (self.on_time * 200 + self.due) // (self.due * 2)


def victims_code_compliance(*, user, start: date, end: date, area=None) -> list[Compliance]:
    """Per area within the user's reach, the updates due from ``start`` to ``end`` (both included, by their
    due day) and how many were given by the end of that day (the local date of the contact). One query."""
    found = reach(user, VIEW_VICTIMS_CODE)
    if found is None:
        return []
    qs = found.filter(VictimUpdate.objects.all(), "incident__area").filter(due_on__gte=start, due_on__lte=end)
    if area is not None:
        qs = qs.filter(incident__area=area)
    on_time = Q(given_at__isnull=False, given_on__lte=F("due_on"))
    rows = (
        qs.annotate(given_on=_local_date("given_at"))
        .values("incident__area_id", "incident__area__name")
        .annotate(
            due=Count("pk"),
            on_time=Count("pk", filter=on_time),
            late=Count("pk", filter=Q(given_at__isnull=False) & ~on_time),
            outstanding=Count("pk", filter=Q(given_at__isnull=True)),
        )
        .order_by("incident__area__name")
    )
    return [
        Compliance(
            r["incident__area_id"], r["incident__area__name"], r["due"], r["on_time"], r["late"], r["outstanding"]
        )
        for r in rows
    ]


def _local_date(field: str):
    return TruncDate(field, tzinfo=timezone.get_current_timezone())


# What follows a person: the history panel, the intake screen, the warnings of every page a police user acts on.


def custody_lines(person_ids) -> dict[int, list[str]]:
    """Per person, a line for each current bail or custody status they are under and each bail condition that
    protects them; two queries."""
    lines: dict[int, list[str]] = {pk: [] for pk in person_ids}
    statuses = (
        CustodyStatus.objects.current()
        .filter(suspect_id__in=lines)
        .prefetch_related("conditions__protected_person")
        .order_by("-decided_at")
    )
    for s in statuses:
        lines[s.suspect_id].append(f"{s.summary()} (incident {s.incident_id})")
    protecting = (
        BailCondition.objects.filter(protected_person_id__in=lines, status__ended_at__isnull=True)
        .select_related("status__suspect")
        .order_by("pk")
    )
    for c in protecting:
        s = c.status
        until = f" until {s.bail_end_date:%d/%m/%Y}" if s.bail_end_date else ""
        lines[c.protected_person_id].append(
            f"Protected by bail: {s.suspect.full_name} is on {s.get_kind_display().lower()}{until}, "
            f"{c.get_kind_display().lower()}: {c.detail}"
        )
    return lines


def disclosure_lines(person_ids) -> dict[int, list[str]]:
    """Per person, a line for each Clare's Law application they are the subject or the person at risk of; one query."""
    lines: dict[int, list[str]] = {pk: [] for pk in person_ids}
    rows = (
        DisclosureApplication.objects.filter(Q(subject_id__in=lines) | Q(person_at_risk_id__in=lines))
        .select_related("subject", "person_at_risk")
        .order_by("-received_at")
    )
    for a in rows:
        where = (
            f"decision: {a.get_decision_display().lower()}" if a.decision else f"decision due {a.decision_due:%d/%m/%Y}"
        )
        text = f"Clare's Law {a.reference} ({a.get_route_display().lower()}), {where}"
        if a.subject_id in lines:
            lines[a.subject_id].append(f"{text}: subject")
        if a.person_at_risk_id in lines:
            lines[a.person_at_risk_id].append(f"{text}: at risk from {a.subject.full_name}")
    return lines


def safeguarding_lines(person_ids) -> dict[int, list[str]]:
    """Bail and custody first (what an officer must know before acting), then Clare's Law; three queries."""
    ids = list(person_ids)
    custody, disclosures = custody_lines(ids), disclosure_lines(ids)
    return {pk: custody[pk] + disclosures[pk] for pk in ids}


def may_see_custody(user) -> bool:
    return reach(user, VIEW_CUSTODY) is not None


def case_owner(*, incident: Incident, victim: Person, fallback: User) -> User:
    """Who owns the victim's case: the owner of their open plan, else the crime's investigator, else ``fallback``."""
    from plans.models import RiskManagementPlan

    plan = RiskManagementPlan.objects.open().filter(victim=victim).select_related("owner").first()
    if plan is not None and plan.owner.is_active:
        return plan.owner
    crime = incident.crimes.filter(investigator__isnull=False, investigator__is_active=True).first()
    if crime is None:
        return fallback
    assert crime.investigator is not None  # filtered on investigator__isnull=False
    return crime.investigator
