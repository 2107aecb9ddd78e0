from allauth.mfa.models import Authenticator
from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.cache import patch_cache_control


class CoordinatorMFAMiddleware:
    """Coordinators, superusers and anyone else with admin access reach the admin
    only with MFA set up.

    Sign-in already asks for the second factor once one exists; this closes the
    gap for an account that has none yet by sending it to set TOTP up first.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.admin_prefix = None

    def __call__(self, request):
        if self.admin_prefix is None:
            self.admin_prefix = reverse("admin:index")
        user = request.user
        if (
            request.path.startswith(self.admin_prefix)
            and user.is_authenticated
            and user.is_staff
            and not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()
        ):
            messages.warning(
                request,
                "The programme office holds confidential information, so it needs "
                "two-factor authentication. Set up an authenticator app to continue.",
            )
            return redirect("mfa_activate_totp")
        return self.get_response(request)


class PrivatePagesMiddleware:
    """Nothing shown to a signed-in person is kept by a browser or a proxy: their dashboard,
    their pair, their meetings, their answers. Every response to a signed-in request, and
    every calendar file (reached by a secret address, without a session), says no-store."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        personal = request.user.is_authenticated or response.get("Content-Type", "").startswith(
            "text/calendar"
        )
        if personal and not request.path.startswith(settings.STATIC_URL):
            patch_cache_control(response, no_store=True, no_cache=True, private=True, max_age=0)
        return response
