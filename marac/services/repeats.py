"""Repeat MARAC (PRODUCT.md, criterion 4): a new domestic-abuse incident between the victim and a perpetrator of
their last MARAC referral, within 12 months of that referral.

``repeats_of`` is the one rule. The flag raised as an incident is recorded (``flag_repeats``) and the repeat
criterion of the victim's next referral (``referral_criteria``) both ask it, of the same referral: the
victim's last. An incident is flagged once per victim, however often it is checked; the area's MARAC
coordinators are told once, in the app and by e-mail (the references only).
"""

from collections.abc import Collection
from datetime import datetime

from django.db.models import QuerySet

from accounts.roles import Role
from core.periods import force_timezone, window_end
from incidents.models import Incident, Party

from ..models import MARAC_MONTHS, MaracReferral, MaracRepeat
from .notices import tell, with_role


def last_referral(*, victim_id: int, before: datetime) -> MaracReferral | None:
    """The victim's latest referral made before ``before``."""
    return (
        MaracReferral.objects.filter(victim_id=victim_id, referred_at__lt=before)
        .select_related("area__force")
        .order_by("-referred_at", "-pk")
        .first()
    )


def repeats_of(*, referral: MaracReferral, perpetrator_ids: Collection[int] | None = None) -> QuerySet[Incident]:
    """The domestic-abuse incidents that repeat the referral: received after it and within 12 months of it (by
    local date), with its victim as a victim and one of its perpetrators as a suspect. ``perpetrator_ids``: only
    perpetrators also named there count (a new referral must name the same perpetrator)."""
    perpetrators = set(referral.perpetrators.values_list("pk", flat=True))
    if perpetrator_ids is not None:
        perpetrators &= set(perpetrator_ids)
    end = window_end(referral.referred_at, MARAC_MONTHS, force_timezone(referral.area.force))
    return (
        Incident.objects.domestic_abuse()
        .filter(received_at__gt=referral.referred_at, received_at__lt=end)
        .filter(parties__person_id=referral.victim_id, parties__role=Party.Role.VICTIM)
        .filter(parties__person_id__in=perpetrators, parties__role=Party.Role.SUSPECT)
        .distinct()
    )


def on_incident_recorded(*, sender: object, incident: Incident, **kwargs: object) -> None:
    flag_repeats(incident=incident)


def flag_repeats(*, incident: Incident) -> list[MaracRepeat]:
    """Flag the incident for each victim whose last referral before it it repeats (inside the incident's own
    transaction); the flags made now, none for a victim already flagged for this incident."""
    if not incident.is_domestic_abuse:
        return []
    parties = [(p.person_id, p.role) for p in incident.parties.all()]  # prefetched by a batch of incidents
    victims = sorted({p for p, role in parties if role == Party.Role.VICTIM})
    if not victims or not any(role == Party.Role.SUSPECT for _, role in parties):
        return []
    flags = []
    for victim_id in victims:
        referral = last_referral(victim_id=victim_id, before=incident.received_at)
        if referral is None or not repeats_of(referral=referral).filter(pk=incident.pk).exists():
            continue
        flag, created = MaracRepeat.objects.get_or_create(
            incident=incident, victim_id=victim_id, defaults={"referral": referral}
        )
        if created:
            flags.append(flag)
            _tell_coordinators(flag)
    return flags


def _tell_coordinators(flag: MaracRepeat) -> None:
    """In-app and e-mail notice to the coordinators of the referral's area (references only: e-mail leaves the
    force's systems, so no name)."""
    referral = flag.referral
    tell(
        users=with_role(role=Role.MARAC_COORDINATOR, areas=referral.area_id),
        kind="marac_repeat",
        message=f"Repeat: incident {flag.incident.reference} within 12 months of {referral.reference}.",
        url=referral.get_absolute_url(),
        key=f"marac_repeat:{flag.pk}",
    )
