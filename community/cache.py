"""Redis as the cache, where Redis being down costs speed, never an answer.

Everything the site keeps in the cache can be had again from the database: rendered fragments and pages,
counts, sessions (`cached_db` reads the database when the cache has nothing), rate-limit counters. So when
Redis does not answer (restarting, unreachable) a read is a miss, a write is skipped and the site goes on
from the database. A failure logs once, and Redis is left alone for PAUSE_SECONDS, so a request does not
wait for it again and again; after that the next call tries it again.

What a pause costs, and who minds: rate limits fail open, a counter starts again at zero (a limit holds per window
again once Redis answers); a version bump that could not be written leaves fragments kept under the
old version until they expire (FRAGMENT_SECONDS), like any entry kept before the outage.

Django's backend also makes a new `redis.Redis` for every command, and redis-py builds its table of response
callbacks (some 170 entries) for each: on a page that reads the cache a few times that cost more than the
reads. The client only wraps the pool, which is thread-safe, so one client per pool does the same work.
"""

import logging
import threading
import time

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)

PAUSE_SECONDS = 1.0
UNAVAILABLE = (RedisError, OSError)

# Per cache address, shared by the cache objects of every thread (Django keeps one per thread).
_paused_until: dict[str, float] = {}
_lock = threading.Lock()


def resume() -> None:
    """End every pause now: the next call asks Redis again (after a fix, and between tests)."""
    with _lock:
        _paused_until.clear()


class OneClientPerPool(RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(pool)
        if client is None:
            client = self._clients[pool] = self._client(connection_pool=pool)
        return client


class ForgivingRedisCache(RedisCache):
    """Django's RedisCache, answering a miss (or doing nothing) instead of raising while Redis is down."""

    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = OneClientPerPool

    def _call(self, name: str, fallback, *args, **kwargs):
        if time.monotonic() < _paused_until.get(self._server_key, 0.0):
            return fallback
        try:
            return getattr(super(), name)(*args, **kwargs)
        except UNAVAILABLE as error:
            with _lock:
                first = time.monotonic() >= _paused_until.get(self._server_key, 0.0)
                _paused_until[self._server_key] = time.monotonic() + PAUSE_SECONDS
            if first:
                logger.warning("The cache (Redis) does not answer, going on without it: %s", error)
            return fallback

    @property
    def _server_key(self) -> str:
        return ",".join(self._servers)

    def ping(self) -> None:
        """Ask Redis itself, unforgiving: raises when it does not answer (the readiness probe asks this)."""
        self._cache.get_client(write=True).ping()

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        # True, as if added: a lock taken with `add` (allauth's rate limiter takes one) is the caller's, so
        # the rate limiter counts from zero instead of refusing everyone.
        return self._call("add", True, key, value, timeout, version)

    def get(self, key, default=None, version=None):
        return self._call("get", default, key, default, version)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("set", None, key, value, timeout, version)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("touch", False, key, timeout, version)

    def delete(self, key, version=None):
        return self._call("delete", False, key, version)

    def get_many(self, keys, version=None):
        return self._call("get_many", {}, keys, version)

    def has_key(self, key, version=None):
        return self._call("has_key", False, key, version)

    def incr(self, key, delta=1, version=None):
        # A counter that cannot be read counts from here: callers that fall back on ValueError keep working.
        return self._call("incr", delta, key, delta, version)

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("set_many", [], data, timeout, version)

    def delete_many(self, keys, version=None):
        return self._call("delete_many", None, keys, version)

    def clear(self):
        return self._call("clear", False)
