"""Reads about plans that cross models: who may own or work on a plan, lists, the victims still without one."""

from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce, NullIf
from pghistory.models import Events

from accounts.models import Agency, Area, User
from accounts.reach import visible
from accounts.roles import Role
from risk.models import Assessment, Grade

from .models import PlanAssessment, PlanTask, RiskManagementPlan, review_due_on_new_assessment

_MODEL_BACKEND = "django.contrib.auth.backends.ModelBackend"
OWNER_PERMISSION = "plans.change_riskmanagementplan"
START_PERMISSION = "plans.add_riskmanagementplan"
WORKER_PERMISSION = "plans.complete_plantask"


def _users_with(permission: str, area: Area) -> QuerySet[User]:
    """Active police users of the area whose role holds the permission."""
    return (
        User.objects.with_perm(permission, include_superusers=False, backend=_MODEL_BACKEND)
        .filter(Q(agency__isnull=True) | Q(agency__kind=Agency.Kind.POLICE), areas=area)
        .order_by("last_name", "first_name", "username")
    )


def plan_owners(area: Area) -> QuerySet[User]:
    """Who may own a plan in the area: PVP officers and supervisors working there."""
    return _users_with(OWNER_PERMISSION, area)


def plan_workers(area: Area) -> QuerySet[User]:
    """Who may be given a plan task in the area: active police officers there whose role works on tasks."""
    return _users_with(WORKER_PERMISSION, area)


def area_pvp_supervisors(area_id: int) -> QuerySet[User]:
    return User.objects.filter(is_active=True, areas=area_id, groups__name=Role.PVP_SUPERVISOR).distinct()


def effective_grade_expression() -> Coalesce:
    """An assessment's grade after its latest review, or the officer's while no one has reviewed it."""
    return Coalesce(NullIf("grade", Value("")), NullIf("officer_grade", Value("")))


def high_risk_victims_without_plan(user: User) -> QuerySet[Assessment]:
    """Each victim whose latest assessment is high risk and who has no plan, in the areas where the user may
    start plans: that assessment, oldest first.

    A plan closed after that assessment was a decision on this risk, so its
    victim is not listed; a new high-risk assessment lists them again.
    """
    submitted = Assessment.objects.exclude(status=Assessment.Status.DRAFT)
    latest = submitted.filter(victim_id=OuterRef("victim_id")).order_by("-submitted_at", "-pk").values("pk")[:1]
    qs = (
        submitted.annotate(effective_grade=effective_grade_expression())
        .filter(pk=Subquery(latest), effective_grade=Grade.HIGH)
        .exclude(Exists(RiskManagementPlan.objects.open().filter(victim_id=OuterRef("victim_id"))))
        .exclude(
            Exists(
                RiskManagementPlan.objects.filter(
                    victim_id=OuterRef("victim_id"), closed_at__gte=OuterRef("submitted_at")
                )
            )
        )
    )
    qs = visible(qs, user, START_PERMISSION)
    return qs.select_related("victim", "area", "officer").order_by("submitted_at", "pk")


def plan_list(
    user: User,
    *,
    today: date,
    owner_id: int | None = None,
    area_id: int | None = None,
    overdue: bool = False,
    status: str = RiskManagementPlan.Status.OPEN,
) -> QuerySet[RiskManagementPlan]:
    """Plans the user may see, filtered, with the counts a list shows (no query per row)."""
    qs: QuerySet[RiskManagementPlan] = RiskManagementPlan.objects.visible_to(user)
    if status:
        qs = qs.filter(status=status)
    if owner_id:
        qs = qs.filter(owner_id=owner_id)
    if area_id:
        qs = qs.filter(area_id=area_id)
    if overdue:
        qs = plans_overdue(qs, today=today)
    return with_task_counts(qs.select_related("victim", "area", "owner"), today=today).order_by("next_review_due", "pk")


def with_task_counts(plans: QuerySet[RiskManagementPlan], *, today: date) -> QuerySet[RiskManagementPlan]:
    """Each plan with its numbers of open and of overdue tasks."""
    return plans.annotate(
        open_tasks=Count("tasks", filter=Q(tasks__status=PlanTask.Status.OPEN)),
        overdue_tasks=Count("tasks", filter=Q(tasks__status=PlanTask.Status.OPEN, tasks__due_date__lt=today)),
    )


