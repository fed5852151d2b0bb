"""Building incidents in tests through the real service."""

from datetime import timedelta

from django.utils import timezone

from incidents.models import Answer, Incident, Party
from incidents.services import IncidentInput, PartyInput, incident_create

CLEAR_CHECKLIST = {
    "injuries": Answer.NO,
    "medical_help": Answer.NO,
    "weapons": Answer.NO,
    "children_present": Answer.NO,
    "victim_safe_now": Answer.YES,
}


def log_incident(*, user, area, victim, suspect=None, received_at=None, checklist=None, **kwargs) -> Incident:
    parties = [
        PartyInput(role=Party.Role.VICTIM, person=victim, location_known=Answer.YES, location="At home", is_caller=True)
    ]
    if suspect is not None:
        parties.append(
            PartyInput(
                role=Party.Role.SUSPECT,
                person=suspect,
                location_known=Answer.NOT_KNOWN,
                location_reason="Left before the call",
            )
        )
    data = IncidentInput(
        area_id=area.pk,
        channel=kwargs.pop("channel", Incident.Channel.EMERGENCY),
        received_at=received_at or timezone.now() - timedelta(minutes=10),
        location=kwargs.pop("location", "1 High Street, Worcester"),
        relationship=kwargs.pop("relationship", Incident.Relationship.CURRENT_PARTNER),
        summary=kwargs.pop("summary", "Caller reports her partner shouting and pushing her."),
        checklist={**CLEAR_CHECKLIST, **(checklist or {})},
        parties=parties,
        abuse_types=kwargs.pop("abuse_types", [Incident.AbuseType.PHYSICAL]),
        **kwargs,
    )
    return incident_create(data=data, user=user)
