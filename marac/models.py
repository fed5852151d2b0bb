"""MARAC: referrals with their criteria, meetings, actions and IDVA services."""

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models import Q
from django.db.models.functions import Now

from audit.tracking import track_changes


class Criterion(models.TextChoices):
    """The four MARAC referral criteria (PRODUCT.md)."""

    VISIBLE_HIGH_RISK = "visible_high_risk", "Visible high risk (14 or more 'yes' answers)"
    PROFESSIONAL_JUDGEMENT = "professional_judgement", "Professional judgement"
    POTENTIAL_ESCALATION = "potential_escalation", "Potential escalation (police-recorded incidents in 12 months)"
    REPEAT = "repeat", "Repeat (a new incident within 12 months of the last MARAC referral)"


@track_changes()
class MaracMeeting(models.Model):
    """A MARAC meeting of one area."""

    area = models.ForeignKey("accounts.Area", on_delete=models.PROTECT, related_name="marac_meetings")
    starts_at = models.DateTimeField()
    chair = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True)
    coordinator = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True)
    agencies = models.ManyToManyField("accounts.Agency", related_name="marac_meetings", blank=True)
    capacity = models.PositiveSmallIntegerField(default=20, help_text="Cases the meeting can hear.")

    class Meta:
        ordering = ["starts_at"]
        constraints = [models.UniqueConstraint(fields=["area", "starts_at"], name="one_meeting_per_area_and_time")]

    def __str__(self) -> str:
        return f"MARAC {self.area} {self.starts_at:%d/%m/%Y}"


@track_changes()
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
    meeting = models.ForeignKey(MaracMeeting, on_delete=models.PROTECT, null=True, blank=True, related_name="referrals")

    class Meta:
        ordering = ["-referred_at"]
        constraints = [
            models.CheckConstraint(condition=~Q(criteria=[]), name="referral_has_a_criterion"),
            models.CheckConstraint(
                condition=~Q(criteria__contains=["professional_judgement"]) | ~Q(judgement_rationale=""),
                name="judgement_referral_has_rationale",
            ),
        ]

    def __str__(self) -> str:
        return f"MARAC referral of {self.victim}"

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
    caseload = models.PositiveIntegerField(default=0, help_text="Open cases today.")

    class Meta:
        ordering = ["area", "agency"]
        constraints = [
            models.UniqueConstraint(fields=["area", "agency"], name="one_idva_service_per_agency_and_area"),
            models.CheckConstraint(condition=Q(staff_fte__gt=0), name="idva_service_has_staff"),
        ]

    def __str__(self) -> str:
        return f"{self.agency} ({self.area})"
