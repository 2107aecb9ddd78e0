"""Django's Redis cache, with one Redis client kept per connection pool.

Django's client makes a new `redis.Redis` for every operation, and each one builds its table
of some 170 reply callbacks: a quarter of a millisecond on every page, for the navigation's
one read (mentoring.navigation), more than the read itself. Django keeps one cache object per
thread, and each now keeps one client per connection pool for all its operations (a
`redis.Redis` is safe to share, each command borrowing a connection from the pool, and
redis-py's pool starts afresh in a forked process).
"""

from django.core.cache.backends import redis


class RedisCacheClient(redis.RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            # Two threads may both make one: either serves, and the pool is the same.
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client


class RedisCache(redis.RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = RedisCacheClient
