"""The DASH risk assessment an officer completes, and the reviews that follow it."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Now
from django.urls import reverse

from accounts.reach import visible
from audit.consultation import personal_data
from audit.tracking import track_changes


class Grade(models.TextChoices):
    STANDARD = "standard", "Standard"
    MEDIUM = "medium", "Medium"
    HIGH = "high", "High"


GRADE_ORDER = {Grade.STANDARD: 0, Grade.MEDIUM: 1, Grade.HIGH: 2}


class AssessmentQuerySet(models.QuerySet):
    def visible_to(self, user) -> "AssessmentQuerySet":
        """Police staff with access see their areas' assessments; the force-wide roles see all; partners none."""
        return visible(self, user, "risk.view_assessment")

    def open_drafts(self, *, incident, officer) -> "AssessmentQuerySet":
        """The officer's unsubmitted DASH drafts at the incident: the one rule for "continue" over "start"."""
        if officer is None or not officer.is_authenticated:
            return self.none()
        return self.filter(incident=incident, officer_id=officer.pk, status=Assessment.Status.DRAFT).order_by(
            "started_at", "pk"
        )


@track_changes(exclude=["yes_count"])
@personal_data("victim")
class Assessment(models.Model):
    """A DASH assessment of one victim at one incident, from the officer's draft to the last review."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        SUBMITTED = "submitted", "Awaiting sergeant review"
        PVP_REVIEW = "pvp_review", "In the PVP review queue"
        COMPLETE = "complete", "Reviewed"

    class Referral(models.TextChoices):
        REFERRED = "referred", "Referred to children's services"
        NOT_REFERRED = "not_referred", "Not referred"
        NO_CHILDREN = "no_children", "No children involved"

    incident = models.ForeignKey("incidents.Incident", on_delete=models.PROTECT, related_name="assessments")
    victim = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="assessments")
    area = models.ForeignKey("accounts.Area", on_delete=models.PROTECT, related_name="assessments")
    questionnaire = models.ForeignKey("risk.Questionnaire", on_delete=models.PROTECT, related_name="assessments")
    sections = models.ManyToManyField("risk.Section", related_name="+", help_text="The sections asked.")
    officer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="assessments")
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.DRAFT)
    started_at = models.DateTimeField(db_default=Now(), editable=False)
    updated_at = models.DateTimeField(auto_now=True)
    victim_declined = models.BooleanField(default=False, help_text="The victim declined to answer the questions.")
    declined_detail = models.TextField(blank=True)
    # Kept in step with the answers by the services: queues and samples read it without joining answers.
    yes_count = models.PositiveSmallIntegerField(default=0, editable=False)
    officer_grade = models.CharField(max_length=10, choices=Grade.choices, blank=True)
    officer_rationale = models.TextField(blank=True)
    children_referral = models.CharField(max_length=15, choices=Referral.choices, blank=True)
    children_referral_reason = models.TextField(blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    grade = models.CharField(
        max_length=10, choices=Grade.choices, blank=True, help_text="The grade after the latest review."
    )
    sergeant_reviewed_at = models.DateTimeField(null=True, blank=True)

    objects = AssessmentQuerySet.as_manager()

    class Meta:
        ordering = ["-started_at"]
        permissions = [
            ("review_as_sergeant", "Can review assessments as a sergeant"),
            ("review_in_pvp_queue", "Can claim and review assessments in the PVP queue"),
        ]
        indexes = [
            models.Index(fields=["area", "status", "submitted_at"], name="assessment_queue"),
            # The dip sample's population (sampling.services.dip_sample_population): standard, complete, one
            # area, a span of review dates, read as ids alone, so an index-only scan, never the table's pages.
            models.Index(
                fields=["area", "sergeant_reviewed_at"],
                include=["id"],
                condition=Q(status="complete", grade="standard"),
                name="assessment_dip_population",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(status="draft") | Q(submitted_at__isnull=False, officer_grade__in=list(Grade.values)),
                name="submitted_assessment_is_graded",
            ),
        ]

    def __str__(self) -> str:
        return f"DASH {self.pk} for {self.victim}"

    def get_absolute_url(self) -> str:
        return reverse("risk:detail", args=[self.pk])

    def audit_person_ids(self) -> list[int]:
        return [self.victim_id, *(c.person_id for c in self.children.all() if c.person_id)]


@track_changes()
class AssessmentAnswer(models.Model):
    """One answer: yes, no or not known, with a comment and, when not the victim, its source."""

    class Value(models.TextChoices):
        YES = "yes", "Yes"
        NO = "no", "No"
        NOT_KNOWN = "not_known", "Not known"

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey("risk.Question", on_delete=models.PROTECT, related_name="+")
    value = models.CharField(max_length=10, choices=Value.choices)
    comment = models.TextField(blank=True)
    source = models.CharField(
        max_length=150, blank=True, help_text="Who gave this answer, when it was not the victim (e.g. a neighbour)."
    )
    answered_at = models.DateTimeField(auto_now=True)
    # Which answer is later when two devices answered offline: the device's clock when tapped (the server's
    # for an answer given online), and the device (blank: online, through a page or the API).
    client_time = models.DateTimeField(null=True, blank=True)
    device = models.CharField(max_length=64, blank=True)

    class Meta:
        ordering = ["question__section__order", "question__number"]
        constraints = [models.UniqueConstraint(fields=["assessment", "question"], name="one_answer_per_question")]

    def __str__(self) -> str:
        return f"{self.question}: {self.get_value_display()}"


@track_changes()
@personal_data("person")
class AssessmentChild(models.Model):
    """A child in the household or affected, as recorded in the assessment."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="children")
    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    name = models.CharField(max_length=150)
    date_of_birth = models.DateField(null=True, blank=True)
    present = models.BooleanField("Present at the incident", default=False)
    school_or_nursery = models.CharField(max_length=150, blank=True)
    notes = models.TextField(blank=True)

    class Meta:
        ordering = ["date_of_birth", "name"]
        verbose_name_plural = "children"

    def __str__(self) -> str:
        return self.name


