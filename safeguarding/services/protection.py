"""Writes of protection notices and orders: draft, authorise or refuse, serve, the hearing and its outcome, the
order's variations and notification, breaches. Keyword-only, typed, one transaction each.

The rules (rank, minimum age, hearing hours and excluded days, an order's term, notification days) come from
the rules data (safeguarding/rules.py) of the version the notice was drafted under; nothing branches on a kind.
"""

from collections.abc import Iterable
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from accounts.models import Area, User
from core.periods import force_timezone
from people.models import Person

from ..calendar import hearing_deadline
from ..models import (
    Breach,
    CivilOrder,
    Condition,
    OrderVariation,
    ProtectionNotice,
    ProtectionOrder,
    safeguarding_reach,
)
from ..policies import authorise_refusal, can_add_breach, can_change_order, can_record_hearing, can_serve_notice
from ..rules import current_version, kind_rules

if TYPE_CHECKING:
    from incidents.models import Incident

MAX_TEXT = 5000
MAX_CONDITIONS = 10
# A time given for something that has happened may be at most a few minutes ahead (clocks differ).
CLOCK_SLACK = timedelta(minutes=5)


def age_on(*, person: Person, day: date) -> int | None:
    """The person's age on ``day``: from the date of birth, else the estimated age; None when neither is known."""
    if person.date_of_birth:
        dob = person.date_of_birth
        return day.year - dob.year - ((day.month, day.day) < (dob.month, dob.day))
    if person.estimated_age is not None and person.age_estimated_on:
        return person.estimated_age + (day - person.age_estimated_on).days // 365
    return None


def age_refusal(*, person: Person, kind: str, version: str, day: date) -> str:
    """Why the rules forbid this kind of notice or order for the person on ``day`` ("" when they allow it)."""
    minimum = kind_rules(kind, version=version).minimum_age
    if minimum is None:
        return ""
    age = age_on(person=person, day=day)
    if age is None:
        return (
            f"The subject's age is not known: record their date of birth (or an estimated age) first; "
            f"the law forbids this for anyone under {minimum}."
        )
    if age < minimum:
        return f"The subject is {age}: the law forbids this for anyone under {minimum}."
    return ""


def _text(errors: dict, field: str, value: str, *, required: str) -> str:
    value = (value or "").strip()
    if not value:
        errors[field] = required
    elif len(value) > MAX_TEXT:
        errors[field] = f"At most {MAX_TEXT} characters."
    return value


def _past(errors: dict, field: str, at: datetime | None, *, what: str, after: datetime | None = None) -> None:
    if at is None:
        errors[field] = f"Give the time {what}."
    elif at > timezone.now() + CLOCK_SLACK:
        errors[field] = "That time has not come yet."
    elif after is not None and at < after:
        errors[field] = f"That is before {timezone.localtime(after, force_timezone()):%H:%M on %d/%m/%Y}."


def _in_force_from(record: "ProtectionNotice | ProtectionOrder | CivilOrder") -> datetime | None:
    """When what is breached began to bind: a notice from its service (its drafting until served), an order or
    a civil order from the start of the day it was made. Nothing breaches it before then."""
    if isinstance(record, ProtectionNotice):
        return record.served_at or record.drafted_at
    return datetime.combine(record.made_on, time.min, tzinfo=force_timezone())


def conditions_check(*, conditions: Iterable[dict]) -> list[Condition]:
    """The conditions as rows (unsaved), refused together with what their constraints say of each."""
    rows, errors = [], []
    conditions = list(conditions)
    if not conditions:
        raise ValidationError({"conditions": "Give at least one condition."})
    if len(conditions) > MAX_CONDITIONS:
        raise ValidationError({"conditions": f"At most {MAX_CONDITIONS} conditions."})
    for c in conditions:
        if c.get("kind") not in Condition.Kind.values:
            errors.append("Choose a kind of condition.")
            continue
        row = Condition(
            kind=c["kind"],
            premises=(c.get("premises") or "").strip()[:300],
            distance_metres=c.get("distance_metres"),
            detail=(c.get("detail") or "").strip()[:300],
        )
        try:
            row.validate_constraints(exclude={"notice", "order", "civil_order"})
        except ValidationError as exc:
            errors.extend(m for ms in exc.message_dict.values() for m in ms)
        rows.append(row)
    if errors:
        raise ValidationError({"conditions": errors})
    return rows


