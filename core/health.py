"""/healthz: database, Redis and Celery worker, for people and load balancers, answered within a second.

Written here rather than with django-health-check: that library names each
check by its repr (which shows hosts and ports to anyone) and answers 500 for
an unhealthy service, where a load balancer expects 503.

The checks run at once, each in a thread of its own, and the answer waits for
them ``DEADLINE`` seconds at most: a check still waiting then (a server that
accepts the connection and never answers) is reported as timed out, and its
thread ends on its own short timeout. The database is asked on a connection of
the check's own, closed afterwards; the Celery workers are pinged only once
Redis, their broker, has answered.
"""

import threading
import time
from collections.abc import Callable

from celery import current_app as celery_app  # the project's app (dacase/celery.py), without importing it
from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from redis import Redis

DEADLINE = 0.95  # seconds the answer waits for the checks
REDIS_TIMEOUT = 0.3
CELERY_PING_TIMEOUT = 0.5


class Unavailable(Exception):
    """A dependency answered, but not as it should; the message is safe to show."""


def _database() -> str:
    conn = connections.create_connection(DEFAULT_DB_ALIAS)
    try:
        with conn.cursor() as cursor:
            cursor.execute("SET statement_timeout = 500")
            cursor.execute("SELECT 1")
    finally:
        conn.close()
    return "ok"


def _redis() -> str:
    client = Redis.from_url(settings.REDIS_URL, socket_connect_timeout=REDIS_TIMEOUT, socket_timeout=REDIS_TIMEOUT)
    try:
        client.ping()
    finally:
        client.close()
    return "ok"


def _celery() -> str:
    # The first reply is enough: waiting for every worker's would take the whole timeout each time.
    replies = celery_app.control.ping(timeout=CELERY_PING_TIMEOUT, limit=1)
    if not replies:
        raise Unavailable("no worker answered")
    return "a worker answered"


CHECKS: dict[str, Callable[[], str]] = {"database": _database, "redis": _redis, "celery": _celery}
# Run side by side; within one, each check only once the one before it answered (with Redis down, a
# ping of the workers through it would only wait).
CHAINS = (("database",), ("redis", "celery"))


def _run(name: str, results: dict) -> None:
    started = time.monotonic()
    try:
        result = {"ok": True, "detail": CHECKS[name]()}
    except Exception as exc:  # noqa: BLE001 - any failure of a dependency is "down"
        # Connection errors name hosts and ports: show only their kind.
        result = {"ok": False, "detail": str(exc) if isinstance(exc, Unavailable) else type(exc).__name__}
    results[name] = {**result, "ms": round((time.monotonic() - started) * 1000, 1)}


def _chain(names: tuple[str, ...], results: dict) -> None:
    """Run ``names`` one after the other, stopping at the first that fails."""
    for name in names:
        _run(name, results)
        if not results[name]["ok"]:
            for rest in names[names.index(name) + 1 :]:
                results[rest] = {"ok": False, "detail": f"not checked: {name} is down", "ms": 0.0}
            return


@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    """Each dependency's state; 200 when all answer, 503 when any does not."""
    started, results = time.monotonic(), {}
    threads = [threading.Thread(target=_chain, args=(chain, results), daemon=True) for chain in CHAINS]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(max(0.0, DEADLINE - (time.monotonic() - started)))
    waited = round((time.monotonic() - started) * 1000, 1)
    checks = {name: results.get(name) or {"ok": False, "detail": "timed out", "ms": waited} for name in CHECKS}
    healthy = all(c["ok"] for c in checks.values())
    return JsonResponse(
        {"status": "ok" if healthy else "unavailable", "checks": checks}, status=200 if healthy else 503
    )
