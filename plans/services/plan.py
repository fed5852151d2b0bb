"""Starting, working and closing a plan. Each function is one transaction.

Two users can act on one plan at once, so each write locks what it changes
(the plan row, or the task or action row). Changes to the plan itself (a
review, a new owner, closing it) also carry the ``version`` the user's form was
built from: a form saved after someone else's change is refused with a clear
message instead of silently overwriting it.
"""

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from accounts.models import Area, User
from accounts.reach import reach
from core.services import version_bump, version_check
from people.models import Person
from risk.grading import suggested_grade
from risk.models import GRADE_ORDER, Assessment, Grade

from ..models import PLAN_GRADES, PlanAction, PlanReview, PlanTask, RiskManagementPlan, review_interval
from ..policies import can_complete_plantask
from ..selectors import plan_owners, plan_workers


def _lock(plan: RiskManagementPlan, *, version: int | None = None) -> RiskManagementPlan:
    """Lock an open plan for a change; refused when closed or, with ``version``, when changed since it was read."""
    # of=("self",): lock the plan row only, not the area and force rows joined in.
    plan = RiskManagementPlan.objects.select_for_update(of=("self",)).select_related("area__force").get(pk=plan.pk)
    if plan.status != RiskManagementPlan.Status.OPEN:
        raise ValidationError("This plan is closed: it can no longer be changed.", code="closed")
    version_check(record=plan, version=version, what="plan")
    return plan


def _check_owner(owner: User, area: Area) -> None:
    if owner is None or not plan_owners(area).filter(pk=owner.pk).exists():
        raise ValidationError(
            {"owner": f"{owner} cannot own plans in {area}: owners are PVP officers or supervisors working there."}
        )


def _check_start_reach(user: User, area: Area, victim: Person) -> None:
    """Plans start only in an area within the user's reach (accounts/reach.py), for a victim of its force."""
    found = reach(user, "plans.add_riskmanagementplan")
    if found is None or not found.covers(area):
        raise ValidationError({"area": "You cannot start plans in this area."})
    if victim.force_id != area.force_id:
        raise ValidationError({"victim": "This person is in another force's index: start the plan in that force."})


def _grade_label(grade: str) -> str:
    return Grade(grade).label.lower()


@transaction.atomic
def plan_start(
    *,
    owner: User,
    user: User,
    assessment: Assessment | None = None,
    victim: Person | None = None,
    area: Area | None = None,
    grade: str | None = None,
) -> RiskManagementPlan:
    """Open a plan for a victim: from their DASH assessment, or (a MARAC referral) from victim, area and grade.

    One open plan per victim: a second is refused, naming the plan that exists.
    """
    if assessment is not None:
        assessment = Assessment.objects.select_related("victim", "area").get(pk=assessment.pk)
        if assessment.status == Assessment.Status.DRAFT:
            raise ValidationError({"assessment": "This assessment is still a draft: it must be submitted first."})
        assessment_grade = assessment.grade or assessment.officer_grade
        if grade and grade != assessment_grade:
            raise ValidationError(
                {"grade": "A plan started from an assessment takes its grade; a plan review may regrade it."}
            )
        victim, area, grade = assessment.victim, assessment.area, assessment_grade
        if grade not in PLAN_GRADES:
            raise ValidationError(
                {"assessment": "This assessment is graded standard: plans are for medium- and high-risk victims."}
            )
    else:
        errors = {}
        if victim is None:
            errors["victim"] = "Choose the victim."
        if area is None:
            errors["area"] = "Choose the area."
        if grade not in PLAN_GRADES:
            errors["grade"] = "Plans are for medium- and high-risk victims: choose medium or high."
        if errors:
            raise ValidationError(errors)
    assert victim is not None and area is not None and grade is not None  # refused above
    if victim.merged_into_id:
        raise ValidationError({"victim": "This record was merged into another: start the plan on that record."})
    _check_start_reach(user, area, victim)
    _check_owner(owner, area)
    existing = RiskManagementPlan.objects.open().filter(victim=victim).select_related("owner").first()
    if existing is not None:
        raise _already_open(existing)
    now = timezone.now()
    plan = RiskManagementPlan(
        victim=victim,
        area=area,
        assessment=assessment,
        owner=owner,
        grade=grade,
        # The application's clock, as for every date the plan's deadlines are worked out from.
        created_at=now,
        created_by=user,
        next_review_due=timezone.localdate(now) + review_interval(area.force, grade),
    )
    try:
        with transaction.atomic():
            plan.save()
    except IntegrityError as exc:
        # Two people started a plan for the same victim at the same moment; the first one stands.
        if "one_open_plan_per_victim" not in str(exc):
            raise
        raise _already_open(RiskManagementPlan.objects.open().select_related("owner").get(victim=victim)) from exc
    return plan


