from django.urls import reverse
from django.utils.functional import SimpleLazyObject

from mentoring.models import Programme
from mentoring.navigation import facts_for


def _navigation(request) -> list[dict]:
    user = request.user
    if not user.is_authenticated:
        return []
    facts = facts_for(user)
    items = []
    if facts["programme_slug"]:
        programme = Programme(slug=facts["programme_slug"])
        items.append({"label": "Programme", "url": programme.get_absolute_url()})
    # Everyone has a profile: the emails they want, their calendar address and their data,
    # at least; coordinators too.
    items.append({"label": "Profile", "url": reverse("profile")})
    if facts["coordinator"]:
        return items
    # /apply/: their application to the current programme, or the form while it recruits.
    if not facts["board_member"] and facts["applied_here"]:
        items.append({"label": "My application", "url": reverse("apply")})
    elif not facts["board_member"] and facts["recruiting"]:
        items.append({"label": "Apply", "url": reverse("apply")})
    if facts["board_member"] or facts["applicant"]:
        items.append({"label": "Events", "url": reverse("events")})
    # Only once paired: before, these pages have nothing but "not paired yet". An ended pair
    # is still on the pair page (read-only); the schedule shows current pairs alone.
    if facts["paired"]:
        items.append({"label": "Your pair", "url": reverse("match")})
    if facts["paired_now"]:
        items.append({"label": "Meetings", "url": reverse("meetings")})
    return items


def navigation(request):
    """Links for the signed-in person's roles (mentoring.navigation: one query, or none when
    kept), worked out only if a template shows them; and `is_coordinator`, for what pages
    say to the programme office (the same fact; whether a page lets them in is the page's
    own check, `User.is_coordinator`)."""
    user = request.user
    return {
        "role_navigation": SimpleLazyObject(lambda: _navigation(request)),
        "is_coordinator": SimpleLazyObject(
            lambda: user.is_authenticated and facts_for(user)["coordinator"]
        ),
    }
