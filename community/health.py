"""Probes for load balancers and orchestrators: /healthz (the process answers) and /readyz (it can work)."""

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.cache import never_cache

NEVER_CACHE = "max-age=0, no-cache, no-store, must-revalidate, private"


def healthz(request: HttpRequest) -> HttpResponse:
    """The process answers: as little work as a view can do (never_cache's header, written out)."""
    response = HttpResponse(b'{"status": "ok"}', content_type="application/json")
    response["Cache-Control"] = NEVER_CACHE
    return response


def _database() -> str | None:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except Exception as error:  # any failure means "not ready", and the reason is reported
        return f"database unreachable: {type(error).__name__}: {error}".strip()
    return None


def _broker() -> str | None:
    from community.celery import app

    try:
        with app.connection_for_write() as conn:
            conn.ensure_connection(max_retries=1, timeout=2)
    except Exception as error:
        return f"broker unreachable ({settings.CELERY_BROKER_URL.split('@')[-1]}): {type(error).__name__}: {error}"
    return None


def _cache() -> str | None:
    try:
        if hasattr(cache, "ping"):  # the forgiving Redis cache answers a miss while Redis is down: ask Redis
            cache.ping()
        cache.set("readyz", "ok", 10)
        if cache.get("readyz") != "ok":
            return "cache does not keep values"
    except Exception as error:
        return f"cache unreachable: {type(error).__name__}: {error}"
    return None


@never_cache
def readyz(request: HttpRequest) -> JsonResponse:
    """200 when the database, the broker and the cache answer; 503 naming each one that does not."""
    checks = {"database": _database(), "broker": _broker(), "cache": _cache()}
    failing = {name: reason for name, reason in checks.items() if reason}
    body = {"status": "unavailable" if failing else "ok", "checks": {n: r or "ok" for n, r in checks.items()}}
    return JsonResponse(body, status=503 if failing else 200)
