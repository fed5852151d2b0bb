"""Bail and release: the victim's views (Kay's Law), each change of a suspect's status, and the review tasks.

The rules, each once:

- Kay's Law: a pre-charge bail decision needs the views of every victim of the incident, sought (reached, or
  not reached with the reason) for this suspect after their arrest and no later than the decision.
- A suspect has one current status per incident: a new one ends the one before, and may not be dated before it.
- Pre-charge bail ends on a day after the decision; a release date is not before it.
- Each change raises a risk-review task for each victim's case owner (case_selectors), due the next working
  day (or the day before the bail ends or the release, if sooner), and owes each victim a Victims' Code update
  (services/victims_code.py).
"""

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from accounts.reach import reach
from core.services import notification_send
from incidents.models import Arrest, Incident, Party
from people.models import Person

from ..calendar import add_working_days
from ..case_selectors import case_owner
from ..models.custody import BailCondition, CustodyStatus, RiskReviewTask, VictimViews
from ..models.victims_code import VictimUpdate
from .victims_code import victim_updates_owe

ADD = "safeguarding.add_custodystatus"
VIEWS = "safeguarding.add_victimviews"
LONGEST_BAIL = timedelta(days=730)  # a date further ahead is a typing error, not bail

# Which Victims' Code update a change owes.
EVENT_OF = {
    CustodyStatus.Kind.PRE_CHARGE_BAIL: VictimUpdate.Event.BAIL,
    CustodyStatus.Kind.RELEASED_UNDER_INVESTIGATION: VictimUpdate.Event.RELEASE,
    CustodyStatus.Kind.CHARGED_BAILED: VictimUpdate.Event.CHARGE,
    CustodyStatus.Kind.REMANDED: VictimUpdate.Event.CHARGE,
    CustodyStatus.Kind.IN_PRISON: VictimUpdate.Event.OUTCOME,
    CustodyStatus.Kind.RELEASED: VictimUpdate.Event.RELEASE,
    CustodyStatus.Kind.NO_FURTHER_ACTION: VictimUpdate.Event.OUTCOME,
}


@dataclass(frozen=True)
class ConditionInput:
    kind: str
    detail: str
    protected_person: Person | None = None


def _incident_in_reach(user: User, incident: Incident, permission: str) -> Incident:
    found = reach(user, permission)
    if found is None or not found.covers(incident.area_id):
        raise ValidationError({"incident": "No such incident in your areas."})
    return incident


def _is_party(incident: Incident, person: Person, role: str) -> bool:
    return Party.objects.filter(incident=incident, person=person, role=role).exists()


def _victims(incident: Incident) -> list[Person]:
    return [p.person for p in incident.parties.filter(role=Party.Role.VICTIM).select_related("person").order_by("pk")]


def _not_future(value: datetime | None, field: str) -> datetime:
    value = value or timezone.now()
    if value > timezone.now() + timedelta(minutes=5):
        raise ValidationError({field: "This cannot be in the future."})
    if value.year < 1900:
        raise ValidationError({field: "Give a real date."})
    return value


@transaction.atomic
def victim_views_record(
    *,
    user: User,
    incident: Incident,
    suspect: Person,
    victim: Person,
    reached: bool,
    views: str = "",
    not_reached_reason: str = "",
    sought_at: datetime | None = None,
) -> VictimViews:
    """The victim's views on the suspect's release and conditions, or why they could not be had."""
    _incident_in_reach(user, incident, VIEWS)
    if not _is_party(incident, victim, Party.Role.VICTIM):
        raise ValidationError({"victim": "The victim must be a victim on the incident."})
    if not _is_party(incident, suspect, Party.Role.SUSPECT):
        raise ValidationError({"suspect": "The suspect must be a suspect on the incident."})
    record = VictimViews(
        incident=incident,
        suspect=suspect,
        victim=victim,
        sought_at=_not_future(sought_at, "sought_at"),
        sought_by=user,
        reached=bool(reached),
        views=views.strip() if reached else "",
        not_reached_reason="" if reached else not_reached_reason.strip(),
    )
    record.full_clean(exclude=["sought_by", "incident", "suspect", "victim"])
    record.save()
    return record


def kays_law_views(*, incident: Incident, suspect: Person, decided_at: datetime) -> VictimViews:
    """The victims' views a pre-charge bail decision rests on (the latest), or the refusal naming who is missing."""
    arrest = Arrest.objects.filter(incident=incident, person=suspect, arrested_at__lte=decided_at).order_by(
        "-arrested_at"
    )
    since = arrest.values_list("arrested_at", flat=True).first()
    views = VictimViews.objects.filter(incident=incident, suspect=suspect, sought_at__lte=decided_at)
    if since is not None:
        views = views.filter(sought_at__gte=since)
    latest = {}
    for v in views.order_by("sought_at", "pk"):
        latest[v.victim_id] = v
    missing = [p.full_name for p in _victims(incident) if p.pk not in latest]
    if missing or not latest:
        raise ValidationError(
            {
                "victim_views": "Seek and record the victim's views before a pre-charge bail decision (Kay's Law): "
                + (", ".join(missing) or "no victim's views recorded")
                + "."
            }
        )
    return max(latest.values(), key=lambda v: (v.sought_at, v.pk))


def _check_dates(
    kind: str, decided: date, bail_end_date: date | None, court_date: date | None, release_date: date | None
) -> None:
    if kind == CustodyStatus.Kind.PRE_CHARGE_BAIL and bail_end_date is not None:
        if bail_end_date <= decided:
            raise ValidationError({"bail_end_date": "Bail ends on a day after the decision."})
        if bail_end_date > decided + LONGEST_BAIL:
            raise ValidationError({"bail_end_date": "Bail cannot run for more than two years: check the date."})
    for value, field in ((court_date, "court_date"), (release_date, "release_date")):
        if value is not None and not (decided <= value <= decided + timedelta(days=365 * 60)):
            raise ValidationError({field: "Give a date from the decision on."})


