"""An optional read replica: the pages people read come from it, everything that writes stays on the primary.

With DATABASE_REPLICA_URL set, settings add the `replica` alias, `ReplicaRouter` and `ReadYourWritesMiddleware`.
A replica lags the primary by a little, so a read goes to it only when nothing can be lost by that:

- the request is a read (GET, HEAD, OPTIONS) and its sender wrote nothing in the last
  DATABASE_REPLICA_PIN_SECONDS (a cookie the middleware sets after any write says until when); so
  whoever just asked, answered or voted sees their own write on the next page, and everyone else
  sees it a moment later;
- it is outside a transaction the code opened (a service reads what it is about to change from the primary),
  and not a read for an update (`select_for_update`, `get_or_create`);
- it is not a session (the session that a sign-in just wrote must be found on the next page);
- it does not fill the cache (`primary_reads`, used by community/fragments.py): a kept rendering outlives
  the replica's lag.

Celery tasks, management commands and the shell never read from the replica: the default is the primary.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass

import environ
from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections
from django.http import HttpRequest, HttpResponse

REPLICA = "replica"
PIN_COOKIE = "read_primary_until"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
# Read from the primary always: a session row is written at sign-in and read on the very next request.
PRIMARY_ONLY_APPS = frozenset({"sessions"})


def replica_database(url: str, primary: dict) -> tuple[dict, list[str]]:
    """The `replica` alias for DATABASES, configured as the primary is, and the routers that use it.

    In tests it mirrors the test database (TEST MIRROR), so routing is tested on real PostgreSQL."""
    return {
        **environ.Env.db_url_config(url),
        "CONN_MAX_AGE": primary["CONN_MAX_AGE"],
        "CONN_HEALTH_CHECKS": True,
        "DISABLE_SERVER_SIDE_CURSORS": primary["DISABLE_SERVER_SIDE_CURSORS"],
        "OPTIONS": dict(primary["OPTIONS"]),
        "TEST": {"MIRROR": "default"},
    }, ["community.replicas.ReplicaRouter"]


def add_middleware(middleware: list[str]) -> None:
    """Pin writers to the primary before anything reads the database (the session, the signed-in person)."""
    middleware.insert(
        middleware.index("django.contrib.sessions.middleware.SessionMiddleware"),
        "community.replicas.ReadYourWritesMiddleware",
    )


@dataclass
class _Request:
    replica_allowed: bool
    wrote: bool = False


_current: ContextVar[_Request | None] = ContextVar("replica_request", default=None)


def _in_own_transaction() -> bool:
    # The test run wraps each test in blocks of its own (as Django's durable check, these do not count).
    return any(not block._from_testcase for block in connections[DEFAULT_DB_ALIAS].atomic_blocks)


class ReplicaRouter:
    """Reads of a read-only request go to the replica; writes, transactions and everything else to the primary."""

    def db_for_read(self, model, **hints) -> str | None:
        request = _current.get()
        if (
            request is None
            or not request.replica_allowed
            or request.wrote
            or model._meta.app_label in PRIMARY_ONLY_APPS
            or _in_own_transaction()
        ):
            return DEFAULT_DB_ALIAS
        return REPLICA

    def db_for_write(self, model, **hints) -> str:
        request = _current.get()
        if request is not None:
            request.wrote = True  # later reads of this request, and the next ones of this person, see it
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1, obj2, **hints) -> bool:
        return True  # the replica holds the same rows

    def allow_migrate(self, db: str, app_label: str, model_name=None, **hints) -> bool:
        return db == DEFAULT_DB_ALIAS


@contextmanager
def primary_reads() -> Iterator[None]:
    """Reads in this block come from the primary: what is kept in the cache for everyone must not be a lagging
    replica's view, or the cache would keep it long after the replica caught up."""
    request = _current.get()
    if request is None or not request.replica_allowed:
        yield
        return
    request.replica_allowed = False
    try:
        yield
    finally:
        request.replica_allowed = True


def pinned_to_primary(request: HttpRequest) -> bool:
    """True while the sender's last write is younger than DATABASE_REPLICA_PIN_SECONDS."""
    try:
        until = int(request.COOKIES.get(PIN_COOKIE, "0"))
    except ValueError:
        return False  # a cookie someone wrote by hand: it could only pin them, so ignoring it is safe
    return until > time.time()


class ReadYourWritesMiddleware:
    """Lets the router use the replica for this request, and pins its sender to the primary after a write."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        state = _Request(replica_allowed=request.method in SAFE_METHODS and not pinned_to_primary(request))
        token = _current.set(state)
        try:
            response = self.get_response(request)
        finally:
            _current.reset(token)  # a gunicorn thread serves the next request with a clean slate
        if state.wrote or request.method not in SAFE_METHODS:
            seconds = settings.DATABASE_REPLICA_PIN_SECONDS
            response.set_cookie(
                PIN_COOKIE,
                str(int(time.time()) + seconds),
                max_age=seconds,
                secure=settings.SESSION_COOKIE_SECURE,
                httponly=True,
                samesite="Lax",
            )
        return response
