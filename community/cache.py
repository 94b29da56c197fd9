"""Django's Redis cache backend, with one Redis client per connection pool.

Django's backend makes a new `redis.Redis` for every command, and redis-py builds its table of response
callbacks (some 170 entries) for each: on a page that reads the cache a few times that cost more than the
reads. The client only wraps the pool, which is thread-safe, so one per pool does the same work.
"""

from django.core.cache.backends import redis as django_redis


class RedisCacheClient(django_redis.RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(pool)
        if client is None:
            client = self._clients[pool] = self._client(connection_pool=pool)
        return client


class RedisCache(django_redis.RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = RedisCacheClient
