"""API throttles: per address before sign-in, per user after; stricter on the authentication endpoints.

Counts live in the default (Redis) cache, so every web process shares them.
"""

from django.core.exceptions import ImproperlyConfigured
from rest_framework import throttling
from rest_framework.settings import api_settings


class _RateFromSettings:
    def get_rate(self) -> str | None:
        # DRF copies the rates once, at import; reading them per call lets a change of settings reach them.
        try:
            return api_settings.DEFAULT_THROTTLE_RATES[self.scope]
        except KeyError as exc:
            raise ImproperlyConfigured(f"No throttle rate set for scope {self.scope!r}.") from exc


class AnonRateThrottle(_RateFromSettings, throttling.AnonRateThrottle):
    scope = "anon"


class UserRateThrottle(_RateFromSettings, throttling.UserRateThrottle):
    scope = "user"


class AuthAnonRateThrottle(AnonRateThrottle):
    scope = "auth_anon"


class AuthUserRateThrottle(UserRateThrottle):
    scope = "auth"


class ThrottleFirstMixin:
    """Throttle before the permission check, so that refused calls to an authentication endpoint count too."""

    def check_permissions(self, request) -> None:
        super().check_throttles(request)
        super().check_permissions(request)

    def check_throttles(self, request) -> None:
        """Done already, in check_permissions."""
