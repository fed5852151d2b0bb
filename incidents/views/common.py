"""The incident's page: the record as its views fetch it, and everything the page shows, in one place."""

from django.db.models import Prefetch
from django.http import HttpRequest

from core.views.records import PageForm, RecordPage
from risk.models import Assessment
from risk.policies import can_start_assessment

from .. import selectors
from ..forms import (
    AllocationForm,
    ArrestForm,
    CrimeForm,
    DeploymentForm,
    EvidenceForm,
    GradeForm,
    IntelligenceCheckForm,
    NoteForm,
    OutcomeForm,
    PositiveActionForm,
    SupervisorAttendanceForm,
)
from ..models import Crime, Incident, Party
from ..policies import can_sign_off_incident, can_view_incident
from ..safety import incident_warnings


def _context(request: HttpRequest, incident: Incident) -> dict:
    incident = (
        Incident.objects.select_related("area__force", "created_by", "signed_off_by", "checklist")
        .prefetch_related(
            Prefetch("parties", queryset=Party.objects.select_related("person")),
            "intelligence_checks__done_by",
            "deployments",
            Prefetch("crimes", queryset=Crime.objects.select_related("investigator")),
            "arrests__person",
            "evidence",
            Prefetch("assessments", queryset=Assessment.objects.select_related("victim", "area")),
        )
        .get(pk=incident.pk)
    )
    user = request.user
    is_open = incident.status != Incident.Status.CLOSED
    return {
        "incident": incident,
        "closure_problems": selectors.closure_problems(incident) if incident.status == Incident.Status.OPEN else {},
        "is_repeat": selectors.incident_is_repeat(incident),
        "warnings": incident_warnings(incident),
        "needs_supervisor": selectors.supervisor_attendance_required(incident),
        "can": {
            "change": user.has_perm("incidents.change_incident") and is_open,
            "intel": user.has_perm("incidents.record_intelligence_check") and is_open,
            "outcome": user.has_perm("incidents.record_outcome") and is_open,
            "allocate": user.has_perm("incidents.record_outcome"),
            "evidence": user.has_perm("incidents.add_evidence") and is_open,
            "assess": bool(can_start_assessment(user, incident)),
            "sign_off": bool(can_sign_off_incident(user, incident)),
        },
    }


INCIDENT = RecordPage(
    name="incident",
    queryset=Incident.objects.select_related("area__force"),
    template="incidents/detail.html",
    context=_context,
    permission="incidents.view_incident",
    policy=can_view_incident,
    forms={
        "intelligence": PageForm(IntelligenceCheckForm, prefix="intel"),
        "grade": PageForm(
            GradeForm, initial=lambda i: {"grade": i.response_grade, "appointment_reason": i.appointment_reason}
        ),
        "deployment": PageForm(DeploymentForm, prefix="deploy"),
        "attendance": PageForm(SupervisorAttendanceForm, prefix="attend"),
        "crime": PageForm(CrimeForm, prefix="crime"),
        "arrest": PageForm(ArrestForm, prefix="arrest", kwargs=lambda i: {"incident": i}),
        "positive_action": PageForm(PositiveActionForm, initial=lambda i: {"rationale": i.positive_action_rationale}),
        "evidence": PageForm(EvidenceForm, prefix="evidence"),
        "allocation": PageForm(AllocationForm, prefix="alloc"),
        "outcome": PageForm(OutcomeForm, prefix="outcome"),
        "note": PageForm(NoteForm),
    },
)


def get_incident(request: HttpRequest, pk: int, permission: str = "incidents.view_incident") -> Incident:
    """The incident, if the user's role allows the action and the incident is in their areas (else 403 / 404)."""
    return INCIDENT.get(request, pk, permission=permission)
