"""Logging a new incident: the call, its parties (matched to the person index) and the checklist."""

import uuid
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Model, prefetch_related_objects
from django.utils import timezone

from accounts.models import Area, User
from core.constraints import refusal
from people.models import Person
from people.services import PersonInput, people_create, person_create

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


def validate_received_at(*, received_at: datetime) -> None:
    if received_at > timezone.now() + CLOCK_TOLERANCE:
        raise ValidationError({"received_at": "The call cannot have been received in the future."})


def _force_of_area(area_id: int) -> int:
    force_id = Area.objects.filter(pk=area_id).values_list("force_id", flat=True).first()
    if force_id is None:
        raise ValidationError({"area": "Choose the area."})
    return force_id


def _validate_parties(parties: list[PartyInput], force_id: int | None) -> None:
    """The rules of an incident's parties; each person from the index is one of the incident's force's people."""
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
            if p.person.force_id != force_id:
                raise ValidationError({"parties": "A person from another force's index cannot be a party here."})
            seen.add(p.person.pk)


def _new_incident(data: IncidentInput, user: User, submission_key: uuid.UUID | None = None) -> Incident:
    """The incident row before it is saved; its reference waits for its id."""
    return Incident(
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


def _new_checklist(incident: Incident, answers: dict) -> Checklist:
    # Trimmed, so that a reason of spaces is no reason (the constraints compare with "").
    return Checklist(incident=incident, **{k: v.strip() if isinstance(v, str) else v for k, v in answers.items()})


def _reference(incident: Incident) -> str:
    return f"INC-{incident.received_at:%Y}-{incident.pk:07d}"


def _new_party(incident: Incident, person: Person, p: PartyInput) -> Party:
    return Party(
        incident=incident,
        person=person,
        role=p.role,
        is_caller=p.is_caller,
        location_known=p.location_known,
        location=p.location.strip(),
        location_reason=p.location_reason.strip(),
    )


@transaction.atomic
def incident_create(*, data: IncidentInput, user: User, submission_key: uuid.UUID | None = None) -> Incident:
    """Log an incident with its parties and checklist, all or nothing.

    A form submitted twice with the same ``submission_key`` (a double click, a
    resend after a lost connection) returns the first incident.
    """
    if submission_key is not None:
        existing = Incident.objects.filter(submission_key=submission_key).first()
        if existing is not None:
            return existing
    validate_received_at(received_at=data.received_at)
    force_id = _force_of_area(data.area_id)
    _validate_parties(data.parties, force_id)
    incident = _new_incident(data, user, submission_key)
    incident.full_clean(exclude=["reference", "signed_off_by", "created_by"])
    try:
        with transaction.atomic():
            incident.save()
    except IntegrityError:
        # The same submission raced in from a second request: hand back the first.
        if submission_key is not None:
            return Incident.objects.get(submission_key=submission_key)
        raise
    incident.reference = _reference(incident)
    incident.save(update_fields=["reference"])

    checklist = _new_checklist(incident, data.checklist)
    checklist.full_clean()
    checklist.save()

    for p in data.parties:
        person = p.person if p.new_person is None else person_create(data=p.new_person, user=user, force=force_id)
        assert person is not None  # each party has a person or a new one (_validate_parties)
        party = _new_party(incident, person, p)
        party.full_clean()
        party.save()
    # Other features react inside this transaction (MARAC flags a repeat): all of it lands, or none.
    incident_recorded.send(sender=Incident, incident=incident, user=user)
    return incident


# What a batch leaves to the database: one query per row and check would undo the point of a batch.
_DATABASE_CHECKS = {"validate_unique": False, "validate_constraints": False}


def _bulk_create(model: type[Model], rows: list) -> None:
    """Write the rows; a row the table's checks refuse is the ValidationError full_clean would have given."""
    try:
        model._default_manager.bulk_create(rows)  # inside the batch's transaction: a refusal undoes all of it
    except IntegrityError as exc:
        error = refusal(exc, model)
        if error is None:
            raise
        raise error from exc


@transaction.atomic
def incidents_create(*, data: list[IncidentInput], user: User) -> list[Incident]:
    """Log many incidents at once (a bulk load such as the demo data), all or nothing, in order.

    Each is checked and written as incident_create does it, in a fixed handful of queries (plus what the
    incident_recorded receivers do for each); uniqueness, foreign keys and the tables' check constraints are
    left to the database, so one bad row refuses the whole batch.
    """
    forces = dict(Area.objects.filter(pk__in={item.area_id for item in data}).values_list("pk", "force_id"))
    if len(set(forces.values())) > 1:
        raise ValidationError("One batch of incidents is of one force.")
    for item in data:
        validate_received_at(received_at=item.received_at)
        _validate_parties(item.parties, forces.get(item.area_id))
    new_people = iter(
        people_create(
            data=[p.new_person for item in data for p in item.parties if p.new_person is not None],
            user=user,
            force=next(iter(forces.values()), None),
        )
    )
    incidents = [_new_incident(item, user) for item in data]
    for incident in incidents:
        incident.full_clean(exclude=["reference", "signed_off_by", "created_by", "area"], **_DATABASE_CHECKS)
    _bulk_create(Incident, incidents)
    for incident in incidents:
        incident.reference = _reference(incident)
    Incident.objects.bulk_update(incidents, ["reference"], batch_size=500)
    checklists, parties = [], []
    for incident, item in zip(incidents, data, strict=True):
        checklists.append(_new_checklist(incident, item.checklist))
        parties += [_new_party(incident, p.person or next(new_people), p) for p in item.parties]
    for obj in [*checklists, *parties]:
        obj.full_clean(exclude=["incident", "person"], **_DATABASE_CHECKS)
    _bulk_create(Checklist, checklists)
    _bulk_create(Party, parties)
    prefetch_related_objects(incidents, "parties")  # for the receivers, in one query
    for incident in incidents:
        incident_recorded.send(sender=Incident, incident=incident, user=user)
    return incidents
