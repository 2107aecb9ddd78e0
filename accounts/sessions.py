"""Sessions that end: 12 hours after signing in for everyone, however active, and after 30
idle minutes for staff (coordinators and superusers hold everyone's applications and pairs).

Both limits come from the settings (SESSION_ABSOLUTE_HOURS, SESSION_STAFF_IDLE_MINUTES).
Times are kept in the session as seconds since the epoch.
"""

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.contrib.sessions.backends.db import SessionStore as DatabaseSessionStore
from django.urls import reverse

from accounts.access import is_staff_account
from accounts.views import signed_out_not_saved

SIGNED_IN_AT = "signed_in_at"
LAST_SEEN = "staff_last_seen"
# Recording every request would write the session on every page; a minute is precise enough.
LAST_SEEN_EVERY_SECONDS = 60


def session_end_reason(
    *, signed_in_at: float, last_seen: float | None, is_staff: bool, now: float
) -> str | None:
    """Why this session is over, in words for the person, or None while it lasts."""
    hours = settings.SESSION_ABSOLUTE_HOURS
    if now - signed_in_at >= hours * 60 * 60:
        return (
            f"You were signed out because you signed in more than {hours} hours ago. "
            "Please sign in again."
        )
    minutes = settings.SESSION_STAFF_IDLE_MINUTES
    if is_staff and last_seen is not None and now - last_seen >= minutes * 60:
        return (
            f"You were signed out after {minutes} minutes without activity, to keep the "
            "programme's confidential information safe. Please sign in again."
        )
    return None


def session_start(sender, request, user, **kwargs):
    """user_logged_in receiver (connected in AccountsConfig.ready): the clocks start."""
    now = time.time()
    request.session[SIGNED_IN_AT] = now
    request.session[LAST_SEEN] = now


def session_renew(sender, request, user=None, **kwargs):
    """authenticator_added receiver (AccountsConfig.ready): a staff account reaches the
    programme office once it has an authenticator, so the session it was set up in gets a
    new key, as signing in gives one: a copy of the key taken before (a shared computer)
    opens nothing more than it did. The account's other sessions end (any account's, staff
    or not: an authenticator is a second step for them all): opened before it existed, none
    of them passed a second step, and a staff one would otherwise reach the office."""
    from accounts.services import sessions_end

    if request is not None and hasattr(request, "session"):
        request.session.cycle_key()
        request.session.save()  # the new key stored, so that it is kept below
        sessions_end((user or request.user).pk, keeping=request.session.session_key)


class SessionTimeoutMiddleware:
    """Signs out a session that is over and sends the person to the sign-in page, saying why.
    A form sent (meeting notes, a message to a group) is answered instead with a page that
    says why, that nothing was saved, and shows back what was typed, to copy
    (accounts.views.signed_out_not_saved): a redirect would lose it without a word. Signing
    out is no form to save: it leads to the sign-in page too."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if not user.is_authenticated:
            return self.get_response(request)
        session, now = request.session, time.time()
        # A session from before these limits existed starts its clocks now.
        signed_in_at = session.setdefault(SIGNED_IN_AT, now)
        reason = session_end_reason(
            signed_in_at=signed_in_at,
            last_seen=session.get(LAST_SEEN),
            is_staff=is_staff_account(user),
            now=now,
        )
        if reason:
            logout(request)
            if request.method == "POST" and request.path_info != reverse("account_logout"):
                return signed_out_not_saved(request, reason)
            messages.info(request, reason)
            return redirect_to_login(request.get_full_path())
        if is_staff_account(user) and now - session.get(LAST_SEEN, 0) >= LAST_SEEN_EVERY_SECONDS:
            session[LAST_SEEN] = now
        return self.get_response(request)


class SessionStore(DatabaseSessionStore):
    """The sessions, in the database (SESSION_ENGINE = "accounts.sessions"), where a cookie
    holding anything but the letters and digits of a key the store makes is no session: a
    NUL in it would reach PostgreSQL, which refuses it, and every page would fail."""

    def _validate_session_key(self, key):
        return super()._validate_session_key(key) and key.isascii() and key.isalnum()
