"""Links that are keys in themselves, and their secrets hidden wherever a log would write
them.

An invitation, an address confirmation, a password reset, a line manager's answer and the
calendar feed are each followed by a link holding a key. The database keeps only their
hashes (accounts/tokens.py) so that a copy of it cannot be used to follow one; a log would
otherwise write each link in full, so whoever reads it could: gunicorn's access log
(config.gunicorn) and Django's own request log (a warning naming the path of every answer
of 400 and above, `HideSecrets` in config.settings.LOGGING) write the secret as "…".
"""

import logging
import re

# Every URL with a secret in its path, as the text before the secret: the secret is the
# path segment that follows (tests/security/test_the_servers_log_holds_no_link_that_is_a_key.py
# checks that each URL pattern with a token or key is here).
SECRET_PATH_PREFIXES = (
    "/accounts/invitation/",
    "/accounts/confirm-email/",
    "/accounts/password/reset/key/",
    "/apply/line-manager/",
)
# Query parameters that carry a secret (the calendar feed's `?token=`).
SECRET_QUERY_PARAMETERS = ("token", "key")

HIDDEN = "…"
_SECRET = re.compile(
    "(?P<before>(?:"
    # A link can also be a query's value (`?next=`), its slashes percent-encoded.
    + "|".join(re.escape(prefix).replace("/", "(?:/|%2[Ff])") for prefix in SECRET_PATH_PREFIXES)
    + r")|(?:(?:^|[?&;])(?:"
    + "|".join(re.escape(name) for name in SECRET_QUERY_PARAMETERS)
    + r")=))"
    # allauth's page after a used reset link is not a secret; "…" would hide what it was.
    + r"(?!done/)[^/?&;#\s\"]+"
)


def hide_secrets(text: str) -> str:
    """`text` (a request line, a path, a query string, a header) with each secret in it
    written as "…"."""
    return _SECRET.sub(lambda found: found["before"] + HIDDEN, text)


class HideSecrets(logging.Filter):
    """A log handler's filter: the record's message with the secrets hidden (Django's
    "Not Found: /accounts/invitation/<key>/", "Forbidden: /apply/line-manager/<key>/")."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        hidden = hide_secrets(message)
        if hidden != message:
            record.msg, record.args = hidden, None
        return True
