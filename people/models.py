"""The person index: people, their names, addresses, contact details and markers."""

from datetime import date

from django.conf import settings
from django.contrib.postgres.indexes import OpClass
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Now
from django.urls import reverse

from accounts.reach import reach
from audit.consultation import personal_data
from audit.tracking import track_changes

from .validators import validate_address_date, validate_date_of_birth


class PersonQuerySet(models.QuerySet):
    def visible_to(self, user) -> "PersonQuerySet":
        """Police staff with access to the index see every person of their force; partner agencies none here."""
        found = reach(user, "people.view_person")
        return self.none() if found is None else found.of_force(self)

    def active(self) -> "PersonQuerySet":
        """People not merged into another record."""
        return self.filter(merged_into__isnull=True)

    def within_reach_of(self, user) -> "PersonQuerySet":
        """People the user works with: a party to an incident within their reach, or a record they created.

        The index itself is force-wide (visible_to); this narrower reach guards what is more than the index
        shows, such as a confidential address.
        """
        from incidents.models import Incident

        if not user.is_authenticated:
            return self.none()
        in_incidents = self.filter(parties__incident__in=Incident.objects.visible_to(user)).values("pk")
        return self.visible_to(user).filter(models.Q(pk__in=in_incidents) | models.Q(created_by=user))


# The force never changes after the record is made (a person of another force is a new record there).
@track_changes(exclude=["match_data", "force"])
@personal_data("id")
class Person(models.Model):
    """One real person, whatever their role in incidents (victim, suspect, child, witness).

    The index is each force's own: a person belongs to the force whose staff recorded them.
    """

    force = models.ForeignKey("accounts.Force", on_delete=models.PROTECT, related_name="people")

    class Gender(models.TextChoices):
        FEMALE = "female", "Female"
        MALE = "male", "Male"
        OTHER = "other", "Other"
        UNKNOWN = "unknown", "Not known"

    given_name = models.CharField(max_length=100, blank=True)
    middle_names = models.CharField(max_length=100, blank=True)
    surname = models.CharField(max_length=100)
    date_of_birth = models.DateField(null=True, blank=True, validators=[validate_date_of_birth])
    estimated_age = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="When the date of birth is not known."
    )
    age_estimated_on = models.DateField(null=True, blank=True)
    gender = models.CharField(max_length=10, choices=Gender.choices, default=Gender.UNKNOWN)
    language = models.CharField(max_length=50, blank=True, help_text="Preferred language, if not English.")
    interpreter_needed = models.BooleanField(default=False)
    merged_into = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="merged_records"
    )
    created_at = models.DateTimeField(db_default=Now(), editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)
    # The person as the matcher sees it (names, aliases, dob, postcodes, phones),
    # kept by services.person_refresh_match so that a search scores candidates
    # from one row each.
    match_data = models.JSONField(default=dict, editable=False)
    # Set on a record imported from the force's old system (imports/): where from, and its id there.
    import_source = models.ForeignKey(
        "imports.Source", on_delete=models.PROTECT, null=True, blank=True, editable=False, related_name="+"
    )
    source_id = models.CharField(
        max_length=64, blank=True, editable=False, db_default=""
    )  # "": native; COPY loaders omit it

    objects = PersonQuerySet.as_manager()

    class Meta:
        ordering = ["surname", "given_name", "id"]
        verbose_name_plural = "people"
        permissions = [
            ("view_confidential_address", "Can reveal a confidential address, giving a reason"),
            ("merge_person", "Can merge duplicate people and undo merges"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(estimated_age__isnull=True) | models.Q(estimated_age__lte=120),
                name="person_estimated_age_at_most_120",
            ),
            models.UniqueConstraint(
                fields=["import_source", "source_id"],
                condition=Q(import_source__isnull=False),
                name="person_source_id_unique",
            ),
            models.CheckConstraint(
                condition=Q(import_source__isnull=True, source_id="")
                | (Q(import_source__isnull=False) & ~Q(source_id="")),
                name="person_source_id_with_source",
            ),
        ]

    def __str__(self) -> str:
        return self.full_name

    def get_absolute_url(self) -> str:
        return reverse("people:detail", args=[self.pk])

    @property
    def full_name(self) -> str:
        return " ".join(p for p in (self.given_name, self.middle_names, self.surname.upper()) if p)

    @property
    def age(self) -> int | None:
        today = date.today()
        if self.date_of_birth:
            dob = self.date_of_birth
            return today.year - dob.year - ((today.month, today.day) < (dob.month, dob.day))
        if self.estimated_age is not None and self.age_estimated_on:
            return self.estimated_age + (today - self.age_estimated_on).days // 365
        return None

    def audit_person_ids(self) -> list[int]:
        return [self.pk]


