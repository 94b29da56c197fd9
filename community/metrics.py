"""Prometheus metrics at /metrics: requests and their latency, Celery queues, task failures, outbox age.

Gunicorn runs several processes, each counting its own requests. With PROMETHEUS_MULTIPROC_DIR set (the
Docker image sets it, deploy/gunicorn.conf.py empties it at start) every process writes its counts there
and /metrics adds them up, whichever process answers. What lives outside the web processes is read when
scraped: queue lengths from the broker (LLEN per queue), task failures from a Redis hash the workers
increment (a worker runs in another container, so its own counters could not be scraped through web),
and the age of the oldest row each outbox still has to send.

The page is for the staff or for a scraper holding METRICS_TOKEN (`Authorization: Bearer <token>`).
"""

from __future__ import annotations

import hmac
import logging
import os
import time
from collections.abc import Callable
from datetime import datetime

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.views.decorators.http import require_safe
from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, Counter, Histogram, generate_latest
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily
from prometheus_client.multiprocess import MultiProcessCollector

logger = logging.getLogger(__name__)

REQUESTS = Counter("peerdesk_http_requests_total", "HTTP requests answered", ["method", "status"])
LATENCY = Histogram(
    "peerdesk_http_request_duration_seconds",
    "Time from the request reaching Django to the response leaving it",
    ["method"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0),
)
FAILURES_KEY = "peerdesk:metrics:task_failures"

# name -> a function giving the creation time of the oldest row still to be sent (None: nothing waits).
# The foundation registers its hand-offs; an app registers its own outbox in its ready().
outboxes: dict[str, Callable[[], datetime | None]] = {}


def register_outbox(name: str, oldest_pending: Callable[[], datetime | None]) -> None:
    outboxes[name] = oldest_pending


def _oldest_handoff() -> datetime | None:
    from .models import Handoff

    pending = Handoff.objects.filter(done_at__isnull=True).order_by("created_at")
    return pending.values_list("created_at", flat=True).first()


register_outbox("handoffs", _oldest_handoff)


class MetricsMiddleware:
    """Counts every request and how long it took."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        started = time.perf_counter()
        response = self.get_response(request)
        LATENCY.labels(request.method).observe(time.perf_counter() - started)
        REQUESTS.labels(request.method, str(response.status_code)).inc()
        return response


def _broker_client():
    from .celery import app

    return app.connection_for_read()


def queue_names() -> list[str]:
    queues = getattr(settings, "CELERY_TASK_QUEUES", None) or []
    names = [getattr(queue, "name", queue) for queue in queues]
    default = getattr(settings, "CELERY_TASK_DEFAULT_QUEUE", "celery")
    return sorted({default, *names})


class _OutsideCollector:
    """What the web process does not count itself, read at scrape time."""

    def collect(self):
        yield from self._queues()
        yield from self._outboxes()

    def _queues(self):
        lengths = GaugeMetricFamily(
            "peerdesk_celery_queue_length", "Messages waiting in a Celery queue", labels=["queue"]
        )
        failures = CounterMetricFamily("peerdesk_celery_task_failures", "Celery task runs that raised", labels=["task"])
        try:
            with _broker_client() as connection:
                client = connection.default_channel.client
                for name in queue_names():
                    lengths.add_metric([name], client.llen(name))
                for task, count in sorted(client.hgetall(FAILURES_KEY).items()):
                    failures.add_metric([task.decode()], int(count))
        except Exception:  # a broker that is down must not take the metrics page down; readyz reports it
            logger.warning("Queue lengths could not be read from the broker", exc_info=True)
        yield lengths
        yield failures

    def _outboxes(self):
        ages = GaugeMetricFamily(
            "peerdesk_outbox_oldest_pending_seconds",
            "Age of the oldest row an outbox still has to send",
            labels=["outbox"],
        )
        now = timezone.now()
        for name, oldest_pending in sorted(outboxes.items()):
            oldest = oldest_pending()
            ages.add_metric([name], (now - oldest).total_seconds() if oldest else 0.0)
        yield ages


def count_task_failure(sender=None, **kwargs) -> None:
    """Celery's task_failure: one more failure of this task, where every web process can read it."""
    try:
        with _broker_client() as connection:
            connection.default_channel.client.hincrby(FAILURES_KEY, getattr(sender, "name", str(sender)), 1)
    except Exception:
        logger.warning("A task failure could not be counted", exc_info=True)


def connect_celery() -> None:
    from celery import signals

    signals.task_failure.connect(count_task_failure, weak=False, dispatch_uid="peerdesk-metrics-failure")


def registry() -> CollectorRegistry:
    registry = CollectorRegistry()
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        MultiProcessCollector(registry)
    else:
        registry.register(REQUESTS)
        registry.register(LATENCY)
    registry.register(_OutsideCollector())
    return registry


def allowed(request: HttpRequest) -> bool:
    token = settings.METRICS_TOKEN
    given = request.headers.get("Authorization", "")
    if token and given.startswith("Bearer ") and hmac.compare_digest(given[7:].encode(), token.encode()):
        return True
    return request.user.is_authenticated and request.user.is_staff


@require_safe
def metrics(request: HttpRequest) -> HttpResponse:
    """The metrics in Prometheus' text format; 403 for anyone else than the staff or a scraper with the token."""
    if not allowed(request):
        return HttpResponse("Forbidden\n", status=403, content_type="text/plain")
    response = HttpResponse(generate_latest(registry()), content_type=CONTENT_TYPE_LATEST)
    response["Cache-Control"] = "no-store"
    return response
