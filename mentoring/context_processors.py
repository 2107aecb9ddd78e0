from django.contrib.auth.models import AnonymousUser
from django.utils.functional import SimpleLazyObject

from config.templating import url_place
from mentoring.links import fixed_url
from mentoring.navigation import apply_link, facts_for, links


def link(request, label: str, name: str, *, place, **kwargs) -> dict:
    """A navigation link to the URL `name` (and `kwargs`), from `place` (`url_place`, read
    once for them all); `current` marks the page the person is on (aria-current)."""
    url = fixed_url(name, place=place, **kwargs)
    return {"label": label, "url": url, "current": request.path == url}


def _navigation(request) -> list[dict]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return []
    facts, place = facts_for(user), url_place()
    items = [link(request, "Dashboard", "dashboard", place=place)]
    if facts["programme_slug"]:
        slug = facts["programme_slug"]
        items.append(link(request, "Programme", "programme_detail", place=place, slug=slug))
    # Everyone has a profile: the emails they want, their calendar address and their data,
    # at least; coordinators too.
    items.append(link(request, "Profile", "profile", place=place))
    if not facts["coordinator"]:
        items += _own_pages(request, facts, place)
    # Other apps' links (mentoring.navigation.register_fact): evaluation's "Surveys".
    items += [
        link(request, label, url_name, place=place)
        for fact, (label, url_name) in links.items()
        if facts[fact]
    ]
    return items


def _own_pages(request, facts: dict, place) -> list[dict]:
    items = []
    # /apply/: their application to the current programme, or its form (`apply_link`).
    if label := apply_link(facts):
        items.append(link(request, label, "apply", place=place))
    if facts["board_member"] or facts["applicant"]:
        items.append(link(request, "Events", "events", place=place))
    # Only once paired: before, these pages have nothing but "not paired yet". An ended pair
    # is still on the pair page (read-only); the schedule shows current pairs alone.
    if facts["paired"]:
        items.append(link(request, "Your pair", "match", place=place))
    if facts["paired_now"]:
        items.append(link(request, "Meetings", "meetings", place=place))
    return items


def navigation(request):
    """Links for the signed-in person's roles (mentoring.navigation: one query, or none when
    kept), worked out only if a template shows them; and `is_coordinator`, for what pages
    say to the programme office (the same fact; whether a page lets them in is the page's
    own check, `User.is_coordinator`). A request refused before the authentication middleware
    (a Host not allowed: the 400 page) has no user, and is anonymous here as in Django's."""
    user = getattr(request, "user", None) or AnonymousUser()
    return {
        "role_navigation": SimpleLazyObject(lambda: _navigation(request)),
        "is_coordinator": SimpleLazyObject(
            lambda: user.is_authenticated and facts_for(user)["coordinator"]
        ),
    }
