from django import template

register = template.Library()


@register.filter
def any_errors(forms) -> bool:
    """Whether any of the page's forms has an error (for the error summary)."""
    return any(form.errors for form in forms or [])


@register.filter
def alone(form) -> list:
    """One form as the page's list of forms (allauth's pages have one each)."""
    return [form]
