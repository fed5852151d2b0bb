"""Consultations of personal records. Changes are kept by pghistory's event tables."""

import pgtrigger
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.db import models
from django.db.models.functions import Now

from .consultation import personal_data


@personal_data("person_ids")
class AccessLog(models.Model):
    """One read of personal data: who, when, which record, whose data and why."""

    class Action(models.TextChoices):
        VIEW = "view", "Viewed"
        SEARCH = "search", "Searched"
        DOWNLOAD = "download", "Downloaded"
        EXPORT = "export", "Exported"
        REVEAL = "reveal", "Revealed restricted detail"

    at = models.DateTimeField(db_default=Now(), editable=False, db_index=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="access_logs")
    username = models.CharField(max_length=150, help_text="As it was when the record was opened.")
    action = models.CharField(max_length=10, choices=Action.choices, default=Action.VIEW)
    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, null=True, blank=True)
    object_id = models.CharField(max_length=64, blank=True)
    object_repr = models.CharField(max_length=200, blank=True)
    person_ids = ArrayField(
        models.BigIntegerField(), default=list, blank=True, help_text="The people whose data the record holds."
    )
    reason = models.TextField(blank=True)
    path = models.CharField(max_length=500, blank=True)
    request_id = models.CharField(max_length=64, blank=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [
            models.Index(fields=["user", "-at"], name="accesslog_user_at"),
            models.Index(fields=["content_type", "object_id"], name="accesslog_object"),
            GinIndex(fields=["person_ids"], name="accesslog_person_ids"),
        ]
        triggers = [
            pgtrigger.Protect(name="append_only", operation=pgtrigger.Update | pgtrigger.Delete),
        ]

    def __str__(self) -> str:
        return f"{self.username} {self.get_action_display().lower()} {self.object_repr} at {self.at:%Y-%m-%d %H:%M}"