@track_changes()
class Review(models.Model):
    """A sergeant's, PVP's or dip sampler's decision on an assessment's grade."""

    class Stage(models.TextChoices):
        SERGEANT = "sergeant", "Sergeant review"
        PVP = "pvp", "PVP review"
        DIP_SAMPLE = "dip_sample", "Dip sample"

    class Decision(models.TextChoices):
        CONFIRM = "confirm", "Confirmed the grade"
        REGRADE = "regrade", "Regraded"

    assessment = models.ForeignKey(Assessment, on_delete=models.PROTECT, related_name="reviews")
    stage = models.CharField(max_length=12, choices=Stage.choices)
    reviewer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    reviewed_at = models.DateTimeField(db_default=Now())
    decision = models.CharField(max_length=10, choices=Decision.choices)
    grade_before = models.CharField(max_length=10, choices=Grade.choices)
    grade = models.CharField(max_length=10, choices=Grade.choices)
    rationale = models.TextField(blank=True)

    class Meta:
        ordering = ["reviewed_at"]
        constraints = [
            models.UniqueConstraint(fields=["assessment"], condition=Q(stage="sergeant"), name="one_sergeant_review"),
            models.UniqueConstraint(fields=["assessment"], condition=Q(stage="pvp"), name="one_pvp_review"),
            models.CheckConstraint(condition=Q(decision="confirm") | ~Q(rationale=""), name="regrade_has_rationale"),
        ]

    def __str__(self) -> str:
        return f"{self.get_stage_display()} of {self.assessment}: {self.grade}"


class PvpQueueItemQuerySet(models.QuerySet):
    def visible_to(self, user) -> "PvpQueueItemQuerySet":
        """The PVP team sees its areas' queue; partners none."""
        return visible(self, user, "risk.view_pvpqueueitem")

    def pending(self) -> "PvpQueueItemQuerySet":
        return self.filter(completed_at__isnull=True)


@track_changes()
class PvpQueueItem(models.Model):
    """A medium or high assessment waiting for, or under, review by the PVP team."""

    assessment = models.OneToOneField(Assessment, on_delete=models.PROTECT, related_name="pvp_item")
    area = models.ForeignKey("accounts.Area", on_delete=models.PROTECT, related_name="+")
    entered_at = models.DateTimeField(db_default=Now())
    claimed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="pvp_claims"
    )
    claimed_at = models.DateTimeField(null=True, blank=True)
    completed_at = models.DateTimeField(null=True, blank=True)
    refer_to_marac = models.BooleanField(default=False)
    refer_to_idva = models.BooleanField(default=False)
    notify_childrens_services = models.BooleanField(default=False)
    notes = models.TextField(blank=True)

    objects = PvpQueueItemQuerySet.as_manager()

    class Meta:
        ordering = ["entered_at"]
        permissions = [("view_pvp_queue", "Can see the PVP review queue")]
        indexes = [
            # The queue page reads the oldest pending items of an area straight from this index.
            models.Index(
                fields=["area", "entered_at", "id"], condition=Q(completed_at__isnull=True), name="pvp_queue_pending"
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(claimed_by__isnull=True) | Q(claimed_at__isnull=False), name="claim_has_time"
            ),
            models.CheckConstraint(
                condition=Q(completed_at__isnull=True) | Q(claimed_by__isnull=False), name="completed_item_was_claimed"
            ),
        ]

    def __str__(self) -> str:
        return f"PVP queue: {self.assessment}"
