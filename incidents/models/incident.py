"""An incident as the control room logs it: the call, the parties and the checklist."""

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.db.models.functions import Now
from django.urls import reverse

from accounts.reach import visible
from audit.consultation import personal_data
from audit.tracking import track_changes
from core.constraints import FieldCheckConstraint


class Answer(models.TextChoices):
    """A checklist answer; "not known" needs a reason."""

    YES = "yes", "Yes"
    NO = "no", "No"
    NOT_KNOWN = "not_known", "Not known"


class IncidentQuerySet(models.QuerySet):
    def visible_to(self, user) -> "IncidentQuerySet":
        """Control-room staff see the whole force; other police staff their areas; partners none."""
        return visible(self, user, "incidents.view_incident")

    def domestic_abuse(self) -> "IncidentQuerySet":
        return self.filter(is_domestic_abuse=True)


@track_changes()
class Incident(models.Model):
    """One call for service about domestic abuse, from receipt to closure."""

    class Channel(models.TextChoices):
        EMERGENCY = "999", "999"
        NON_EMERGENCY = "101", "101"
        IN_PERSON = "in_person", "In person"
        PARTNER = "partner", "Partner agency"
        ONLINE = "online", "Online"

    class Relationship(models.TextChoices):
        CURRENT_PARTNER = "current_partner", "Current partner"
        FORMER_PARTNER = "former_partner", "Former partner"
        FAMILY = "family", "Family member"

    class FamilyRelation(models.TextChoices):
        PARENT = "parent", "Parent abusing their child (16 or over)"
        CHILD = "child", "Child (16 or over) abusing their parent"
        SIBLING = "sibling", "Sibling"
        GRANDPARENT = "grandparent", "Grandparent or grandchild"
        IN_LAW = "in_law", "In-law"
        OTHER = "other", "Other family member"

    class AbuseType(models.TextChoices):
        PHYSICAL = "physical", "Physical"
        SEXUAL = "sexual", "Sexual"
        PSYCHOLOGICAL = "psychological", "Psychological"
        EMOTIONAL = "emotional", "Emotional"
        FINANCIAL = "financial", "Financial or economic"
        COERCIVE_CONTROL = "coercive_control", "Controlling or coercive behaviour"
        STALKING = "stalking", "Stalking or harassment"
        HONOUR_BASED = "honour_based", "So-called honour-based abuse"
        FORCED_MARRIAGE = "forced_marriage", "Forced marriage"
        FGM = "fgm", "Female genital mutilation"

    class Grade(models.TextChoices):
        IMMEDIATE = "immediate", "Immediate"
        PRIORITY = "priority", "Priority (within one hour)"
        APPOINTMENT = "appointment", "Appointment"

    class Status(models.TextChoices):
        OPEN = "open", "Open"
        AWAITING_SIGN_OFF = "awaiting_sign_off", "Awaiting supervisor sign-off"
        CLOSED = "closed", "Closed"

    class CrimeDecision(models.TextChoices):
        PENDING = "pending", "Not yet decided"
        CRIME = "crime", "Crime"
        NO_CRIME = "no_crime", "No crime"

    reference = models.CharField(max_length=20, unique=True, editable=False)
    area = models.ForeignKey("accounts.Area", on_delete=models.PROTECT, related_name="incidents")
    channel = models.CharField(max_length=10, choices=Channel.choices)
    received_at = models.DateTimeField()
    is_domestic_abuse = models.BooleanField(default=True)
    location = models.CharField("Incident location", max_length=200)
    location_postcode = models.CharField(max_length=10, blank=True)
    children_location = models.CharField(max_length=200, blank=True)
    relationship = models.CharField(max_length=20, choices=Relationship.choices)
    family_relation = models.CharField(max_length=15, choices=FamilyRelation.choices, blank=True)
    abuse_types = ArrayField(models.CharField(max_length=20, choices=AbuseType.choices), default=list)
    summary = models.TextField(help_text="What the caller reports, in their words where possible.")
    response_grade = models.CharField(max_length=12, choices=Grade.choices, blank=True)
    appointment_reason = models.CharField(max_length=300, blank=True)
    crime_decision = models.CharField(max_length=10, choices=CrimeDecision.choices, default=CrimeDecision.PENDING)
    positive_action_rationale = models.TextField(
        blank=True, help_text="Why there was no arrest, where a suspect was identified."
    )
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.OPEN)
    submitted_for_sign_off_at = models.DateTimeField(null=True, blank=True)
    signed_off_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    signed_off_at = models.DateTimeField(null=True, blank=True)
    sign_off_note = models.TextField(blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(db_default=Now(), editable=False)
    # A client-made key that makes a double-submitted form create one incident.
    submission_key = models.UUIDField(unique=True, null=True, blank=True, editable=False)
    # Set on a record imported from the force's old system (imports/): where from, and its id there.
    import_source = models.ForeignKey(
        "imports.Source", on_delete=models.PROTECT, null=True, blank=True, editable=False, related_name="+"
    )
    source_id = models.CharField(
        max_length=64, blank=True, editable=False, db_default=""
    )  # "": native; COPY loaders omit it

    objects = IncidentQuerySet.as_manager()

    class Meta:
        ordering = ["-received_at"]
        permissions = [
            ("sign_off_incident", "Can sign off an incident for closure"),
            ("audit_call", "Can audit and score calls"),
            ("record_intelligence_check", "Can record an intelligence check"),
            ("record_outcome", "Can record crimes, arrests and outcomes"),
            ("add_evidence", "Can add evidence to an incident"),
        ]
        indexes = [
            models.Index(fields=["area", "-received_at"], name="incident_area_received"),
            models.Index(fields=["status", "area"], name="incident_status_area"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["import_source", "source_id"],
                condition=Q(import_source__isnull=False),
                name="incident_source_id_unique",
            ),
            models.CheckConstraint(
                condition=Q(import_source__isnull=True, source_id="")
                | (Q(import_source__isnull=False) & ~Q(source_id="")),
                name="incident_source_id_with_source",
            ),
            FieldCheckConstraint(
                condition=~Q(response_grade="appointment") | ~Q(appointment_reason=""),
                name="appointment_has_reason",
                field="appointment_reason",
                violation_error_message="Say why an appointment is right for this call.",
            ),
            FieldCheckConstraint(
                condition=~Q(relationship="family") | ~Q(family_relation=""),
                name="family_relationship_says_which",
                field="family_relation",
                violation_error_message="Say which family relationship.",
            ),
            models.CheckConstraint(
                condition=~Q(status="closed") | Q(signed_off_by__isnull=False, signed_off_at__isnull=False),
                name="closed_incident_is_signed_off",
            ),
        ]

    def __str__(self) -> str:
        return self.reference

    def get_absolute_url(self) -> str:
        return reverse("incidents:detail", args=[self.pk])

    def clean(self) -> None:
        # The row rules (an appointment's reason, which family relationship) are the constraints above.
        if self.relationship != self.Relationship.FAMILY:
            self.family_relation = ""
        if not self.abuse_types and self.is_domestic_abuse:
            raise ValidationError({"abuse_types": "Choose at least one type of abuse."})

    def audit_person_ids(self) -> list[int]:
        return [p.person_id for p in self.parties.all()]

    @property
    def abuse_type_labels(self) -> list[str]:
        labels = dict(self.AbuseType.choices)
        return [labels.get(t, t) for t in self.abuse_types]

    @property
    def victims(self) -> list["Party"]:
        return [p for p in self.parties.all() if p.role == Party.Role.VICTIM]

    @property
    def suspects(self) -> list["Party"]:
        return [p for p in self.parties.all() if p.role == Party.Role.SUSPECT]


@track_changes()
@personal_data("person")
class Party(models.Model):
    """A person involved in an incident, and where they are."""

    class Role(models.TextChoices):
        VICTIM = "victim", "Victim"
        SUSPECT = "suspect", "Suspect"
        CHILD = "child", "Child"
        WITNESS = "witness", "Witness"
        OTHER = "other", "Other"

    incident = models.ForeignKey(Incident, on_delete=models.CASCADE, related_name="parties")
    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="parties")
    role = models.CharField(max_length=10, choices=Role.choices)
    is_caller = models.BooleanField(default=False)
    location_known = models.CharField(max_length=10, choices=Answer.choices)
    location = models.CharField(max_length=200, blank=True)
    location_reason = models.CharField(max_length=200, blank=True, help_text="Why the location is not known.")

    class Meta:
        ordering = ["incident", "role", "id"]
        verbose_name_plural = "parties"
        indexes = [models.Index(fields=["person", "role"], name="party_person_role")]
        constraints = [
            FieldCheckConstraint(
                condition=~Q(location_known="yes") | ~Q(location=""),
                name="party_location_given",
                field="location",
                violation_error_message="Say where this person is.",
            ),
            FieldCheckConstraint(
                condition=~Q(location_known="not_known") | ~Q(location_reason=""),
                name="party_location_reason",
                field="location_reason",
                violation_error_message="Say why their location is not known.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_role_display()}: {self.person}"


# (answer field, reason field): a "not known" answer needs its reason.
NOT_KNOWN_REASONS = [
    ("injuries", "injuries_reason"),
    ("medical_help", "medical_help_reason"),
    ("weapons", "weapons_reason"),
    ("children_present", "children_present_reason"),
    ("children_safe", "children_safe_reason"),
    ("victim_safe_now", "victim_safe_reason"),
]


@track_changes()
class Checklist(models.Model):
    """The call-handling checklist (inspection finding 2): every question answered, "not known" with a reason."""

    class Severity(models.TextChoices):
        MINOR = "minor", "Minor (bruising, scratches)"
        MODERATE = "moderate", "Moderate (cuts, needs treatment)"
        SERIOUS = "serious", "Serious (fractures, head injury, loss of consciousness)"
        LIFE_THREATENING = "life_threatening", "Life-threatening"

    incident = models.OneToOneField(Incident, on_delete=models.CASCADE, related_name="checklist")
    injuries = models.CharField(max_length=10, choices=Answer.choices)
    injury_severity = models.CharField(max_length=20, choices=Severity.choices, blank=True)
    injuries_reason = models.CharField(max_length=200, blank=True)
    medical_help = models.CharField("Medical help needed", max_length=10, choices=Answer.choices)
    medical_help_reason = models.CharField(max_length=200, blank=True)
    weapons = models.CharField("Weapons involved or available", max_length=10, choices=Answer.choices)
    weapons_detail = models.CharField(max_length=200, blank=True)
    weapons_reason = models.CharField(max_length=200, blank=True)
    children_present = models.CharField(max_length=10, choices=Answer.choices)
    children_present_reason = models.CharField(max_length=200, blank=True)
    children_safe = models.CharField(max_length=10, choices=Answer.choices, blank=True)
    children_safe_reason = models.CharField(max_length=200, blank=True)
    victim_safe_now = models.CharField("Victim safe now", max_length=10, choices=Answer.choices)
    victim_safe_reason = models.CharField(max_length=200, blank=True)

    NOT_KNOWN_REASONS = NOT_KNOWN_REASONS

    class Meta:
        constraints = [
            *[
                FieldCheckConstraint(
                    condition=~Q(**{answer: "not_known"}) | ~Q(**{reason: ""}),
                    name=f"checklist_{answer}_reason",
                    field=reason,
                    violation_error_message='A "not known" answer needs a reason.',
                )
                for answer, reason in NOT_KNOWN_REASONS
            ],
            FieldCheckConstraint(
                condition=~Q(injuries="yes") | ~Q(injury_severity=""),
                name="checklist_injury_severity",
                field="injury_severity",
                violation_error_message="Say how serious the injuries are.",
            ),
            FieldCheckConstraint(
                condition=~Q(children_present="yes") | ~Q(children_safe=""),
                name="checklist_children_safe",
                field="children_safe",
                violation_error_message="Say whether the children are safe.",
            ),
        ]

    def __str__(self) -> str:
        return f"Checklist for {self.incident}"

    def clean(self) -> None:
        # Each answer's rule (a reason for "not known", the severity of injuries...) is a constraint above.
        if self.injuries != Answer.YES:
            self.injury_severity = ""

    @property
    def is_serious(self) -> bool:
        return (
            self.injury_severity in (self.Severity.SERIOUS, self.Severity.LIFE_THREATENING)
            or self.weapons == Answer.YES
        )
