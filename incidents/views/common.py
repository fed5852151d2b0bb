from django.http import HttpRequest

from core.access import get_allowed_or_404, require_perm

from ..models import Incident
from ..policies import can_view_incident


def get_incident(request: HttpRequest, pk: int, permission: str = "incidents.view_incident") -> Incident:
    """The incident, if the user's role allows the action and the incident is in their areas (else 403 / 404)."""
    require_perm(request.user, permission)
    return get_allowed_or_404(Incident.objects.select_related("area__force"), request.user, can_view_incident, pk=pk)