def _already_open(plan: RiskManagementPlan) -> ValidationError:
    return ValidationError(
        f"{plan.victim} already has an open plan, {plan.reference}, owned by {plan.owner}: "
        "work on that plan instead of starting another.",
        code="duplicate",
    )


@transaction.atomic
def plan_reassign(*, plan: RiskManagementPlan, user: User, version: int, owner: User) -> RiskManagementPlan:
    """Give the plan a new owner (someone leaves the team, or a supervisor rebalances caseloads)."""
    plan = _lock(plan, version=version)
    _check_owner(owner, plan.area)
    plan.owner = owner
    version_bump(record=plan, fields=["owner"])
    return plan


def _check_action(kind: str, description: str, status: str, not_possible_reason: str) -> None:
    errors = {}
    if kind not in PlanAction.Kind.values:
        errors["kind"] = "Choose the kind of action."
    if not description.strip():
        errors["description"] = "Say what the action is."
    if status not in PlanAction.Status.values:
        errors["status"] = "Choose planned, in place or not possible."
    if status == PlanAction.Status.NOT_POSSIBLE and not not_possible_reason.strip():
        errors["not_possible_reason"] = "Say why this action is not possible."
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def plan_action_add(
    *,
    plan: RiskManagementPlan,
    user: User,
    kind: str,
    description: str,
    status: str = PlanAction.Status.PLANNED,
    not_possible_reason: str = "",
) -> PlanAction:
    """Add a safety measure to the plan (safety planning, an alarm, a referral...)."""
    plan = _lock(plan)
    _check_action(kind, description, status, not_possible_reason)
    return PlanAction.objects.create(
        plan=plan,
        kind=kind,
        description=description.strip(),
        status=status,
        not_possible_reason=not_possible_reason.strip() if status == PlanAction.Status.NOT_POSSIBLE else "",
        created_by=user,
    )


@transaction.atomic
def plan_action_update(*, action: PlanAction, user: User, status: str, not_possible_reason: str = "") -> PlanAction:
    """Record that an action is now in place, or not possible (with the reason)."""
    action = PlanAction.objects.select_for_update(of=("self",)).select_related("plan").get(pk=action.pk)
    if not action.plan.is_open:
        raise ValidationError("This plan is closed: it can no longer be changed.", code="closed")
    _check_action(action.kind, action.description, status, not_possible_reason)
    action.status = status
    action.not_possible_reason = not_possible_reason.strip() if status == PlanAction.Status.NOT_POSSIBLE else ""
    action.save(update_fields=["status", "not_possible_reason", "updated_at"])
    return action


def _check_assignee(assignee: User, area: Area) -> None:
    if assignee is None:
        raise ValidationError({"assignee": "Choose who will do the task."})
    if not assignee.is_active:
        raise ValidationError({"assignee": f"{assignee}'s account is not active: choose someone else."})
    if assignee.is_partner or (assignee.agency is not None and not assignee.agency.is_police):
        raise ValidationError(
            {"assignee": "Plan tasks go to police officers; a partner agency's work is a MARAC action."}
        )
    if not plan_workers(area).filter(pk=assignee.pk).exists():
        raise ValidationError(
            {"assignee": f"{assignee} cannot take this task: choose a police officer working in {area}."}
        )


@transaction.atomic
def plan_task_add(*, plan: RiskManagementPlan, user: User, assignee: User, title: str, due_date: date) -> PlanTask:
    """Give a named officer a task on the plan, due on a date that has not passed."""
    plan = _lock(plan)
    errors = {}
    if not title.strip():
        errors["title"] = "Say what must be done."
    if due_date is None:
        errors["due_date"] = "Give the date the task is due."
    elif due_date < timezone.localdate():
        errors["due_date"] = "The due date has passed: give today's date or a later one."
    if errors:
        raise ValidationError(errors)
    _check_assignee(assignee, plan.area)
    return PlanTask.objects.create(
        plan=plan, title=title.strip(), assignee=assignee, due_date=due_date, created_by=user
    )


