"""One error format for the whole API.

Every error is ``{"status": N, "detail": "...", "errors": {field: [messages]}}``;
``errors`` is present for validation failures, with ``non_field_errors`` for
errors that belong to no single field. The database or Redis being unreachable is
a 503 with Retry-After (``core.outages``), not a 500.
"""

from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import exceptions
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.views import exception_handler as drf_exception_handler
from rest_framework.views import set_rollback

from core.outages import OUTAGES, outage_body


class Conflict(exceptions.APIException):
    status_code = 409
    default_detail = "The record was changed since you read it."
    default_code = "conflict"


def exception_handler(exc, context):
    if isinstance(exc, OUTAGES):
        set_rollback()
        body, headers = outage_body()
        return Response(body, status=503, headers=headers)
    if isinstance(exc, DjangoValidationError) and getattr(exc, "code", None) == "stale":
        # A service refused a write made from an old version of the record (optimistic locking): 409.
        exc = Conflict(exc.messages[0])
    elif isinstance(exc, DjangoValidationError):
        # Model and service validation errors become field errors, not 500s.
        exc = exceptions.ValidationError(
            exc.message_dict if hasattr(exc, "error_dict") else {api_settings.NON_FIELD_ERRORS_KEY: exc.messages}
        )
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, exceptions.ValidationError):
        errors = (
            response.data if isinstance(response.data, dict) else {api_settings.NON_FIELD_ERRORS_KEY: response.data}
        )
        body = {"status": response.status_code, "detail": "The request has invalid fields.", "errors": errors}
    else:
        detail = response.data.get("detail", "") if isinstance(response.data, dict) else str(response.data)
        body = {"status": response.status_code, "detail": str(detail)}
    return Response(body, status=response.status_code, headers=_headers(response))


def _headers(response: Response) -> dict:
    return {k: v for k, v in response.items() if k in ("WWW-Authenticate", "Retry-After", "Allow")}
