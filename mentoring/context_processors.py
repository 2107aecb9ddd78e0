from django.urls import reverse
from django.utils.functional import SimpleLazyObject

from mentoring.models import Programme


def _navigation(request) -> list[dict]:
    user = request.user
    if not user.is_authenticated:
        return []
    items = []
    programme = Programme.objects.current()
    if programme is not None:
        items.append({"label": "Programme", "url": programme.get_absolute_url()})
        if not user.is_coordinator:
            items.append({"label": "My application", "url": reverse("apply")})
    return items


def navigation(request):
    """Links for the signed-in person's roles, computed only if a template shows them."""
    return {"role_navigation": SimpleLazyObject(lambda: _navigation(request))}
