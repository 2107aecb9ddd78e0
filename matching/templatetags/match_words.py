from django import template

from matching.scoring import as_sentence

register = template.Library()


@register.filter
def as_sentences(reasons: list[str]) -> list[str]:
    """A stored list of reasons ("both care about …") as sentences to show."""
    return [as_sentence(reason) for reason in reasons or []]
