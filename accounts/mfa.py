"""allauth's MFA adapter, storing authenticator secrets encrypted at rest.

allauth passes every TOTP secret and recovery-code seed through encrypt() before saving
and decrypt() after loading; ours use the project's Fernet keys (accounts.encryption), so
a copy of the database alone cannot produce anyone's codes. decrypt() accepts nothing but
a token made with those keys: the migration that encrypted earlier rows leaves no plain one.

A staff account reaches the programme office only with its TOTP authenticator
(accounts.access), so it cannot switch that off itself (`can_delete_authenticator`, which
allauth's deactivation form asks and templates/mfa/index.html asks before offering it): a
superuser removes it in the admin when a coordinator moves to a new phone.
"""

from allauth.mfa.adapter import DefaultMFAAdapter
from allauth.mfa.models import Authenticator
from django.db import transaction

from accounts import encryption
from accounts.access import is_staff_account

# The encrypted values inside Authenticator.data, by type: single values, then lists.
SECRETS = {"totp": ["secret"], "recovery_codes": ["seed"]}
SECRET_LISTS = {"recovery_codes": ["migrated_codes"]}


class MFAAdapter(DefaultMFAAdapter):
    error_messages = {
        **DefaultMFAAdapter.error_messages,
        "cannot_delete_authenticator": (
            "The programme office needs two-factor authentication, so yours stays on."
        ),
    }

    def encrypt(self, text: str) -> str:
        return encryption.encrypt(text)

    def decrypt(self, encrypted_text: str) -> str:
        return encryption.decrypt(encrypted_text)

    def can_delete_authenticator(self, authenticator: Authenticator) -> bool:
        """Not a staff account's authenticator app: it is the only one a person has (allauth
        sets up a second only after the first is gone), and without it every staff page
        sends them to set one up again. Anyone else may switch theirs off."""
        if authenticator.type != Authenticator.Type.TOTP:
            return True
        return not is_staff_account(authenticator.user)


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
