"""API tokens: only for a fully signed-in user, stored hashed, as short-lived as a session, ended with access."""

import secrets
from datetime import timedelta

import pytest
import time_machine
from django.apps import apps
from django.conf import settings
from django.contrib.sessions.models import Session
from django.db import connection
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from knox.crypto import hash_token
from knox.models import AuthToken
from pghistory.models import Events
from rest_framework.test import APIClient

from accounts.models import ACCESS_REVOKED
from accounts.roles import Role
from accounts.services import user_revoke_access

TOKEN_URL = "/api/v1/auth/token/"


def _code(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift):06d}"


def _sign_in(client, user, password) -> None:
    response = client.post(reverse("accounts:login"), {"username": user.username, "password": password})
    assert response.status_code == 302


def _issue(client) -> str:
    response = client.post(reverse("auth-token"))
    assert response.status_code == 201, response.content
    return response.json()["token"]


def _with_token(key: str) -> APIClient:
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return api


def _works(key: str) -> bool:
    status = _with_token(key).get(reverse("me")).status_code
    assert status in (200, 401), status
    return status == 200


@pytest.fixture
def user(make_user):
    return make_user(Role.CALL_HANDLER)


@pytest.fixture
def signed_in(client, user, password):
    _sign_in(client, user, password)
    return client


# Issue: only to a user signed in on the web, verified by two-factor login where required.


def test_the_token_endpoint_is_where_the_readme_says():
    assert reverse("auth-token") == TOKEN_URL


@override_settings(DACASE_REQUIRE_2FA=True)
def test_with_two_factor_required_a_session_not_yet_verified_gets_no_token(client, user, password):
    TOTPDevice.objects.create(user=user, name="phone", confirmed=True)
    _sign_in(client, user, password)
    response = client.post(reverse("auth-token"))
    assert response.status_code == 403
    assert not AuthToken.objects.filter(user=user).exists()


@override_settings(DACASE_REQUIRE_2FA=True)
def test_with_two_factor_required_a_verified_session_gets_a_working_token(client, user, password):
    device = TOTPDevice.objects.create(user=user, name="phone", confirmed=True)
    _sign_in(client, user, password)
    assert client.post(reverse("accounts:two_factor"), {"token": _code(device)}).status_code == 302
    response = client.post(reverse("auth-token"))
    assert response.status_code == 201
    body = response.json()
    assert set(body) == {"token", "expiry", "expiry_latest"}
    me = _with_token(body["token"]).get(reverse("me"))
    assert me.status_code == 200 and me.json()["username"] == user.username


@override_settings(DACASE_REQUIRE_2FA=True)
def test_with_two_factor_required_an_unverified_session_is_refused_even_past_the_middleware(rf, user):
    """The rule is the service's, not only the middleware's."""
    from django.core.exceptions import PermissionDenied

    from accounts.services import api_token_issue

    request = rf.post(TOKEN_URL)
    with pytest.raises(PermissionDenied):
        api_token_issue(user=user, request=request)
    assert not AuthToken.objects.filter(user=user).exists()


def test_a_token_cannot_issue_another(signed_in):
    """Otherwise a token could renew itself for ever, past the absolute lifetime."""
    key = _issue(signed_in)
    response = _with_token(key).post(reverse("auth-token"))
    assert response.status_code == 403
    assert AuthToken.objects.count() == 1


def test_anonymous_gets_401_with_the_token_scheme(client, db):
    response = client.post(reverse("auth-token"))
    assert response.status_code == 401 and response["WWW-Authenticate"] == "Token"


def test_a_locked_account_gets_no_token(signed_in, user):
    other = Client()
    for _ in range(5):
        other.post(reverse("accounts:login"), {"username": user.username.upper(), "password": "wrong"})
    response = signed_in.post(reverse("auth-token"))
    assert response.status_code == 403
    assert "locked" in response.json()["detail"]
    assert not AuthToken.objects.filter(user=user).exists()


def test_a_user_holds_a_limited_number_of_tokens(signed_in, user):
    limit = settings.REST_KNOX["TOKEN_LIMIT_PER_USER"]
    for _ in range(limit):
        _issue(signed_in)
    response = signed_in.post(reverse("auth-token"))
    assert response.status_code == 400
    assert "already hold" in response.json()["errors"]["non_field_errors"][0]
    assert AuthToken.objects.filter(user=user).count() == limit