@transaction.atomic
def plan_task_complete(*, task: PlanTask, user: User, note: str) -> PlanTask:
    """Mark the task done with a note of what was done; the assignee or the plan's team may do it, once."""
    task = PlanTask.objects.select_for_update(of=("self",)).select_related("completed_by").get(pk=task.pk)
    if not can_complete_plantask(user, task):
        raise PermissionDenied("Only the officer the task was given to, or the PVP team, can complete it.")
    if task.status == PlanTask.Status.DONE:
        when = timezone.localtime(task.completed_at)
        raise ValidationError(
            f"This task was already completed by {task.completed_by} on {when:%d/%m/%Y}.", code="done"
        )
    if task.status == PlanTask.Status.CANCELLED:
        raise ValidationError("This task was cancelled.", code="cancelled")
    if not note.strip():
        raise ValidationError({"note": "Say what was done."})
    task.status = PlanTask.Status.DONE
    task.completion_note, task.completed_at, task.completed_by = note.strip(), timezone.now(), user
    task.save(update_fields=["status", "completion_note", "completed_at", "completed_by"])
    return task


def _check_review_grade(plan: RiskManagementPlan, grade: str, rationale: str) -> None:
    """The grading rules of risk.grading, as they apply to a plan over time.

    A review may raise or lower the grade, with a rationale whenever it
    changes; but not below what a DASH completed since the last review shows
    (judgement never lowers a grade below the answers), and not to standard:
    a plan that finds standard risk is closed.
    """
    if grade == Grade.STANDARD:
        raise ValidationError(
            {"grade": "A review that finds standard risk closes the plan: close it as 'risk reduced to standard'."}
        )
    if grade not in PLAN_GRADES:
        raise ValidationError({"grade": "Choose medium or high."})
    since = plan.last_reviewed_at or plan.created_at
    newer = (
        Assessment.objects.filter(victim_id=plan.victim_id, submitted_at__gt=since)
        .exclude(status=Assessment.Status.DRAFT)
        .select_related("questionnaire")
    )
    for assessment in newer:
        floor = suggested_grade(assessment.yes_count, assessment.questionnaire)
        if GRADE_ORDER[Grade(grade)] < GRADE_ORDER[floor]:
            raise ValidationError(
                {
                    "grade": f"A DASH completed since the last review has {assessment.yes_count} 'yes' answers, "
                    f"which means at least {_grade_label(floor)} risk: a review cannot lower the grade below that."
                }
            )
    if grade != plan.grade and not rationale.strip():
        raise ValidationError(
            {"rationale": f"Explain why the risk is now {_grade_label(grade)} (it was {_grade_label(plan.grade)})."}
        )


@transaction.atomic
def plan_review_record(
    *, plan: RiskManagementPlan, user: User, version: int, grade: str, notes: str, rationale: str = ""
) -> PlanReview:
    """Record a review; the next one falls due by the force's schedule for the (new) grade."""
    plan = _lock(plan, version=version)
    if not notes.strip():
        raise ValidationError({"notes": "Record what the review found."})
    _check_review_grade(plan, grade, rationale)
    now = timezone.now()
    next_due = timezone.localdate(now) + review_interval(plan.area.force, grade)
    review = PlanReview.objects.create(
        plan=plan,
        reviewed_by=user,
        reviewed_at=now,
        grade_before=plan.grade,
        grade_after=grade,
        rationale=rationale.strip(),
        notes=notes.strip(),
        next_review_due=next_due,
    )
    plan.grade, plan.next_review_due, plan.last_reviewed_at = grade, next_due, now
    version_bump(record=plan, fields=["grade", "next_review_due", "last_reviewed_at"])
    return review


@transaction.atomic
def plan_close(*, plan: RiskManagementPlan, user: User, version: int, reason: str, note: str) -> RiskManagementPlan:
    """Close the plan with the reason; its open tasks are cancelled."""
    plan = _lock(plan, version=version)
    errors = {}
    if reason not in RiskManagementPlan.ClosingReason.values:
        errors["reason"] = "Choose why the plan is closing."
    if not note.strip():
        errors["note"] = "Record the decision to close the plan: what has changed and who agreed."
    if errors:
        raise ValidationError(errors)
    now = timezone.now()
    plan.status, plan.closing_reason, plan.closing_note = RiskManagementPlan.Status.CLOSED, reason, note.strip()
    plan.closed_at, plan.closed_by = now, user
    version_bump(record=plan, fields=["status", "closing_reason", "closing_note", "closed_at", "closed_by"])
    plan.tasks.filter(status=PlanTask.Status.OPEN).update(
        status=PlanTask.Status.CANCELLED,
        completion_note=f"Cancelled: the plan was closed ({plan.get_closing_reason_display().lower()}).",
        completed_at=now,
        completed_by=user,
    )
    return plan
