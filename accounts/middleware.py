from django.conf import settings
from django.contrib import messages
from django.http import HttpResponseNotAllowed
from django.shortcuts import redirect
from django.utils.cache import patch_cache_control

from accounts.access import needs_authenticator

# What a staff account without an authenticator may still open: the set-up itself, the
# password check allauth asks for before it, and signing out.
AUTHENTICATOR_SET_UP = {
    "mfa_activate_totp",
    "mfa_index",
    "account_reauthenticate",
    "account_request_reauthentication_code",
    "account_confirm_reauthentication_code",
    "account_logout",
}


# What any page answers: reading (GET, and HEAD) and sending a form (POST).
METHODS = ["GET", "HEAD", "POST"]


class AllowedMethodsMiddleware:
    """405 for any other method (PUT, DELETE, PATCH, OPTIONS…), on every page: a view asks
    `request.method == "POST"` and draws itself otherwise, which would answer a PUT as a GET.
    Before the CSRF check, so the answer says why."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method not in METHODS:
            return HttpResponseNotAllowed(METHODS)
        return self.get_response(request)


class CoordinatorMFAMiddleware:
    """A staff account (coordinator, superuser, anyone with admin access) without a verified
    authenticator reaches nothing but the authenticator set-up: not the admin, and not the
    staff-only pages outside it (draft programmes, every event's calendar file).

    Sign-in already asks for the second factor once one exists; this closes the gap for an
    account that has none yet. The rule itself is accounts.access.staff_access_allowed.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if request.resolver_match.view_name in AUTHENTICATOR_SET_UP:
            return None
        if not needs_authenticator(request.user):
            return None
        if request.method == "GET":
            messages.warning(
                request,
                "The programme office holds confidential information, so it needs "
                "two-factor authentication. Set up an authenticator app to continue.",
            )
        return redirect("mfa_activate_totp")


# allauth's pages reached by a link emailed, without a session: the address confirmation
# names the person and their address; the new-password form is opened by a secret key.
EMAILED_LINK_PAGES = {"account_confirm_email", "account_reset_password_from_key"}
ACCOUNT_PAGES = ("account_", "mfa_")  # allauth's pages, by the names of their addresses


class PrivatePagesMiddleware:
    """Nothing shown to a signed-in person is kept by a browser or a proxy: their dashboard,
    their pair, their meetings, their answers. Every response to a signed-in request, every
    calendar file (reached by a secret address, without a session), and allauth's pages
    (`ACCOUNT_PAGES`), those reached by a link emailed among them (`EMAILED_LINK_PAGES`; the
    project's own are `never_cache`), say no-store."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        reached = getattr(request.resolver_match, "url_name", None)
        personal = (
            request.user.is_authenticated
            or response.get("Content-Type", "").startswith("text/calendar")
            or reached in EMAILED_LINK_PAGES
            # Every account page (signing up, in, out; a code; an address named): the person
            # may not be signed in yet, and it may name them.
            or (reached or "").startswith(ACCOUNT_PAGES)
        )
        if personal and not request.path.startswith(settings.STATIC_URL):
            patch_cache_control(response, no_store=True, no_cache=True, private=True, max_age=0)
        return response
