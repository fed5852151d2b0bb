from .incident import Answer, Checklist, Incident, IncidentQuerySet, Party
from .outcomes import Arrest, Crime, Evidence
from .response import Deployment, IntelligenceCheck, SupervisorAttendance
from .supervision import CallAudit

__all__ = [
    "Answer",
    "Arrest",
    "CallAudit",
    "Checklist",
    "Crime",
    "Deployment",
    "Evidence",
    "Incident",
    "IncidentQuerySet",
    "IntelligenceCheck",
    "Party",
    "SupervisorAttendance",
]
