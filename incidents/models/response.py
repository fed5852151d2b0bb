"""The control room's response: intelligence checks, dispatch and supervisor attendance."""

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.functions import Now

from audit.tracking import track_changes

from .incident import Incident


@track_changes()
class IntelligenceCheck(models.Model):
    """Who checked which systems for the incident, when, and what they found (inspection finding 1)."""

    class System(models.TextChoices):
        PNC = "pnc", "Police National Computer"
        PND = "pnd", "Police National Database"
        LOCAL = "local", "Local intelligence"
        DA_HISTORY = "da_history", "Previous domestic-abuse incidents"
        CHILD_PROTECTION = "child_protection", "Child protection records"
        FIREARMS = "firearms", "Firearms licensing"
        ORDERS = "orders", "Court orders and bail conditions"
        VISOR = "visor", "ViSOR"

    class Responsibility(models.TextChoices):
        CALL_HANDLER = "call_handler", "Call handler"
        CONTROLLER = "controller", "Controller / dispatcher"
        INTELLIGENCE_UNIT = "intelligence_unit", "Intelligence unit"

    incident = models.ForeignKey(Incident, on_delete=models.CASCADE, related_name="intelligence_checks")
    systems = ArrayField(models.CharField(max_length=20, choices=System.choices))
    findings = models.TextField()
    responsible = models.CharField(
        "Whose job it was", max_length=20, choices=Responsibility.choices, default=Responsibility.CALL_HANDLER
    )
    done_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    done_at = models.DateTimeField(db_default=Now())

    class Meta:
        ordering = ["-done_at"]

    def __str__(self) -> str:
        return f"Intelligence check on {self.incident} by {self.done_by}"

    @property
    def system_labels(self) -> list[str]:
        labels = dict(self.System.choices)
        return [labels.get(s, s) for s in self.systems]


@track_changes()
class Deployment(models.Model):
    """An officer or unit sent to the incident, and when they arrived."""

    incident = models.ForeignKey(Incident, on_delete=models.CASCADE, related_name="deployments")
    call_sign = models.CharField(max_length=30)
    officer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="deployments"
    )
    dispatched_at = models.DateTimeField()
    arrived_at = models.DateTimeField(null=True, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["dispatched_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(arrived_at__isnull=True) | models.Q(arrived_at__gte=models.F("dispatched_at")),
                name="deployment_arrives_after_dispatch",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.call_sign} to {self.incident}"

    def clean(self) -> None:
        errors = {}
        received = self.incident.received_at if self.incident_id else None
        if received and self.dispatched_at and self.dispatched_at < received:
            errors["dispatched_at"] = "Dispatch cannot be before the call was received."
        if self.arrived_at and received and self.arrived_at < received:
            errors["arrived_at"] = "Arrival cannot be before the call was received."
        elif self.arrived_at and self.dispatched_at and self.arrived_at < self.dispatched_at:
            errors["arrived_at"] = "Arrival cannot be before dispatch."
        if errors:
            raise ValidationError(errors)


@track_changes()
class SupervisorAttendance(models.Model):
    """A supervisor's attendance, required at serious or repeat incidents."""

    incident = models.OneToOneField(Incident, on_delete=models.CASCADE, related_name="supervisor_attendance")
    supervisor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    attended_at = models.DateTimeField()
    note = models.TextField(blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    def __str__(self) -> str:
        return f"{self.supervisor} attended {self.incident}"
