"""Clare's Law pages: the list, a new application, one application with its stages and the forms of the next."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from core.access import get_allowed_or_404, require_perm
from core.forms import form_action
from core.policies import require

from ..case_forms import DecisionForm, DisclosureGiveForm, DisclosureOpenForm, StageForm
from ..case_policies import (
    can_add_disclosureapplication,
    can_decide_disclosure,
    can_record_disclosure_stage,
    can_view_disclosureapplication,
)
from ..case_selectors import disclosure_list
from ..models.disclosures import VIEW_DISCLOSURE, DisclosureApplication, Stage
from ..services import disclosures as services

_DETAIL = DisclosureApplication.objects.select_related(
    "area", "owner", "person_at_risk", "subject", "applicant", "created_by"
)


@login_required
@require_GET
def disclosure_index(request: HttpRequest) -> HttpResponse:
    """Open applications in the user's areas, soonest target first (closed ones with ?status=closed)."""
    require_perm(request.user, VIEW_DISCLOSURE)
    status = "closed" if request.GET.get("status") == "closed" else "open"
    rows = list(disclosure_list(request.user, status=status)[:200])
    return render(
        request,
        "safeguarding/disclosure_list.html",
        {"applications": rows, "status": status, "today": timezone.localdate()},
    )


@login_required
@require_http_methods(["GET", "POST"])
def disclosure_new(request: HttpRequest) -> HttpResponse:
    require(can_add_disclosureapplication(request.user))
    form = DisclosureOpenForm(request.POST or None, user=request.user)
    if request.method == "POST":
        made = {}

        def run(data):
            made["application"] = services.disclosure_open(user=request.user, **data)

        if form_action(form, run):
            messages.success(request, f"Clare's Law {made['application'].reference} opened.")
            return redirect(made["application"])
        return render(request, "safeguarding/disclosure_new.html", {"form": form}, status=400)
    return render(request, "safeguarding/disclosure_new.html", {"form": form})


def _page(request, application, *, stage_form=None, decision_form=None, give_form=None, status=200):
    nxt = services.next_stage(application=application)
    initial = {"version": application.version, "stage": nxt}
    context = {
        "application": application,
        "stages": list(application.stages.select_related("done_by")),
        "disclosure": getattr(application, "disclosure", None),
        "next_stage": nxt,
        "next_label": Stage(nxt).label if nxt else "",
        "today": timezone.localdate(),
        "stage_form": stage_form or StageForm(initial=initial),
        "decision_form": decision_form or DecisionForm(initial=initial),
        "give_form": give_form
        or DisclosureGiveForm(initial={**initial, "disclosed_to": application.person_at_risk_id}, user=request.user),
    }
    return render(request, "safeguarding/disclosure_detail.html", context, status=status)


def _get(request, pk: int, check) -> DisclosureApplication:
    return get_allowed_or_404(_DETAIL, request.user, check, pk=pk)


@login_required
@require_GET
def disclosure_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _page(request, _get(request, pk, can_view_disclosureapplication))


@login_required
@require_POST
def disclosure_stage(request: HttpRequest, pk: int) -> HttpResponse:
    application = _get(request, pk, can_record_disclosure_stage)
    form = StageForm(request.POST)
    ok = form_action(
        form, lambda data: services.disclosure_stage_record(application=application, user=request.user, **data)
    )
    if not ok:
        return _page(request, application, stage_form=form, status=400)
    messages.success(request, "Stage recorded.")
    return redirect(application)


@login_required
@require_POST
def disclosure_decide(request: HttpRequest, pk: int) -> HttpResponse:
    application = _get(request, pk, can_decide_disclosure)
    form = DecisionForm(request.POST)
    ok = form_action(
        form,
        lambda data: services.disclosure_stage_record(
            application=application, user=request.user, stage=Stage.DECISION, **data
        ),
    )
    if not ok:
        return _page(request, application, decision_form=form, status=400)
    messages.success(request, "Decision recorded.")
    return redirect(application)


@login_required
@require_POST
def disclosure_give(request: HttpRequest, pk: int) -> HttpResponse:
    application = _get(request, pk, can_record_disclosure_stage)
    form = DisclosureGiveForm(request.POST, user=request.user)
    ok = form_action(form, lambda data: services.disclosure_give(application=application, user=request.user, **data))
    if not ok:
        return _page(request, application, give_form=form, status=400)
    messages.success(request, "Disclosure recorded.")
    return redirect(get_object_or_404(DisclosureApplication, pk=pk))