def _person_in_reach(errors: dict, field: str, person: Person | None, *, force_id: int | None, user: User) -> None:
    if person is None:
        errors[field] = "Choose the person."
    elif person.force_id != force_id or not Person.objects.visible_to(user).filter(pk=person.pk).exists():
        errors[field] = "Choose a person from your force's index."


@transaction.atomic
def notice_draft(
    *,
    user: User,
    kind: str,
    area: Area | None,
    subject: Person,
    protected: Person,
    grounds: str,
    victim_views: str,
    conditions: list[dict],
    incident: "Incident | None" = None,
) -> ProtectionNotice:
    """Draft a DVPN or DAPN for authorisation: its grounds, the victim's views and its conditions."""
    if not user.has_perm("safeguarding.add_protectionnotice"):
        raise PermissionDenied
    errors: dict = {}
    version = current_version()
    if kind not in ("dvpn", "dapn"):
        errors["kind"] = "Choose a DVPN or a DAPN."
    found = safeguarding_reach(user)
    if incident is not None:
        area = incident.area
    if area is None or found is None or not found.covers(area):
        errors["area" if incident is None else "incident"] = "Choose an area (or incident) within your reach."
    force_id = area.force_id if area is not None else None
    _person_in_reach(errors, "subject", subject, force_id=force_id, user=user)
    _person_in_reach(errors, "protected", protected, force_id=force_id, user=user)
    if subject is not None and protected is not None and subject.pk == protected.pk:
        errors["protected"] = "The person protected cannot be the subject."
    grounds = _text(errors, "grounds", grounds, required="Give the grounds.")
    victim_views = _text(
        errors, "victim_views", victim_views, required="Record the victim's views, or why they are not known."
    )
    if "kind" not in errors and "subject" not in errors:
        refusal = age_refusal(person=subject, kind=kind, version=version, day=timezone.localdate())
        if refusal:
            errors["subject"] = refusal
    try:
        rows = conditions_check(conditions=conditions)
    except ValidationError as exc:
        errors.update(exc.message_dict)
    if errors:
        raise ValidationError(errors)
    assert area is not None  # refused above
    notice = ProtectionNotice.objects.create(
        kind=kind,
        rules_version=version,
        area=area,
        incident=incident,
        subject=subject,
        protected=protected,
        grounds=grounds,
        victim_views=victim_views,
        drafted_by=user,
    )
    for row in rows:
        row.notice = notice
    Condition.objects.bulk_create(rows)
    return notice


def _lock(notice: ProtectionNotice) -> ProtectionNotice:
    return ProtectionNotice.objects.select_for_update(of=("self",)).select_related("subject", "area").get(pk=notice.pk)


@transaction.atomic
def notice_authorise(*, notice: ProtectionNotice, user: User, rationale: str) -> ProtectionNotice:
    """Authorise the notice: by the rank its rules name or above, never its drafter, never for a person under
    the rules' minimum age (on the day of authorisation)."""
    notice = _lock(notice)
    if not user.has_perm("safeguarding.authorise_protectionnotice"):
        raise PermissionDenied
    errors: dict = {}
    refusal = authorise_refusal(user, notice)
    if refusal:
        raise ValidationError({"__all__": refusal})
    rationale = _text(errors, "rationale", rationale, required="Give the reasons for authorising.")
    refusal = age_refusal(
        person=notice.subject, kind=notice.kind, version=notice.rules_version, day=timezone.localdate()
    )
    if refusal:
        errors["__all__"] = refusal
    if errors:
        raise ValidationError(errors)
    notice.status = ProtectionNotice.Status.AUTHORISED
    notice.authorised_by, notice.authorised_at, notice.authorised_rank = user, timezone.now(), user.rank
    notice.decision_rationale = rationale
    notice.version += 1
    notice.save()
    return notice


@transaction.atomic
def notice_refuse(*, notice: ProtectionNotice, user: User, rationale: str) -> ProtectionNotice:
    """Refuse to authorise: by one who could have authorised it, with the reasons."""
    notice = _lock(notice)
    refusal = authorise_refusal(user, notice)
    if refusal:
        raise ValidationError({"__all__": refusal})
    errors: dict = {}
    rationale = _text(errors, "rationale", rationale, required="Give the reasons for refusing.")
    if errors:
        raise ValidationError(errors)
    notice.status = ProtectionNotice.Status.REFUSED
    notice.decision_rationale = rationale
    notice.version += 1
    notice.save(update_fields=["status", "decision_rationale", "version"])
    return notice


