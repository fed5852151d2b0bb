"""Forces, areas (local policing areas), partner agencies and users."""

from django.contrib.auth.models import AbstractUser, UserManager
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower

from audit.tracking import track_changes

from .roles import PARTNER_ROLES, Role

# National floor (PRODUCT.md, domain rules): a force may sample more, never less. The field's validators
# give the error beside the field; the database constraint refuses any other way in.
DIP_SAMPLE_PERCENT_FLOOR = 10
# %% is a percent sign: validators and constraints both %-format their message.
DIP_SAMPLE_PERCENT_MESSAGE = (
    f"The dip sample must be at least {DIP_SAMPLE_PERCENT_FLOOR}%% (the national floor) and at most 100%%."
)
AT_LEAST_ONE_MESSAGE = "Must be at least 1."


def _at_least_one() -> list:
    return [MinValueValidator(1, message=AT_LEAST_ONE_MESSAGE)]


@track_changes()
class Force(models.Model):
    """A territorial police force."""

    name = models.CharField(max_length=100, unique=True)
    code = models.SlugField(max_length=20, unique=True)
    # Rules a force may set for itself (PRODUCT.md, domain rules).
    repeat_victim_window_months = models.PositiveSmallIntegerField(
        default=12,
        help_text="A second domestic-abuse incident within this many calendar months makes a repeat victim.",
    )
    sergeant_review_hours = models.PositiveSmallIntegerField(
        default=8, help_text="A DASH not reviewed by a sergeant within this many hours (a shift) is overdue."
    )

    class DipSamplePeriod(models.TextChoices):
        WEEKLY = "weekly", "Weekly"
        FORTNIGHTLY = "fortnightly", "Fortnightly"
        MONTHLY = "monthly", "Monthly"

    dip_sample_period = models.CharField(max_length=12, choices=DipSamplePeriod.choices, default="weekly")
    dip_sample_percent = models.PositiveSmallIntegerField(
        default=DIP_SAMPLE_PERCENT_FLOOR,
        validators=[
            MinValueValidator(DIP_SAMPLE_PERCENT_FLOOR, message=DIP_SAMPLE_PERCENT_MESSAGE),
            MaxValueValidator(100, message=DIP_SAMPLE_PERCENT_MESSAGE),
        ],
        help_text=f"At least this share (%) of each area's standard-risk assessments is sampled: "
        f"{DIP_SAMPLE_PERCENT_FLOOR} (the national floor) to 100.",
    )
    plan_review_days_high = models.PositiveSmallIntegerField(default=7, validators=_at_least_one())
    plan_review_days_medium = models.PositiveSmallIntegerField(default=28, validators=_at_least_one())
    marac_escalation_incidents = models.PositiveSmallIntegerField(
        default=3,
        validators=_at_least_one(),
        help_text="This many police-recorded domestic-abuse incidents in 12 months meet MARAC criterion 3.",
    )
    plan_escalation_days = models.PositiveSmallIntegerField(
        default=2, help_text="Overdue reviews and tasks go to the owner's supervisor after this many days."
    )
    plan_review_on_new_dash = models.BooleanField(
        default=False,
        help_text="Every new DASH added to an open plan makes its review due now, not only one graded higher.",
    )

    class Meta:
        ordering = ["name"]
        # The one force-wide permission (accounts/reach.py): a role holding it sees every area of its own force.
        permissions = [("view_force_wide", "Can see every area of own force")]
        constraints = [
            models.CheckConstraint(
                condition=Q(dip_sample_percent__gte=DIP_SAMPLE_PERCENT_FLOOR, dip_sample_percent__lte=100),
                name="force_dip_sample_national_floor",
                violation_error_message=DIP_SAMPLE_PERCENT_MESSAGE,
            ),
            *(
                models.CheckConstraint(
                    condition=Q(**{f"{field}__gte": 1}),
                    name=f"force_{field}_at_least_one",
                    violation_error_message=f"{field.replace('_', ' ').capitalize()}: {AT_LEAST_ONE_MESSAGE}",
                )
                for field in ("plan_review_days_high", "plan_review_days_medium", "marac_escalation_incidents")
            ),
        ]

    def __str__(self) -> str:
        return self.name


@track_changes()
class Area(models.Model):
    """A local policing area (LPA): the unit of access for police users."""

    force = models.ForeignKey(Force, on_delete=models.PROTECT, related_name="areas")
    name = models.CharField(max_length=100)
    code = models.SlugField(max_length=20)
    adult_female_population = models.PositiveIntegerField(
        null=True, blank=True, help_text="Women aged 16 or over, for MARAC capacity figures."
    )

    class Meta:
        ordering = ["force__name", "name"]
        constraints = [
            models.UniqueConstraint(fields=["force", "code"], name="area_code_unique_in_force"),
            models.UniqueConstraint(fields=["force", "name"], name="area_name_unique_in_force"),
        ]

    def __str__(self) -> str:
        return self.name


