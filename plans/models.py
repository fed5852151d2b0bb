"""Risk-management plans (PRODUCT.md, inspection finding 5): every plan has an owner, tasks and a review schedule.

This is its own app, apart from ``risk``, so that its migrations never collide
with the assessment work going on there; a plan points at the assessment it
started from, never the other way round.
"""

from datetime import date, timedelta

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Now
from django.urls import reverse
from django.utils import timezone

from accounts.reach import visible
from audit.consultation import personal_data
from audit.tracking import track_changes
from risk.models import GRADE_ORDER, Grade

# Plans are for medium- and high-risk victims; a review that finds standard risk closes the plan.
PLAN_GRADES = (Grade.MEDIUM, Grade.HIGH)


def review_interval(force, grade: str) -> timedelta:
    """How long until the next review: the force's schedule for the grade (default: high 7 days, medium 28)."""
    days = force.plan_review_days_high if grade == Grade.HIGH else force.plan_review_days_medium
    return timedelta(days=days)


def review_due_on_new_assessment(*, plan: "RiskManagementPlan", grade: str, force) -> bool:
    """The one rule: a DASH graded above the plan makes its review due now; or any new DASH, if the force says so."""
    if force.plan_review_on_new_dash:
        return True
    return grade in Grade.values and GRADE_ORDER[Grade(grade)] > GRADE_ORDER[Grade(plan.grade)]


def plan_reference(pk: int) -> str:
    """How a plan is named on screen and in messages (never by the victim's name)."""
    return f"RMP-{pk:06d}"


VIEW_PLAN = "plans.view_riskmanagementplan"


class PlanQuerySet(models.QuerySet):
    def visible_to(self, user) -> "PlanQuerySet":
        """Police roles holding the plan permission see their areas' plans (force-wide roles, their force's);
        partners none (accounts/reach.py)."""
        return visible(self, user, VIEW_PLAN)

    def open(self) -> "PlanQuerySet":
        return self.filter(status=RiskManagementPlan.Status.OPEN)

    def review_overdue(self, today: date) -> "PlanQuerySet":
        return self.open().filter(next_review_due__lt=today)


class PlanChildQuerySet(models.QuerySet):
    """Actions, tasks and reviews are visible exactly when their plan is."""

    def visible_to(self, user) -> "PlanChildQuerySet":
        return visible(self, user, VIEW_PLAN, area="plan__area")


