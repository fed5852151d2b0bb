"""MARAC: referrals with their criteria, meetings, actions and IDVA services."""

from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Now
from django.urls import reverse
from django.utils import timezone

from accounts.reach import reach
from audit.consultation import personal_data
from audit.tracking import track_changes
from core.periods import force_timezone, local_date
from risk.models.questionnaire import VISIBLE_HIGH_RISK_YES


class Criterion(models.TextChoices):
    """The four MARAC referral criteria (PRODUCT.md)."""

    VISIBLE_HIGH_RISK = "visible_high_risk", f"Visible high risk ({VISIBLE_HIGH_RISK_YES} or more 'yes' answers)"
    PROFESSIONAL_JUDGEMENT = "professional_judgement", "Professional judgement"
    POTENTIAL_ESCALATION = "potential_escalation", "Potential escalation (police-recorded incidents in 12 months)"
    REPEAT = "repeat", "Repeat (a new incident within 12 months of the last MARAC referral)"


def marac_reach(user):
    """The user's reach in MARAC (accounts/reach.py): police by area (force-wide roles their force); IDVA and
    partner-agency users their agency, in the areas they work in.

    A partner sees only the cases at meetings their agency attends, nothing else (not even a case they
    referred, until it is on such a meeting: the other agencies' sharing on it is not theirs to read), and,
    for cases (not meetings), those allocated to their agency's IDVA service.
    """
    return reach(user, "marac.view_maracreferral", partners=True)


class MeetingQuerySet(models.QuerySet):
    def visible_to(self, user) -> "MeetingQuerySet":
        found = marac_reach(user)
        return self.none() if found is None else found.filter(self, agency="agencies").distinct()

    def coming(self) -> "MeetingQuerySet":
        return self.filter(starts_at__gt=timezone.now())


class ReferralQuerySet(models.QuerySet):
    def visible_to(self, user) -> "ReferralQuerySet":
        found = marac_reach(user)
        if found is None:
            return self.none()
        if found.agency_id is not None:
            # The IDVA service a case is allocated to works it, on a meeting their agency attends or not (yet).
            scope = found.q(agency="meeting__agencies") | found.q(agency="idva_service__agency")
            # A join through the meeting's agencies could repeat rows: filter by id instead.
            return self.filter(pk__in=MaracReferral.objects.filter(scope).values("pk"))
        return found.filter(self)

    def of_victim(self, *, pk, force_id, given_name, surname, date_of_birth) -> "ReferralQuerySet":
        """The referrals of this victim: their own, and those of a record of their force's index with the same name
        and date of birth (a partner's referral adds the victim to the index anew until the police merge the two).
        Values or OuterRef expressions; an unknown date of birth matches the victim's own record only."""
        same = Q(victim_id=pk)
        if date_of_birth is not None:
            same |= Q(
                victim__force_id=force_id,
                victim__date_of_birth=date_of_birth,
                victim__given_name__iexact=given_name,
                victim__surname__iexact=surname,
            )
        return self.filter(same)


class ReferralChildQuerySet(models.QuerySet):
    """Actions and information shared are visible exactly when their case is."""

    def visible_to(self, user) -> "ReferralChildQuerySet":
        return self.filter(referral__in=MaracReferral.objects.visible_to(user).values("pk"))


# A case's time on the agenda: SafeLives advises 12 to 15 minutes; a chair may allow a little either way.
MINUTES_PER_CASE_MIN, MINUTES_PER_CASE_MAX = 10, 30
# The one order of a meeting's cases: as the chair set it, then cases not yet placed, oldest referral first.
AGENDA_ORDER = (F("agenda_position").asc(nulls_last=True), "referred_at", "pk")

SAFE_CONTACT_MAX = 300

# "In 12 months" for MARAC, in calendar months (core.periods): the repeat criterion and flag, potential
# escalation, and the flag on a case 12 months after its last referral.
MARAC_MONTHS = 12

CRITERION_SHORT = {
    Criterion.VISIBLE_HIGH_RISK: "Visible high risk",
    Criterion.PROFESSIONAL_JUDGEMENT: "Professional judgement",
    Criterion.POTENTIAL_ESCALATION: "Potential escalation",
    Criterion.REPEAT: "Repeat",
}


