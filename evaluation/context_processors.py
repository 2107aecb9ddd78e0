from django.utils.functional import SimpleLazyObject

from mentoring.navigation import facts_for


def navigation(request):
    """Whether to show "Surveys" in the navigation: to people some survey asks, whatever
    its stage (so those who answered can still see it listed). One of the navigation's
    facts (evaluation.selectors.asked_by_a_survey), read only if a template shows it."""
    user = request.user
    return {
        "asked_by_surveys": SimpleLazyObject(
            lambda: user.is_authenticated and facts_for(user)["asked_by_surveys"]
        )
    }