@track_changes()
@personal_data("person")
class PersonAlias(models.Model):
    """Another name the person is or was known by."""

    class Kind(models.TextChoices):
        ALIAS = "alias", "Alias"
        PREVIOUS = "previous", "Previous or maiden name"
        NICKNAME = "nickname", "Known as"
        MERGED = "merged", "Name on a merged record"

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="aliases")
    given_name = models.CharField(max_length=100, blank=True)
    surname = models.CharField(max_length=100, blank=True)
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.ALIAS)

    class Meta:
        ordering = ["surname", "given_name"]
        verbose_name_plural = "aliases"
        constraints = [
            models.CheckConstraint(condition=~models.Q(given_name="", surname=""), name="alias_has_a_name"),
        ]

    def __str__(self) -> str:
        return f"{self.given_name} {self.surname}".strip()


# The one rule on which addresses may be disclosed: never a confidential one (a refuge). Only these take part
# in search and live matching, or appear in lists, the API, history, PDFs, e-mails and exports.
_DISCLOSABLE = models.Q(confidential=False)


class AddressQuerySet(models.QuerySet):
    def current(self) -> "AddressQuerySet":
        return self.filter(valid_to__isnull=True)

    def listable(self) -> "AddressQuerySet":
        """Addresses that may be searched on, matched and shown in lists, exports and partner views."""
        return self.filter(_DISCLOSABLE)

    def protected(self) -> "AddressQuerySet":
        """Addresses that must not be disclosed: read only by the reveal page and the duplicate job."""
        return self.exclude(_DISCLOSABLE)


CONFIDENTIAL_REASON_MESSAGE = "Say why this address is confidential (a refuge, a safe house...)."


