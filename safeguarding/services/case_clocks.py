"""The clocks of Clare's Law, bail and release and the Victims' Code, as sources of the one clock job
(safeguarding/clocks.py: a reminder before each deadline, an escalation after it, each once, catching up).

- Clare's Law decision (``dvds_decision``): due by the end of ``decision_due`` (the application's date plus the
  rules' ``target_days``, 28). The owner is reminded at each of the rules' ``remind_days_before`` (7, 2, 0: one
  item per threshold, shown only before the deadline); after it, the owner's supervisor (else the area's PVP
  supervisors) is told.
- Victims' Code update (``victims_code_update``): due by the end of ``due_on`` (1 working day for enhanced
  rights); whoever owes it is reminded on the day, and escalated to their supervisor after.
- Bail end and release (``custody_date``): a current pre-charge bail's end date, or a remand's or sentence's
  release date; the victims' case owners are reminded two days before, and their supervisors told if the day
  passes with the status unchanged (bail lapsed, or the release not recorded).
- Risk review (``risk_review``): each open review task, due by the end of its day; its officer is reminded the day
  before, their supervisor told after.
"""

from datetime import date, datetime, time, timedelta

from django.db.models import QuerySet
from django.urls import reverse

from accounts.models import User
from accounts.reach import reach
from core.periods import force_timezone

from ..clocks import ClockSource, DueItem, clock_source
from ..disclosure_rules import disclosure_rules
from ..models.custody import VIEW_CUSTODY, CustodyStatus, RiskReviewTask
from ..models.disclosures import VIEW_DISCLOSURE, DisclosureApplication
from ..models.victims_code import VIEW_VICTIMS_CODE, VictimUpdate

CUSTODY_REMIND_BEFORE = timedelta(days=2)


def end_of(*, day: date) -> datetime:
    """The local midnight after ``day``: a deadline "by the end of" it."""
    return datetime.combine(day + timedelta(days=1), time.min, tzinfo=force_timezone())


def _supervisors(user: User, area_id: int) -> tuple[int, ...]:
    """Who an escalation goes to: the user's active supervisor, else the area's PVP supervisors; never the user."""
    from plans.selectors import area_pvp_supervisors

    supervisor = user.supervisor if user.supervisor_id else None
    if supervisor is not None and supervisor.is_active:
        return tuple(p for p in (supervisor.pk,) if p != user.pk)
    return tuple(pk for pk in area_pvp_supervisors(area_id).values_list("pk", flat=True) if pk != user.pk)


def _name(user: User) -> str:
    return str(user)


# Clare's Law ------------------------------------------------------------------------------------------------


def _dvds_items(application: DisclosureApplication, now: datetime) -> list[DueItem]:
    rules = disclosure_rules(application.rules_version)
    deadline = end_of(day=application.decision_due)
    url = reverse("safeguarding:disclosure", args=[application.pk])
    what = f"The decision on Clare's Law {application.reference} ({rules.target_days}-day target)"
    escalate = _supervisors(application.owner, application.area_id)
    thresholds = sorted(set(rules.remind_days_before), reverse=True) or [0]
    items = []
    for n, days in enumerate(thresholds):
        if n and now >= deadline:
            break  # the later thresholds only remind; the first item carries the escalation
        items.append(
            DueItem(
                source="dvds_decision",
                key=f"dvds:{application.pk}" + (f":{days}d" if n else ""),
                order=application.pk,
                deadline=deadline,
                what=what,
                must_act=_name(application.owner),
                act_user_ids=(application.owner_id,),
                escalate_user_ids=escalate if not n else (),
                url=url,
                area_id=application.area_id,
                # A day's reminder is sent from the start of that day (``days`` before the last day).
                remind_before=timedelta(days=days + 1),
            )
        )
    return items


@clock_source
class DisclosureDecisionClock(ClockSource):
    name = "dvds_decision"
    label = "Clare's Law decision"
    who = "The application's owner (PVP officer); after the target, their supervisor"
    rule = "Decision within 28 calendar days of the application (safeguarding/data/dvds.json)"

    def _query(self) -> QuerySet[DisclosureApplication]:
        return DisclosureApplication.objects.awaiting_decision().select_related("owner__supervisor", "area")

    def due(self, *, now: datetime, after: int, limit: int) -> list[DueItem]:
        rows = self._query().filter(pk__gt=after).order_by("pk")[:limit]
        return [item for a in rows for item in _dvds_items(a, now)]

    def visible(self, *, user: User, now: datetime) -> list[DueItem] | None:
        found = reach(user, VIEW_DISCLOSURE)
        if found is None:
            return None
        rows = found.filter(self._query()).order_by("pk")[:500]
        return [_dvds_items(a, now)[0] for a in rows]


# The Victims' Code -----------------------------------------------------------------------------------------


