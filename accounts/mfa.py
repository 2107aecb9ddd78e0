"""allauth's MFA adapter, storing authenticator secrets encrypted at rest.

allauth passes every TOTP secret and recovery-code seed through encrypt() before saving
and decrypt() after loading; ours use the project's Fernet keys (accounts.encryption), so
a copy of the database alone cannot produce anyone's codes. decrypt() accepts nothing but
a token made with those keys: the migration that encrypted earlier rows leaves no plain one.
"""

from allauth.mfa.adapter import DefaultMFAAdapter

from accounts import encryption


class MFAAdapter(DefaultMFAAdapter):
    def encrypt(self, text: str) -> str:
        return encryption.encrypt(text)

    def decrypt(self, encrypted_text: str) -> str:
        return encryption.decrypt(encrypted_text)
