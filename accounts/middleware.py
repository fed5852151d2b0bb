"""Session lifetime and two-factor enforcement."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import JsonResponse
from django.shortcuts import redirect
from django.urls import Resolver404, resolve, reverse
from django.utils import timezone
from django.utils.http import urlencode

SESSION_AUTH_AT = "dacase_auth_at"
SESSION_SEEN_AT = "dacase_seen_at"

# Paths a signed-in but not yet verified user may reach.
_TWO_FACTOR_OPEN = ("accounts:two_factor", "accounts:two_factor_setup", "accounts:logout")


class SessionLifetimeMiddleware:
    """End a session idle for longer than SESSION_IDLE_TIMEOUT or older than SESSION_ABSOLUTE_LIFETIME."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            now = timezone.now().timestamp()
            auth_at = request.session.get(SESSION_AUTH_AT, now)
            seen_at = request.session.get(SESSION_SEEN_AT, now)
            idle = now - seen_at > settings.SESSION_IDLE_TIMEOUT.total_seconds()
            too_old = now - auth_at > settings.SESSION_ABSOLUTE_LIFETIME.total_seconds()
            if idle or too_old:
                logout(request)
                messages.info(request, "Your session ended. Please sign in again.")
                if request.path.startswith("/api/"):
                    return self.get_response(request)
                return redirect(f"{reverse(settings.LOGIN_URL)}?{urlencode({'next': request.get_full_path()})}")
            request.session[SESSION_SEEN_AT] = now
        return self.get_response(request)


class TwoFactorRequiredMiddleware:
    """Where two-factor login is required, a signed-in user reaches nothing else until verified."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if (
            settings.DACASE_REQUIRE_2FA
            and user.is_authenticated
            and not user.is_verified()
            and not self._is_open(request)
        ):
            if request.path.startswith("/api/"):
                return JsonResponse({"detail": "Two-factor verification is required.", "status": 403}, status=403)
            has_device = user.totpdevice_set.filter(confirmed=True).exists()
            target = "accounts:two_factor" if has_device else "accounts:two_factor_setup"
            return redirect(f"{reverse(target)}?{urlencode({'next': request.get_full_path()})}")
        return self.get_response(request)

    @staticmethod
    def _is_open(request) -> bool:
        try:
            match = resolve(request.path_info)
        except Resolver404:
            return True
        return match.view_name in _TWO_FACTOR_OPEN
