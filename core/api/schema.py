"""The schema's error responses: every operation documents the API's one error shape (core.api.errors)."""

ERROR_SCHEMA = {
    "type": "object",
    "properties": {
        "status": {"type": "integer", "description": "The HTTP status, repeated."},
        "detail": {"type": "string"},
        "errors": {
            "type": "object",
            "description": "For invalid input: the messages of each field (non_field_errors for the rest).",
        },
    },
    "required": ["status", "detail"],
}
_ERRORS = {
    "400": "Invalid parameters or fields: the messages are in errors.",
    "401": "No or bad credentials.",
    "403": "The caller's role does not allow this.",
    "404": "No such record within the caller's reach.",
}
_WRITE_ERRORS = {"409": "The record changed since the caller read it (send its version as read)."}


def add_error_responses(result, generator, request, public):
    """drf-spectacular postprocessing hook: add the error responses each operation can give."""
    result.setdefault("components", {}).setdefault("schemas", {})["Error"] = ERROR_SCHEMA
    body = {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}
    for operations in result.get("paths", {}).values():
        for method, operation in operations.items():
            if not isinstance(operation, dict) or "responses" not in operation:
                continue
            errors = _ERRORS | (_WRITE_ERRORS if method in ("post", "put", "patch", "delete") else {})
            for code, description in errors.items():
                operation["responses"].setdefault(code, {"description": description, "content": body})
    return result
