"""Plan pages: the plan (with a form for each action on it), starting one, and the lists that find them."""

from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from audit.models import AccessLog
from audit.services import access_record
from core.access import get_visible_or_404, require_perm
from core.forms import apply_service_errors, form_action
from risk.models import Assessment

from . import selectors, services
from .filters import PlanFilter
from .forms import (
    PlanActionForm,
    PlanActionUpdateForm,
    PlanCloseForm,
    PlanReassignForm,
    PlanReviewForm,
    PlanStartForm,
    PlanTaskForm,
    TaskCompleteForm,
)
from .models import PlanAction, PlanAssessment, PlanReview, PlanTask, RiskManagementPlan

VIEW = "plans.view_riskmanagementplan"


def get_plan(request: HttpRequest, pk: int, permission: str = VIEW) -> RiskManagementPlan:
    """The plan, if the user's role allows the action (else 403) and the plan is in their areas (else 404)."""
    return get_visible_or_404(
        RiskManagementPlan.objects.select_related("area__force", "victim", "owner"),
        request.user,
        permission=permission,
        pk=pk,
    )


def _detail_context(request: HttpRequest, plan: RiskManagementPlan, bound: dict) -> dict:
    plan = (
        RiskManagementPlan.objects.select_related(
            "victim", "area__force", "owner", "assessment", "created_by", "closed_by"
        )
        .prefetch_related(
            Prefetch("actions", queryset=PlanAction.objects.select_related("created_by")),
            Prefetch("tasks", queryset=PlanTask.objects.select_related("assignee", "completed_by", "created_by")),
            Prefetch("reviews", queryset=PlanReview.objects.select_related("reviewed_by")),
            Prefetch("added_assessments", queryset=PlanAssessment.objects.select_related("assessment", "added_by")),
        )
        .get(pk=plan.pk)
    )
    user, is_open = request.user, plan.is_open
    version = {"version": plan.version}
    forms = {
        "action": PlanActionForm(prefix="action"),
        "action_update": PlanActionUpdateForm(prefix="update"),
        "task": PlanTaskForm(prefix="task", plan=plan),
        "complete": TaskCompleteForm(prefix="complete"),
        "review": PlanReviewForm(prefix="review", initial={**version, "grade": plan.grade}),
        "close": PlanCloseForm(prefix="close", initial=version),
        "reassign": PlanReassignForm(prefix="reassign", plan=plan, initial={**version, "owner": plan.owner_id}),
    }
    forms.update(bound)
    today = timezone.localdate()
    return {
        "plan": plan,
        "forms": forms,
        "today": today,
        "review_overdue": plan.is_review_overdue(today),
        "history": selectors.plan_history(plan),
        "completable": {t.pk for t in plan.tasks.all() if t.is_open and t.can_complete(user)},
        "can": {
            "manage": is_open and user.has_perm("plans.change_riskmanagementplan"),
            "action": is_open and user.has_perm("plans.add_planaction"),
            "action_update": is_open and user.has_perm("plans.change_planaction"),
            "task": is_open and user.has_perm("plans.add_plantask"),
            "review": is_open and user.has_perm("plans.add_planreview"),
        },
    }


def render_detail(request: HttpRequest, plan: RiskManagementPlan, bound: dict | None = None, status: int = 200):
    return render(request, "plans/detail.html", _detail_context(request, plan, bound or {}), status=status)


