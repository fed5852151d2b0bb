"""Risk questionnaires as versioned data: DASH 2009 and its supplements, a force's own wording, DARA."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.db.models.functions import Now

from audit.tracking import track_changes

# DASH 2009: this many "yes" answers to the scored questions is visible high risk (MARAC criterion 1), the
# national figure. A force's own version may mark high risk at fewer, never at more (PRODUCT.md, national floors).
VISIBLE_HIGH_RISK_YES = 14
HIGH_RISK_THRESHOLD_MESSAGE = (
    f"High risk must be marked at {VISIBLE_HIGH_RISK_YES} 'yes' answers (the national figure) or fewer, and at least 1."
)


@track_changes()
class Questionnaire(models.Model):
    """One version of a risk questionnaire; every assessment keeps the version it used."""

    code = models.SlugField(max_length=30, help_text='The family of questionnaire, e.g. "dash".')
    version = models.CharField(max_length=30, help_text='e.g. "2009-police" or "2009-police-wm-1".')
    name = models.CharField(max_length=150)
    description = models.TextField(blank=True)
    high_risk_threshold = models.PositiveSmallIntegerField(
        default=VISIBLE_HIGH_RISK_YES,
        validators=[
            MinValueValidator(1, message=HIGH_RISK_THRESHOLD_MESSAGE),
            MaxValueValidator(VISIBLE_HIGH_RISK_YES, message=HIGH_RISK_THRESHOLD_MESSAGE),
        ],
        help_text="This many 'yes' answers to scored questions suggest high risk (the national 14, or fewer).",
    )
    medium_risk_threshold = models.PositiveSmallIntegerField(
        default=10, help_text="This many 'yes' answers to scored questions suggest medium risk."
    )
    is_current = models.BooleanField(default=False, help_text="Used for new assessments.")
    source_sha256 = models.CharField(max_length=64, editable=False)
    loaded_at = models.DateTimeField(db_default=Now(), editable=False)
    loaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["code", "-loaded_at"]
        constraints = [
            models.UniqueConstraint(fields=["code", "version"], name="questionnaire_version_unique"),
            models.UniqueConstraint(
                fields=["code"], condition=Q(is_current=True), name="questionnaire_one_current_per_code"
            ),
            models.CheckConstraint(
                condition=Q(medium_risk_threshold__lt=models.F("high_risk_threshold")),
                name="questionnaire_thresholds_ordered",
            ),
            models.CheckConstraint(
                condition=Q(high_risk_threshold__gte=1, high_risk_threshold__lte=VISIBLE_HIGH_RISK_YES),
                name="questionnaire_high_risk_within_national",
                violation_error_message=HIGH_RISK_THRESHOLD_MESSAGE,
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.version})"


class Section(models.Model):
    """The main questions, or a supplement (stalking and harassment; so-called honour-based abuse)."""

    questionnaire = models.ForeignKey(Questionnaire, on_delete=models.CASCADE, related_name="sections")
    code = models.SlugField(max_length=30)
    title = models.CharField(max_length=150)
    introduction = models.TextField(blank=True)
    is_supplement = models.BooleanField(default=False)
    order = models.PositiveSmallIntegerField()

    class Meta:
        ordering = ["questionnaire", "order"]
        constraints = [
            models.UniqueConstraint(fields=["questionnaire", "code"], name="section_code_unique"),
            models.UniqueConstraint(fields=["questionnaire", "order"], name="section_order_unique"),
        ]

    def __str__(self) -> str:
        return self.title


class Question(models.Model):
    """One question, worded as a trained officer asks it."""

    section = models.ForeignKey(Section, on_delete=models.CASCADE, related_name="questions")
    number = models.PositiveSmallIntegerField(help_text="Its number within its section, as printed.")
    topic = models.CharField(max_length=100)
    wording = models.TextField()
    guidance = models.TextField(blank=True)
    counts_to_score = models.BooleanField(default=True, help_text="A 'yes' counts towards the risk score.")

    class Meta:
        ordering = ["section__order", "number"]
        constraints = [models.UniqueConstraint(fields=["section", "number"], name="question_number_unique")]

    # The published DASH wording leaves a gap for the abuser's name, which the officer reads out.
    ABUSER_PLACEHOLDER = "(name of abuser)"
    ABUSER_UNNAMED = "the abuser"

    def __str__(self) -> str:
        return f"{self.number}. {self.topic}"

    def wording_for(self, abuser: str = "") -> str:
        """The wording as read out, with the abuser's name (or "the abuser") in the placeholder's place."""
        return self.wording.replace(self.ABUSER_PLACEHOLDER, abuser or self.ABUSER_UNNAMED)
