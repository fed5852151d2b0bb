"""The control room's response to an incident."""

from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import transaction

from accounts.models import User

from ..models import Deployment, Incident, IntelligenceCheck, SupervisorAttendance


def _open_for_changes(incident: Incident) -> Incident:
    """Lock the incident; a closed incident is a record and changes no more."""
    incident = Incident.objects.select_for_update().get(pk=incident.pk)
    if incident.status == Incident.Status.CLOSED:
        raise ValidationError("This incident is closed and signed off; it can no longer be changed.")
    return incident


@transaction.atomic
def intelligence_check_record(
    *, incident: Incident, user: User, systems: list[str], findings: str, responsible: str
) -> IntelligenceCheck:
    """Record that ``user`` checked these systems and what they found."""
    incident = _open_for_changes(incident)
    check = IntelligenceCheck(
        incident=incident,
        systems=sorted(set(systems)),
        findings=findings.strip(),
        responsible=responsible,
        done_by=user,
    )
    if not check.systems:
        raise ValidationError({"systems": "Choose the systems that were checked."})
    check.full_clean(exclude=["done_by"])
    check.save()
    return check


@transaction.atomic
def incident_grade(*, incident: Incident, user: User, grade: str, appointment_reason: str = "") -> Incident:
    """Grade the response: immediate, priority, or an appointment with its reason."""
    incident = _open_for_changes(incident)
    incident.response_grade = grade
    incident.appointment_reason = appointment_reason.strip() if grade == Incident.Grade.APPOINTMENT else ""
    incident.full_clean(exclude=["signed_off_by", "created_by"])
    incident.save(update_fields=["response_grade", "appointment_reason"])
    return incident


@transaction.atomic
def deployment_add(
    *,
    incident: Incident,
    user: User,
    call_sign: str,
    dispatched_at: datetime,
    arrived_at: datetime | None = None,
    officer: User | None = None,
) -> Deployment:
    """Record a unit sent to the incident; arrival can never be before the call or the dispatch."""
    incident = _open_for_changes(incident)
    deployment = Deployment(
        incident=incident,
        call_sign=call_sign.strip(),
        officer=officer,
        dispatched_at=dispatched_at,
        arrived_at=arrived_at,
        recorded_by=user,
    )
    deployment.full_clean(exclude=["recorded_by", "officer"])
    deployment.save()
    return deployment


@transaction.atomic
def supervisor_attendance_record(
    *, incident: Incident, user: User, supervisor: User, attended_at: datetime, note: str = ""
) -> SupervisorAttendance:
    """Record the supervisor's attendance (required at serious or repeat incidents)."""
    incident = _open_for_changes(incident)
    if attended_at < incident.received_at:
        raise ValidationError({"attended_at": "Attendance cannot be before the call was received."})
    attendance, _ = SupervisorAttendance.objects.update_or_create(
        incident=incident,
        defaults={"supervisor": supervisor, "attended_at": attended_at, "note": note.strip(), "recorded_by": user},
    )
    return attendance
