"""Evaluation's part of a person's data (accounts.personal_data): only *that* they answered
each survey. Their answers are kept with no link to them (evaluation.models), so no download
can contain them, and deleting the account leaves the participation rows, which carry
nothing but the fact, for the response rates."""

from typing import Any

from evaluation.models import Participation

ABOUT_SURVEYS = (
    "The surveys you answered. Your answers are not here: they were stored without your "
    "name, your account or the exact time, so nobody, us included, can tell which answers "
    "are yours, and we cannot find them to show or delete them."
)


def export(user, *, known=None) -> dict[str, Any]:
    return {
        "surveys": {
            "about": ABOUT_SURVEYS,
            "answered": [
                {
                    "survey": participation.survey.title,
                    "programme": participation.survey.programme.name,
                }
                for participation in Participation.objects.filter(person=user)
                .select_related("survey__programme")
                .order_by("survey__opens_at", "pk")
            ],
        }
    }
