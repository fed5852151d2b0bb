"""The database out of reach: the API answers 503 in its JSON error shape, the pages a plain 503 page."""

import socket
from contextlib import contextmanager

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from accounts.roles import Role


def _closed_port() -> int:
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


@contextmanager
def database_down():
    """From here on the connection goes to a port where nothing listens (a real connection refused)."""
    saved = connection.settings_dict["HOST"], connection.settings_dict["PORT"]
    connection.close()
    connection.settings_dict["HOST"], connection.settings_dict["PORT"] = "127.0.0.1", _closed_port()
    try:
        yield
    finally:
        connection.close()
        connection.settings_dict["HOST"], connection.settings_dict["PORT"] = saved
        connection.ensure_connection()


@pytest.fixture
def officer(transactional_db, make_user):
    return make_user(Role.PVP_OFFICER)


def test_the_api_answers_503_in_its_error_shape_with_retry_after(officer, as_user):
    api = as_user(officer)
    assert api.get(reverse("plan-list")).status_code == 200
    with database_down():
        response = api.get(reverse("plan-list"))
    assert response.status_code == 503 and response["Retry-After"] == "30"
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"status": 503, "detail": response.json()["detail"]}
    assert "try again" in response.json()["detail"].lower() and "127.0.0.1" not in response.content.decode()


def test_a_token_call_fails_503_when_the_database_is_gone_before_the_view(officer):
    from knox.models import AuthToken

    _, token = AuthToken.objects.create(officer)
    api = Client(raise_request_exception=False, HTTP_AUTHORIZATION=f"Token {token}")
    assert api.get(reverse("plan-list")).status_code == 200
    with database_down():
        response = api.get(reverse("plan-list"))
    assert response.status_code == 503 and response.json()["status"] == 503


def test_a_page_answers_a_plain_503_page(officer):
    browser = Client(raise_request_exception=False)
    browser.force_login(officer)
    with database_down():
        response = browser.get(reverse("core:home"))  # the session is read in a middleware, before any view
    body = response.content.decode()
    assert response.status_code == 503 and response["Retry-After"] == "30"
    assert "Briefly unavailable" in body and "OFFICIAL-SENSITIVE" in body and "Traceback" not in body


def test_redis_down_under_the_api_throttle_is_503_too(officer, as_user, settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }
    response = as_user(officer).get(reverse("plan-list"))
    assert response.status_code == 503 and response.json()["status"] == 503
