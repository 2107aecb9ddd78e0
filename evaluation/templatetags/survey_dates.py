"""When a survey closes, said one way everywhere (evaluation.models.closing_in_words)."""

from django import template

register = template.Library()


@register.filter
def closes(survey, day_format="j F Y"):
    """`{{ survey|closes:"l j F Y" }}` → "Wednesday 16 December 2026, end of the day"."""
    return survey.closes_in_words(day_format) if survey and survey.closes_at else ""
