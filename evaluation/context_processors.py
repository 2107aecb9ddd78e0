from django.utils.functional import SimpleLazyObject

from evaluation.selectors import asked_by_any_survey


def navigation(request):
    """Whether to show "Surveys" in the navigation: to people some survey asks, whatever
    its stage (so those who answered can still see it listed). One query, and only if a
    template shows the navigation."""
    user = request.user
    return {
        "asked_by_surveys": SimpleLazyObject(
            lambda: user.is_authenticated and asked_by_any_survey(user)
        )
    }
