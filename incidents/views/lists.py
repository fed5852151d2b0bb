"""Reading incidents: the record, the list, the sign-off queue and call audits."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from audit.models import AccessLog
from audit.services import access_record
from core.access import require_perm
from core.filters import bad_query
from core.forms import apply_service_errors

from .. import selectors, services
from ..filters import CallAuditMonthForm, IncidentFilter
from ..forms import CallAuditDrawForm, CallAuditScoreForm
from ..models import CallAudit, Incident, Party
from .common import INCIDENT, get_incident

detail = INCIDENT.detail_view("The incident: the call, its people, response, outcomes, evidence and sign-off.")


@login_required
@require_GET
def incident_list(request: HttpRequest) -> HttpResponse:
    """Incidents the user can see, newest first, with filters."""
    require_perm(request.user, "incidents.view_incident")
    filters = IncidentFilter(
        request.GET, queryset=Incident.objects.visible_to(request.user).select_related("area"), request=request
    )
    if not filters.is_valid():
        return bad_query(request, filters.form)
    page = Paginator(filters.qs.order_by("-received_at"), 50).get_page(request.GET.get("page"))
    parties = list(
        Party.objects.filter(incident__in=list(page.object_list), role=Party.Role.VICTIM).select_related("person")
    )
    victims = {p.incident_id: p.person.full_name for p in parties}
    rows = [(i, victims.get(i.pk, "")) for i in page.object_list]
    # The list shows victims' names: it is a read of their data.
    access_record(
        user=request.user,
        persons=[p.person_id for p in parties],
        reason="Incident list",
        action=AccessLog.Action.SEARCH,
        request=request,
    )
    return render(
        request,
        "incidents/list.html",
        {
            "page": page,
            "rows": rows,
            "statuses": Incident.Status.choices,
            "status": filters.form.cleaned_data["status"],
        },
    )


SIGN_OFF_PAGE = 50


@login_required
@require_GET
def sign_off_queue(request: HttpRequest) -> HttpResponse:
    """Incidents waiting for a control-room supervisor's sign-off, oldest first."""
    require_perm(request.user, "incidents.sign_off_incident")
    page = Paginator(selectors.sign_off_queue(request.user), SIGN_OFF_PAGE).get_page(request.GET.get("page"))
    context = {"queue": page.object_list, "page": page, "now": timezone.now()}
    return render(request, "incidents/sign_off_queue.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def call_audits(request: HttpRequest) -> HttpResponse:
    """Draw a sample of calls to audit, see the share audited per handler and month, and what is left to score."""
    require_perm(request.user, "incidents.audit_call")
    today = timezone.localdate()
    form = CallAuditDrawForm(request.POST or None, initial={"month": today.replace(day=1), "per_handler": 2})
    if request.method == "POST" and form.is_valid():
        drawn = services.call_audit_draw(
            auditor=request.user, month=form.cleaned_data["month"], per_handler=form.cleaned_data["per_handler"]
        )
        messages.success(request, f"{len(drawn)} call(s) drawn for audit.")
        return redirect("incidents:call_audits")
    shown = CallAuditMonthForm(request.GET)
    if not shown.is_valid():
        return bad_query(request, shown)
    month = shown.cleaned_data["month"] or today.replace(day=1)
    context = {
        "form": form,
        "month": month,
        "shares": selectors.call_audit_shares(user=request.user, month=month),
        "to_score": selectors.audits_to_score(request.user),
    }
    return render(request, "incidents/call_audits.html", context, status=400 if form.errors else 200)


@login_required
@require_http_methods(["GET", "POST"])
def call_audit_score(request: HttpRequest, pk: int) -> HttpResponse:
    require_perm(request.user, "incidents.audit_call")
    audit = get_object_or_404(CallAudit.objects.select_related("incident", "handler"), pk=pk)
    incident = get_incident(request, audit.incident_id)
    form = CallAuditScoreForm(request.POST or None, initial=audit.scores or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.call_audit_score(
                audit=audit, auditor=request.user, scores=form.scores(), comments=form.cleaned_data["comments"]
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, f"Audit of {incident.reference} recorded.")
            return redirect("incidents:call_audits")
    return render(
        request,
        "incidents/call_audit_score.html",
        {"audit": audit, "incident": incident, "form": form},
        status=400 if form.errors else 200,
    )
