from django.conf import settings


def require_secrets() -> None:
    """Stop a server without its secrets at start-up, not at its first request.

    Django raises ImproperlyConfigured ("The SECRET_KEY setting must not be empty")
    whenever an empty SECRET_KEY is read, so reading it is the check. The field
    encryption keys are checked by building the cipher they make.
    """
    from accounts.encryption import fernet

    _ = settings.SECRET_KEY
    fernet()
