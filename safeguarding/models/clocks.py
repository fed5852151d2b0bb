"""One row per clock item and kind of notice sent (reminder, escalation): the job sends each once."""

from django.db import models


class ClockNotice(models.Model):
    class Kind(models.TextChoices):
        REMINDER = "reminder", "Reminder before the deadline"
        ESCALATION = "escalation", "Escalation after the deadline"

    source = models.CharField(max_length=60)
    item = models.CharField(max_length=120, help_text="The item's key within its source (e.g. a notice's id).")
    deadline = models.DateTimeField(help_text="The deadline the notice was sent for (a moved deadline is new).")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    sent_at = models.DateTimeField(auto_now_add=True)
    recipients = models.PositiveIntegerField(default=0)

    class Meta:
        permissions = [("view_clocks", "Can see the safeguarding clocks within reach")]
        constraints = [
            models.UniqueConstraint(
                fields=["source", "item", "deadline", "kind"],
                name="safeguarding_clocknotice_once",
                violation_error_message="This notice has already been sent for this deadline.",
            )
        ]
        indexes = [models.Index(fields=["source", "item"], name="safeguarding_clock_item")]

    def __str__(self) -> str:
        return f"{self.source} {self.item} {self.kind}"