def plans_overdue(plans: QuerySet[RiskManagementPlan], *, today: date) -> QuerySet[RiskManagementPlan]:
    """Open plans whose review date has passed or with a task past its due date."""
    overdue_task = PlanTask.objects.filter(plan=OuterRef("pk"), status=PlanTask.Status.OPEN, due_date__lt=today)
    return plans.filter(
        Q(status=RiskManagementPlan.Status.OPEN) & (Q(next_review_due__lt=today) | Exists(overdue_task))
    )


def tasks_for(user: User, *, open_only: bool = True) -> QuerySet[PlanTask]:
    """Tasks assigned to the user, on plans they may see, soonest first."""
    qs = PlanTask.objects.visible_to(user).filter(assignee=user).select_related("plan", "plan__area")
    if open_only:
        qs = qs.filter(status=PlanTask.Status.OPEN)
    return qs.order_by("due_date", "pk")


def tasks_due(user: User, *, today: date) -> QuerySet[PlanTask]:
    """The user's open tasks due by tomorrow (overdue ones included)."""
    return tasks_for(user).filter(due_date__lte=today + timedelta(days=1))


def reviews_due(user: User, *, today: date) -> QuerySet[RiskManagementPlan]:
    """Open plans the user owns whose review is due by tomorrow (overdue ones included)."""
    return (
        RiskManagementPlan.objects.visible_to(user)
        .open()
        .filter(owner=user, next_review_due__lte=today + timedelta(days=1))
        .select_related("area")
        .order_by("next_review_due", "pk")
    )


_HISTORY_WORDS = {"RiskManagementPlan": "Plan", "PlanAction": "Action", "PlanTask": "Task", "PlanReview": "Review"}
_HISTORY_LABELS = {"insert": "added", "update": "changed", "delete": "deleted"}


def plan_history(plan: RiskManagementPlan, limit: int = 200) -> list[dict]:
    """Every change to the plan and its actions, tasks and reviews, newest first, with who made it."""
    events = list(Events.objects.references(plan).order_by("-pgh_created_at", "-pgh_id")[:limit])
    user_ids = {e.pgh_context.get("user") for e in events if e.pgh_context and e.pgh_context.get("user")}
    names: dict[int | None, str] = {u.pk: str(u) for u in User.objects.filter(pk__in=user_ids)}
    return [
        {
            "at": e.pgh_created_at,
            "what": _HISTORY_WORDS.get(e.pgh_model.split(".")[-1].removesuffix("Event"), "Record"),
            "label": _HISTORY_LABELS.get(e.pgh_label, e.pgh_label),
            "changes": sorted((e.pgh_diff or {}).items()) if e.pgh_label == "update" else [],
            "by": names.get((e.pgh_context or {}).get("user"), ""),
        }
        for e in events
    ]


@dataclass
class PlanOffer:
    """What a page about a new DASH offers: start a plan, add the DASH to the victim's open plan, or what was done."""

    assessment_id: int
    open_plan: RiskManagementPlan | None
    added: PlanAssessment | None
    can_open_plan: bool
    review_due: bool

    @property
    def can_add(self) -> bool:
        """An open plan exists, this DASH is not on a plan yet, and the plan was not started from it."""
        plan = self.open_plan
        return plan is not None and self.added is None and plan.assessment_id != self.assessment_id


def plan_offer(assessment: Assessment, user: User) -> PlanOffer:
    """For a DASH: the victim's open plan (with its owner and next review), whether the DASH is already on a plan,
    and whether adding it would make the review due now (the rule of plans.services). Three queries or four."""
    added = PlanAssessment.objects.filter(assessment=assessment).select_related("plan", "added_by").first()
    plan = RiskManagementPlan.objects.open().filter(victim_id=assessment.victim_id).select_related("owner").first()
    shown = added.plan if added else plan
    grade = assessment.grade or assessment.officer_grade
    return PlanOffer(
        assessment_id=assessment.pk,
        open_plan=plan,
        added=added,
        can_open_plan=shown is not None and RiskManagementPlan.objects.visible_to(user).filter(pk=shown.pk).exists(),
        review_due=plan is not None
        and review_due_on_new_assessment(plan=plan, grade=grade, force=assessment.area.force),
    )
