"""Shared test setup: real PostgreSQL (embedded or DATABASE_URL), Celery tasks run eagerly, a private cache."""

import pytest

from community.celery import app as celery_app

# Tasks run in the test process, at once; tests that need a real worker start one themselves.
celery_app.conf.task_always_eager = True
celery_app.conf.task_eager_propagates = True


@pytest.fixture(autouse=True)
def _private_cache(settings):
    """Each test gets an empty in-memory cache, so rate limits and cached fragments never leak across tests."""
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "tests"}}
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()
