"""The Redis cache keeps one client per process (config/cache.py) instead of making one for
every operation, and still reads, writes and counts as Django's does, from several threads."""

import os
from concurrent.futures import ThreadPoolExecutor

from django.core.cache import caches
from django.core.cache.backends.redis import RedisCache as DjangosRedisCache
from django.test import override_settings

from config.cache import RedisCache

SETTINGS = {
    "default": {
        "BACKEND": "config.cache.RedisCache",
        "LOCATION": os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0"),
        "KEY_PREFIX": "test-one-client",
    }
}


def test_production_settings_choose_it(settings):
    assert settings.CACHES["default"]["BACKEND"] == "config.cache.RedisCache"
    assert issubclass(RedisCache, DjangosRedisCache)


@override_settings(CACHES=SETTINGS)
def test_every_operation_uses_the_same_client():
    cache = caches["default"]
    backend = cache._cache

    cache.set("greeting", "hello", 30)
    first = backend.get_client("greeting")
    assert cache.get("greeting") == "hello"
    assert cache.get_many(["greeting", "nothing"]) == {"greeting": "hello"}
    assert backend.get_client("other", write=True) is first
    cache.delete("greeting")


@override_settings(CACHES=SETTINGS)
def test_threads_share_it_and_count_every_increment():
    cache = caches["default"]
    cache.set("count", 0, 30)

    with ThreadPoolExecutor(max_workers=8) as pool:
        list(pool.map(lambda _: cache.incr("count"), range(200)))

    assert cache.get("count") == 200
    assert len(cache._cache._clients) == 1
    cache.delete("count")