@track_changes()
@personal_data("victim")
class RiskManagementPlan(models.Model):
    """The plan that keeps one victim safe: who owns it, what is done, and when it is next reviewed."""

    class Status(models.TextChoices):
        OPEN = "open", "Open"
        CLOSED = "closed", "Closed"

    class ClosingReason(models.TextChoices):
        RISK_REDUCED = "risk_reduced", "Risk reduced to standard"
        MOVED_AWAY = "moved_away", "Victim moved out of the force area"
        TRANSFERRED = "transferred", "Transferred to another force or agency"
        NOT_ENGAGING = "not_engaging", "Victim no longer engaging"
        OTHER = "other", "Other"

    victim = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="risk_plans")
    area = models.ForeignKey("accounts.Area", on_delete=models.PROTECT, related_name="risk_plans")
    assessment = models.ForeignKey(
        "risk.Assessment",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="plans",
        help_text="The DASH the plan started from; none for a plan started from a MARAC referral.",
    )
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="owned_plans")
    grade = models.CharField(max_length=10, choices=Grade.choices)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    closing_reason = models.CharField(max_length=20, choices=ClosingReason.choices, blank=True)
    closing_note = models.TextField(blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(db_default=Now(), editable=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    next_review_due = models.DateField()
    last_reviewed_at = models.DateTimeField(null=True, blank=True)
    # Raised by every change to the plan itself: a form saved from an older version is refused (no lost updates).
    version = models.PositiveIntegerField(default=1, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    objects = PlanQuerySet.as_manager()

    class Meta:
        ordering = ["next_review_due", "id"]
        permissions = [("view_plan_list", "Can list the plans of their areas by owner, area and overdue")]
        indexes = [
            models.Index(fields=["area", "status", "next_review_due"], name="plan_area_status_due"),
            models.Index(fields=["owner", "status", "next_review_due"], name="plan_owner_status_due"),
            models.Index(fields=["next_review_due", "id"], condition=Q(status="open"), name="plan_open_review_due"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["victim"], condition=Q(status="open"), name="one_open_plan_per_victim"),
            models.CheckConstraint(condition=Q(grade__in=["medium", "high"]), name="plan_grade_medium_or_high"),
            models.CheckConstraint(
                condition=Q(status="open", closed_at__isnull=True)
                | (Q(status="closed", closed_at__isnull=False) & ~Q(closing_reason="") & ~Q(closing_note="")),
                name="closed_plan_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return self.reference

    def get_absolute_url(self) -> str:
        return reverse("plans:detail", args=[self.pk])

    @property
    def reference(self) -> str:
        return plan_reference(self.pk) if self.pk else "RMP (new)"

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.OPEN

    def is_review_overdue(self, today: date | None = None) -> bool:
        return self.is_open and self.next_review_due < (today or timezone.localdate())

    def audit_person_ids(self) -> list[int]:
        return [self.victim_id]


@track_changes()
class PlanAction(models.Model):
    """A measure in the plan (safety planning, an alarm, a referral...) and whether it is in place."""

    class Kind(models.TextChoices):
        SAFETY_PLANNING = "safety_planning", "Safety planning"
        TARGET_HARDENING = "target_hardening", "Target hardening"
        ALARM = "alarm", "Alarm (panic alarm, TecSOS phone)"
        ADDRESS_FLAG = "address_flag", "Address flag for an urgent response"
        IDVA_REFERRAL = "idva_referral", "IDVA referral"
        MARAC_REFERRAL = "marac_referral", "MARAC referral"
        PROTECTION_NOTICE = "protection_notice", "Protection notice or order (DVPN, DAPN)"
        BAIL_CONDITIONS = "bail_conditions", "Bail conditions"
        OTHER = "other", "Other"

    class Status(models.TextChoices):
        PLANNED = "planned", "Planned"
        IN_PLACE = "in_place", "In place"
        NOT_POSSIBLE = "not_possible", "Not possible"

    plan = models.ForeignKey(RiskManagementPlan, on_delete=models.CASCADE, related_name="actions")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    description = models.TextField()
    status = models.CharField(max_length=15, choices=Status.choices, default=Status.PLANNED)
    not_possible_reason = models.TextField(blank=True)
    created_at = models.DateTimeField(db_default=Now(), editable=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    objects = PlanChildQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="not_possible") | ~Q(not_possible_reason=""),
                name="plan_action_not_possible_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.get_status_display().lower()}"


@track_changes()
class PlanTask(models.Model):
    """A job for a named officer (often a local response officer) with a due date."""

    class Status(models.TextChoices):
        OPEN = "open", "Open"
        DONE = "done", "Done"
        CANCELLED = "cancelled", "Cancelled"

    plan = models.ForeignKey(RiskManagementPlan, on_delete=models.CASCADE, related_name="tasks")
    title = models.CharField(max_length=200)
    assignee = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="plan_tasks")
    due_date = models.DateField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    completion_note = models.TextField(blank=True, help_text="What was done (or why the task was cancelled).")
    completed_at = models.DateTimeField(null=True, blank=True)
    completed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(db_default=Now(), editable=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    objects = PlanChildQuerySet.as_manager()

    class Meta:
        ordering = ["due_date", "id"]
        permissions = [("complete_plantask", "Can complete plan tasks assigned to them")]
        indexes = [
            models.Index(fields=["assignee", "status", "due_date"], name="plantask_assignee_due"),
            models.Index(fields=["due_date", "id"], condition=Q(status="open"), name="plantask_open_due"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(status="open") | (~Q(completion_note="") & Q(completed_at__isnull=False)),
                name="finished_task_has_note",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.OPEN

    def is_overdue(self, today: date | None = None) -> bool:
        return self.is_open and self.due_date < (today or timezone.localdate())


@track_changes()
class PlanReview(models.Model):
    """A scheduled look at the plan: what changed, the grade (it may change, with a rationale), the next date."""

    plan = models.ForeignKey(RiskManagementPlan, on_delete=models.CASCADE, related_name="reviews")
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    reviewed_at = models.DateTimeField()
    grade_before = models.CharField(max_length=10, choices=Grade.choices)
    grade_after = models.CharField(max_length=10, choices=Grade.choices)
    rationale = models.TextField(blank=True, help_text="Why the grade changed.")
    notes = models.TextField()
    next_review_due = models.DateField()

    objects = PlanChildQuerySet.as_manager()

    class Meta:
        ordering = ["-reviewed_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(grade_before=F("grade_after")) | ~Q(rationale=""), name="plan_regrade_has_rationale"
            ),
        ]

    def __str__(self) -> str:
        return f"Review of {self.plan} on {self.reviewed_at:%d/%m/%Y}"

    @property
    def regraded(self) -> bool:
        return self.grade_before != self.grade_after


@track_changes()
class PlanAssessment(models.Model):
    """A DASH completed while the victim's plan was open, added to that plan instead of starting a second one."""

    plan = models.ForeignKey(RiskManagementPlan, on_delete=models.CASCADE, related_name="added_assessments")
    assessment = models.ForeignKey("risk.Assessment", on_delete=models.PROTECT, related_name="plan_links")
    added_at = models.DateTimeField()
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    grade = models.CharField(max_length=10, choices=Grade.choices, help_text="The DASH's grade when it was added.")
    review_brought_forward = models.BooleanField(
        default=False, help_text="Whether adding it made the plan's review due at once."
    )

    objects = PlanChildQuerySet.as_manager()

    class Meta:
        ordering = ["-added_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["assessment"],
                name="assessment_added_to_one_plan",
                violation_error_message="This DASH has already been added to a plan.",
            ),
        ]

    def __str__(self) -> str:
        return f"DASH {self.assessment_id} added to {self.plan}"