@track_changes()
@personal_data("person")
class Address(models.Model):
    """Where a person lives or lived; a refuge or other protected address is confidential."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="addresses")
    line_1 = models.CharField(max_length=150)
    line_2 = models.CharField(max_length=150, blank=True)
    town = models.CharField(max_length=80, blank=True)
    postcode = models.CharField(max_length=10, blank=True)
    valid_from = models.DateField(null=True, blank=True, validators=[validate_address_date])
    valid_to = models.DateField(
        null=True, blank=True, validators=[validate_address_date], help_text="Blank while the person still lives here."
    )
    confidential = models.BooleanField(default=False, help_text="A refuge or other address that must not be disclosed.")
    confidential_reason = models.CharField(max_length=200, blank=True)

    objects = AddressQuerySet.as_manager()

    class Meta:
        ordering = ["valid_to", "-valid_from"]
        verbose_name_plural = "addresses"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(valid_to__isnull=True)
                | models.Q(valid_from__isnull=True)
                | models.Q(valid_to__gte=models.F("valid_from")),
                name="address_ends_after_it_starts",
                violation_error_message="The address cannot end before it starts.",
            ),
            models.CheckConstraint(
                condition=models.Q(confidential=False) | ~models.Q(confidential_reason=""),
                name="confidential_address_has_reason",
                violation_error_message=CONFIDENTIAL_REASON_MESSAGE,
            ),
        ]

    def __str__(self) -> str:
        if self.confidential:
            return "Confidential address"
        return ", ".join(p for p in (self.line_1, self.line_2, self.town, self.postcode) if p)

    def clean(self) -> None:
        # The constraint above holds in the database; this puts its message beside the field (a field with
        # an error is left out of the constraint check, so the message is not given twice).
        from django.core.exceptions import ValidationError

        if self.confidential and not self.confidential_reason.strip():
            raise ValidationError({"confidential_reason": CONFIDENTIAL_REASON_MESSAGE})

    @property
    def is_current(self) -> bool:
        return self.valid_to is None


@track_changes()
@personal_data("person")
class Phone(models.Model):
    class Kind(models.TextChoices):
        MOBILE = "mobile", "Mobile"
        HOME = "home", "Home"
        WORK = "work", "Work"

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="phones")
    number = models.CharField(max_length=30)
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.MOBILE)
    safe_to_call = models.BooleanField(default=True, help_text="False when a call could alert the abuser.")

    def __str__(self) -> str:
        return self.number


@track_changes()
@personal_data("person")
class Email(models.Model):
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="emails")
    address = models.EmailField()
    safe_to_contact = models.BooleanField(default=True)

    def __str__(self) -> str:
        return self.address


@track_changes()
@personal_data("person")
class Marker(models.Model):
    """A warning, vulnerability or disability marker on a person."""

    class Kind(models.TextChoices):
        WARNING = "warning", "Warning"
        VULNERABILITY = "vulnerability", "Vulnerability"
        DISABILITY = "disability", "Disability"

    class Code(models.TextChoices):
        # Warnings (officer safety)
        VIOLENT = "violent", "Violent"
        WEAPONS = "weapons", "Weapons"
        FIREARMS = "firearms", "Firearms"
        DRUGS = "drugs", "Drugs"
        SELF_HARM = "self_harm", "Self-harm"
        SUICIDAL = "suicidal", "Suicidal"
        ESCAPE_RISK = "escape_risk", "Escape risk"
        CONTAGIOUS = "contagious", "Contagious"
        # Vulnerabilities
        MENTAL_HEALTH = "mental_health", "Mental health"
        LEARNING_DISABILITY = "learning_disability", "Learning disability"
        SUBSTANCE_MISUSE = "substance_misuse", "Substance misuse"
        PREGNANT = "pregnant", "Pregnant or recent baby"
        ELDERLY = "elderly", "Older person"
        IMMIGRATION = "immigration", "Insecure immigration status"
        # Disabilities
        PHYSICAL = "physical", "Physical or mobility"
        SENSORY = "sensory", "Sight or hearing"
        COGNITIVE = "cognitive", "Cognitive"
        OTHER = "other", "Other"

    KIND_CODES = {
        Kind.WARNING: {
            Code.VIOLENT,
            Code.WEAPONS,
            Code.FIREARMS,
            Code.DRUGS,
            Code.SELF_HARM,
            Code.SUICIDAL,
            Code.ESCAPE_RISK,
            Code.CONTAGIOUS,
            Code.OTHER,
        },
        Kind.VULNERABILITY: {
            Code.MENTAL_HEALTH,
            Code.LEARNING_DISABILITY,
            Code.SUBSTANCE_MISUSE,
            Code.PREGNANT,
            Code.ELDERLY,
            Code.IMMIGRATION,
            Code.SELF_HARM,
            Code.OTHER,
        },
        Kind.DISABILITY: {Code.PHYSICAL, Code.SENSORY, Code.COGNITIVE, Code.LEARNING_DISABILITY, Code.OTHER},
    }

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="markers")
    kind = models.CharField(max_length=15, choices=Kind.choices)
    code = models.CharField(max_length=25, choices=Code.choices)
    detail = models.CharField(max_length=300, blank=True)
    active = models.BooleanField(default=True)
    created_at = models.DateTimeField(db_default=Now(), editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["kind", "code"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.get_code_display()}"

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        if self.kind in self.KIND_CODES and self.code not in self.KIND_CODES[self.kind]:
            raise ValidationError(
                {"code": f"{self.get_code_display()} is not a {self.get_kind_display().lower()} marker."}
            )


class MatchKey(models.Model):
    """One identity-matching key of a person (see people.matching): the index behind the search.

    It carries the person's force, so that a search reads its own force's part of the index alone.
    """

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="match_keys")
    # The person's force, copied so the search's index leads with it (matchkey_lookup serves as its index too).
    force = models.ForeignKey("accounts.Force", on_delete=models.PROTECT, related_name="+", db_index=False)
    kind = models.CharField(max_length=8)
    value = models.CharField(max_length=64)

    class Meta:
        indexes = [
            # Covers both exact lookups and prefix lookups (LIKE 'smi%') within one force while the
            # call handler types, and reads person ids from the index alone.
            models.Index(
                F("force"),
                F("kind"),
                OpClass(F("value"), name="varchar_pattern_ops"),
                F("person"),
                name="matchkey_lookup",
            ),
        ]
        constraints = [models.UniqueConstraint(fields=["person", "kind", "value"], name="matchkey_unique")]

    def __str__(self) -> str:
        return f"{self.kind}={self.value}"


class DuplicateSuggestionQuerySet(models.QuerySet):
    def visible_to(self, user) -> "DuplicateSuggestionQuerySet":
        """Pairs of the user's force (both records of a pair are always of one force)."""
        found = reach(user, "people.view_duplicatesuggestion")
        return self.none() if found is None else found.of_force(self, "person_a__force")

    def open(self) -> "DuplicateSuggestionQuerySet":
        return self.filter(status=DuplicateSuggestion.Status.OPEN)