@login_required
@require_GET
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The plan: victim, owner, actions, tasks, reviews and every change, with a form for each next step."""
    plan = get_plan(request, pk)
    return render_detail(request, plan)


def _act(
    request: HttpRequest,
    plan: RiskManagementPlan,
    form,
    form_name: str,
    action: Callable[[dict], object],
    done: str,
    anchor: str,
) -> HttpResponse:
    """Validate the form, run the service; back to the plan, or the plan again with the errors in place."""
    if form_action(form, action):
        messages.success(request, done)
        next_url = form.cleaned_data.get("next", "")
        if next_url and url_has_allowed_host_and_scheme(next_url, {request.get_host()}):
            return redirect(next_url)
        return redirect(plan.get_absolute_url() + f"#{anchor}")
    return render_detail(request, plan, {form_name: form}, status=400)


@login_required
@require_POST
def action_add(request: HttpRequest, pk: int) -> HttpResponse:
    plan = get_plan(request, pk, "plans.add_planaction")
    form = PlanActionForm(request.POST, prefix="action")
    return _act(
        request,
        plan,
        form,
        "action",
        lambda d: services.plan_action_add(plan=plan, user=request.user, **d),
        "Action added.",
        "actions",
    )


@login_required
@require_POST
def action_update(request: HttpRequest, pk: int, action_pk: int) -> HttpResponse:
    plan = get_plan(request, pk, "plans.change_planaction")
    action = get_object_or_404(PlanAction, pk=action_pk, plan=plan)
    form = PlanActionUpdateForm(request.POST, prefix="update")
    return _act(
        request,
        plan,
        form,
        "action_update",
        lambda d: services.plan_action_update(action=action, user=request.user, **d),
        "Action updated.",
        "actions",
    )


@login_required
@require_POST
def task_add(request: HttpRequest, pk: int) -> HttpResponse:
    plan = get_plan(request, pk, "plans.add_plantask")
    form = PlanTaskForm(request.POST, prefix="task", plan=plan)
    return _act(
        request,
        plan,
        form,
        "task",
        lambda d: services.plan_task_add(plan=plan, user=request.user, **d),
        "Task added; its officer will be reminded as it falls due.",
        "tasks",
    )


@login_required
@require_POST
def task_complete(request: HttpRequest, pk: int, task_pk: int) -> HttpResponse:
    plan = get_plan(request, pk, "plans.complete_plantask")
    task = get_object_or_404(PlanTask, pk=task_pk, plan=plan)
    if not task.can_complete(request.user):
        raise PermissionDenied
    form = TaskCompleteForm(request.POST, prefix="complete")
    return _act(
        request,
        plan,
        form,
        "complete",
        lambda d: services.plan_task_complete(task=task, user=request.user, note=d["note"]),
        "Task completed.",
        "tasks",
    )


@login_required
@require_POST
def review(request: HttpRequest, pk: int) -> HttpResponse:
    plan = get_plan(request, pk, "plans.add_planreview")
    form = PlanReviewForm(request.POST, prefix="review")
    return _act(
        request,
        plan,
        form,
        "review",
        lambda d: services.plan_review_record(plan=plan, user=request.user, **d),
        "Review recorded.",
        "reviews",
    )


@login_required
@require_POST
def close(request: HttpRequest, pk: int) -> HttpResponse:
    plan = get_plan(request, pk, "plans.change_riskmanagementplan")
    form = PlanCloseForm(request.POST, prefix="close")
    return _act(
        request,
        plan,
        form,
        "close",
        lambda d: services.plan_close(plan=plan, user=request.user, **d),
        "Plan closed.",
        "status",
    )


@login_required
@require_POST
def reassign(request: HttpRequest, pk: int) -> HttpResponse:
    plan = get_plan(request, pk, "plans.change_riskmanagementplan")
    form = PlanReassignForm(request.POST, prefix="reassign", plan=plan)
    return _act(
        request,
        plan,
        form,
        "reassign",
        lambda d: services.plan_reassign(plan=plan, user=request.user, **d),
        "Owner changed.",
        "status",
    )


@login_required
@require_http_methods(["GET", "POST"])
def start(request: HttpRequest, assessment_pk: int) -> HttpResponse:
    """Start a plan from a DASH assessment: the victim, area and grade come from it; the user picks the owner."""
    assessment = get_visible_or_404(
        Assessment.objects.select_related("victim", "area__force", "officer"),
        request.user,
        permission="plans.add_riskmanagementplan",
        pk=assessment_pk,
    )
    offer = selectors.plan_offer(assessment, request.user)
    existing = offer.open_plan
    form = PlanStartForm(request.POST or None, area=assessment.area, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            plan = services.plan_start(assessment=assessment, owner=form.cleaned_data["owner"], user=request.user)
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, f"Plan {plan.reference} started. Add its actions and tasks.")
            return redirect(plan)
    context = {
        "assessment": assessment,
        "grade": assessment.grade or assessment.officer_grade,
        "existing": existing,
        "offer": offer,
        "form": form,
    }
    return render(request, "plans/start.html", context, status=400 if form.errors else 200)


@login_required
@require_POST
def add_assessment(request: HttpRequest, assessment_pk: int) -> HttpResponse:
    """Add a new DASH to the victim's open plan (instead of a second plan); the plan's review may fall due now."""
    assessment = get_visible_or_404(
        Assessment.objects.select_related("victim", "area__force"),
        request.user,
        permission="plans.add_riskmanagementplan",
        pk=assessment_pk,
    )
    # The plan is the victim's open one, found here: never an id from the form.
    plan = RiskManagementPlan.objects.open().filter(victim_id=assessment.victim_id).first()
    if plan is None:
        messages.error(request, "This victim has no open plan: start one from this DASH.")
        return redirect("plans:start", assessment_pk=assessment.pk)
    try:
        link = services.plan_attach_assessment(plan=plan, assessment=assessment, user=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect(_back(request, assessment))
    told = "" if plan.owner_id == request.user.pk else f"; {plan.owner} was told"
    review = " Its review is now due." if link.review_brought_forward else ""
    messages.success(request, f"DASH {assessment.pk} added to plan {plan.reference}{told}.{review}")
    if RiskManagementPlan.objects.visible_to(request.user).filter(pk=plan.pk).exists():
        return redirect(plan)
    return redirect(_back(request, assessment))


def _back(request: HttpRequest, assessment: Assessment) -> str:
    """The page the form was on (a PVP review), when it is this site's; else the assessment."""
    next_url = request.POST.get("next", "")
    if next_url and url_has_allowed_host_and_scheme(next_url, {request.get_host()}, require_https=request.is_secure()):
        return next_url
    return assessment.get_absolute_url()


