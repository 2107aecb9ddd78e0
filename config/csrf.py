"""The CSRF token a form carries (`{% csrf_token %}`: every signed-in page has one, in the
sign-out form), made as Django's `get_token` makes it, for less work.

Django masks the secret afresh for each page (against BREACH) with 32 characters drawn one by
one by `secrets.choice`: some 500 Python calls and 32 reads of the system's random source,
a quarter of what the layout every page shares costs beyond the session and the user. Here
the mask comes from one read of the same source (`os.urandom`), each byte used only below
the largest multiple of the 62 characters under 256 (so each character is as likely as any
other, as with `secrets.choice`), and the cipher is worked out as Django's
`_mask_cipher_secret` does. Django's middleware checks the token it sent back as its own
(`tests/config/test_the_csrf_token_is_djangos_own.py` holds the two together).
"""

import os

from django.middleware.csrf import CSRF_ALLOWED_CHARS, CSRF_SECRET_LENGTH, get_token
from django.utils.functional import SimpleLazyObject

_COUNT = len(CSRF_ALLOWED_CHARS)
_INDEX = {char: index for index, char in enumerate(CSRF_ALLOWED_CHARS)}
# Bytes at or over this are dropped: 248, four times the 62 characters.
_UNDER = 256 - 256 % _COUNT


def _random_indices(count: int) -> list[int]:
    """`count` indices of CSRF_ALLOWED_CHARS, each as likely as any other."""
    found: list[int] = []
    while len(found) < count:
        # A few bytes more than needed: one in 32 is dropped.
        found += [byte % _COUNT for byte in os.urandom(count + 8) if byte < _UNDER]
    return found[:count]


def masked_token(request) -> str:
    """`django.middleware.csrf.get_token(request)`: the request's secret, masked afresh, the
    cookie to be sent again (its expiry renewed). A request without a secret yet is Django's
    own to give one."""
    secret = request.META.get("CSRF_COOKIE")
    if secret is None:
        return get_token(request)
    request.META["CSRF_COOKIE_NEEDS_UPDATE"] = True
    chars, mask = CSRF_ALLOWED_CHARS, _random_indices(CSRF_SECRET_LENGTH)
    cipher = [
        chars[(_INDEX[char] + shift) % _COUNT] for char, shift in zip(secret, mask, strict=True)
    ]
    return "".join([chars[index] for index in mask] + cipher)


def csrf(request) -> dict:
    """A context processor: Django's own `csrf` (always run first) with `masked_token`, made
    only if a template shows it."""
    return {"csrf_token": SimpleLazyObject(lambda: masked_token(request))}
