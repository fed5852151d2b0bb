"""/metrics/ (core/metrics.py): Prometheus figures for requests, the queue, job lag, the outbox and failed
sign-ins, only for the holder of the metrics token."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import transaction
from django.urls import reverse
from prometheus_client.parser import text_string_to_metric_families

from accounts.roles import Role
from core.jobs import job_run
from core.services import notification_send
from dacase.celery import app as celery_app
from plans.tasks import REMINDERS

TOKEN = "a-long-random-metrics-token-for-the-tests-0123456789"
LONDON = ZoneInfo("Europe/London")


@pytest.fixture
def token(settings):
    settings.DACASE_METRICS_TOKEN = TOKEN
    return TOKEN


def scrape(client) -> dict:
    """{(name, labels as a sorted tuple): value} of one scrape with the token."""
    response = client.get(reverse("metrics"), HTTP_AUTHORIZATION=f"Bearer {TOKEN}")
    assert response.status_code == 200, response.content
    assert response["Content-Type"].startswith("text/plain")
    samples = {}
    for family in text_string_to_metric_families(response.content.decode()):
        for sample in family.samples:
            samples[(sample.name, tuple(sorted(sample.labels.items())))] = sample.value
    return samples


def value(samples: dict, name: str, **labels):
    return samples.get((name, tuple(sorted(labels.items()))))


class TestWhoMayRead:
    def test_with_no_token_set_the_metrics_are_off(self, client, db, settings):
        settings.DACASE_METRICS_TOKEN = ""
        assert client.get(reverse("metrics"), HTTP_AUTHORIZATION="Bearer ").status_code == 404

    @pytest.mark.parametrize(
        "header",
        [
            None,
            "Bearer wrong",
            f"Token {TOKEN}",
            f"Bearer {TOKEN[:-1]}",
            f"Bearer {TOKEN}x",
            f"Basic {TOKEN}",
            "Bearer \x00" + TOKEN,
            "Bearer é" + TOKEN,
            "Bearer " + "A" * 100_000,
        ],
        ids=["none", "wrong", "token-scheme", "short", "long", "basic", "nul", "non-ascii", "huge"],
    )
    def test_anyone_without_the_token_gets_401(self, client, db, token, header):
        extra = {"HTTP_AUTHORIZATION": header} if header is not None else {}
        response = client.get(reverse("metrics"), **extra)
        assert response.status_code == 401 and response["WWW-Authenticate"].startswith("Bearer")
        assert b"dacase_" not in response.content

    def test_a_signed_in_administrator_without_the_token_gets_401(self, client, token, personas):
        client.force_login(personas[Role.ADMINISTRATOR])
        assert client.get(reverse("metrics")).status_code == 401

    def test_only_get(self, client, db, token):
        assert client.post(reverse("metrics"), HTTP_AUTHORIZATION=f"Bearer {TOKEN}").status_code == 405


class TestFigures:
    def test_requests_are_counted_by_view(self, client, db, token):
        before = value(scrape(client), "django_http_requests_total_by_view_transport_method_total", **_healthz()) or 0
        client.get(reverse("healthz"))
        client.get(reverse("healthz"))
        assert (
            value(scrape(client), "django_http_requests_total_by_view_transport_method_total", **_healthz())
            == before + 2
        )

    def test_failed_sign_ins_are_counted(self, client, token, make_user):
        user = make_user(Role.RESPONSE_OFFICER)
        before = value(scrape(client), "dacase_login_failures_total") or 0
        for _ in range(2):
            client.post(reverse("accounts:login"), {"username": user.username, "password": "wrong"})
        assert value(scrape(client), "dacase_login_failures_total") == before + 2

    def test_the_queue_length_is_the_tasks_waiting_in_the_broker(self, client, db, token):
        celery_app.control.purge()
        queue = celery_app.conf.task_default_queue
        try:
            for _ in range(3):
                celery_app.send_task("core.tasks.drain_outbox")
            samples = scrape(client)
            assert value(samples, "dacase_celery_queue_length", queue=queue) == 3
            assert value(samples, "dacase_metrics_source_up", source="redis") == 1
        finally:
            celery_app.control.purge()

    def test_the_outbox_depth_is_the_e_mails_waiting(self, client, token, make_user):
        user = make_user(Role.PVP_OFFICER, email="pvp@police.invalid")
        with transaction.atomic():
            notification_send(user_id=user.pk, kind="plan_review_due", message="Due", url="/", email=user.email)
        samples = scrape(client)
        assert value(samples, "dacase_outbox_pending") == 1
        assert value(samples, "dacase_outbox_oldest_pending_seconds") >= 0
        assert value(samples, "dacase_outbox_given_up") == 0

    def test_a_job_owing_its_day_lags_from_the_hour_it_fell_due_and_not_once_done(self, client, db, token):
        with time_machine.travel(datetime(2026, 3, 4, 7, 30, tzinfo=LONDON), tick=False):
            samples = scrape(client)
            assert value(samples, "dacase_job_owed_periods", job=REMINDERS.name) == 1
            assert value(samples, "dacase_job_lag_seconds", job=REMINDERS.name) == 3600  # due at 06:30
            job_run(REMINDERS)
            samples = scrape(client)
        assert value(samples, "dacase_job_owed_periods", job=REMINDERS.name) == 0
        assert value(samples, "dacase_job_lag_seconds", job=REMINDERS.name) == 0
        done = value(samples, "dacase_job_last_done_timestamp_seconds", job=REMINDERS.name)
        assert done == datetime(2026, 3, 4, 7, 30, tzinfo=LONDON).timestamp()
        for job in ("people.duplicates", "sampling.dip_samples"):
            assert value(samples, "dacase_job_lag_seconds", job=job) is not None

    def test_redis_down_is_a_source_down_not_a_failed_scrape(self, client, db, token, settings):
        settings.CELERY_BROKER_URL = "redis://127.0.0.1:1/0"  # nothing listens there
        samples = scrape(client)
        assert value(samples, "dacase_metrics_source_up", source="redis") == 0
        assert value(samples, "dacase_metrics_source_up", source="database") == 1
        assert value(samples, "dacase_outbox_pending") == 0


def _healthz() -> dict:
    return {"view": "healthz", "transport": "http", "method": "GET"}
