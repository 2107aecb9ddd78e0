"""When a survey opens and closes, said one way everywhere (evaluation.models.opening_in_words,
closing_in_words)."""

from django import template

register = template.Library()


@register.filter
def closes(survey, day_format="j F Y"):
    """`{{ survey|closes:"l j F Y" }}` → "Wednesday 16 December 2026, end of the day"."""
    return survey.closes_in_words(day_format) if survey and survey.closes_at else ""


@register.filter
def opens(survey, day_format="j F Y"):
    """`{{ survey|opens:"l j F Y" }}` → "Wednesday 2 December 2026" (or "… at 09:00 GMT")."""
    return survey.opens_in_words(day_format) if survey and survey.opens_at else ""
