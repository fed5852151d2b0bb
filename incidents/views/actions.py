"""Actions on an incident's page: each posts one form, calls one service and returns to the record."""

from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.views.decorators.http import require_GET, require_POST

from audit.models import AccessLog
from audit.services import access_record
from core.forms import form_action
from core.policies import require

from .. import services
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
from ..models import Crime, Evidence, Incident
from ..policies import can_view_evidence
from ..services.outcomes import incident_no_crime, incident_positive_action
from .common import get_incident
from .lists import render_detail


def _act(
    request: HttpRequest,
    incident: Incident,
    form,
    form_name: str,
    action: Callable[[dict], object],
    done: str,
    anchor: str = "",
) -> HttpResponse:
    """Validate the form, run the service, and either return to the record or show the errors in place."""
    if form_action(form, action):
        messages.success(request, done)
        return redirect(incident.get_absolute_url() + (f"#{anchor}" if anchor else ""))
    return render_detail(request, incident, {form_name: form}, status=400)


@login_required
@require_POST
def intelligence_check(request: HttpRequest, pk: int) -> HttpResponse:
    incident = get_incident(request, pk, "incidents.record_intelligence_check")
    form = IntelligenceCheckForm(request.POST, prefix="intel")
    return _act(
        request,
        incident,
        form,
        "intelligence",
        lambda d: services.intelligence_check_record(incident=incident, user=request.user, **d),
        "Intelligence check recorded.",
        "intelligence",
    )


@login_required
@require_POST
def grade(request: HttpRequest, pk: int) -> HttpResponse:
    incident = get_incident(request, pk, "incidents.change_incident")
    form = GradeForm(request.POST)
    return _act(
        request,
        incident,
        form,
        "grade",
        lambda d: services.incident_grade(incident=incident, user=request.user, **d),
        "Response grade recorded.",
        "response",
    )


@login_required
@require_POST
def deployment(request: HttpRequest, pk: int) -> HttpResponse:
    incident = get_incident(request, pk, "incidents.change_incident")
    form = DeploymentForm(request.POST, prefix="deploy")
    return _act(
        request,
        incident,
        form,
        "deployment",
        lambda d: services.deployment_add(incident=incident, user=request.user, **d),
        "Dispatch recorded.",
        "response",
    )


@login_required
@require_POST
def supervisor_attendance(request: HttpRequest, pk: int) -> HttpResponse:
    incident = get_incident(request, pk, "incidents.change_incident")
    form = SupervisorAttendanceForm(request.POST, prefix="attend")
    return _act(
        request,
        incident,
        form,
        "attendance",
        lambda d: services.supervisor_attendance_record(incident=incident, user=request.user, **d),
        "Supervisor attendance recorded.",
        "response",
    )


@login_required
@require_POST
def record_crime(request: HttpRequest, pk: int) -> HttpResponse:
    incident = get_incident(request, pk, "incidents.record_outcome")
    form = CrimeForm(request.POST, prefix="crime")
    return _act(
        request,
        incident,
        form,
        "crime",
        lambda d: services.crime_record(incident=incident, user=request.user, **d),
        "Crime recorded.",
        "outcomes",
    )


@login_required
@require_POST
def no_crime(request: HttpRequest, pk: int) -> HttpResponse:
    incident = get_incident(request, pk, "incidents.record_outcome")
    form = NoteForm(request.POST)
    return _act(
        request,
        incident,
        form,
        "note",
        lambda d: incident_no_crime(incident=incident, user=request.user),
        "Recorded as no crime.",
        "outcomes",
    )


@login_required
@require_POST
def arrest(request: HttpRequest, pk: int) -> HttpResponse:
    incident = get_incident(request, pk, "incidents.record_outcome")
    form = ArrestForm(request.POST, prefix="arrest", incident=incident)
    return _act(
        request,
        incident,
        form,
        "arrest",
        lambda d: services.arrest_record(incident=incident, user=request.user, **d),
        "Arrest recorded.",
        "outcomes",
    )


