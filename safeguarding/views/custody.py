"""An incident's bail and custody page: each suspect's statuses and conditions, the victims' views (Kay's Law), the
risk-review tasks, and the Victims' Code updates owed and the contacts that gave them; with the forms of each."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from core.access import get_allowed_or_404
from core.forms import form_action
from core.policies import ask, require
from incidents.models import Incident

from ..case_forms import CustodyStatusForm, ReviewTaskDoneForm, VictimContactForm, VictimViewsForm
from ..case_policies import (
    can_add_custodystatus,
    can_add_victimcontact,
    can_add_victimviews,
    can_complete_riskreviewtask,
    can_view_custody,
)
from ..case_selectors import incident_custody, incident_victims_code
from ..models.custody import RiskReviewTask
from ..services import custody as services
from ..services.victims_code import victim_contact_record

_INCIDENT = Incident.objects.select_related("area").prefetch_related("parties__person")


def _url(incident: Incident, anchor: str = "") -> str:
    return reverse("safeguarding:custody", args=[incident.pk]) + (f"#{anchor}" if anchor else "")


def _page(request, incident: Incident, bound: dict | None = None, status: int = 200) -> HttpResponse:
    user = request.user
    statuses = incident_custody(incident)
    updates, contacts = incident_victims_code(incident) if ask("view_victimupdate", user, incident) else ([], [])
    forms = {
        "views": VictimViewsForm(incident=incident),
        "status": CustodyStatusForm(incident=incident),
        "contact": VictimContactForm(incident=incident),
        "done": None,
        **(bound or {}),
    }
    context = {
        "incident": incident,
        "statuses": statuses,
        "tasks": [t for s in statuses for t in s.review_tasks.all()],
        "updates": updates,
        "contacts": contacts,
        "forms": forms,
        "today": timezone.localdate(),
        "may": {
            "status": bool(can_add_custodystatus(user, incident)),
            "views": bool(can_add_victimviews(user, incident)),
            "contact": bool(can_add_victimcontact(user, incident)),
            "code": bool(ask("view_victimupdate", user, incident)),
        },
    }
    return render(request, "safeguarding/custody.html", context, status=status)


@login_required
@require_GET
def custody_page(request: HttpRequest, pk: int) -> HttpResponse:
    return _page(request, get_allowed_or_404(_INCIDENT, request.user, can_view_custody, pk=pk))


def _action(request, pk: int, check, name: str, form_class, service, anchor: str, done: str) -> HttpResponse:
    incident = get_allowed_or_404(_INCIDENT, request.user, check, pk=pk)
    form = form_class(request.POST, incident=incident)
    if not form_action(form, lambda data: service(user=request.user, incident=incident, **data)):
        return _page(request, incident, {name: form}, status=400)
    messages.success(request, done)
    return redirect(_url(incident, anchor))


@login_required
@require_POST
def victim_views_add(request: HttpRequest, pk: int) -> HttpResponse:
    return _action(
        request,
        pk,
        can_add_victimviews,
        "views",
        VictimViewsForm,
        services.victim_views_record,
        "views",
        "The victim's views are recorded.",
    )


@login_required
@require_POST
def custody_status_add(request: HttpRequest, pk: int) -> HttpResponse:
    return _action(
        request,
        pk,
        can_add_custodystatus,
        "status",
        CustodyStatusForm,
        services.custody_status_record,
        "custody",
        "Recorded. A risk review is raised for each victim's case owner.",
    )


@login_required
@require_POST
def victim_contact_add(request: HttpRequest, pk: int) -> HttpResponse:
    return _action(
        request,
        pk,
        can_add_victimcontact,
        "contact",
        VictimContactForm,
        victim_contact_record,
        "victims-code",
        "Contact logged.",
    )


@login_required
@require_POST
def review_task_done(request: HttpRequest, pk: int) -> HttpResponse:
    task = get_object_or_404(RiskReviewTask.objects.select_related("status__incident__area"), pk=pk)
    require(can_complete_riskreviewtask(request.user, task))
    incident = task.status.incident
    form = ReviewTaskDoneForm(request.POST)
    if not form_action(form, lambda data: services.risk_review_complete(task=task, user=request.user, **data)):
        form.task_pk = task.pk  # the page shows the errors beside this task's form
        return _page(request, get_object_or_404(_INCIDENT, pk=incident.pk), {"done": form}, status=400)
    messages.success(request, "Risk review done.")
    return redirect(_url(incident, "reviews"))
