from allauth.account.adapter import get_adapter
from django.conf import settings


def site(request):
    return {
        "SITE_URL": settings.SITE_URL,
        "PROGRAMME_OFFICE_EMAIL": settings.PROGRAMME_OFFICE_EMAIL,
        # Whether anyone may sign up, by the rule sign-up itself follows: no page offers a
        # sign-up that would answer "closed".
        "SIGNUP_OPEN": get_adapter(request).is_open_for_signup(request),
    }