# Storage.


def test_the_database_holds_only_a_digest_of_the_key(signed_in, user):
    key = _issue(signed_in)
    row = AuthToken.objects.get(user=user)
    assert row.digest == hash_token(key) and row.digest != key
    assert key.startswith(row.token_key) and len(row.token_key) < len(key) // 4
    with connection.cursor() as cursor:
        cursor.execute("SELECT digest, token_key FROM knox_authtoken")
        assert all(key not in value for value in cursor.fetchone())


def test_drf_s_plain_token_store_is_gone_and_a_key_of_its_shape_does_not_authenticate(user):
    assert not apps.is_installed("rest_framework.authtoken")
    assert "authtoken_token" not in connection.introspection.table_names()
    response = _with_token(secrets.token_hex(20)).get(reverse("me"))
    assert response.status_code == 401 and response["WWW-Authenticate"] == "Token"


# Lifetime: idle and absolute, like a session.


def test_a_token_unused_for_longer_than_the_idle_timeout_is_refused(client, user):
    idle = settings.SESSION_IDLE_TIMEOUT
    with time_machine.travel(timezone.now(), tick=False) as clock:
        client.force_login(user)
        key = _issue(client)
        clock.shift(idle - timedelta(minutes=2))
        assert _works(key)  # each use moves the idle expiry on
        clock.shift(idle - timedelta(minutes=2))
        assert _works(key)
        clock.shift(idle + timedelta(seconds=1))
        assert not _works(key)
    assert not AuthToken.objects.filter(user=user).exists()


def test_a_token_in_constant_use_ends_at_the_absolute_lifetime(client, user):
    lifetime = settings.SESSION_ABSOLUTE_LIFETIME
    start = timezone.now()
    with time_machine.travel(start, tick=False) as clock:
        client.force_login(user)
        key = _issue(client)
        step = settings.SESSION_IDLE_TIMEOUT / 2
        while timezone.now() + step < start + lifetime:
            clock.shift(step)
            assert _works(key)
        clock.move_to(start + lifetime + timedelta(seconds=1))
        assert not _works(key)


# The end of access ends the tokens.


def test_signing_out_of_the_web_ends_the_tokens(signed_in):
    key = _issue(signed_in)
    assert _works(key)
    signed_in.post(reverse("accounts:logout"))
    assert not _works(key)


def test_api_logout_ends_only_the_token_used(signed_in):
    first, second = _issue(signed_in), _issue(signed_in)
    assert _with_token(first).post(reverse("auth-logout")).status_code == 204
    assert not _works(first) and _works(second)


def test_api_logout_with_a_session_ends_the_session_and_the_tokens(signed_in):
    key = _issue(signed_in)
    assert signed_in.post(reverse("auth-logout")).status_code == 204
    assert signed_in.get(reverse("core:home")).status_code == 302
    assert not _works(key)


def test_api_logoutall_ends_every_token(signed_in):
    first, second = _issue(signed_in), _issue(signed_in)
    assert _with_token(first).post(reverse("auth-logout-all")).status_code == 204
    assert not _works(first) and not _works(second)


def test_lockout_ends_the_tokens(signed_in, user):
    key = _issue(signed_in)
    attacker = Client()
    for spelling in [str.upper, str.title, str.lower, str.upper, str.swapcase]:
        attacker.post(reverse("accounts:login"), {"username": spelling(user.username), "password": "wrong"})
    assert not _works(key)


def test_deactivation_ends_the_tokens(signed_in, user):
    key = _issue(signed_in)
    user.is_active = False
    user.save(update_fields=["is_active"])
    assert not _works(key)


def test_a_password_change_ends_the_tokens_and_other_sessions_but_not_this_one(signed_in, user, password):
    key = _issue(signed_in)
    elsewhere = Client()
    _sign_in(elsewhere, user, password)
    new = "a-new-long-passphrase-for-testing-only"
    response = signed_in.post(
        reverse("accounts:password_change"),
        {"old_password": password, "new_password1": new, "new_password2": new},
    )
    assert response.status_code == 302
    assert not _works(key)
    assert signed_in.get(reverse("core:home")).status_code == 200
    assert elsewhere.get(reverse("core:home")).status_code == 302
    assert Session.objects.count() == 1