@track_changes()
class Agency(models.Model):
    """An organisation whose staff use dacase: the force itself or a partner."""

    class Kind(models.TextChoices):
        POLICE = "police", "Police"
        IDVA = "idva", "IDVA service"
        CHILDRENS_SERVICES = "childrens_services", "Children's services"
        HEALTH = "health", "Health"
        PROBATION = "probation", "Probation"
        HOUSING = "housing", "Housing"
        EDUCATION = "education", "Education"
        ADULT_SOCIAL_CARE = "adult_social_care", "Adult social care"
        OTHER = "other", "Other"

    name = models.CharField(max_length=150, unique=True)
    kind = models.CharField(max_length=30, choices=Kind.choices)
    areas = models.ManyToManyField(Area, related_name="agencies", blank=True, help_text="Areas the agency serves.")
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "agencies"

    def __str__(self) -> str:
        return self.name

    @property
    def is_police(self) -> bool:
        return self.kind == self.Kind.POLICE


class DacaseUserManager(UserManager):
    def get_by_natural_key(self, username: str):
        # Usernames are matched without regard to case, as people type them.
        return self.get(username__iexact=username)


# Labels of the events accounts.services records for a user besides changes to the row.
API_TOKEN_ISSUED = "api_token.issued"  # noqa: S105 (an event label, not a secret)
ACCESS_REVOKED = "access.revoked"


class Rank(models.IntegerChoices):
    """A police officer's rank, in order: the law names the rank that may authorise a protection notice
    (safeguarding/data/protection_rules.json), and a higher rank may always do what a lower one may."""

    NONE = 0, "No rank (police staff or partner)"
    CONSTABLE = 1, "Constable"
    SERGEANT = 2, "Sergeant"
    INSPECTOR = 3, "Inspector"
    CHIEF_INSPECTOR = 4, "Chief inspector"
    SUPERINTENDENT = 5, "Superintendent"
    CHIEF_SUPERINTENDENT = 6, "Chief superintendent"
    ASSISTANT_CHIEF_CONSTABLE = 7, "Assistant chief constable"
    DEPUTY_CHIEF_CONSTABLE = 8, "Deputy chief constable"
    CHIEF_CONSTABLE = 9, "Chief constable"

    @classmethod
    def named(cls, name: str) -> "Rank":
        """The rank a rules file names ("superintendent")."""
        return cls[name.upper()]


@track_changes(exclude=["password", "last_login"], events=(API_TOKEN_ISSUED, ACCESS_REVOKED))
class User(AbstractUser):
    """A person who signs in: police staff or a partner agency's worker."""

    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="users", null=True, blank=True)
    areas = models.ManyToManyField(Area, related_name="users", blank=True)
    collar_number = models.CharField(max_length=20, blank=True)
    rank = models.PositiveSmallIntegerField(
        choices=Rank.choices,
        default=Rank.NONE,
        db_default=Rank.NONE,
        help_text="The officer's substantive or acting rank.",
    )
    supervisor = models.ForeignKey("self", on_delete=models.SET_NULL, null=True, blank=True, related_name="supervisees")

    objects = DacaseUserManager()

    # Read once per user object by accounts/reach.py (never stored).
    _reach_areas: list[tuple[int, int]]
    _reach_force_areas: frozenset[int]

    class Meta(AbstractUser.Meta):
        swappable = "AUTH_USER_MODEL"
        constraints = [models.UniqueConstraint(Lower("username"), name="user_username_ci_unique")]

    def __str__(self) -> str:
        return self.get_full_name() or self.username

    @property
    def roles(self) -> frozenset[Role]:
        """The user's roles, read once per request from the groups."""
        if not hasattr(self, "_roles_cache"):
            names = {g.name for g in self.groups.all()} if self.pk else set()
            self._roles_cache = frozenset(r for r in Role if r.value in names)
        return self._roles_cache

    def has_role(self, *roles: Role) -> bool:
        return bool(self.roles & set(roles))

    @property
    def is_partner(self) -> bool:
        """True for IDVA and partner-agency users, who see only what was shared with their agency."""
        # Any partner role, or belonging to a partner agency, restricts: a police role added to an IDVA's
        # account (say, analyst for the capacity page) must not open police records to them.
        return bool(self.roles & PARTNER_ROLES) or (self.agency_id is not None and not self.agency.is_police)
