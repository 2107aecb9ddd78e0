"""Secret links (invitations, line-manager answers): the email carries the token, the
database keeps only its hash, so a copy of the database cannot be used to follow a link."""

import hashlib
import secrets


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def new_token() -> tuple[str, str]:
    """A fresh token and the hash to store."""
    token = secrets.token_urlsafe(32)
    return token, hash_token(token)
