"""Every email is a subject/text/HTML trio rendered by this one helper.

Templates follow allauth's naming, so all the project's mail reads alike:
`<prefix>_subject.txt`, `<prefix>_message.txt`, `<prefix>_message.html`.
"""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template import Context
from django.template.loader import get_template, render_to_string


def _render_plain(template_name: str, context: dict) -> str:
    # Plain text is not HTML: "O'Brien" must not arrive as "O&#x27;Brien".
    return get_template(template_name).template.render(Context(context, autoescape=False))


def send_templated_mail(
    template_prefix: str,
    *,
    to: str,
    context: dict,
    attachments: list[tuple[str, bytes, str]] | None = None,
) -> None:
    context = {"site_url": settings.SITE_URL, **context}
    subject = " ".join(_render_plain(f"{template_prefix}_subject.txt", context).split())
    text = _render_plain(f"{template_prefix}_message.txt", context)
    html = render_to_string(f"{template_prefix}_message.html", context)
    message = EmailMultiAlternatives(subject, text, settings.DEFAULT_FROM_EMAIL, [to])
    message.attach_alternative(html, "text/html")
    for filename, content, mimetype in attachments or []:
        message.attach(filename, content, mimetype)
    message.send()
