import time

from django.db import models

from accounts.encryption import EncryptedTextField, fernet

DAY = 24 * 60 * 60


class DayStampedEncryptedTextField(EncryptedTextField):
    """Encrypted like all confidential text, but stamped with the day only.

    A Fernet token carries the moment it was made, in clear: for a free-text answer, that
    second could be matched with whoever was signed in then. So the token is made "at"
    midnight (UTC) of the day, no finer than the response's date. Key rotation keeps the
    stamp (MultiFernet.rotate), and decrypting never checks it.
    """

    def get_prep_value(self, value):
        value = models.TextField.get_prep_value(self, value)
        if value in (None, ""):
            return value
        midnight = int(time.time()) // DAY * DAY
        return fernet().encrypt_at_time(value.encode(), midnight).decode()
