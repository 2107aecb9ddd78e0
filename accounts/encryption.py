"""Encryption at rest for confidential text (pair notes, action steps, shared purpose).

Fernet keys come from FIELD_ENCRYPTION_KEYS (comma-separated, newest first). MultiFernet
encrypts with the first and decrypts with any, so a new key is added in front, rows are
re-encrypted with `manage.py reencrypt_fields`, and only then is the old key dropped.
A copy of the database alone shows no note text.
"""

from functools import cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import models


@cache
def _fernet(keys: tuple[str, ...]) -> MultiFernet:
    if not keys:
        raise ImproperlyConfigured(
            "FIELD_ENCRYPTION_KEYS is empty: confidential text cannot be stored. "
            "Make a key with `python -c 'from cryptography.fernet import Fernet; "
            "print(Fernet.generate_key().decode())'`."
        )
    try:
        return MultiFernet([Fernet(key) for key in keys])
    except ValueError:
        raise ImproperlyConfigured(
            "FIELD_ENCRYPTION_KEYS holds a value that is not a Fernet key (32 url-safe "
            "base64-encoded bytes)."
        ) from None


def fernet() -> MultiFernet:
    return _fernet(tuple(settings.FIELD_ENCRYPTION_KEYS))


def encrypt(text: str) -> str:
    return fernet().encrypt(text.encode()).decode()


def decrypt(token: str) -> str:
    try:
        return fernet().decrypt(token.encode()).decode()
    except InvalidToken:
        raise ImproperlyConfigured(
            "Stored confidential text cannot be decrypted with FIELD_ENCRYPTION_KEYS: "
            "a key that encrypted it is missing."
        ) from None


def rotate(token: str) -> str:
    """The same text, encrypted again with the newest key."""
    return fernet().rotate(token.encode()).decode()


class EncryptedTextField(models.TextField):
    """Text stored as a Fernet token. It cannot be searched, filtered or ordered on.

    An empty value stays empty, so "nothing written" needs no decryption.
    """

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        if value in (None, ""):
            return value
        return encrypt(value)

    def from_db_value(self, value, expression, connection):
        if value in (None, ""):
            return value
        return decrypt(value)


def encrypted_fields():
    """Every (model, [field names]) pair that holds encrypted text."""
    from django.apps import apps

    for model in apps.get_models():
        if model._meta.proxy:
            continue  # its table is its concrete model's, which is listed already
        names = [
            f.name for f in model._meta.local_concrete_fields if isinstance(f, EncryptedTextField)
        ]
        if names:
            yield model, names
