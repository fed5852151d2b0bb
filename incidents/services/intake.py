"""Logging a new incident: the call, its parties (matched to the person index) and the checklist."""

import uuid
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from people.models import Person
from people.services import PersonInput, person_create

from ..models import Checklist, Incident, Party
from ..signals import incident_recorded

# A call's time may run a little ahead of the server clock on a handler's PC.
CLOCK_TOLERANCE = timedelta(minutes=5)


@dataclass
class PartyInput:
    role: str
    location_known: str
    person: Person | None = None
    new_person: PersonInput | None = None
    is_caller: bool = False
    location: str = ""
    location_reason: str = ""


@dataclass
class IncidentInput:
    area_id: int
    channel: str
    received_at: datetime
    location: str
    relationship: str
    summary: str
    checklist: dict
    parties: list[PartyInput] = field(default_factory=list)
    abuse_types: list[str] = field(default_factory=list)
    family_relation: str = ""
    location_postcode: str = ""
    children_location: str = ""
    is_domestic_abuse: bool = True


def validate_received_at(received_at: datetime) -> None:
    if received_at > timezone.now() + CLOCK_TOLERANCE:
        raise ValidationError({"received_at": "The call cannot have been received in the future."})


def _validate_parties(parties: list[PartyInput]) -> None:
    if not any(p.role == Party.Role.VICTIM for p in parties):
        raise ValidationError({"parties": "Add the victim: every domestic-abuse incident has at least one."})
    if sum(p.is_caller for p in parties) > 1:
        raise ValidationError({"parties": "Only one party can be the caller."})
    seen: set[int] = set()
    for p in parties:
        if (p.person is None) == (p.new_person is None):
            raise ValidationError({"parties": "Each party is either a person from the index or a new person."})
        if p.person is not None:
            if p.person.merged_into_id:
                raise ValidationError({"parties": f"{p.person} has been merged into another record; use that one."})
            if p.person.pk in seen:
                raise ValidationError({"parties": f"{p.person} is listed twice."})
            seen.add(p.person.pk)


@transaction.atomic
def incident_create(*, data: IncidentInput, user, submission_key: uuid.UUID | None = None) -> Incident:
    """Log an incident with its parties and checklist, all or nothing.

    A form submitted twice with the same ``submission_key`` (a double click, a
    resend after a lost connection) returns the first incident.
    """
    if submission_key is not None:
        existing = Incident.objects.filter(submission_key=submission_key).first()
        if existing is not None:
            return existing
    validate_received_at(data.received_at)
    _validate_parties(data.parties)
    incident = Incident(
        reference=f"PENDING-{uuid.uuid4().hex[:12]}",
        area_id=data.area_id,
        channel=data.channel,
        received_at=data.received_at,
        is_domestic_abuse=data.is_domestic_abuse,
        location=data.location.strip(),
        location_postcode=data.location_postcode.strip().upper(),
        children_location=data.children_location.strip(),
        relationship=data.relationship,
        family_relation=data.family_relation,
        abuse_types=sorted(set(data.abuse_types)),
        summary=data.summary.strip(),
        created_by=user,
        submission_key=submission_key,
    )
    incident.full_clean(exclude=["reference", "signed_off_by", "created_by"])
    try:
        with transaction.atomic():
            incident.save()
    except IntegrityError:
        # The same submission raced in from a second request: hand back the first.
        if submission_key is not None:
            return Incident.objects.get(submission_key=submission_key)
        raise
    incident.reference = f"INC-{incident.received_at:%Y}-{incident.pk:07d}"
    incident.save(update_fields=["reference"])

    checklist = Checklist(incident=incident, **data.checklist)
    checklist.full_clean()
    checklist.save()

    for p in data.parties:
        person = p.person or person_create(data=p.new_person, user=user)
        party = Party(
            incident=incident,
            person=person,
            role=p.role,
            is_caller=p.is_caller,
            location_known=p.location_known,
            location=p.location.strip(),
            location_reason=p.location_reason.strip(),
        )
        party.full_clean()
        party.save()
    # Other features react inside this transaction (MARAC flags a repeat): all of it lands, or none.
    incident_recorded.send(sender=Incident, incident=incident, user=user)
    return incident
