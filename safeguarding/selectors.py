"""Reads of the safeguarding app that cross models: the notices and orders in force on people, for the warnings
that follow a record everywhere (incidents.safety), the person's history and the intake screen."""

from collections import defaultdict
from collections.abc import Iterable
from datetime import date

from django.db.models import Q, QuerySet

from accounts.models import User

from .models import CivilOrder, Condition, ProtectionNotice, ProtectionOrder

BINDING_NOTICE = (ProtectionNotice.Status.SERVED,)
PENDING_NOTICE = (ProtectionNotice.Status.DRAFT, ProtectionNotice.Status.AUTHORISED)


def _in_force(prefix: str, today: date) -> Q:
    if prefix == "notice":
        return Q(notice__status__in=BINDING_NOTICE + PENDING_NOTICE)
    end = "expires_on" if prefix == "civil_order" else "ends_on"
    q = Q(**{f"{prefix}__made_on__lte": today}) & (
        Q(**{f"{prefix}__{end}__isnull": True}) | Q(**{f"{prefix}__{end}__gte": today})
    )
    if prefix == "order":
        q &= Q(order__discharged_on__isnull=True)
    return q


def _line(
    record: ProtectionNotice | ProtectionOrder | CivilOrder, person_id: int, conditions: list[Condition], today: date
) -> str:
    against = record.subject_id == person_id
    other = record.protected if against else record.subject
    if isinstance(record, ProtectionNotice):
        state = {
            ProtectionNotice.Status.SERVED: "in force",
            ProtectionNotice.Status.AUTHORISED: "authorised, not yet served",
            ProtectionNotice.Status.DRAFT: "drafted, awaiting authorisation",
        }[ProtectionNotice.Status(record.status)]
        name = record.reference
    else:
        end = record.expires_on if isinstance(record, CivilOrder) else record.ends_on
        state = f"in force until {end:%d/%m/%Y}" if end else "in force, no fixed end"
        name = record.reference
        if isinstance(record, CivilOrder):
            name = f"{record.get_kind_display().split(' (')[0]} {record.reference}"
    if other is None:
        who = "against this person"
    elif against:
        who = f"against this person, protecting {other.full_name}"
    else:
        who = f"protects this person from {other}"
    text = f"{name} {state}, {who}: " + "; ".join(str(c) for c in conditions)
    warning = getattr(record, "officer_safety_warning", "")
    if warning:
        text += f". Officer safety: {warning}"
    return text


def orders_in_force(person_ids: Iterable[int], *, today: date) -> dict[int, list[str]]:
    """Per person, a line for each notice (drafted, authorised or served, not yet heard), order or civil order in
    force that names them (as subject or protected), with its conditions; one query whatever their number."""
    ids = list(person_ids)
    if not ids:
        return {}
    named = Q()
    for prefix in ("notice", "order", "civil_order"):
        named |= _in_force(prefix, today) & (
            Q(**{f"{prefix}__subject_id__in": ids}) | Q(**{f"{prefix}__protected_id__in": ids})
        )
    rows = (
        Condition.objects.filter(named)
        .select_related(
            "notice__subject",
            "notice__protected",
            "order__subject",
            "order__protected",
            "civil_order__subject",
            "civil_order__protected",
        )
        .order_by("notice_id", "order_id", "civil_order_id", "pk")
    )
    by_record: dict[tuple, list[Condition]] = defaultdict(list)
    records: dict[tuple, ProtectionNotice | ProtectionOrder | CivilOrder] = {}
    for c in rows:
        record = c.notice or c.order or c.civil_order
        assert record is not None  # the filter names one of the three
        key = (type(record).__name__, record.pk)
        records[key] = record
        by_record[key].append(c)
    found: dict[int, list[str]] = defaultdict(list)
    wanted = set(ids)
    for key, record in records.items():
        for person_id in (record.subject_id, record.protected_id):
            if person_id in wanted:
                found[person_id].append(_line(record, person_id, by_record[key], today))
    return dict(found)


def notices_for(user: User) -> QuerySet[ProtectionNotice]:
    return ProtectionNotice.objects.visible_to(user).select_related("subject", "protected", "area", "drafted_by")


def orders_for(user: User) -> QuerySet[ProtectionOrder]:
    return ProtectionOrder.objects.visible_to(user).select_related("subject", "protected", "area")


def civil_orders_for(user: User) -> QuerySet[CivilOrder]:
    return CivilOrder.objects.visible_to(user).select_related("subject", "protected", "area")
