from django.conf import settings
from django.core.checks.security.base import SECRET_KEY_WARNING_MSG, _check_secret_key
from django.core.exceptions import ImproperlyConfigured

# Caches every process of a deployment shares: what one worker counts, the others see.
SHARED_CACHES = (
    "config.cache.RedisCache",
    "django.core.cache.backends.redis.RedisCache",
    "django.core.cache.backends.db.DatabaseCache",
)

ORDINAL_SUFFIXES = {1: "st", 2: "nd", 3: "rd"}

# What a server's emails need, outside DEBUG, and why (the embedded mode has stand-ins).
EMAIL_NEEDS = {
    "SITE_URL": (
        "the site's address (https://…), which every link in an email starts with "
        "(invitations, address confirmations, password resets)"
    ),
    "EMAIL_HOST": (
        "the mail server that sends them (without it they would be written to the server's "
        "log, links and all, and marked sent; EMAIL_TO_CONSOLE=1 does that on purpose, for a "
        "server that sends no mail)"
    ),
    "DEFAULT_FROM_EMAIL": (
        "the address they come from, which the account pages also give as the programme "
        "office's unless PROGRAMME_OFFICE_EMAIL is set"
    ),
}


def require_production_settings() -> None:
    """What a server (gunicorn, an ASGI server, a Celery worker or beat) checks as it starts."""
    require_secrets()
    require_shared_cache()
    require_email_settings()


def require_secrets() -> None:
    """Stop a server without its secrets at start-up, not at its first request.

    Django raises ImproperlyConfigured ("The SECRET_KEY setting must not be empty")
    whenever an empty SECRET_KEY is read, so reading it is the first check; a key others
    may know is the second. The field encryption keys are checked by building the cipher
    they make.
    """
    from accounts.encryption import fernet

    require_unguessable_secret_key()
    fernet()


def require_unguessable_secret_key() -> None:
    """Refuse, outside DEBUG, a key someone else may know (`_known_key_problem`), whether it
    is SECRET_KEY or one of SECRET_KEY_FALLBACKS: what a fallback signed is accepted as if
    SECRET_KEY had, so a weak one lets anyone forge sessions and links just the same. Every
    such key is named, never printed."""
    if settings.DEBUG:
        return
    problem = _known_key_problem(settings.SECRET_KEY, "SECRET_KEY")
    if problem:
        raise ImproperlyConfigured(
            f"{problem} Make a new one with "
            "python -c 'import secrets; print(secrets.token_urlsafe(50))'"
        )
    for number, key in enumerate(settings.SECRET_KEY_FALLBACKS, start=1):
        problem = _known_key_problem(key, f"{_ordinal(number)} key of SECRET_KEY_FALLBACKS")
        if problem:
            raise ImproperlyConfigured(
                f"{problem} Take it out of SECRET_KEY_FALLBACKS: whatever it signed could be "
                "forged by anyone who knows or guesses it."
            )


def _known_key_problem(key: str, name: str) -> str | None:
    """Why a signing key (`name`, as the message calls it) is one someone else may know:
    .env.example's placeholder, or one Django's deploy check flags (security.W009: short,
    few characters, or made for development). Everything signed with it could be forged:
    allauth's address confirmation links, for one, are signed with the key alone."""
    if key.startswith("CHANGE"):
        return f"The {name} is still the placeholder of .env.example, published with the code."
    if not _check_secret_key(key):
        return SECRET_KEY_WARNING_MSG % name
    return None


def _ordinal(number: int) -> str:
    """1st, 2nd, 3rd, 4th … 11th, 12th, 13th … 21st."""
    suffix = "th" if number % 100 in (11, 12, 13) else ORDINAL_SUFFIXES.get(number % 10, "th")
    return f"{number}{suffix}"


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


def require_email_settings() -> None:
    """Refuse to serve, outside DEBUG, without what emails need, naming each missing variable.

    Started without them, a server would send invitations linking to nobody's site, from an
    address nobody reads, or not send them at all while the outbox says they went.
    """
    if settings.DEBUG:
        return
    missing = [
        name
        for name, value in (
            ("SITE_URL", settings.SITE_URL),
            ("EMAIL_HOST", settings.EMAIL_HOST or settings.EMAIL_TO_CONSOLE),
            ("DEFAULT_FROM_EMAIL", settings.DEFAULT_FROM_EMAIL),
        )
        if not value
    ]
    if missing:
        raise ImproperlyConfigured(
            "Emails cannot go out as they should. Set:\n"
            + "\n".join(f"  {name}: {EMAIL_NEEDS[name]}." for name in missing)
        )
