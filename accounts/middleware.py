from allauth.mfa.models import Authenticator
from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse


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
