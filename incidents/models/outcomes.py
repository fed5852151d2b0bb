"""What came of the incident: crimes and their outcomes, arrests, evidence."""

from django.conf import settings
from django.core.files.storage import storages
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Now

from audit.consultation import personal_data
from audit.tracking import track_changes
from core.constraints import FieldCheckConstraint

from .incident import Incident


@track_changes()
class Crime(models.Model):
    """A crime recorded from the incident, its allocation and its outcome."""

    class Offence(models.TextChoices):
        SERIOUS_ASSAULT = "serious_assault", "Assault with intent to cause serious harm"
        ASSAULT_WITH_INJURY = "assault_with_injury", "Assault with injury"
        HARASSMENT = "harassment", "Harassment"
        SEXUAL = "sexual", "Sexual offence"
        COERCIVE_CONTROL = "coercive_control", "Controlling or coercive behaviour"
        CRIMINAL_DAMAGE = "criminal_damage", "Criminal damage"
        BREACH_OF_ORDER = "breach_of_order", "Breach of an order"
        OTHER = "other", "Other"

    class Outcome(models.TextChoices):
        PENDING = "pending", "Under investigation"
        CHARGE = "charge", "Charged or summonsed"
        CAUTION = "caution", "Caution"
        OUT_OF_COURT = "out_of_court", "Other out-of-court disposal"
        NO_FURTHER_ACTION = "nfa", "No further action"

    class AllocationRule(models.TextChoices):
        HIGH_RISK = "high_risk", "High risk or serious harm: PVP / DA investigation team"
        SEXUAL_OFFENCE = "sexual_offence", "Sexual offence: specialist sexual-offences team"
        COERCIVE_CONTROL = "coercive_control", "Coercive control or stalking: DA investigation team"
        STANDARD = "standard", "Standard risk: local investigation team"
        ATTENDING_OFFICER = "attending_officer", "Simple and complete: attending officer"

    incident = models.ForeignKey(Incident, on_delete=models.CASCADE, related_name="crimes")
    crime_number = models.CharField(max_length=30, unique=True)
    offence = models.CharField(max_length=25, choices=Offence.choices)
    recorded_at = models.DateTimeField(db_default=Now())
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    investigator = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="crimes_allocated"
    )
    allocation_rule = models.CharField(max_length=20, choices=AllocationRule.choices, blank=True)
    allocated_at = models.DateTimeField(null=True, blank=True)
    outcome = models.CharField(max_length=15, choices=Outcome.choices, default=Outcome.PENDING)
    outcome_reason = models.TextField(blank=True)
    outcome_at = models.DateTimeField(null=True, blank=True)
    # Set on a record imported from the force's old system (imports/): where from, and its id there.
    import_source = models.ForeignKey(
        "imports.Source", on_delete=models.PROTECT, null=True, blank=True, editable=False, related_name="+"
    )
    source_id = models.CharField(
        max_length=64, blank=True, editable=False, db_default=""
    )  # "": native; COPY loaders omit it

    class Meta:
        ordering = ["recorded_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["import_source", "source_id"],
                condition=Q(import_source__isnull=False),
                name="crime_source_id_unique",
            ),
            models.CheckConstraint(
                condition=Q(import_source__isnull=True, source_id="")
                | (Q(import_source__isnull=False) & ~Q(source_id="")),
                name="crime_source_id_with_source",
            ),
            FieldCheckConstraint(
                condition=~Q(outcome="nfa") | ~Q(outcome_reason=""),
                name="nfa_outcome_has_reason",
                field="outcome_reason",
                violation_error_message="Say why there is no further action.",
            ),
            FieldCheckConstraint(
                condition=Q(investigator__isnull=True) | ~Q(allocation_rule=""),
                name="allocation_names_its_rule",
                field="allocation_rule",
                violation_error_message="Say which allocation rule was applied.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.crime_number} ({self.get_offence_display()})"


@track_changes()
@personal_data("person")
class Arrest(models.Model):
    incident = models.ForeignKey(Incident, on_delete=models.CASCADE, related_name="arrests")
    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="arrests")
    arrested_at = models.DateTimeField()
    arrested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    offence = models.CharField(max_length=200)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    # Set on a record imported from the force's old system (imports/): where from, and its id there.
    import_source = models.ForeignKey(
        "imports.Source", on_delete=models.PROTECT, null=True, blank=True, editable=False, related_name="+"
    )
    source_id = models.CharField(
        max_length=64, blank=True, editable=False, db_default=""
    )  # "": native; COPY loaders omit it

    class Meta:
        ordering = ["arrested_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["import_source", "source_id"],
                condition=Q(import_source__isnull=False),
                name="arrest_source_id_unique",
            ),
            models.CheckConstraint(
                condition=Q(import_source__isnull=True, source_id="")
                | (Q(import_source__isnull=False) & ~Q(source_id="")),
                name="arrest_source_id_with_source",
            ),
        ]

    def __str__(self) -> str:
        return f"Arrest of {self.person} for {self.offence}"


