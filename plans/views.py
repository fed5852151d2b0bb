"""Plan pages: the plan (with a form for each action on it), starting one, and the lists that find them."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from audit.models import AccessLog
from audit.services import access_record
from core.access import get_visible_or_404, require_perm
from core.forms import apply_service_errors
from core.views.records import PageForm, Part, RecordPage, record_action, safe_next
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
from .policies import can_complete_plantask

VIEW = "plans.view_riskmanagementplan"


def _context(request: HttpRequest, plan: RiskManagementPlan) -> dict:
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
    today = timezone.localdate()
    return {
        "plan": plan,
        "today": today,
        "review_overdue": plan.is_review_overdue(today),
        "history": selectors.plan_history(plan),
        "completable": {t.pk for t in plan.tasks.all() if t.is_open and can_complete_plantask(user, t)},
        "can": {
            "manage": is_open and user.has_perm("plans.change_riskmanagementplan"),
            "action": is_open and user.has_perm("plans.add_planaction"),
            "action_update": is_open and user.has_perm("plans.change_planaction"),
            "task": is_open and user.has_perm("plans.add_plantask"),
            "review": is_open and user.has_perm("plans.add_planreview"),
        },
    }


def _version(plan: RiskManagementPlan) -> dict:
    return {"version": plan.version}


PLAN = RecordPage(
    name="plan",
    queryset=RiskManagementPlan.objects.select_related("area__force", "victim", "owner"),
    template="plans/detail.html",
    context=_context,
    permission=VIEW,
    forms={
        "action": PageForm(PlanActionForm, prefix="action"),
        "action_update": PageForm(PlanActionUpdateForm, prefix="update"),
        "task": PageForm(PlanTaskForm, prefix="task", kwargs=lambda plan: {"plan": plan}),
        "complete": PageForm(TaskCompleteForm, prefix="complete"),
        "review": PageForm(
            PlanReviewForm, prefix="review", initial=lambda plan: {**_version(plan), "grade": plan.grade}
        ),
        "close": PageForm(PlanCloseForm, prefix="close", initial=_version),
        "reassign": PageForm(
            PlanReassignForm,
            prefix="reassign",
            kwargs=lambda plan: {"plan": plan},
            initial=lambda plan: {**_version(plan), "owner": plan.owner_id},
        ),
    },
)
MANAGE = "plans.change_riskmanagementplan"

detail = PLAN.detail_view(
    "The plan: victim, owner, actions, tasks, reviews and every change, with a form for each next step."
)
action_add = record_action(
    PLAN,
    "action",
    permission="plans.add_planaction",
    service=services.plan_action_add,
    done="Action added.",
    anchor="actions",
)
action_update = record_action(
    PLAN,
    "action_update",
    permission="plans.change_planaction",
    part=Part("action", PlanAction, "action_pk", "plan"),
    service=services.plan_action_update,
    done="Action updated.",
    anchor="actions",
)
task_add = record_action(
    PLAN,
    "task",
    permission="plans.add_plantask",
    service=services.plan_task_add,
    done="Task added; its officer will be reminded as it falls due.",
    anchor="tasks",
)
task_complete = record_action(
    PLAN,
    "complete",
    permission="plans.complete_plantask",
    part=Part("task", PlanTask, "task_pk", "plan", policy=can_complete_plantask),
    run=lambda user, task, d: services.plan_task_complete(task=task, user=user, note=d["note"]),
    done="Task completed.",
    anchor="tasks",
)
review = record_action(
    PLAN,
    "review",
    permission="plans.add_planreview",
    service=services.plan_review_record,
    done="Review recorded.",
    anchor="reviews",
)
close = record_action(
    PLAN, "close", permission=MANAGE, service=services.plan_close, done="Plan closed.", anchor="status"
)
reassign = record_action(
    PLAN, "reassign", permission=MANAGE, service=services.plan_reassign, done="Owner changed.", anchor="status"
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
    return safe_next(request, request.POST.get("next", "")) or assessment.get_absolute_url()


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


MY_TASKS_PAGE = 50


@login_required
@require_GET
def my_tasks(request: HttpRequest) -> HttpResponse:
    """The signed-in officer's plan tasks: open ones soonest first, a page at a time, then the last few done."""
    require_perm(request.user, "plans.complete_plantask")
    page = Paginator(selectors.tasks_for(request.user).select_related("plan__victim"), MY_TASKS_PAGE).get_page(
        request.GET.get("page")
    )
    done = list(
        selectors.tasks_for(request.user, open_only=False)
        .exclude(status=PlanTask.Status.OPEN)
        .select_related("plan__victim")
        .order_by("-completed_at")[:10]
    )
    context = {"page": page, "done": done, "today": timezone.localdate()}
    return render(request, "plans/my_tasks.html", context)
