"""The dip sample of standard-risk assessments (PRODUCT.md, inspection finding 4).

Each period, at least the force's share (10%) of each area's standard assessments
is drawn at random and reviewed by a PVP supervisor; an assessment is never
sampled twice, ever.
"""

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Now
from django.urls import reverse

from accounts.reach import reach, visible
from audit.tracking import track_changes


class DipSampleQuerySet(models.QuerySet):
    def visible_to(self, user) -> "DipSampleQuerySet":
        """The user's areas' samples (their force's for force-wide roles); partners none."""
        return visible(self, user, "sampling.view_dipsample")


@track_changes(event_table="risk_dipsampleevent")
class DipSample(models.Model):
    """One area's sample for one period: how many standard assessments there were, and which were drawn."""

    area = models.ForeignKey("accounts.Area", on_delete=models.PROTECT, related_name="dip_samples")
    period_start = models.DateField(help_text="First day of the period.")
    period_end = models.DateField(help_text="The day after the period's last day.")
    percent = models.PositiveSmallIntegerField(help_text="The share drawn, as the force had it set when drawn.")
    seed = models.BigIntegerField(help_text="The random seed: the same seed and population give the same draw.")
    population = models.PositiveIntegerField(help_text="Standard assessments reviewed by a sergeant in the period.")
    sample_size = models.PositiveIntegerField()
    drawn_at = models.DateTimeField(db_default=Now())
    drawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="Empty when the scheduled job drew it.",
    )

    objects = DipSampleQuerySet.as_manager()

    class Meta:
        # The tables (and their change history's) kept the names they had in the risk app, dip sampling's first home.
        db_table = "risk_dipsample"
        ordering = ["-period_start", "area__name"]
        permissions = [
            ("draw_dipsample", "Can draw a dip sample"),
            ("review_dipsample", "Can review dip-sampled assessments"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["area", "period_start"], name="dip_sample_one_per_area_period"),
            models.CheckConstraint(condition=Q(period_end__gt=F("period_start")), name="dip_sample_period_ordered"),
            models.CheckConstraint(condition=Q(sample_size__lte=F("population")), name="dip_sample_within_population"),
        ]

    def __str__(self) -> str:
        return f"Dip sample {self.area} {self.period_start:%d/%m/%Y}"

    def get_absolute_url(self) -> str:
        return reverse("sampling:sample", args=[self.pk])

    @property
    def period_last_day(self):
        return self.period_end - timedelta(days=1)


class DipSampleItemQuerySet(models.QuerySet):
    def visible_to(self, user) -> "DipSampleItemQuerySet":
        return visible(self, user, "sampling.view_dipsample", area="sample__area")

    def practice_issues_visible_to(self, user) -> "DipSampleItemQuerySet":
        """Practice issues sent to the user, or raised in their reach, for supervisors who may deal with them."""
        found = reach(user, "sampling.acknowledge_practice_issue")
        if found is None:
            return self.none()
        return (self.filter(issue_for=user) | found.filter(self, area="sample__area")).filter(result="practice_issue")


@track_changes(event_table="risk_dipsampleitemevent")
class DipSampleItem(models.Model):
    """One assessment drawn into a sample, and the PVP supervisor's result once reviewed."""

    class Result(models.TextChoices):
        AGREE = "agree", "Agree with the grade"
        REGRADE = "regrade", "Regrade"
        PRACTICE_ISSUE = "practice_issue", "Practice issue for the officer's supervisor"

    sample = models.ForeignKey(DipSample, on_delete=models.PROTECT, related_name="items")
    # One to one: an assessment drawn once can never be drawn again, in any period.
    assessment = models.OneToOneField("risk.Assessment", on_delete=models.PROTECT, related_name="dip_sample_item")
    result = models.CharField(max_length=20, choices=Result.choices, blank=True)
    note = models.TextField(blank=True, help_text="The reason for a regrade, or the practice issue.")
    review = models.OneToOneField(
        "risk.Review", on_delete=models.PROTECT, null=True, blank=True, related_name="dip_sample_item"
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    # A practice issue goes to the officer's supervisor at the time, who records that it was dealt with.
    issue_for = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="practice_issues"
    )
    issue_addressed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    issue_addressed_at = models.DateTimeField(null=True, blank=True)
    issue_response = models.TextField(blank=True)

    objects = DipSampleItemQuerySet.as_manager()

    class Meta:
        db_table = "risk_dipsampleitem"
        ordering = ["sample", "assessment_id"]
        permissions = [("acknowledge_practice_issue", "Can record that a dip-sample practice issue was dealt with")]
        indexes = [
            models.Index(fields=["sample"], condition=Q(reviewed_at__isnull=True), name="dip_item_unreviewed"),
            models.Index(
                fields=["issue_for"],
                condition=Q(result="practice_issue", issue_addressed_at__isnull=True),
                name="dip_item_open_issue",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(result="", reviewed_at__isnull=True, reviewed_by__isnull=True)
                | (~Q(result="") & Q(reviewed_at__isnull=False, reviewed_by__isnull=False)),
                name="dip_item_result_has_reviewer",
            ),
            models.CheckConstraint(
                condition=~Q(result__in=["regrade", "practice_issue"]) | ~Q(note=""), name="dip_item_result_has_note"
            ),
            models.CheckConstraint(
                condition=Q(issue_addressed_at__isnull=True) | Q(result="practice_issue"),
                name="dip_item_only_issues_addressed",
            ),
        ]

    def __str__(self) -> str:
        return f"Dip sample item: DASH {self.assessment_id}"

    def get_absolute_url(self) -> str:
        return reverse("sampling:item", args=[self.pk])

    @property
    def is_reviewed(self) -> bool:
        return self.reviewed_at is not None
