"""Recording consultations of personal data."""

from collections.abc import Iterable

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.http import HttpRequest
from django_guid import get_guid

from accounts.models import User

from .consultation import consultation_logged, current
from .models import AccessLog


def access_record(
    *,
    user: User,
    obj: models.Model | None = None,
    persons: Iterable[int] = (),
    action: str = AccessLog.Action.VIEW,
    reason: str = "",
    request: HttpRequest | None = None,
) -> AccessLog:
    """Log that ``user`` consulted ``obj`` (and so the listed persons' data).

    Plain reads during a request are logged by ``ConsultationMiddleware``; call this
    for a read that says more (a search, a reveal with its reason, a download) or
    one the middleware cannot see (names read with ``values()``). Within a request,
    the people named here are not logged a second time by the middleware.
    """
    person_ids = sorted({int(p) for p in persons})
    log = AccessLog(
        user=user,
        username=user.get_username(),
        action=action,
        reason=reason.strip(),
        person_ids=person_ids,
        request_id=get_guid() or "",
    )
    if obj is not None:
        log.content_type = ContentType.objects.get_for_model(obj)
        log.object_id = str(obj.pk)
        log.object_repr = str(obj)[:200]
    consultation = current()
    if request is not None:
        log.path = request.get_full_path()[:500]
        log.ip_address = request.META.get("REMOTE_ADDR") or None
    elif consultation is not None:
        log.path, log.ip_address = consultation.path, consultation.ip_address
    log.save()
    consultation_logged(person_ids)
    return log