def test_a_password_set_outside_any_request_ends_the_tokens_and_sessions(signed_in, user):
    key = _issue(signed_in)
    user.set_password("another-long-passphrase-for-tests")
    user.save()
    assert not _works(key)
    assert signed_in.get(reverse("core:home")).status_code == 302


def test_an_administrator_revokes_a_user_s_tokens_and_sessions(signed_in, user, make_user):
    key = _issue(signed_in)
    admin = make_user(Role.ADMINISTRATOR)
    admin_client = Client()
    admin_client.force_login(admin)
    response = admin_client.post(
        reverse("admin:accounts_user_changelist"),
        {"action": "revoke_access", "_selected_action": [user.pk]},
        follow=True,
    )
    assert response.status_code == 200
    assert b"1 API token(s) deleted, 1 session(s) ended" in response.content
    assert not _works(key)
    assert signed_in.get(reverse("core:home")).status_code == 302
    assert admin_client.get(reverse("admin:index")).status_code == 200
    event = Events.objects.get(pgh_label=ACCESS_REVOKED, pgh_obj_id=str(user.pk))
    assert event.pgh_context["user"] == admin.pk


def test_revoking_one_s_own_access_keeps_the_session_in_use(client, make_user):
    admin = make_user(Role.ADMINISTRATOR)
    client.force_login(admin)
    _, key = AuthToken.objects.create(user=admin)
    response = client.post(
        reverse("admin:accounts_user_changelist"), {"action": "revoke_access", "_selected_action": [admin.pk]}
    )
    assert response.status_code == 302
    assert not _works(key)
    assert client.get(reverse("admin:index")).status_code == 200


def test_the_revoke_service_is_recorded_with_who_did_it(user, make_user):
    admin = make_user(Role.ADMINISTRATOR)
    AuthToken.objects.create(user=user)
    assert user_revoke_access(user=user, by=admin) == (1, 0)
    event = Events.objects.get(pgh_label=ACCESS_REVOKED, pgh_obj_id=str(user.pk))
    assert event.pgh_context["user"] == admin.pk


def test_the_admin_cannot_mint_a_token_for_someone(client, make_user, user):
    client.force_login(make_user(Role.ADMINISTRATOR))
    assert client.get(reverse("admin:knox_authtoken_add")).status_code == 403
    response = client.post(reverse("admin:knox_authtoken_add"), {"user": user.pk})
    assert response.status_code == 403
    assert not AuthToken.objects.filter(user=user).exists()


# Throttling.


def _rates(**rates):
    return override_settings(
        REST_FRAMEWORK={
            **settings.REST_FRAMEWORK,
            "DEFAULT_THROTTLE_RATES": {**settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"], **rates},
        }
    )


def test_the_token_endpoint_throttles_each_user(signed_in, user):
    with _rates(auth="2/hour"):
        _issue(signed_in)
        _issue(signed_in)
        response = signed_in.post(reverse("auth-token"))
    assert response.status_code == 429
    assert response.json()["status"] == 429 and int(response["Retry-After"]) > 0
    assert AuthToken.objects.filter(user=user).count() == 2


def test_the_token_endpoint_throttles_anonymous_calls_before_refusing_them(client, db):
    address = "127.0.0.77"
    with _rates(auth_anon="2/minute"):
        statuses = [client.post(reverse("auth-token"), REMOTE_ADDR=address).status_code for _ in range(3)]
    assert statuses == [401, 401, 429]


def test_the_rest_of_the_api_throttles_each_user(user):
    api = APIClient()
    _, key = AuthToken.objects.create(user=user)
    api.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    with _rates(user="2/minute"):
        statuses = [api.get(reverse("me")).status_code for _ in range(3)]
    assert statuses == [200, 200, 429]


def test_the_throttle_counts_in_the_redis_cache():
    from django.core.cache import cache, caches
    from django.core.cache.backends.redis import RedisCache

    from core.api.throttles import AnonRateThrottle, AuthAnonRateThrottle, AuthUserRateThrottle, UserRateThrottle

    assert isinstance(caches["default"], RedisCache)
    for throttle in (AnonRateThrottle, UserRateThrottle, AuthAnonRateThrottle, AuthUserRateThrottle):
        assert throttle.cache is cache
