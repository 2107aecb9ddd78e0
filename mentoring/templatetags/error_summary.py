from django import template

register = template.Library()


@register.filter
def any_errors(forms) -> bool:
    """Whether any of the page's forms has an error (for the error summary)."""
    return any(form.errors for form in forms or [])
