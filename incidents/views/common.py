from django.http import HttpRequest

from core.access import get_visible_or_404

from ..models import Incident


def get_incident(request: HttpRequest, pk: int, permission: str = "incidents.view_incident") -> Incident:
    """The incident, if the user's role allows the action and the incident is in their areas (else 403 / 404)."""
    return get_visible_or_404(
        Incident.objects.select_related("area__force"), request.user, permission=permission, pk=pk
    )
