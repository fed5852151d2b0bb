"""/healthz reports the database, Redis and a real Celery worker."""

import pytest
from celery.contrib.testing.worker import start_worker
from django.urls import reverse

from dacase.celery import app as celery_app


@pytest.fixture
def celery_worker(transactional_db):
    with start_worker(celery_app, perform_ping_check=False, loglevel="WARNING"):
        yield


def test_all_dependencies_up_is_200(client, celery_worker):
    response = client.get(reverse("healthz"))
    body = response.json()
    assert response.status_code == 200, body
    assert body["status"] == "ok"
    assert {name: check["ok"] for name, check in body["checks"].items()} == {
        "database": True,
        "redis": True,
        "celery": True,
    }


def test_no_worker_is_503_and_says_which(client, db):
    response = client.get(reverse("healthz"))
    assert response.status_code == 503
    checks = response.json()["checks"]
    assert checks["celery"] == {"ok": False, "detail": "no worker answered", "ms": checks["celery"]["ms"]}
    assert checks["database"]["ok"] and checks["redis"]["ok"]


def test_redis_down_is_503_without_revealing_its_address(client, db, settings):
    settings.REDIS_URL = "redis://127.0.0.1:1/0"
    response = client.get(reverse("healthz"))
    assert response.status_code == 503
    assert response.json()["checks"]["redis"]["ok"] is False
    assert "127.0.0.1" not in response.content.decode()
