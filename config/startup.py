from django.conf import settings


def require_secret_key() -> None:
    """Stop a server without a secret key at start-up, not at its first request.

    Django raises ImproperlyConfigured ("The SECRET_KEY setting must not be empty")
    whenever an empty SECRET_KEY is read, so reading it here is the check.
    """
    _ = settings.SECRET_KEY