@track_changes()
class MaracMeeting(models.Model):
    """A MARAC meeting of one area."""

    area = models.ForeignKey("accounts.Area", on_delete=models.PROTECT, related_name="marac_meetings")
    starts_at = models.DateTimeField()
    chair = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True)
    coordinator = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True)
    agencies = models.ManyToManyField("accounts.Agency", related_name="marac_meetings", blank=True)
    capacity = models.PositiveSmallIntegerField(default=20, help_text="Cases the meeting can hear.")
    location = models.CharField(max_length=200, blank=True, help_text="Where, or how to join.")
    minutes_per_case = models.PositiveSmallIntegerField(
        default=15, help_text="Time given to each case on the agenda (SafeLives: 12 to 15 minutes)."
    )
    # Raised by every change: a form saved from an older version is refused (no lost updates).
    version = models.PositiveIntegerField(default=1, editable=False)

    objects = MeetingQuerySet.as_manager()

    class Meta:
        ordering = ["starts_at"]
        permissions = [("download_agenda", "Can download a MARAC agenda")]
        constraints = [
            models.UniqueConstraint(fields=["area", "starts_at"], name="one_meeting_per_area_and_time"),
            models.CheckConstraint(condition=Q(capacity__gte=1), name="meeting_hears_a_case"),
            models.CheckConstraint(
                condition=Q(minutes_per_case__gte=MINUTES_PER_CASE_MIN, minutes_per_case__lte=MINUTES_PER_CASE_MAX),
                name="meeting_minutes_per_case_in_range",
                violation_error_message=(
                    f"Give each case between {MINUTES_PER_CASE_MIN} and {MINUTES_PER_CASE_MAX} minutes."
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"MARAC {self.area} {timezone.localtime(self.starts_at):%d/%m/%Y}"

    def get_absolute_url(self) -> str:
        return reverse("marac:meeting", args=[self.pk])

    @property
    def is_past(self) -> bool:
        return self.starts_at <= timezone.now()

    @property
    def day_has_come(self) -> bool:
        """The meeting's (local) date is today or past: its minutes, and what agencies shared at it, are written
        from then on, not before."""
        tz = force_timezone()
        return local_date(self.starts_at, tz) <= local_date(timezone.now(), tz)

    def slot(self, number: int) -> tuple[datetime, datetime]:
        """When the case at this place on the agenda (1, 2, ...) starts and ends."""
        start = self.starts_at + timedelta(minutes=self.minutes_per_case * (number - 1))
        return start, start + timedelta(minutes=self.minutes_per_case)


@track_changes()
@personal_data("victim")
class MaracReferral(models.Model):
    """A victim referred to MARAC, on the criteria the referrer confirmed."""

    victim = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="marac_referrals")
    perpetrators = models.ManyToManyField("people.Person", related_name="marac_referrals_as_perpetrator")
    area = models.ForeignKey("accounts.Area", on_delete=models.PROTECT, related_name="marac_referrals")
    assessment = models.ForeignKey(
        "risk.Assessment", on_delete=models.PROTECT, null=True, blank=True, related_name="marac_referrals"
    )
    referring_agency = models.ForeignKey("accounts.Agency", on_delete=models.PROTECT, related_name="+")
    referred_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    referred_at = models.DateTimeField(db_default=Now())
    criteria = ArrayField(models.CharField(max_length=30, choices=Criterion.choices))
    judgement_rationale = models.TextField(blank=True)
    information_sharing_basis = models.TextField()
    victim_aware = models.BooleanField()
    idva_offered = models.BooleanField(default=False)
    idva_outcome = models.CharField(max_length=200, blank=True)
    idva_service = models.ForeignKey(
        "IdvaService", on_delete=models.PROTECT, null=True, blank=True, related_name="referrals"
    )
    referrer_dash_yes = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="'Yes' answers on the referring agency's own DASH (partner referrals)."
    )
    meeting = models.ForeignKey(MaracMeeting, on_delete=models.PROTECT, null=True, blank=True, related_name="referrals")
    agenda_position = models.PositiveSmallIntegerField(
        null=True, blank=True, editable=False, help_text="Place on the meeting's agenda as the chair ordered it."
    )
    minutes = models.TextField(blank=True, help_text="What the meeting said of the case.")
    # How to reach the victim without alerting the abuser (the phones are the person's, marked safe to call).
    safe_contact_times = models.CharField(
        max_length=SAFE_CONTACT_MAX, blank=True, help_text="When it is safe to call, e.g. weekdays 10:00 to 14:00."
    )
    safe_contact_callers = models.CharField(
        max_length=SAFE_CONTACT_MAX,
        blank=True,
        help_text="Who may call and how, e.g. a female IDVA only; do not say it is the police.",
    )
    # Raised by each change of minutes, meeting or IDVA service: a form saved from an older version is refused.
    version = models.PositiveIntegerField(default=1, editable=False)

    objects = ReferralQuerySet.as_manager()

    class Meta:
        ordering = ["-referred_at"]
        permissions = [("view_idva_capacity", "Can see IDVA and MARAC capacity per area")]
        indexes = [models.Index(fields=["victim", "-referred_at"], name="marac_referral_victim_latest")]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "victim"], name="victim_once_per_meeting"),
            models.CheckConstraint(condition=~Q(criteria=[]), name="referral_has_a_criterion"),
            models.CheckConstraint(
                condition=~Q(criteria__contains=["professional_judgement"]) | ~Q(judgement_rationale=""),
                name="judgement_referral_has_rationale",
            ),
        ]

    def __str__(self) -> str:
        return self.reference

    def get_absolute_url(self) -> str:
        return reverse("marac:referral", args=[self.pk])

    @property
    def reference(self) -> str:
        return f"MARAC-{self.pk:06d}" if self.pk else "MARAC (new)"

    @property
    def is_repeat(self) -> bool:
        return Criterion.REPEAT in self.criteria

    @property
    def criteria_short(self) -> str:
        return "; ".join(CRITERION_SHORT.get(c, c) for c in self.criteria)

    def audit_person_ids(self) -> list[int]:
        return [self.victim_id, *(p.pk for p in self.perpetrators.all())]


