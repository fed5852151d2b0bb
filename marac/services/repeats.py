"""Repeat flags: a new domestic-abuse incident between a referred victim and the same perpetrator within 12
months of the referral is flagged as the incident is recorded, and the area's MARAC coordinators are told."""

from accounts.models import User
from accounts.roles import Role
from core.models import Notification
from incidents.models import Incident, Party

from ..models import MaracReferral, MaracRepeat
from .referrals import YEAR


def on_incident_recorded(sender, *, incident: Incident, **kwargs) -> None:
    flag_repeats(incident)


def flag_repeats(incident: Incident) -> list[MaracRepeat]:
    """Flag the incident against each earlier referral it repeats (inside the incident's own transaction)."""
    if not incident.is_domestic_abuse:
        return []
    parties = [(p.person_id, p.role) for p in incident.parties.all()]  # prefetched by a batch of incidents
    victims = [p for p, role in parties if role == Party.Role.VICTIM]
    suspects = [p for p, role in parties if role == Party.Role.SUSPECT]
    if not victims or not suspects:
        return []
    referrals = (
        MaracReferral.objects.filter(
            victim_id__in=victims,
            perpetrators__in=suspects,
            referred_at__lt=incident.received_at,
            referred_at__gte=incident.received_at - YEAR,
        )
        .distinct()
        .select_related("area")
    )
    flags = []
    for referral in referrals:
        flag, created = MaracRepeat.objects.get_or_create(referral=referral, incident=incident)
        if created:
            flags.append(flag)
            _tell_coordinators(flag)
    return flags


def _tell_coordinators(flag: MaracRepeat) -> None:
    referral = flag.referral
    coordinators = User.objects.filter(
        is_active=True, groups__name=Role.MARAC_COORDINATOR.value, areas=referral.area_id
    ).distinct()
    Notification.objects.bulk_create(
        [
            Notification(
                user=user,
                kind="marac_repeat",
                message=f"Repeat: incident {flag.incident.reference} within 12 months of {referral.reference}.",
                url=referral.get_absolute_url(),
                dedupe_key=f"marac_repeat:{flag.pk}:{user.pk}",
            )
            for user in coordinators
        ],
        ignore_conflicts=True,
    )
