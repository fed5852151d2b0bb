"""Civil and other orders notified to the police by a court or a solicitor."""

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from accounts.models import Area, User
from people.models import Address, Person

from ..models import CivilOrder, Condition, safeguarding_reach
from .protection import _person_in_reach, _text, conditions_check


@transaction.atomic
def civil_order_record(
    *,
    user: User,
    kind: str,
    area: Area | None,
    subject: Person,
    court: str,
    made_on: date,
    notified_by: str,
    notified_on: date,
    conditions: list[dict],
    protected: Person | None = None,
    address: Address | None = None,
    case_number: str = "",
    expires_on: date | None = None,
    power_of_arrest: bool = False,
    officer_safety_warning: str = "",
) -> CivilOrder:
    """Record an order a court or solicitor notified, against its people (and premises), with its conditions."""
    if not user.has_perm("safeguarding.add_civilorder"):
        raise PermissionDenied
    errors: dict = {}
    found = safeguarding_reach(user)
    if area is None or found is None or not found.covers(area):
        errors["area"] = "Choose an area within your reach."
        force_id = None
    else:
        force_id = area.force_id
    if kind not in CivilOrder.Kind.values:
        errors["kind"] = "Choose the kind of order."
    if notified_by not in CivilOrder.NotifiedBy.values:
        errors["notified_by"] = "Say who notified the order."
    _person_in_reach(errors, "subject", subject, force_id=force_id, user=user)
    if protected is not None:
        _person_in_reach(errors, "protected", protected, force_id=force_id, user=user)
        if subject is not None and protected.pk == subject.pk:
            errors["protected"] = "The person protected cannot be the respondent."
    people = {p.pk for p in (protected, subject) if p is not None}
    if address is not None and (
        address.person_id not in people or not Address.objects.listable().filter(pk=address.pk).exists()
    ):
        errors["address"] = "Choose a (not confidential) address of the protected person or the respondent."
    court = _text(errors, "court", court, required="Name the court.")[:150]
    today = timezone.localdate()
    if made_on is None or made_on > today:
        errors["made_on"] = "Give the day the order was made (not after today)."
    if notified_on is None or notified_on > today:
        errors["notified_on"] = "Give the day the police were told (not after today)."
    try:
        rows = conditions_check(conditions=conditions)
    except ValidationError as exc:
        errors.update(exc.message_dict)
    if errors:
        raise ValidationError(errors)
    order = CivilOrder(
        kind=kind,
        area=area,
        subject=subject,
        protected=protected,
        address=address,
        court=court,
        case_number=(case_number or "").strip()[:60],
        made_on=made_on,
        expires_on=expires_on,
        power_of_arrest=power_of_arrest,
        notified_by=notified_by,
        notified_on=notified_on,
        officer_safety_warning=(officer_safety_warning or "").strip()[:300],
        recorded_by=user,
    )
    try:
        order.validate_constraints()
    except ValidationError as exc:
        raise ValidationError(exc.message_dict) from None
    order.save()
    for row in rows:
        row.civil_order = order
    Condition.objects.bulk_create(rows)
    return order
