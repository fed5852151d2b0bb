"""Prometheus metrics at /metrics/, for the force's monitoring, behind a bearer token.

What is measured:

- requests, by view, method and status, with their latency (django-prometheus's middleware, first and last in
  MIDDLEWARE): ``django_http_requests_total_by_view_transport_method_total``,
  ``django_http_responses_total_by_status_view_method_total``, ``django_http_requests_latency_seconds_by_view_method``;
- failed sign-ins and lockouts (``dacase_login_failures_total``, ``dacase_login_lockouts_total``), counted as
  django-axes is told of them;
- read at each scrape, from Redis and the database: the Celery queue's length (``dacase_celery_queue_length``),
  each periodic job's lag (``dacase_job_lag_seconds``: seconds since the oldest period it still owes fell due,
  0 when it owes none), the periods it owes (``dacase_job_owed_periods``) and when it last finished one
  (``dacase_job_last_done_timestamp_seconds``), the outbox's depth (``dacase_outbox_pending``, the age of the
  oldest, ``dacase_outbox_oldest_pending_seconds``, and ``dacase_outbox_given_up``), and whether each source
  answered (``dacase_metrics_source_up``: a source that is down gives 0 there, not a failed scrape).

Who may read them: whoever sends ``Authorization: Bearer <DACASE_METRICS_TOKEN>``; anyone else gets 401, and
with no token set the URL is a 404 (metrics off). A session does not count: the figures name no one, but
queue depths and failure counts are for the operators' Prometheus only. Keep the URL off the public proxy too.

With several gunicorn workers each process counts its own requests: set ``PROMETHEUS_MULTIPROC_DIR`` (an
empty directory, emptied at each start; dacase/gunicorn.conf.py does this) and every scrape adds them up.
"""

import hmac
import logging
import os

from axes.signals import user_locked_out
from celery import current_app as celery_app  # the project's app (dacase/celery.py), without importing it
from django.conf import settings
from django.contrib.auth.signals import user_login_failed
from django.db.models import Max, Min
from django.dispatch import receiver
from django.http import Http404, HttpRequest, HttpResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from prometheus_client import CONTENT_TYPE_LATEST, REGISTRY, CollectorRegistry, Counter, generate_latest
from prometheus_client.core import GaugeMetricFamily
from redis import Redis

from .jobs import JOBS, job_lag
from .models import JobRun, OutboxMessage

logger = logging.getLogger(__name__)

REDIS_TIMEOUT = 0.5
# kombu's Redis transport keeps a queue's tasks of priority 3, 6 and 9 in lists of their own beside it.
PRIORITY_SUFFIXES = ("", "\x06\x163", "\x06\x166", "\x06\x169")

LOGIN_FAILURES = Counter("dacase_login_failures", "Failed sign-ins (each counts towards the account's lockout).")
LOCKOUTS = Counter("dacase_login_lockouts", "Accounts locked out after too many failed sign-ins.")


@receiver(user_login_failed, dispatch_uid="core.metrics.login_failed")
def _login_failed(sender, **kwargs) -> None:
    LOGIN_FAILURES.inc()


@receiver(user_locked_out, dispatch_uid="core.metrics.locked_out")
def _locked_out(sender, **kwargs) -> None:
    LOCKOUTS.inc()


def queue_length(queue: str | None = None) -> int:
    """Tasks waiting in the broker's queue (all priorities), not counting those a worker has taken."""
    queue = queue or celery_app.conf.task_default_queue
    client = Redis.from_url(
        settings.CELERY_BROKER_URL, socket_connect_timeout=REDIS_TIMEOUT, socket_timeout=REDIS_TIMEOUT
    )
    try:
        with client.pipeline(transaction=False) as pipe:
            for suffix in PRIORITY_SUFFIXES:
                pipe.llen(queue + suffix)
            return sum(pipe.execute())
    finally:
        client.close()


