"""Writes for incidents; each function is one transaction."""

from .intake import IncidentInput, PartyInput, incident_create, incidents_create
from .outcomes import (
    arrest_record,
    crime_allocate,
    crime_outcome_record,
    crime_record,
    evidence_add,
    evidence_photograph_upload,
)
from .response import (
    deployment_add,
    incident_grade,
    intelligence_check_record,
    supervisor_attendance_record,
)
from .supervision import (
    call_audit_draw,
    call_audit_score,
    incident_return,
    incident_sign_off,
    incident_submit_for_sign_off,
)

__all__ = [
    "IncidentInput",
    "PartyInput",
    "arrest_record",
    "call_audit_draw",
    "call_audit_score",
    "crime_allocate",
    "crime_outcome_record",
    "crime_record",
    "deployment_add",
    "evidence_add",
    "evidence_photograph_upload",
    "incident_create",
    "incidents_create",
    "incident_grade",
    "incident_return",
    "incident_sign_off",
    "incident_submit_for_sign_off",
    "intelligence_check_record",
    "supervisor_attendance_record",
]
