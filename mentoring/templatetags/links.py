"""Links a page gives, made where the addresses are (`mentoring.links`): `{% apply_url
programme %}` and `{% apply_links programmes %}`, for any template that only wants a link."""

from django import template
from django.utils.safestring import SafeString

from accounts.escaping import escaped
from config.templating import and_list
from mentoring import links

register = template.Library()


@register.simple_tag
def apply_url(programme) -> str:
    """`{% apply_url programme %}`: the programme's application form, the one address each
    page gives it (`mentoring.links.apply_url`)."""
    return links.apply_url(programme)


@register.simple_tag
def apply_links(programmes) -> SafeString:
    """A link to each of `programmes`' application forms, named one after another as a
    sentence names them (`and_list`: "A, B and C")."""
    return SafeString(
        and_list(
            f'<a href="{escaped(links.apply_url(programme))}">{escaped(programme.name)}</a>'
            for programme in programmes
        )
    )
