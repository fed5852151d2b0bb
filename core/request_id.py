"""The request id a caller may send (X-Request-ID) is kept only when it is a well-formed UUID.

django-guid's own check (VALIDATE_GUID) goes through uuid.UUID, which also takes
"urn:uuid:" prefixes, braces, any number of hyphens, surrounding whitespace and
underscores, and then keeps the caller's text as it was: a forged id of hundreds
of hyphens, or one with a newline, would reach the logs and the access log. This
integration runs right after django-guid has chosen the id and replaces any id
that is not 32 hex digits or the 8-4-4-4-12 form with a new one.

Imported by settings, so django-guid's config (which reads the settings) is imported only when a request runs.
"""

import re
from typing import Any

from django_guid.api import set_guid
from django_guid.integrations import Integration

WELL_FORMED = re.compile(r"[0-9a-f]{32}|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", re.IGNORECASE)


def is_well_formed(request_id: str | None) -> bool:
    return request_id is not None and WELL_FORMED.fullmatch(request_id) is not None


class WellFormedRequestId(Integration):
    identifier = "WellFormedRequestId"

    def run(self, guid: str, **kwargs: Any) -> None:
        if not is_well_formed(guid):
            from django_guid.utils import generate_guid

            set_guid(generate_guid())
