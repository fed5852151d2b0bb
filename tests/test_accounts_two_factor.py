"""Two-factor login with TOTP, as required in production."""

import pytest
from django.test import override_settings
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.roles import Role

pytestmark = pytest.mark.usefixtures("require_2fa")


@pytest.fixture
def require_2fa():
    with override_settings(DACASE_REQUIRE_2FA=True):
        yield


def _code(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift):06d}"


def _sign_in(client, user, password):
    return client.post(reverse("accounts:login"), {"username": user.username, "password": password})


def test_first_sign_in_must_enrol_an_authenticator_before_anything_else(client, make_user, password):
    user = make_user(Role.SERGEANT)
    _sign_in(client, user, password)
    response = client.get(reverse("core:home"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:two_factor_setup"))
    page = client.get(reverse("accounts:two_factor_setup"))
    assert b"data:image/svg+xml" in page.content
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    response = client.post(reverse("accounts:two_factor_setup"), {"token": _code(device)})
    assert response.status_code == 302
    device.refresh_from_db()
    assert device.confirmed
    assert client.get(reverse("core:home")).status_code == 200


def test_enrolled_user_must_enter_a_code_after_the_password(client, make_user, password):
    user = make_user(Role.SERGEANT)
    device = TOTPDevice.objects.create(user=user, name="phone", confirmed=True)
    _sign_in(client, user, password)
    response = client.get(reverse("core:home"))
    assert response["Location"].startswith(reverse("accounts:two_factor"))
    response = client.post(reverse("accounts:two_factor"), {"token": _code(device), "next": "/"})
    assert response.status_code == 302
    assert client.get(reverse("core:home")).status_code == 200


def test_wrong_code_is_refused_with_an_error_beside_the_field(client, make_user, password):
    user = make_user(Role.SERGEANT)
    device = TOTPDevice.objects.create(user=user, name="phone", confirmed=True)
    _sign_in(client, user, password)
    wrong = f"{(int(_code(device)) + 1) % 1_000_000:06d}"
    response = client.post(reverse("accounts:two_factor"), {"token": wrong})
    assert response.status_code == 200
    assert b"That code is not right" in response.content
    assert client.get(reverse("core:home")).status_code == 302


def test_non_numeric_code_is_a_form_error(client, make_user, password):
    user = make_user(Role.SERGEANT)
    TOTPDevice.objects.create(user=user, name="phone", confirmed=True)
    _sign_in(client, user, password)
    response = client.post(reverse("accounts:two_factor"), {"token": "abcdef"})
    assert b"Enter the six digits" in response.content


def test_unverified_session_gets_403_from_the_api(client, make_user, password):
    _sign_in(client, make_user(Role.SERGEANT), password)
    response = client.get(reverse("me"))
    assert response.status_code == 403
    assert response.json()["detail"] == "Two-factor verification is required."
