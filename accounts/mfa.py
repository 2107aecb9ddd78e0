"""allauth's MFA adapter, storing authenticator secrets encrypted at rest.

allauth passes every TOTP secret and recovery-code seed through encrypt() before saving
and decrypt() after loading; ours use the project's Fernet keys (accounts.encryption), so
a copy of the database alone cannot produce anyone's codes. decrypt() accepts nothing but
a token made with those keys: the migration that encrypted earlier rows leaves no plain one.
"""

from allauth.mfa.adapter import DefaultMFAAdapter
from allauth.mfa.models import Authenticator
from django.db import transaction

from accounts import encryption

# The encrypted values inside Authenticator.data, by type: single values, then lists.
SECRETS = {"totp": ["secret"], "recovery_codes": ["seed"]}
SECRET_LISTS = {"recovery_codes": ["migrated_codes"]}


class MFAAdapter(DefaultMFAAdapter):
    def encrypt(self, text: str) -> str:
        return encryption.encrypt(text)

    def decrypt(self, encrypted_text: str) -> str:
        return encryption.decrypt(encrypted_text)


def authenticators_reencrypt() -> int:
    """Encrypt every authenticator secret again with the newest key (`reencrypt_fields`), so
    that an old key can be dropped without locking anyone out. Returns the rows changed."""
    rotated = 0
    with transaction.atomic():
        authenticators = Authenticator.objects.select_for_update().filter(type__in=SECRETS)
        for authenticator in authenticators:
            data = dict(authenticator.data)
            for key in SECRETS[authenticator.type]:
                if data.get(key):
                    data[key] = encryption.rotate(data[key])
            for key in SECRET_LISTS.get(authenticator.type, []):
                if data.get(key):
                    data[key] = [encryption.rotate(value) for value in data[key]]
            if data != authenticator.data:
                Authenticator.objects.filter(pk=authenticator.pk).update(data=data)
                rotated += 1
    return rotated
