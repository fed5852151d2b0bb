"""What every feature shares: in-app notifications, the e-mail outbox and the runs of periodic jobs."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Now
from django.utils import timezone


class NotificationQuerySet(models.QuerySet):
    def for_user(self, user) -> "NotificationQuerySet":
        """A user sees their own notifications and nobody else's."""
        if not user.is_authenticated:
            return self.none()
        return self.filter(user=user)

    def unread(self) -> "NotificationQuerySet":
        return self.filter(read_at__isnull=True)


class Notification(models.Model):
    """A message to one user (a reminder, an escalation), shown in the app and usually e-mailed.

    ``dedupe_key`` makes a notification happen once: a job that sends "the same
    item, kind and day" again finds the key taken and sends nothing. Messages
    name records by reference, never a victim's name: e-mail leaves the force's
    systems. Not change-tracked: a notification is itself the record of what was
    sent, the reminder job writes many a day, and its only change is being read.
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    kind = models.CharField(max_length=40, help_text='What the notification is about, e.g. "plan_review_overdue".')
    message = models.CharField(max_length=300)
    url = models.CharField(max_length=300, blank=True, help_text="The page to open, as a path.")
    created_at = models.DateTimeField(db_default=Now(), editable=False)
    read_at = models.DateTimeField(null=True, blank=True)
    dedupe_key = models.CharField(max_length=200, unique=True, null=True, blank=True, editable=False)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["user", "-created_at"], name="notification_user_created"),
            models.Index(fields=["user"], condition=Q(read_at__isnull=True), name="notification_unread"),
        ]

    def __str__(self) -> str:
        return self.message

    @property
    def is_read(self) -> bool:
        return self.read_at is not None


class OutboxMessage(models.Model):
    """An e-mail that must not be lost, written in the same transaction as the record it tells of.

    ``notification_send`` writes it beside the notification; ``core.outbox.outbox_drain`` (a task) sends it
    and marks ``sent_at``. A rollback takes the e-mail with it; a crash before the send leaves it pending, to
    go on the next drain. One row per notification and recipient (a constraint), so one e-mail each.
    """

    notification = models.ForeignKey(Notification, on_delete=models.CASCADE, related_name="emails")
    recipient = models.EmailField()
    kind = models.CharField(max_length=40)
    subject = models.CharField(max_length=200)
    body = models.TextField()
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    next_attempt_at = models.DateTimeField(
        null=True, blank=True, default=timezone.now, help_text="Empty once sent, or once given up."
    )
    attempts = models.PositiveSmallIntegerField(default=0)
    sent_at = models.DateTimeField(null=True, blank=True)
    last_error = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["next_attempt_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["notification", "recipient"],
                name="outbox_once_per_recipient",
                violation_error_message="This e-mail is already in the outbox for that recipient.",
            )
        ]
        indexes = [
            models.Index(fields=["next_attempt_at", "id"], condition=Q(sent_at__isnull=True), name="outbox_pending")
        ]

    def __str__(self) -> str:
        return f"{self.kind} to {self.recipient}"


class JobRun(models.Model):
    """One period of a periodic job (core.jobs): owed until it is finished, done once.

    ``cursor`` is where the next chunk starts (committed with each chunk), so a run whose worker was
    killed goes on from there; ``detail`` adds up what the chunks did.
    """

    class Outcome(models.TextChoices):
        RUNNING = "running", "Running"
        DONE = "done", "Done"
        FAILED = "failed", "Failed"

    job = models.CharField(max_length=60)
    period = models.CharField(max_length=60, help_text='Which period this run is for, e.g. "2026-03-02".')
    started_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)
    outcome = models.CharField(max_length=10, choices=Outcome.choices, default=Outcome.RUNNING)
    chunks = models.PositiveIntegerField(default=0)
    cursor = models.JSONField(default=dict, blank=True)
    detail = models.JSONField(default=dict, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0, help_text="Chunks that failed (not counting outages).")
    last_error = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["-started_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["job", "period"],
                name="jobrun_once_per_period",
                violation_error_message="This job already has a run for that period.",
            )
        ]

    def __str__(self) -> str:
        return f"{self.job} {self.period}: {self.get_outcome_display()}"
