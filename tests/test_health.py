"""/healthz reports the database, Redis and a real Celery worker, within a second whatever is down."""

import socket
import time

import pytest
from django.db import connections
from django.urls import reverse


@pytest.fixture
def black_hole():
    """A port that takes connections and never answers (a server hung, or a firewall dropping replies)."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(64)  # never accepted: the kernel completes the handshake and nothing more happens
    yield server.getsockname()[1]
    server.close()


def timed_get(client):
    client.get(reverse("healthz"))  # a process's first request imports the URLconf: not the checks' time
    started = time.monotonic()
    response = client.get(reverse("healthz"))
    return response, time.monotonic() - started


def test_all_dependencies_up_is_200_within_a_second(client, celery_worker):
    response, seconds = timed_get(client)
    body = response.json()
    assert response.status_code == 200, body
    assert body["status"] == "ok" and seconds < 1.0
    assert {name: check["ok"] for name, check in body["checks"].items()} == {
        "database": True,
        "redis": True,
        "celery": True,
    }


def test_no_worker_is_503_and_says_which(client, db):
    response, seconds = timed_get(client)
    assert response.status_code == 503 and seconds < 1.0
    checks = response.json()["checks"]
    # The ping waits half a second for a reply; on a loaded machine the answer's deadline may come first.
    assert checks["celery"]["ok"] is False and checks["celery"]["detail"] in ("no worker answered", "timed out")
    assert checks["database"]["ok"] and checks["redis"]["ok"]


def test_redis_down_is_503_at_once_without_revealing_its_address(client, db, settings):
    settings.REDIS_URL = "redis://127.0.0.1:1/0"
    response, seconds = timed_get(client)
    assert response.status_code == 503 and seconds < 1.0
    checks = response.json()["checks"]
    assert checks["redis"]["ok"] is False and checks["celery"]["detail"] == "not checked: redis is down"
    assert "127.0.0.1" not in response.content.decode()


def test_a_redis_that_never_answers_is_503_within_a_second(client, db, settings, black_hole):
    settings.REDIS_URL = f"redis://127.0.0.1:{black_hole}/0"
    response, seconds = timed_get(client)
    assert response.status_code == 503 and seconds < 1.0, seconds
    assert response.json()["checks"]["redis"] == {
        "ok": False,
        "detail": "TimeoutError",
        "ms": pytest.approx(300, abs=150),
    }


def test_a_database_that_never_answers_is_503_within_a_second(client, db, monkeypatch, black_hole):
    hung = {**connections.settings["default"], "HOST": "127.0.0.1", "PORT": black_hole}
    monkeypatch.setitem(connections.settings, "default", hung)  # only connections made from now on
    response, seconds = timed_get(client)
    assert response.status_code == 503 and seconds < 1.0, seconds
    assert response.json()["checks"]["database"]["detail"] == "timed out"
    assert response.json()["checks"]["redis"]["ok"]