@personal_data("person_a", "person_b")
class DuplicateSuggestion(models.Model):
    """A pair of records the duplicate job believes may be one person, for a person to review."""

    class Status(models.TextChoices):
        OPEN = "open", "To review"
        MERGED = "merged", "Merged"
        NOT_DUPLICATE = "not_duplicate", "Not the same person"

    person_a = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    person_b = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    score = models.FloatField()
    reasons = models.JSONField(default=list)
    status = models.CharField(max_length=15, choices=Status.choices, default=Status.OPEN)
    created_at = models.DateTimeField(db_default=Now(), editable=False)
    reviewed_at = models.DateTimeField(null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    objects = DuplicateSuggestionQuerySet.as_manager()

    class Meta:
        ordering = ["-score", "id"]
        constraints = [
            # One suggestion per pair, stored with the lower id first.
            models.UniqueConstraint(fields=["person_a", "person_b"], name="duplicate_pair_unique"),
            models.CheckConstraint(
                condition=models.Q(person_a__lt=models.F("person_b")), name="duplicate_pair_ordered"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person_a_id} ~ {self.person_b_id} ({self.score:.2f})"


class PersonMergeQuerySet(models.QuerySet):
    def visible_to(self, user) -> "PersonMergeQuerySet":
        found = reach(user, "people.view_person")
        return self.none() if found is None else found.of_force(self, "survivor__force")


@track_changes()
@personal_data("survivor", "merged")
class PersonMerge(models.Model):
    """A merge of one record into another, with what moved, so that it can be undone."""

    survivor = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="merges_received")
    merged = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="merges_made")
    reason = models.CharField(max_length=300)
    moved = models.JSONField(default=dict, help_text="Ids of the rows moved to the survivor, by model.")
    merged_at = models.DateTimeField(db_default=Now(), editable=False)
    merged_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    undone_at = models.DateTimeField(null=True, blank=True)
    undone_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    objects = PersonMergeQuerySet.as_manager()

    class Meta:
        ordering = ["-merged_at"]

    def __str__(self) -> str:
        return f"{self.merged_id} merged into {self.survivor_id}"


class DuplicateScan(models.Model):
    """A run of the duplicate job: people changed before ``scanned_up_to`` have been compared."""

    scanned_up_to = models.DateTimeField()
    suggestions = models.PositiveIntegerField(default=0)
    finished_at = models.DateTimeField(db_default=Now())

    class Meta:
        ordering = ["-scanned_up_to"]

    def __str__(self) -> str:
        return f"Duplicate scan up to {self.scanned_up_to:%Y-%m-%d %H:%M}"
