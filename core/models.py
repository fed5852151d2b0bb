"""What every feature shares: in-app notifications."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Now


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