@transaction.atomic
def notice_serve(
    *, notice: ProtectionNotice, user: User, served_at: datetime, hearing_notice_address: str
) -> ProtectionNotice:
    """Record the service; the hearing clock starts (hearing_deadline: the rules' hours, disregarding its days)."""
    notice = _lock(notice)
    if not can_serve_notice(user, notice):
        raise ValidationError({"__all__": "Only an authorised notice not yet served can be served."})
    errors: dict = {}
    _past(errors, "served_at", served_at, what="it was served", after=notice.authorised_at)
    address = _text(
        errors,
        "hearing_notice_address",
        hearing_notice_address,
        required="Record the address the person gave for notice of the hearing (or 'refused to give one').",
    )
    if len(address) > 300:
        errors["hearing_notice_address"] = "At most 300 characters."
    if errors:
        raise ValidationError(errors)
    notice.status = ProtectionNotice.Status.SERVED
    notice.served_at, notice.served_by, notice.hearing_notice_address = served_at, user, address
    notice.hearing_due_by = hearing_deadline(served_at, notice.kind, version=notice.rules_version)
    notice.version += 1
    notice.save()
    return notice


def _end_of_day(day: date) -> datetime:
    return datetime.combine(day + timedelta(days=1), time.min, tzinfo=force_timezone())


def order_term_refusal(*, kind: str, version: str, made_on: date, ends_on: date | None) -> str:
    rules = kind_rules(kind, version=version)
    if ends_on is None:
        if rules.order_max_days is not None:
            return f"A {rules.label} ends within {rules.order_max_days} days: give the day it ends."
        return ""
    if ends_on < made_on:
        return "An order cannot end before the day it was made."
    days = (ends_on - made_on).days + 1  # "beginning with the day on which it is made"
    if rules.order_min_days is not None and days < rules.order_min_days:
        return f"A {rules.label} lasts at least {rules.order_min_days} days, beginning with the day it is made."
    if rules.order_max_days is not None and days > rules.order_max_days:
        return f"A {rules.label} lasts at most {rules.order_max_days} days, beginning with the day it is made."
    return ""


@transaction.atomic
def notice_hearing_record(
    *,
    notice: ProtectionNotice,
    user: User,
    hearing_at: datetime,
    court: str,
    outcome: str,
    ends_on: date | None = None,
    conditions: list[dict] | None = None,
) -> ProtectionNotice:
    """The hearing and its outcome; an order made is recorded with its term (from the rules) and conditions
    (the notice's, unless the court set others). A DAPO's notification requirements start their clock."""
    notice = _lock(notice)
    if not can_record_hearing(user, notice):
        raise ValidationError({"__all__": "Only a served notice awaiting its hearing can have one recorded."})
    errors: dict = {}
    _past(errors, "hearing_at", hearing_at, what="of the hearing", after=notice.served_at)
    court = _text(errors, "court", court, required="Name the court.")[:150]
    if outcome not in ProtectionNotice.Outcome.values:
        errors["outcome"] = "Choose the outcome."
    order_kind = kind_rules(notice.kind, version=notice.rules_version).order_kind
    made_on = timezone.localtime(hearing_at, force_timezone()).date() if hearing_at else None
    rows = []
    if outcome == ProtectionNotice.Outcome.ORDER_MADE and made_on is not None:
        assert order_kind is not None, f"the rules of {notice.kind} name no order"
        refusal = order_term_refusal(kind=order_kind, version=notice.rules_version, made_on=made_on, ends_on=ends_on)
        if refusal:
            errors["ends_on"] = refusal
        refusal = age_refusal(person=notice.subject, kind=order_kind, version=notice.rules_version, day=made_on)
        if refusal:
            errors["outcome"] = refusal
        given = conditions or [
            {"kind": c.kind, "premises": c.premises, "distance_metres": c.distance_metres, "detail": c.detail}
            for c in notice.conditions.all()
        ]
        try:
            rows = conditions_check(conditions=given)
        except ValidationError as exc:
            errors.update(exc.message_dict)
    if errors:
        raise ValidationError(errors)
    notice.hearing_at, notice.court, notice.outcome, notice.outcome_recorded_by = hearing_at, court, outcome, user
    if outcome != ProtectionNotice.Outcome.ADJOURNED:
        notice.status = ProtectionNotice.Status.HEARD
    notice.version += 1
    notice.save()
    if outcome == ProtectionNotice.Outcome.ORDER_MADE:
        # Checked above: an order made has its kind, and its day (_past refuses a missing hearing time).
        assert order_kind is not None and made_on is not None
        rules = kind_rules(order_kind, version=notice.rules_version)
        order = ProtectionOrder.objects.create(
            kind=order_kind,
            rules_version=notice.rules_version,
            notice=notice,
            area=notice.area,
            subject=notice.subject,
            protected=notice.protected,
            court=court,
            made_on=made_on,
            ends_on=ends_on,
            notification_due_by=(
                _end_of_day(made_on + timedelta(days=rules.notification_requirement_days - 1))
                if rules.notification_requirement_days
                else None
            ),
            recorded_by=user,
        )
        for row in rows:
            row.order = order
        Condition.objects.bulk_create(rows)
    return notice


