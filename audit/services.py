"""Recording consultations of personal data."""

from collections.abc import Iterable

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django_guid import get_guid

from .models import AccessLog


def access_record(
    *,
    user,
    obj: models.Model | None = None,
    persons: Iterable[int] = (),
    action: str = AccessLog.Action.VIEW,
    reason: str = "",
    request=None,
) -> AccessLog:
    """Log that ``user`` consulted ``obj`` (and so the listed persons' data)."""
    log = AccessLog(
        user=user,
        username=user.get_username(),
        action=action,
        reason=reason.strip(),
        person_ids=sorted({int(p) for p in persons}),
        request_id=get_guid() or "",
    )
    if obj is not None:
        log.content_type = ContentType.objects.get_for_model(obj)
        log.object_id = str(obj.pk)
        log.object_repr = str(obj)[:200]
    if request is not None:
        log.path = request.get_full_path()[:500]
        log.ip_address = request.META.get("REMOTE_ADDR") or None
    log.save()
    return log