@login_required
@require_POST
def positive_action(request: HttpRequest, pk: int) -> HttpResponse:
    incident = get_incident(request, pk, "incidents.record_outcome")
    form = PositiveActionForm(request.POST)
    return _act(
        request,
        incident,
        form,
        "positive_action",
        lambda d: incident_positive_action(incident=incident, user=request.user, rationale=d["rationale"]),
        "Positive-action rationale recorded.",
        "outcomes",
    )


def _get_crime(request: HttpRequest, pk: int, crime_pk: int) -> tuple[Incident, Crime]:
    incident = get_incident(request, pk, "incidents.record_outcome")
    return incident, get_object_or_404(Crime, pk=crime_pk, incident=incident)


@login_required
@require_POST
def allocate(request: HttpRequest, pk: int, crime_pk: int) -> HttpResponse:
    incident, crime = _get_crime(request, pk, crime_pk)
    form = AllocationForm(request.POST, prefix="alloc")
    return _act(
        request,
        incident,
        form,
        "allocation",
        lambda d: services.crime_allocate(
            crime=crime, user=request.user, investigator=d["investigator"], rule=d["rule"]
        ),
        f"{crime.crime_number} allocated.",
        "outcomes",
    )


@login_required
@require_POST
def outcome(request: HttpRequest, pk: int, crime_pk: int) -> HttpResponse:
    incident, crime = _get_crime(request, pk, crime_pk)
    form = OutcomeForm(request.POST, prefix="outcome")
    return _act(
        request,
        incident,
        form,
        "outcome",
        lambda d: services.crime_outcome_record(crime=crime, user=request.user, **d),
        f"Outcome of {crime.crime_number} recorded.",
        "outcomes",
    )


@login_required
@require_POST
def evidence(request: HttpRequest, pk: int) -> HttpResponse:
    incident = get_incident(request, pk, "incidents.add_evidence")
    form = EvidenceForm(request.POST, request.FILES, prefix="evidence")
    return _act(
        request,
        incident,
        form,
        "evidence",
        lambda d: services.evidence_add(
            incident=incident,
            user=request.user,
            kind=d["kind"],
            reference=d.get("reference", ""),
            description=d.get("description", ""),
            image=d.get("image") or None,
        ),
        "Evidence added.",
        "evidence",
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
        obj=item,
        persons=incident.audit_person_ids(),
        action=AccessLog.Action.DOWNLOAD,
        request=request,
    )
    response = FileResponse(item.image.open("rb"), filename=item.image.name.rsplit("/", 1)[-1])
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


@login_required
@require_POST
def submit(request: HttpRequest, pk: int) -> HttpResponse:
    incident = get_incident(request, pk, "incidents.change_incident")
    form = NoteForm(request.POST)
    return _act(
        request,
        incident,
        form,
        "note",
        lambda d: services.incident_submit_for_sign_off(incident=incident, user=request.user),
        "Sent to a supervisor for sign-off.",
    )


@login_required
@require_POST
def sign_off(request: HttpRequest, pk: int) -> HttpResponse:
    incident = get_incident(request, pk, "incidents.sign_off_incident")
    form = NoteForm(request.POST)
    return _act(
        request,
        incident,
        form,
        "note",
        lambda d: services.incident_sign_off(incident=incident, supervisor=request.user, note=d.get("note", "")),
        f"{incident.reference} signed off and closed.",
    )


@login_required
@require_POST
def return_incident(request: HttpRequest, pk: int) -> HttpResponse:
    incident = get_incident(request, pk, "incidents.sign_off_incident")
    form = NoteForm(request.POST)
    return _act(
        request,
        incident,
        form,
        "note",
        lambda d: services.incident_return(incident=incident, supervisor=request.user, note=d.get("note", "")),
        f"{incident.reference} returned to the control room.",
    )
