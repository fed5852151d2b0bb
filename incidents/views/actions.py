"""Actions on an incident's page: each posts one form, calls one service and returns to the record."""

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_GET

from audit.models import AccessLog
from audit.services import access_record
from core.policies import require
from core.views.records import Part, record_action

from .. import services
from ..models import Crime, Evidence
from ..policies import can_sign_off_incident, can_view_evidence
from ..services.outcomes import incident_no_crime, incident_positive_action
from .common import INCIDENT, get_incident

CHANGE, OUTCOME, SIGN_OFF = "incidents.change_incident", "incidents.record_outcome", "incidents.sign_off_incident"
CRIME = Part("crime", Crime, "crime_pk", "incident")

intelligence_check = record_action(
    INCIDENT,
    "intelligence",
    permission="incidents.record_intelligence_check",
    service=services.intelligence_check_record,
    done="Intelligence check recorded.",
    anchor="intelligence",
)
grade = record_action(
    INCIDENT,
    "grade",
    permission=CHANGE,
    service=services.incident_grade,
    done="Response grade recorded.",
    anchor="response",
)
deployment = record_action(
    INCIDENT,
    "deployment",
    permission=CHANGE,
    service=services.deployment_add,
    done="Dispatch recorded.",
    anchor="response",
)
supervisor_attendance = record_action(
    INCIDENT,
    "attendance",
    permission=CHANGE,
    service=services.supervisor_attendance_record,
    done="Supervisor attendance recorded.",
    anchor="response",
)
record_crime = record_action(
    INCIDENT, "crime", permission=OUTCOME, service=services.crime_record, done="Crime recorded.", anchor="outcomes"
)
no_crime = record_action(
    INCIDENT,
    "note",
    permission=OUTCOME,
    run=lambda user, incident, d: incident_no_crime(incident=incident, user=user),
    done="Recorded as no crime.",
    anchor="outcomes",
)
arrest = record_action(
    INCIDENT, "arrest", permission=OUTCOME, service=services.arrest_record, done="Arrest recorded.", anchor="outcomes"
)
positive_action = record_action(
    INCIDENT,
    "positive_action",
    permission=OUTCOME,
    service=incident_positive_action,
    done="Positive-action rationale recorded.",
    anchor="outcomes",
)
allocate = record_action(
    INCIDENT,
    "allocation",
    permission=OUTCOME,
    part=CRIME,
    service=services.crime_allocate,
    done=lambda crime: f"{crime.crime_number} allocated.",
    anchor="outcomes",
)
outcome = record_action(
    INCIDENT,
    "outcome",
    permission=OUTCOME,
    part=CRIME,
    service=services.crime_outcome_record,
    done=lambda crime: f"Outcome of {crime.crime_number} recorded.",
    anchor="outcomes",
)
evidence = record_action(
    INCIDENT,
    "evidence",
    permission="incidents.add_evidence",
    # A cleared file field is False: the service takes None for "no photograph".
    run=lambda user, incident, d: services.evidence_add(
        incident=incident, user=user, **{**d, "image": d["image"] or None}
    ),
    done="Evidence added.",
    anchor="evidence",
)
submit = record_action(
    INCIDENT,
    "note",
    permission=CHANGE,
    run=lambda user, incident, d: services.incident_submit_for_sign_off(incident=incident, user=user),
    done="Sent to a supervisor for sign-off.",
)
sign_off = record_action(
    INCIDENT,
    "note",
    permission=SIGN_OFF,
    policy=can_sign_off_incident,
    run=lambda user, incident, d: services.incident_sign_off(incident=incident, supervisor=user, **d),
    done=lambda incident: f"{incident.reference} signed off and closed.",
)
return_incident = record_action(
    INCIDENT,
    "note",
    permission=SIGN_OFF,
    policy=can_sign_off_incident,
    run=lambda user, incident, d: services.incident_return(incident=incident, supervisor=user, **d),
    done=lambda incident: f"{incident.reference} returned to the control room.",
)


@login_required
@require_GET
def evidence_file(request: HttpRequest, pk: int, evidence_pk: int) -> HttpResponse:
    """A photograph, only to users who may see the incident; every download is audited."""
    incident = get_incident(request, pk)
    item = get_object_or_404(Evidence, pk=evidence_pk, incident=incident)
    item.incident = incident
    require(can_view_evidence(request.user, item))
    access_record(
        user=request.user,
        persons=incident.audit_person_ids(),
        obj=item,
        action=AccessLog.Action.DOWNLOAD,
        request=request,
    )
    # The copy without metadata (no location) is shown; the original, kept as evidence, on asking for it.
    original = request.GET.get("original") == "1" or not item.display_image
    stored = item.image if original else item.display_image
    response = FileResponse(stored.open("rb"), filename=stored.name.rsplit("/", 1)[-1])
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response
