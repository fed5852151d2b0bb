"""One consultation row for each request that showed a signed-in user someone's data."""

from .consultation import SHOWN_STATUSES, consultation_close, consultation_open
from .services import access_record


class ConsultationMiddleware:
    """Collect the people every loaded record names; log them once the response is known.

    Placed after authentication. The user is read after the view, so an API call
    signed in by token (which DRF authenticates inside the view) is logged too.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        consultation, token = consultation_open(
            path=request.get_full_path(), ip_address=request.META.get("REMOTE_ADDR")
        )
        try:
            response = self.get_response(request)
        finally:
            consultation_close(token)
        user = getattr(request, "user", None)
        persons = consultation.unlogged
        if persons and response.status_code in SHOWN_STATUSES and user is not None and user.is_authenticated:
            access_record(user=user, obj=consultation.main, persons=persons, request=request)
        return response
