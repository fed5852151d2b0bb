from django.conf import settings

from .navigation import nav_for


def navigation(request) -> dict:
    user = getattr(request, "user", None)
    return {
        "nav_items": nav_for(user, request.path) if user is not None and user.is_authenticated else [],
        "force_name": settings.DACASE_FORCE_NAME,
        "protective_marking": "OFFICIAL-SENSITIVE",
    }
