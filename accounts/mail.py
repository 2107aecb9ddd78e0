"""Every email is a subject/text/HTML trio rendered by this one helper.

Templates follow allauth's naming, so all the project's mail reads alike:
`<prefix>_subject.txt`, `<prefix>_message.txt`, `<prefix>_message.html`.

The message is rendered here, in the request or task that decided to send it, and written
to the outbox (accounts.outbox) in the same transaction: if the change is rolled back, no
email; if it is saved, the email goes, however long the mail server or the broker is away.
"""

from django.conf import settings
from django.template import Context
from django.template.loader import get_template, render_to_string

from accounts.outbox import Composed, outbox_write


def _render_plain(template_name: str, context: dict) -> str:
    # Plain text is not HTML: "O'Brien" must not arrive as "O&#x27;Brien".
    return get_template(template_name).template.render(Context(context, autoescape=False))


def render_templated_mail(
    template_prefix: str,
    *,
    context: dict,
    attachments: list[tuple[str, bytes | str, str]] | None = None,
) -> Composed:
    context = {"site_url": settings.SITE_URL, **context}
    return Composed(
        subject=" ".join(_render_plain(f"{template_prefix}_subject.txt", context).split()),
        text=_render_plain(f"{template_prefix}_message.txt", context),
        html=render_to_string(f"{template_prefix}_message.html", context),
        attachments=[
            (name, content.decode() if isinstance(content, bytes) else content, mimetype)
            for name, content, mimetype in attachments or []
        ],
    )


def send_templated_mail(
    template_prefix: str,
    *,
    to: str,
    context: dict,
    attachments: list[tuple[str, bytes | str, str]] | None = None,
    recipient=None,
):
    """Render the email and put it in the outbox, in the caller's transaction."""
    composed = render_templated_mail(template_prefix, context=context, attachments=attachments)
    return outbox_write(
        kind=template_prefix,
        to=to,
        recipient=recipient,
        subject=composed.subject,
        text=composed.text,
        html=composed.html,
        attachments=composed.attachments,
    )
