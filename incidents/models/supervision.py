"""Call audits: supervisors score a sample of calls against the force's written standard."""

from django.conf import settings
from django.db import models
from django.db.models.functions import Now

from audit.tracking import track_changes

from .incident import Incident

# The written standard: each criterion scored 0 (not met), 1 (partly) or 2 (met).
CALL_STANDARD: dict[str, str] = {
    "greeting_and_location": "Established the caller's location and safety first",
    "risk_questions": "Asked the risk questions: injuries, weapons, children, suspect whereabouts",
    "checklist_complete": "Completed the checklist; every 'not known' has a reason",
    "history_checked": "Checked the person index and history while on the call",
    "grading": "Graded the response correctly for the risk identified",
    "safety_advice": "Gave safety advice and kept the caller on the line where needed",
    "recording": "Recorded the call accurately and in the caller's words",
    "empathy": "Was respectful, calm and believed the caller",
}
MAX_SCORE = 2 * len(CALL_STANDARD)


@track_changes()
class CallAudit(models.Model):
    """A supervisor's audit of one call, drawn at random for the handler's month."""

    incident = models.OneToOneField(Incident, on_delete=models.PROTECT, related_name="call_audit")
    handler = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="calls_audited")
    auditor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    month = models.DateField(help_text="First day of the month the call was received.")
    drawn_at = models.DateTimeField(db_default=Now())
    scores = models.JSONField(default=dict, blank=True)
    total = models.PositiveSmallIntegerField(null=True, blank=True)
    comments = models.TextField(blank=True)
    scored_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-month", "handler"]
        indexes = [models.Index(fields=["month", "handler"], name="callaudit_month_handler")]

    def __str__(self) -> str:
        return f"Audit of {self.incident}"

    @property
    def percentage(self) -> int | None:
        return None if self.total is None else round(100 * self.total / MAX_SCORE)
