"""Template tags for pages outside the DASH that link into it."""

from django import template

from ..models import Assessment

register = template.Library()


@register.simple_tag(takes_context=True)
def dash_draft(context, incident) -> Assessment | None:
    """The signed-in officer's open DASH draft at the incident, if any: the incident page offers to continue it."""
    request = context.get("request")
    user = getattr(request, "user", None)
    return Assessment.objects.open_drafts(incident=incident, officer=user).select_related("victim").first()
