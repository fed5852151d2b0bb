"""The database or Redis out of reach: a 503 that says to try again, never a 500.

The API's exception handler (core.api.errors) answers in the API's error shape; ``core.views.server_error``
does the same for an outage met before any view (in a middleware: the session, the access log), with a
plain page for the pages. Both carry Retry-After.
"""

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, JsonResponse
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

OUTAGES = (OperationalError, InterfaceError, RedisConnectionError, RedisTimeoutError)
RETRY_AFTER = 30
DETAIL = "dacase is briefly unavailable (a service it needs is not answering). Try again in a minute."


def outage_body() -> tuple[dict, dict]:
    return {"status": 503, "detail": DETAIL}, {"Retry-After": str(RETRY_AFTER)}


def outage_response(*, api: bool) -> HttpResponse:
    body, headers = outage_body()
    if api:
        return JsonResponse(body, status=503, headers=headers)
    # No template engine and no context processors: they might need the database that is down.
    page = (
        '<!DOCTYPE html><html lang="en-GB"><head><meta charset="utf-8"><title>Briefly unavailable · dacase'
        " · OFFICIAL-SENSITIVE</title></head><body><p>OFFICIAL-SENSITIVE</p><h1>Briefly unavailable"
        f"</h1><p>{DETAIL}</p></body></html>"
    )
    return HttpResponse(page, status=503, headers=headers)