@transaction.atomic
def custody_status_record(
    *,
    user: User,
    incident: Incident,
    suspect: Person,
    kind: str,
    rationale: str,
    decided_at: datetime | None = None,
    bail_end_date: date | None = None,
    answer_at: datetime | None = None,
    court_date: date | None = None,
    release_date: date | None = None,
    conditions: list[ConditionInput] | tuple = (),
) -> CustodyStatus:
    """A change of the suspect's status: ends the current one, raises the review tasks and the updates owed."""
    incident = _incident_in_reach(user, Incident.objects.select_related("area").get(pk=incident.pk), ADD)
    if not _is_party(incident, suspect, Party.Role.SUSPECT):
        raise ValidationError({"suspect": "The suspect must be a suspect on the incident."})
    if kind not in CustodyStatus.Kind.values:
        raise ValidationError({"kind": "Choose the status."})
    decided_at = _not_future(decided_at, "decided_at")
    decided = timezone.localdate(decided_at)
    _check_dates(kind, decided, bail_end_date, court_date, release_date)
    bail = kind in CustodyStatus.BAIL
    if conditions and not bail:
        raise ValidationError({"conditions": "Only bail carries conditions."})
    if len(conditions) > 20:
        raise ValidationError({"conditions": "At most 20 conditions."})
    current = (
        CustodyStatus.objects.select_for_update()
        .filter(incident=incident, suspect=suspect, ended_at__isnull=True)
        .first()
    )
    if current is not None and decided_at < current.decided_at:
        raise ValidationError({"decided_at": "This is earlier than the suspect's current status."})
    views = (
        kays_law_views(incident=incident, suspect=suspect, decided_at=decided_at)
        if kind == CustodyStatus.Kind.PRE_CHARGE_BAIL
        else None
    )
    status = CustodyStatus(
        incident=incident,
        suspect=suspect,
        arrest=Arrest.objects.filter(incident=incident, person=suspect).order_by("-arrested_at").first(),
        kind=kind,
        decided_at=decided_at,
        decided_by=user,
        rationale=rationale.strip(),
        bail_end_date=bail_end_date if kind == CustodyStatus.Kind.PRE_CHARGE_BAIL else None,
        answer_at=answer_at if kind == CustodyStatus.Kind.PRE_CHARGE_BAIL else None,
        court_date=court_date if kind in (CustodyStatus.Kind.CHARGED_BAILED, CustodyStatus.Kind.REMANDED) else None,
        release_date=release_date if kind in CustodyStatus.HELD else None,
        victim_views=views,
        recorded_by=user,
    )
    status.full_clean(exclude=["incident", "suspect", "decided_by", "recorded_by", "arrest", "victim_views"])
    rows = []
    for c in conditions:
        if c.protected_person is not None and c.protected_person.force_id != incident.area.force_id:
            raise ValidationError({"conditions": "No such person in the index."})
        row = BailCondition(kind=c.kind, detail=(c.detail or "").strip(), protected_person=c.protected_person)
        try:
            row.full_clean(exclude=["status"])
        except ValidationError as exc:
            raise ValidationError({"conditions": exc.messages}) from None
        rows.append(row)
    if current is not None:
        current.ended_at = decided_at
        current.save(update_fields=["ended_at"])
    status.save()
    for row in rows:
        row.status = status
    BailCondition.objects.bulk_create(rows)
    _raise_review_tasks(status, fallback=user)
    victim_updates_owe(
        incident=incident,
        event=EVENT_OF[CustodyStatus.Kind(kind)],
        source=f"custody:{status.pk}",
        event_at=decided_at,
        description=f"{status.get_kind_display()} ({suspect.full_name})",
        fallback=user,
    )
    return status


def review_due_date(*, status: CustodyStatus, today: date) -> date:
    """By the next working day, or the day before the bail ends or the suspect is released if that is sooner
    (never before today)."""
    due = add_working_days(today, 1)
    if status.due_date is not None:
        due = min(due, max(today, status.due_date - timedelta(days=1)))
    return due


def _raise_review_tasks(status: CustodyStatus, *, fallback: User, today: date | None = None) -> int:
    """One task per victim of the incident, for their case owner, who is told; raised once (the constraint)."""
    today = today or timezone.localdate()
    made = 0
    for victim in _victims(status.incident):
        owner = case_owner(incident=status.incident, victim=victim, fallback=fallback)
        task, created = RiskReviewTask.objects.get_or_create(
            status=status,
            victim=victim,
            defaults={"assignee": owner, "due_date": review_due_date(status=status, today=today)},
        )
        if not created:
            continue
        made += 1
        notification_send(
            user_id=owner.pk,
            kind="risk_review_task",
            message=f"Risk review due {task.due_date:%d/%m/%Y}: {status.get_kind_display().lower()} recorded on "
            f"incident {status.incident.reference}.",
            url=reverse("safeguarding:custody", args=[status.incident_id]) + "#reviews",
            dedupe_key=f"risk_review_task:{task.pk}",
            email=owner.email,
        )
    return made


@transaction.atomic
def risk_review_complete(*, task: RiskReviewTask, user: User, note: str) -> RiskReviewTask:
    task = RiskReviewTask.objects.select_for_update().get(pk=task.pk)
    if task.done_at is not None:
        raise ValidationError("This review has already been done.")
    task.note, task.done_at, task.done_by = note.strip(), timezone.now(), user
    task.full_clean(exclude=["status", "victim", "assignee", "done_by"])
    task.save()
    return task
