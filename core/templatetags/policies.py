"""{% allowed "view_assessment" assessment as may_open %}: the policy the page's own view enforces."""

from django import template

from core.policies import ask

register = template.Library()


@register.simple_tag(takes_context=True)
def allowed(context, name: str, obj) -> bool:
    request = context.get("request")
    user = getattr(request, "user", None) or context.get("user")
    return user is not None and bool(ask(name, user, obj))
