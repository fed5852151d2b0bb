"""Sign in, two-factor verification and set-up, sign out."""

import segno
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from .forms import LoginForm, TokenForm


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True


class LogoutView(auth_views.LogoutView):
    template_name = "accounts/logged_out.html"


def _next_url(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return target
    return settings.LOGIN_REDIRECT_URL


def _verify(request: HttpRequest, device: TOTPDevice, form: TokenForm) -> bool:
    """Check the code against the device, honouring its throttle; adds the form error on failure."""
    allowed, _ = device.verify_is_allowed()
    if not allowed:
        form.add_error("token", "Too many wrong codes. Wait a minute and try again.")
        return False
    if not device.verify_token(form.cleaned_data["token"]):
        form.add_error("token", "That code is not right or has expired. Try the newest code.")
        return False
    otp_login(request, device)
    return True


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def two_factor(request: HttpRequest) -> HttpResponse:
    """Ask a signed-in user for the current code from their authenticator."""
    device = TOTPDevice.objects.filter(user=request.user, confirmed=True).first()
    if device is None:
        return redirect("accounts:two_factor_setup")
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid() and _verify(request, device, form):
        return redirect(_next_url(request))
    return render(request, "accounts/two_factor.html", {"form": form, "next": _next_url(request)})


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def two_factor_setup(request: HttpRequest) -> HttpResponse:
    """Enrol an authenticator app: show the secret as a QR code, confirm it with a first code."""
    if TOTPDevice.objects.filter(user=request.user, confirmed=True).exists():
        return redirect("accounts:two_factor")
    device, _ = TOTPDevice.objects.get_or_create(
        user=request.user, confirmed=False, defaults={"name": "Authenticator app"}
    )
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid() and _verify(request, device, form):
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        messages.success(request, "Two-factor login is set up.")
        return redirect(_next_url(request))
    context = {
        "form": form,
        "next": _next_url(request),
        "qr_data_uri": segno.make(device.config_url, error="m").svg_data_uri(scale=5, dark="#000", light="#fff"),
        "secret": _b32_secret(device),
    }
    return render(request, "accounts/two_factor_setup.html", context)


def _b32_secret(device: TOTPDevice) -> str:
    from base64 import b32encode

    secret = b32encode(device.bin_key).decode()
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))
