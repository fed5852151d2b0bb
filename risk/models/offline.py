"""What the officer's phone sends when it was offline: each tapped answer as an event, accepted once."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Now

from audit.tracking import track_changes


@track_changes()
class AnswerEvent(models.Model):
    """One answer as tapped on a device, with the device's clock beside the server's.

    The idempotency key is the device's: sent twice (a lost reply, a replayed queue), it is one event.
    """

    class Outcome(models.TextChoices):
        APPLIED = "applied", "Became the answer"
        SUPERSEDED = "superseded", "A later answer was already saved"

    assessment = models.ForeignKey("risk.Assessment", on_delete=models.CASCADE, related_name="answer_events")
    question = models.ForeignKey("risk.Question", on_delete=models.PROTECT, related_name="+")
    officer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    idempotency_key = models.UUIDField()
    device = models.CharField(max_length=64, help_text="The device's own id (random, made by the device).")
    value = models.CharField(max_length=10)
    comment = models.TextField(blank=True)
    source = models.CharField(max_length=150, blank=True)
    client_time = models.DateTimeField(help_text="When the answer was tapped, by the device's clock.")
    received_at = models.DateTimeField(db_default=Now(), editable=False)
    outcome = models.CharField(max_length=12, choices=Outcome.choices)
    # The other device whose answer this one replaced or lost to (the officer is told).
    conflict_device = models.CharField(max_length=64, blank=True)

    class Meta:
        ordering = ["received_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["idempotency_key"],
                name="answer_event_once",
                violation_error_message="This answer event has already been received.",
            ),
            models.CheckConstraint(
                condition=Q(value__in=["yes", "no", "not_known"]),
                name="answer_event_value",
                violation_error_message="Answer yes, no or not known.",
            ),
        ]
        indexes = [models.Index(fields=["assessment", "question"], name="answer_event_question")]

    def __str__(self) -> str:
        return f"{self.question}: {self.value} at {self.client_time:%H:%M:%S} ({self.device})"
