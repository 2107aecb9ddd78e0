from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

# Caches every process of a deployment shares: what one worker counts, the others see.
SHARED_CACHES = (
    "config.cache.RedisCache",
    "django.core.cache.backends.redis.RedisCache",
    "django.core.cache.backends.db.DatabaseCache",
)


def require_production_settings() -> None:
    """What a server (gunicorn, an ASGI server, a Celery worker or beat) checks as it starts."""
    require_secrets()
    require_shared_cache()


def require_secrets() -> None:
    """Stop a server without its secrets at start-up, not at its first request.

    Django raises ImproperlyConfigured ("The SECRET_KEY setting must not be empty")
    whenever an empty SECRET_KEY is read, so reading it is the check. The field
    encryption keys are checked by building the cipher they make.
    """
    from accounts.encryption import fernet

    _ = settings.SECRET_KEY
    fernet()


def require_shared_cache() -> None:
    """Refuse to serve, outside DEBUG, with a cache that lives in one process.

    The sign-in and password-reset rate limits and the record of used one-time codes live
    in the cache: in a per-process cache, every worker would count five failed sign-ins of
    its own and accept a code another worker has just accepted.
    """
    backend = settings.CACHES["default"]["BACKEND"]
    if not settings.DEBUG and backend not in SHARED_CACHES:
        raise ImproperlyConfigured(
            f"The cache ({backend}) is not shared between processes, so sign-in rate limits "
            "and one-time codes would hold in one process only. Set REDIS_URL, or CACHE=database "
            "(and run `manage.py createcachetable`)."
        )
