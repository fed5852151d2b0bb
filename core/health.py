"""/healthz: database, Redis and Celery worker, for people and load balancers.

Written here rather than with django-health-check: that library names each
check by its repr (which shows hosts and ports to anyone) and answers 500 for
an unhealthy service, where a load balancer expects 503.
"""

import time
from collections.abc import Callable

from celery import current_app as celery_app  # the project's app (dacase/celery.py), without importing it
from django.conf import settings
from django.db import connection
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from redis import Redis


class Unavailable(Exception):
    """A dependency answered, but not as it should; the message is safe to show."""


def _database() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return "ok"


def _redis() -> str:
    client = Redis.from_url(settings.REDIS_URL, socket_connect_timeout=2, socket_timeout=2)
    try:
        client.ping()
    finally:
        client.close()
    return "ok"


def _celery() -> str:
    replies = celery_app.control.ping(timeout=1.0)
    if not replies:
        raise Unavailable("no worker answered")
    return f"{len(replies)} worker(s)"


CHECKS: dict[str, Callable[[], str]] = {"database": _database, "redis": _redis, "celery": _celery}


@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    """Each dependency's state; 200 when all answer, 503 when any does not."""
    results = {}
    for name, check in CHECKS.items():
        started = time.monotonic()
        try:
            results[name] = {"ok": True, "detail": check()}
        except Exception as exc:  # noqa: BLE001 - any failure of a dependency is "down"
            # Connection errors name hosts and ports: show only their kind.
            detail = str(exc) if isinstance(exc, Unavailable) else type(exc).__name__
            results[name] = {"ok": False, "detail": detail}
        results[name]["ms"] = round((time.monotonic() - started) * 1000, 1)
    healthy = all(r["ok"] for r in results.values())
    return JsonResponse(
        {"status": "ok" if healthy else "unavailable", "checks": results}, status=200 if healthy else 503
    )
