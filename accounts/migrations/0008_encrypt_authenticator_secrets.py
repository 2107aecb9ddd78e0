"""Encrypt the authenticator secrets stored before accounts.mfa.MFAAdapter did.

TOTP secrets and recovery-code seeds (and codes carried over from elsewhere) are Fernet
tokens from now on; the adapter's decrypt() accepts nothing else. Reversible: going back
stores them plain again, as the previous code expects.
"""

from cryptography.fernet import InvalidToken
from django.db import migrations

from accounts import encryption

# The secret values inside Authenticator.data, by authenticator type.
SECRET_KEYS = {"totp": ["secret"], "recovery_codes": ["seed"]}
SECRET_LISTS = {"recovery_codes": ["migrated_codes"]}


def _is_token(value: str) -> bool:
    try:
        encryption.fernet().decrypt(value.encode())
    except InvalidToken:
        return False
    return True


def _convert(apps, change) -> None:
    Authenticator = apps.get_model("mfa", "Authenticator")
    for authenticator in Authenticator.objects.filter(type__in=SECRET_KEYS).iterator():
        data = dict(authenticator.data)
        for key in SECRET_KEYS[authenticator.type]:
            if data.get(key):
                data[key] = change(data[key])
        for key in SECRET_LISTS.get(authenticator.type, []):
            if data.get(key) is not None:
                data[key] = [change(value) for value in data[key]]
        if data != authenticator.data:
            Authenticator.objects.filter(pk=authenticator.pk).update(data=data)


def encrypt_secrets(apps, schema_editor):
    _convert(apps, lambda value: value if _is_token(value) else encryption.encrypt(value))


def decrypt_secrets(apps, schema_editor):
    _convert(apps, lambda value: encryption.decrypt(value) if _is_token(value) else value)


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0007_user_is_demo"),
        ("mfa", "0003_authenticator_type_uniq"),
    ]

    operations = [migrations.RunPython(encrypt_secrets, decrypt_secrets)]
