"""A new DASH for a victim whose plan is open joins that plan (one open plan per victim) and may make its
review due at once; the plan's owner is told."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from accounts.models import User
from core.services import notification_send, version_bump
from risk.models import Assessment, Grade

from ..models import PlanAssessment, RiskManagementPlan, review_due_on_new_assessment
from .plan import _lock

NOTIFICATION_KIND = "plan_assessment_added"


@transaction.atomic
def plan_attach_assessment(*, plan: RiskManagementPlan, assessment: Assessment, user: User) -> PlanAssessment:
    """Add the victim's new DASH to their open plan; when the rule says so, its review falls due today.

    The owner is notified (unless they added it themselves), by the plan's reference: never the victim's name.
    """
    plan = _lock(plan)
    assessment = Assessment.objects.select_related("victim").get(pk=assessment.pk)
    if assessment.victim_id != plan.victim_id:
        raise ValidationError({"assessment": "This DASH is about another person: it cannot join this plan."})
    if assessment.status == Assessment.Status.DRAFT:
        raise ValidationError({"assessment": "This assessment is still a draft: it must be submitted first."})
    if assessment.pk == plan.assessment_id:
        raise ValidationError({"assessment": f"Plan {plan.reference} was started from this DASH."})
    grade = assessment.grade or assessment.officer_grade
    now = timezone.now()
    today = timezone.localdate(now)
    bring_forward = review_due_on_new_assessment(plan=plan, grade=grade, force=plan.area.force)
    link = PlanAssessment(
        plan=plan,
        assessment=assessment,
        added_at=now,
        added_by=user,
        grade=grade,
        review_brought_forward=bring_forward and plan.next_review_due > today,
    )
    try:
        with transaction.atomic():
            link.save()
    except IntegrityError as exc:
        if "assessment_added_to_one_plan" not in str(exc):
            raise
        raise ValidationError({"assessment": "This DASH has already been added to a plan."}, code="duplicate") from exc
    if link.review_brought_forward:
        plan.next_review_due = today
        version_bump(record=plan, fields=["next_review_due"])
    if plan.owner_id != user.pk:
        review = "its review is now due" if bring_forward else "see whether the plan needs reviewing"
        grade_text = f"graded {Grade(grade).label.lower()}" if grade in Grade.values else "not graded"
        notification_send(
            user_id=plan.owner_id,
            kind=NOTIFICATION_KIND,
            message=f"A new DASH ({grade_text}) was added to plan {plan.reference}: {review}.",
            url=plan.get_absolute_url(),
            dedupe_key=f"{NOTIFICATION_KIND}:{link.pk}",
            email=plan.owner.email,
        )
    return link
