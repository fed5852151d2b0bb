"""Login lockout: one failure counter per account, whatever spelling of the username was typed."""

import unicodedata

from axes.conf import settings
from axes.handlers.proxy import AxesProxyHandler
from django.http import HttpRequest


def normalise_username(username: str | None) -> str | None:
    """The form every spelling of one username shares: as the login form cleans it, then lower-cased.

    Usernames are matched without regard to case (DacaseUserManager), so a counter kept per spelling
    would give each case variant its own five tries and let a right password under one spelling clear
    nothing under another.
    """
    if username is None:
        return None
    return unicodedata.normalize("NFKC", str(username)).strip().lower()


def lockout_username(request: HttpRequest | None, credentials: dict | None = None) -> str | None:
    """django-axes' AXES_USERNAME_CALLABLE: the key failures are counted, checked and reset under."""
    field = settings.AXES_USERNAME_FORM_FIELD
    if credentials:
        return normalise_username(credentials.get(field))
    if request is None:
        return None
    data = getattr(request, "data", None) or request.POST
    return normalise_username(data.get(field))


def is_locked_out(request: HttpRequest, *, username: str) -> bool:
    """True while django-axes has the account locked."""
    return AxesProxyHandler.is_locked(request, credentials={settings.AXES_USERNAME_FORM_FIELD: username})
