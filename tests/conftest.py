"""Shared test setup: real PostgreSQL (embedded or DATABASE_URL), Celery tasks run eagerly, a private cache."""

import copy
import logging

import pytest

from community.celery import app as celery_app

# Tasks run in the test process, at once; tests that need a real worker start one themselves.
celery_app.conf.task_always_eager = True
celery_app.conf.task_eager_propagates = True


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix) -> None:
    """A `replica` alias mirrors the test database (as DATABASE_REPLICA_URL would add it), so the replica's
    routing is tested on real PostgreSQL; nothing reads from it unless a test switches the router on."""
    from django.conf import settings
    from django.db import connections

    if "replica" not in connections.settings:
        primary = connections.settings["default"]
        settings.DATABASES["replica"] = {
            **copy.deepcopy(primary),
            "TEST": {**primary["TEST"], "NAME": None, "MIRROR": "default"},
        }


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    """Hashing a password is slow on purpose; tests create hundreds of people."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _signup_without_waiting(settings):
    """The sign-up form's minimum fill time is off, as a person's waiting would be; its own tests set it."""
    settings.SIGNUP_MIN_SECONDS = 0


@pytest.fixture(autouse=True)
def _private_cache(settings):
    """Each test gets an empty in-memory cache, so rate limits and cached fragments never leak across tests."""
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "tests"}}
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


def pytest_configure(config):
    config.addinivalue_line("markers", "handler_bugs_expected: a handler's TypeError or AttributeError is the point")


class _HandlerBugs(logging.Handler):
    """Collects what after-commit callbacks raised that only a bug raises (a renamed event field, a wrong call)."""

    BUGS = (AttributeError, TypeError, NameError, LookupError)

    def __init__(self):
        super().__init__(level=logging.ERROR)
        self.bugs: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        error = record.exc_info[1] if record.exc_info else None
        if "on_commit()" in record.getMessage() and isinstance(error, self.BUGS):
            self.bugs.append(f"{record.getMessage()}: {error!r}")


@pytest.fixture(autouse=True)
def _after_commit_bugs_fail_the_test(request):
    """Handlers run robustly (a failure is logged, the write stands); in a test a bug must not hide in the log."""
    collector = _HandlerBugs()
    loggers = [logging.getLogger(name) for name in ("django.test", "django.db.backends.base")]
    for logger in loggers:
        logger.addHandler(collector)
    yield
    for logger in loggers:
        logger.removeHandler(collector)
    if collector.bugs and not request.node.get_closest_marker("handler_bugs_expected"):
        pytest.fail("an after-commit handler or hand-off failed:\n" + "\n".join(collector.bugs), pytrace=False)


def _event_types():
    from community import events

    return [events.Event, *events.event_types()]


@pytest.fixture
def event_log():
    """Every domain event published once its transaction commits (wrap the calls in
    `django_capture_on_commit_callbacks(execute=True)`); a list of events in order."""
    from community import events

    log = []
    types = _event_types()
    for event_type in types:
        events.subscribe(event_type, log.append)
    yield log
    for event_type in types:
        events.unsubscribe(event_type, log.append)


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items):
    """Tests outside a transaction (browser tests, concurrency) run last.

    pytest-django sorts them last, but pytest then regroups tests by session-scoped parameters (the
    browser of pytest-playwright) and pulls the browser tests forward. Their flush at the end empties
    every table, including what data migrations laid down (ranks, point values, the program's
    category), so the tests that run in a transaction must come first.
    """

    def outside_a_transaction(item) -> bool:
        marker = item.get_closest_marker("django_db")
        fixtures = getattr(item, "fixturenames", ())
        return (
            "live_server" in fixtures
            or "transactional_db" in fixtures
            or bool(marker and marker.kwargs.get("transaction"))
        )

    items.sort(key=outside_a_transaction)