@track_changes()
class MaracAction(models.Model):
    """An action agreed at a meeting for a case: an owner agency, a due date and a status."""

    class Status(models.TextChoices):
        OPEN = "open", "Open"
        DONE = "done", "Done"
        NOT_DONE = "not_done", "Not done"
        NOT_POSSIBLE = "not_possible", "Not possible"

    referral = models.ForeignKey(MaracReferral, on_delete=models.PROTECT, related_name="actions")
    meeting = models.ForeignKey(MaracMeeting, on_delete=models.PROTECT, related_name="actions")
    owner_agency = models.ForeignKey("accounts.Agency", on_delete=models.PROTECT, related_name="marac_actions")
    description = models.TextField()
    due = models.DateField()
    status = models.CharField(max_length=15, choices=Status.choices, default=Status.OPEN)
    status_reason = models.TextField(blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    objects = ReferralChildQuerySet.as_manager()

    class Meta:
        ordering = ["due", "id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="not_possible") | ~Q(status_reason=""), name="not_possible_action_has_reason"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.owner_agency}: {self.description[:60]}"


@track_changes()
class IdvaService(models.Model):
    """An IDVA service in an area: its staff (full-time equivalents) and caseload."""

    area = models.ForeignKey("accounts.Area", on_delete=models.PROTECT, related_name="idva_services")
    agency = models.ForeignKey("accounts.Agency", on_delete=models.PROTECT, related_name="idva_services")
    staff_fte = models.DecimalField(max_digits=5, decimal_places=2)
    # The service's own figures (every referral it takes, not only MARAC cases), as it gave them on a date.
    caseload = models.PositiveIntegerField(default=0, help_text="Open cases on the date of the figures.")
    referrals_last_year = models.PositiveIntegerField(
        null=True, blank=True, help_text="Referrals the service received in the 12 months to the date of the figures."
    )
    figures_on = models.DateField(
        null=True, blank=True, help_text="The date the service gave its caseload and referrals."
    )

    class Meta:
        ordering = ["area", "agency"]
        constraints = [
            models.UniqueConstraint(fields=["area", "agency"], name="one_idva_service_per_agency_and_area"),
            models.CheckConstraint(condition=Q(staff_fte__gt=0), name="idva_service_has_staff"),
        ]

    def __str__(self) -> str:
        return f"{self.agency} ({self.area})"

    def clean(self) -> None:
        # Figures of a day to come would be read as today's (the admin form shows this beside the field).
        if self.figures_on is not None and self.figures_on > timezone.localdate():
            raise ValidationError({"figures_on": "The figures cannot be of a date to come."})


@track_changes()
class InformationShare(models.Model):
    """What one agency shared about a case, before or at the meeting. Entries are added, never edited."""

    class Stage(models.TextChoices):
        BEFORE = "before", "Before the meeting"
        AT = "at", "At the meeting"

    referral = models.ForeignKey(MaracReferral, on_delete=models.PROTECT, related_name="shares")
    meeting = models.ForeignKey(MaracMeeting, on_delete=models.PROTECT, related_name="shares")
    agency = models.ForeignKey("accounts.Agency", on_delete=models.PROTECT, related_name="+")
    stage = models.CharField(max_length=10, choices=Stage.choices)
    text = models.TextField()
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(db_default=Now(), editable=False)

    objects = ReferralChildQuerySet.as_manager()

    class Meta:
        ordering = ["recorded_at", "id"]
        constraints = [models.CheckConstraint(condition=~Q(text=""), name="information_share_has_text")]

    def __str__(self) -> str:
        return f"{self.agency}: {self.get_stage_display().lower()}"


@track_changes()
@personal_data("victim")
class MaracRepeat(models.Model):
    """A new domestic-abuse incident between a referred victim and a perpetrator of their last referral within 12
    months of it (marac.services.repeats): a repeat, flagged when the incident is recorded, until the victim is
    referred again. One flag per incident and victim, whatever checks the incident again."""

    referral = models.ForeignKey(MaracReferral, on_delete=models.PROTECT, related_name="repeats")
    incident = models.ForeignKey("incidents.Incident", on_delete=models.PROTECT, related_name="marac_repeats")
    # The referral's victim, kept here so that the database holds an incident to one flag per victim (a named
    # relation: a merge of people moves it with the referral's).
    victim = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="marac_repeats")
    flagged_at = models.DateTimeField(db_default=Now(), editable=False)
    rereferral = models.ForeignKey(
        MaracReferral, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", help_text="The new one."
    )

    class Meta:
        ordering = ["-flagged_at"]
        constraints = [
            models.UniqueConstraint(fields=["incident", "victim"], name="one_repeat_flag_per_incident_and_victim")
        ]

    def __str__(self) -> str:
        return f"Repeat of {self.referral} ({self.incident})"