@login_required
@require_GET
def plan_list(request: HttpRequest) -> HttpResponse:
    """Plans by owner, area and overdue: the PVP supervisor's view of who holds what and what is late."""
    require_perm(request.user, "plans.view_plan_list")
    today = timezone.localdate()
    filters = PlanFilter(
        request.GET, queryset=selectors.plan_list(request.user, today=today, status=""), request=request
    )
    # A filter that does not parse is shown beside its field (400); the others still apply.
    filters.is_valid()
    plans = filters.qs
    page = Paginator(plans, 25).get_page(request.GET.get("page"))
    access_record(
        user=request.user,
        action=AccessLog.Action.SEARCH,
        persons=[p.victim_id for p in page],
        reason="Plan list",
        request=request,
    )
    query = filters.data.copy()
    query.pop("page", None)
    context = {"form": filters.form, "page": page, "today": today, "query": query.urlencode()}
    return render(request, "plans/list.html", context, status=400 if filters.form.errors else 200)


@login_required
@require_GET
def without_plan(request: HttpRequest) -> HttpResponse:
    """High-risk victims (by their latest assessment) who have no plan: every one of them needs one."""
    require_perm(request.user, "plans.add_riskmanagementplan")
    page = Paginator(selectors.high_risk_victims_without_plan(request.user), 50).get_page(request.GET.get("page"))
    access_record(
        user=request.user,
        action=AccessLog.Action.SEARCH,
        persons=[a.victim_id for a in page],
        reason="High-risk victims without a plan",
        request=request,
    )
    return render(request, "plans/without_plan.html", {"page": page, "now": timezone.now()})


@login_required
@require_GET
def my_tasks(request: HttpRequest) -> HttpResponse:
    """The signed-in officer's plan tasks: open ones soonest first, then the last few done."""
    require_perm(request.user, "plans.complete_plantask")
    open_tasks = list(selectors.tasks_for(request.user).select_related("plan__victim"))
    done = list(
        selectors.tasks_for(request.user, open_only=False)
        .exclude(status=PlanTask.Status.OPEN)
        .select_related("plan__victim")
        .order_by("-completed_at")[:10]
    )
    context = {"open_tasks": open_tasks, "done": done, "today": timezone.localdate()}
    return render(request, "plans/my_tasks.html", context)
