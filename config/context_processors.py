from django.conf import settings


def site(request):
    return {
        "SITE_URL": settings.SITE_URL,
        "PROGRAMME_OFFICE_EMAIL": settings.PROGRAMME_OFFICE_EMAIL,
    }
