"""The force's own totals, which dacase cannot count: it holds only the domestic-abuse records."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Now

from audit.tracking import track_changes

# The crime categories of the force page, as (key, the ForceTotals field holding the force's count of them).
CATEGORY_FIELDS = {
    "assault_with_intent": "assault_with_intent_crimes",
    "assault_with_injury": "assault_with_injury_crimes",
    "harassment": "harassment_crimes",
    "sexual_offence": "sexual_offence_crimes",
}
# Every count a month's totals hold, in the order of the CSV columns.
COUNT_FIELDS = ("calls_for_assistance", "recorded_crimes", *CATEGORY_FIELDS.values())


@track_changes()
class ForceTotals(models.Model):
    """One month's calls for assistance and recorded crimes of the force, or of one of its areas."""

    force = models.ForeignKey("accounts.Force", on_delete=models.PROTECT, related_name="+")
    area = models.ForeignKey(
        "accounts.Area",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="Empty: the whole force.",
    )
    month = models.DateField(help_text="The first day of the month the totals are for.")
    calls_for_assistance = models.PositiveIntegerField(help_text="Every call for assistance, domestic abuse or not.")
    recorded_crimes = models.PositiveIntegerField(help_text="Every crime recorded, domestic abuse or not.")
    assault_with_intent_crimes = models.PositiveIntegerField(
        "Assaults with intent to cause serious harm", help_text="Recorded crimes of the category."
    )
    assault_with_injury_crimes = models.PositiveIntegerField(
        "Assaults with injury", help_text="Recorded crimes of the category."
    )
    harassment_crimes = models.PositiveIntegerField("Harassment", help_text="Recorded crimes of the category.")
    sexual_offence_crimes = models.PositiveIntegerField("Sexual offences", help_text="Recorded crimes of the category.")
    source = models.CharField(max_length=200, help_text="Where the figures come from (a system, a return, a file).")
    entered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    entered_at = models.DateTimeField(db_default=Now())

    class Meta:
        verbose_name = "force totals"
        verbose_name_plural = "force totals"
        ordering = ["-month", "area__name"]
        permissions = [
            ("view_force_page", "Can see the force page figures"),
            ("view_problem_profile", "Can see the problem profile (people by pseudonym)"),
            ("reidentify_person", "Can re-identify a person of a report, giving a reason"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["force", "month"],
                condition=Q(area__isnull=True),
                name="force_totals_one_per_force_month",
                violation_error_message="The whole force's totals for this month are entered already.",
            ),
            models.UniqueConstraint(
                fields=["area", "month"],
                condition=Q(area__isnull=False),
                name="force_totals_one_per_area_month",
                violation_error_message="This area's totals for this month are entered already.",
            ),
            models.CheckConstraint(
                condition=Q(month__day=1), name="force_totals_month_first_day", violation_error_message="A month."
            ),
            models.CheckConstraint(
                # The four categories are distinct Home Office classes: together never more than every crime.
                condition=Q(
                    recorded_crimes__gte=F("assault_with_intent_crimes")
                    + F("assault_with_injury_crimes")
                    + F("harassment_crimes")
                    + F("sexual_offence_crimes")
                ),
                name="force_totals_categories_within_crimes",
                violation_error_message="The four categories add up to more than all recorded crimes.",
            ),
            models.CheckConstraint(
                condition=~Q(source=""), name="force_totals_source_given", violation_error_message="Give the source."
            ),
        ]

    def __str__(self) -> str:
        return f"{self.area or 'Whole force'}, {self.month:%B %Y}"
