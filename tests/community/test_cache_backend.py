"""The cache backend keeps one Redis client per pool (community/cache.py), against the test run's own Redis."""

import uuid

from django.conf import settings

from community.cache import ForgivingRedisCache


def test_it_reads_and_writes_like_djangos_and_keeps_one_client():
    cache = ForgivingRedisCache(settings.REDIS_URL, {"KEY_PREFIX": f"test-{uuid.uuid4()}"})
    cache.set("page", (1, b"<html>"), 30)
    assert cache.add("version", 7, None) and not cache.add("version", 8, None)
    assert cache.incr("version") == 8
    assert cache.get_many(["page", "version", "missing"]) == {"page": (1, b"<html>"), "version": 8}
    assert cache.get("missing", "default") == "default"
    cache.delete_many(["page", "version"])
    assert cache.get_many(["page", "version"]) == {}
    assert cache._cache.get_client() is cache._cache.get_client(write=True)