def _lock_order(order: ProtectionOrder) -> ProtectionOrder:
    return ProtectionOrder.objects.select_for_update(of=("self",)).get(pk=order.pk)


@transaction.atomic
def order_vary(
    *, order: ProtectionOrder, user: User, varied_on: date, change: str, new_ends_on: date | None = None
) -> OrderVariation:
    """A court's variation: what changed and, when the end moved, the new end (within the rules' term)."""
    order = _lock_order(order)
    if not can_change_order(user, order):
        raise PermissionDenied
    errors: dict = {}
    change = _text(errors, "change", change, required="Say what the court changed.")
    if varied_on is None or varied_on < order.made_on or varied_on > timezone.localdate():
        errors["varied_on"] = "Give a day between the order's making and today."
    if new_ends_on is not None:
        refusal = order_term_refusal(
            kind=order.kind, version=order.rules_version, made_on=order.made_on, ends_on=new_ends_on
        )
        if refusal:
            errors["new_ends_on"] = refusal
    if errors:
        raise ValidationError(errors)
    variation = OrderVariation.objects.create(
        order=order, varied_on=varied_on, change=change, new_ends_on=new_ends_on, recorded_by=user
    )
    if new_ends_on is not None:
        order.ends_on = new_ends_on
        order.save(update_fields=["ends_on"])
    return variation


@transaction.atomic
def order_notification_record(*, order: ProtectionOrder, user: User, received_at: datetime) -> ProtectionOrder:
    """The subject gave the name and address the order's notification requirements ask for."""
    order = _lock_order(order)
    if not can_change_order(user, order):
        raise PermissionDenied
    errors: dict = {}
    if order.notification_due_by is None:
        errors["__all__"] = "This order has no notification requirements."
    elif order.notification_received_at is not None:
        errors["__all__"] = "The notification is already recorded."
    made = datetime.combine(order.made_on, time.min, tzinfo=force_timezone())
    _past(errors, "received_at", received_at, what="it was received", after=made)
    if errors:
        raise ValidationError(errors)
    order.notification_received_at = received_at
    order.save(update_fields=["notification_received_at"])
    return order


@transaction.atomic
def breach_record(
    *,
    record: ProtectionNotice | ProtectionOrder | CivilOrder,
    user: User,
    incident: "Incident | None",
    occurred_at: datetime,
    detail: str,
    arrested: bool = False,
) -> Breach:
    """A breach of a notice, an order or a civil order, linked to the incident that recorded it (one within the
    user's reach, of the record's force)."""
    from incidents.models import Incident

    if not can_add_breach(user, record):
        raise PermissionDenied
    errors: dict = {}
    if incident is None or not Incident.objects.visible_to(user).filter(pk=incident.pk).exists():
        errors["incident"] = "Give the reference of an incident within your reach."
    elif incident.area.force_id != record.area.force_id:
        errors["incident"] = "The incident is of another force."
    _past(errors, "occurred_at", occurred_at, what="of the breach", after=_in_force_from(record))
    detail = _text(errors, "detail", detail, required="Say what happened.")
    if errors:
        raise ValidationError(errors)
    assert incident is not None  # refused above
    link = {
        ProtectionNotice: "notice",
        ProtectionOrder: "order",
        CivilOrder: "civil_order",
    }[type(record)]
    return Breach.objects.create(
        **{link: record},
        incident=incident,
        occurred_at=occurred_at,
        detail=detail,
        arrested=arrested,
        recorded_by=user,
    )
