"""System checks of the settings a deployment must give (run by `manage.py check --deploy`)."""

from urllib.parse import urlsplit

from django.conf import settings
from django.core.checks import Error, Tags, Warning, register


@register(Tags.security, deploy=True)
def site_url_check(app_configs, **kwargs) -> list:
    """Without DACASE_SITE_URL e-mails carry only the path of the page (users cannot follow it); an address that
    is not https://host would send them elsewhere or over plain HTTP."""
    url = settings.DACASE_SITE_URL
    if not url:
        return [
            Warning(
                "DACASE_SITE_URL is not set: e-mail links carry the path of the page only.",
                hint="Set it to the address users open dacase at, e.g. https://dacase.example.police.uk",
                id="dacase.W001",
            )
        ]
    parts = urlsplit(url)
    if parts.scheme != "https" or not parts.netloc or parts.path or parts.query or parts.fragment:
        return [
            Error(
                f"DACASE_SITE_URL must be https://host (no path), not {url!r}.",
                hint="e-mail links are this address followed by the page's path.",
                id="dacase.E001",
            )
        ]
    return []