def evidence_storage():
    """Evidence files never sit under a public URL: they are read only through an access-checked view."""
    return storages["evidence"]


@track_changes()
class Evidence(models.Model):
    class Kind(models.TextChoices):
        BODY_WORN_VIDEO = "bwv", "Body-worn video"
        PHOTOGRAPH = "photo", "Photograph"
        STATEMENT = "statement", "Statement"

    incident = models.ForeignKey(Incident, on_delete=models.CASCADE, related_name="evidence")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    reference = models.CharField(max_length=100, blank=True, help_text="Body-worn video or statement reference.")
    image = models.ImageField(upload_to="%Y/%m/", storage=evidence_storage, blank=True)
    description = models.CharField(max_length=300, blank=True)
    captured_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    captured_at = models.DateTimeField(db_default=Now())
    # A photograph taken on the officer's phone (perhaps offline, uploaded later): the SHA-256 of the original
    # bytes, made at capture and checked on upload; when and on which device it was taken. The original is kept
    # as evidence; what is shown is a copy without its metadata (no location).
    sha256 = models.CharField("SHA-256 of the original", max_length=64, blank=True)
    device = models.CharField(max_length=64, blank=True)
    taken_at = models.DateTimeField(null=True, blank=True, help_text="By the device's clock.")
    display_image = models.ImageField(upload_to="display/%Y/%m/", storage=evidence_storage, blank=True)
    # Body-worn video: the clip lives in the force's video system; this is where to find it.
    camera = models.CharField(max_length=50, blank=True, help_text="The body-worn camera's number.")
    clip_start = models.DateTimeField(null=True, blank=True)
    clip_end = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["captured_at"]
        verbose_name_plural = "evidence"
        constraints = [
            models.UniqueConstraint(
                fields=["incident", "sha256"],
                condition=~Q(sha256=""),
                name="photograph_once",
                violation_error_message="This photograph has already been uploaded.",
            ),
            FieldCheckConstraint(
                condition=Q(clip_start__isnull=True) | Q(clip_end__isnull=True) | Q(clip_end__gte=F("clip_start")),
                name="clip_ends_after_start",
                field="clip_end",
                violation_error_message="The clip must end after it starts.",
            ),
            FieldCheckConstraint(
                condition=Q(kind="bwv") | (Q(clip_start__isnull=True) & Q(clip_end__isnull=True) & Q(camera="")),
                name="clip_only_for_video",
                field="camera",
                violation_error_message="A camera and clip times are for body-worn video only.",
            ),
            FieldCheckConstraint(
                condition=~Q(kind="photo") | ~Q(image=""),
                name="photograph_has_image",
                field="image",
                violation_error_message="Attach the photograph.",
            ),
            FieldCheckConstraint(
                condition=Q(kind="photo") | ~Q(reference=""),
                name="evidence_has_reference",
                field="reference",
                violation_error_message="Give the evidence reference.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.reference}".strip()
