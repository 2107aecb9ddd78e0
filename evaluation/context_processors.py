from django.utils.functional import SimpleLazyObject

from mentoring.context_processors import fixed_url, link
from mentoring.navigation import facts_for


def _surveys_link(request) -> dict | None:
    user = request.user
    if user.is_authenticated and facts_for(user)["asked_by_surveys"]:
        return link(request, "Surveys", fixed_url("surveys"))
    return None


def navigation(request):
    """The "Surveys" link of the navigation: for people some survey asks, whatever its stage
    (so those who answered can still see it listed). One of the navigation's facts
    (evaluation.selectors.asked_by_a_survey), read only if a template shows it."""
    return {"surveys_link": SimpleLazyObject(lambda: _surveys_link(request))}
