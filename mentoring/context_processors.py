from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils.functional import SimpleLazyObject

from accounts.models import User
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
    roles = _roles(user)
    # Everyone has a profile: the emails they want and their calendar address, at least.
    items.append({"label": "Profile", "url": reverse("profile")})
    if not roles["board_member"] and programme is not None:
        items.append({"label": "My application", "url": reverse("apply")})
    if roles["board_member"] or roles["applicant"]:
        items.append({"label": "Events", "url": reverse("events")})
        items.append({"label": "Your pair", "url": reverse("match")})
        items.append({"label": "Meetings", "url": reverse("meetings")})
    return items


def _roles(user) -> dict[str, bool]:
    """Whether the person is a board member (in any programme), and an applicant in the
    running: one query, for every page that shows the navigation."""
    person = OuterRef("pk")
    return (
        User.objects.filter(pk=user.pk)
        .values(
            board_member=Exists(BoardMember.objects.filter(user=person)),
            applicant=Exists(MentorApplication.objects.in_programme().filter(applicant=person)),
        )
        .get()
    )


def navigation(request):
    """Links for the signed-in person's roles, computed only if a template shows them."""
    return {"role_navigation": SimpleLazyObject(lambda: _navigation(request))}
