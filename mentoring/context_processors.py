from django.urls import reverse
from django.utils.functional import SimpleLazyObject

from mentoring.models import BoardMember, MentorApplication
from mentoring.selectors import current_programme


def _navigation(request) -> list[dict]:
    user = request.user
    if not user.is_authenticated:
        return []
    items = []
    programme = current_programme(request)
    if programme is not None:
        items.append({"label": "Programme", "url": programme.get_absolute_url()})
    if user.is_coordinator:
        return items
    is_board_member = BoardMember.objects.for_user(user).exists()
    # Everyone has a profile: the emails they want and their calendar address, at least.
    items.append({"label": "Profile", "url": reverse("profile")})
    if not is_board_member and programme is not None:
        items.append({"label": "My application", "url": reverse("apply")})
    if is_board_member or MentorApplication.objects.in_programme().filter(applicant=user).exists():
        items.append({"label": "Events", "url": reverse("events")})
        items.append({"label": "Your pair", "url": reverse("match")})
        items.append({"label": "Meetings", "url": reverse("meetings")})
    return items


def navigation(request):
    """Links for the signed-in person's roles, computed only if a template shows them."""
    return {"role_navigation": SimpleLazyObject(lambda: _navigation(request))}