def _update_item(update: VictimUpdate) -> DueItem:
    return DueItem(
        source="victims_code_update",
        key=f"vc:{update.pk}",
        order=update.pk,
        deadline=end_of(day=update.due_on),
        what=f"Victims' Code update ({update.get_event_display().lower()}) on incident {update.incident.reference}",
        must_act=_name(update.responsible),
        act_user_ids=(update.responsible_id,),
        escalate_user_ids=_supervisors(update.responsible, update.incident.area_id),
        url=reverse("safeguarding:custody", args=[update.incident_id]) + "#victims-code",
        area_id=update.incident.area_id,
        remind_before=timedelta(days=1),
    )


@clock_source
class VictimsCodeClock(ClockSource):
    name = "victims_code_update"
    label = "Victims' Code update"
    who = "The victim's case owner; after the day, their supervisor"
    rule = "Within 1 working day of an arrest, charge, bail, release or outcome for enhanced rights, else 5"

    def _query(self) -> QuerySet[VictimUpdate]:
        return VictimUpdate.objects.open().select_related("responsible__supervisor", "incident")

    def due(self, *, now: datetime, after: int, limit: int) -> list[DueItem]:
        return [_update_item(u) for u in self._query().filter(pk__gt=after).order_by("pk")[:limit]]

    def visible(self, *, user: User, now: datetime) -> list[DueItem] | None:
        found = reach(user, VIEW_VICTIMS_CODE)
        if found is None:
            return None
        return [_update_item(u) for u in found.filter(self._query(), "incident__area").order_by("pk")[:500]]


# Bail and release -----------------------------------------------------------------------------------------


def _custody_item(status: CustodyStatus) -> DueItem:
    due = status.due_date
    assert due is not None  # custody_bail_has_end, custody_held_has_release_date: the queried kinds have one
    owners = sorted({t.assignee_id for t in status.review_tasks.all()} or {status.decided_by_id})
    bail = status.kind == CustodyStatus.Kind.PRE_CHARGE_BAIL
    what = (
        f"Pre-charge bail ends (incident {status.incident.reference}): decide charge, extend or release"
        if bail
        else f"Release from custody (incident {status.incident.reference}): review the victims' safety"
    )
    return DueItem(
        source="custody_date",
        key=f"custody:{status.pk}",
        order=status.pk,
        deadline=end_of(day=due),
        what=what,
        must_act="The victims' case owners",
        act_user_ids=tuple(owners),
        escalate_user_ids=_supervisors(status.decided_by, status.incident.area_id),
        url=reverse("safeguarding:custody", args=[status.incident_id]),
        area_id=status.incident.area_id,
        remind_before=CUSTODY_REMIND_BEFORE + timedelta(days=1),
    )


@clock_source
class CustodyDateClock(ClockSource):
    name = "custody_date"
    label = "Bail end or release date"
    who = "The victims' case owners; after the date, the supervisor of whoever recorded it"
    rule = "Reminded 2 days before a pre-charge bail's end or a release date; escalated when it passes unchanged"

    def _query(self) -> QuerySet[CustodyStatus]:
        dated = CustodyStatus.objects.current().filter(
            kind__in=[CustodyStatus.Kind.PRE_CHARGE_BAIL, *CustodyStatus.HELD]
        )
        return dated.select_related("incident", "decided_by__supervisor").prefetch_related("review_tasks")

    def due(self, *, now: datetime, after: int, limit: int) -> list[DueItem]:
        return [_custody_item(s) for s in self._query().filter(pk__gt=after).order_by("pk")[:limit]]

    def visible(self, *, user: User, now: datetime) -> list[DueItem] | None:
        found = reach(user, VIEW_CUSTODY)
        if found is None:
            return None
        return [_custody_item(s) for s in found.filter(self._query(), "incident__area").order_by("pk")[:500]]


def _review_item(task: RiskReviewTask) -> DueItem:
    incident = task.status.incident
    return DueItem(
        source="risk_review",
        key=f"rrt:{task.pk}",
        order=task.pk,
        deadline=end_of(day=task.due_date),
        what=f"Risk review after {task.status.get_kind_display().lower()} on incident {incident.reference}",
        must_act=_name(task.assignee),
        act_user_ids=(task.assignee_id,),
        escalate_user_ids=_supervisors(task.assignee, incident.area_id),
        url=reverse("safeguarding:custody", args=[incident.pk]) + "#reviews",
        area_id=incident.area_id,
        remind_before=timedelta(days=1),
    )


@clock_source
class RiskReviewClock(ClockSource):
    name = "risk_review"
    label = "Risk review after a bail or custody change"
    who = "The victim's case owner; after the day, their supervisor"
    rule = "By the next working day after the change (or the day before the bail end or release, if sooner)"

    def _query(self) -> QuerySet[RiskReviewTask]:
        return RiskReviewTask.objects.open().select_related("assignee__supervisor", "status__incident")

    def due(self, *, now: datetime, after: int, limit: int) -> list[DueItem]:
        return [_review_item(t) for t in self._query().filter(pk__gt=after).order_by("pk")[:limit]]

    def visible(self, *, user: User, now: datetime) -> list[DueItem] | None:
        found = reach(user, VIEW_CUSTODY)
        if found is None:
            return None
        return [_review_item(t) for t in found.filter(self._query(), "status__incident__area").order_by("pk")[:500]]