class StateCollector:
    """What is read at each scrape from Redis and the database."""

    def collect(self):
        up = GaugeMetricFamily(
            "dacase_metrics_source_up", "Whether the source answered this scrape.", labels=["source"]
        )
        try:
            queue = GaugeMetricFamily(
                "dacase_celery_queue_length", "Celery tasks waiting in the broker.", labels=["queue"]
            )
            queue.add_metric([celery_app.conf.task_default_queue], queue_length())
            yield queue
            up.add_metric(["redis"], 1)
        except Exception:  # noqa: BLE001 - Redis down: say so, and report the rest
            logger.warning("Metrics: the broker did not answer", exc_info=True)
            up.add_metric(["redis"], 0)
        try:
            yield from self._database()
            up.add_metric(["database"], 1)
        except Exception:  # noqa: BLE001 - the database down: say so
            logger.warning("Metrics: the database did not answer", exc_info=True)
            up.add_metric(["database"], 0)
        yield up

    def _database(self):
        now = timezone.now()
        pending = OutboxMessage.objects.filter(sent_at__isnull=True, next_attempt_at__isnull=False)
        oldest = pending.aggregate(oldest=Min("created_at"))["oldest"]
        yield GaugeMetricFamily("dacase_outbox_pending", "E-mails waiting in the outbox.", value=pending.count())
        yield GaugeMetricFamily(
            "dacase_outbox_oldest_pending_seconds",
            "Age of the oldest e-mail waiting in the outbox (0 when none waits).",
            value=(now - oldest).total_seconds() if oldest else 0,
        )
        yield GaugeMetricFamily(
            "dacase_outbox_given_up",
            "E-mails left unsent after their last attempt failed.",
            value=OutboxMessage.objects.filter(sent_at__isnull=True, next_attempt_at__isnull=True).count(),
        )
        celery_app.loader.import_default_modules()  # every app's tasks, and so every job, is declared
        lag = GaugeMetricFamily(
            "dacase_job_lag_seconds",
            "Seconds since the oldest period the job still owes fell due (0: it owes none).",
            labels=["job"],
        )
        owed = GaugeMetricFamily("dacase_job_owed_periods", "Periods the job owes and has not done.", labels=["job"])
        last = GaugeMetricFamily(
            "dacase_job_last_done_timestamp_seconds", "When the job last finished a period.", labels=["job"]
        )
        finished = dict(
            JobRun.objects.filter(outcome=JobRun.Outcome.DONE)
            .values("job")
            .annotate(last=Max("finished_at"))
            .values_list("job", "last")
        )
        for name, job in sorted(JOBS.items()):
            count, seconds = job_lag(job, now)
            owed.add_metric([name], count)
            if seconds is not None:
                lag.add_metric([name], seconds)
            if name in finished:
                last.add_metric([name], finished[name].timestamp())
        yield from (lag, owed, last)


def _registry() -> CollectorRegistry:
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)
        return registry
    return REGISTRY


def _authorised(request: HttpRequest) -> bool:
    scheme, _, given = request.headers.get("Authorization", "").partition(" ")
    expected = settings.DACASE_METRICS_TOKEN.encode()
    return scheme.lower() == "bearer" and hmac.compare_digest(given.strip().encode("utf-8", "replace"), expected)


@never_cache
@require_GET
def metrics(request: HttpRequest) -> HttpResponse:
    """The Prometheus exposition, for the holder of the metrics token."""
    if not settings.DACASE_METRICS_TOKEN:
        raise Http404("Metrics are off.")
    if not _authorised(request):
        response = HttpResponse("A bearer token is needed.\n", status=401, content_type="text/plain")
        response["WWW-Authenticate"] = 'Bearer realm="metrics"'
        return response
    state = CollectorRegistry(auto_describe=False)
    state.register(StateCollector())
    body = generate_latest(_registry()) + generate_latest(state)
    return HttpResponse(body, content_type=CONTENT_TYPE_LATEST)
