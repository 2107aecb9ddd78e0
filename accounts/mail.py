"""Every email is a subject/text/HTML trio rendered by this one helper.

Templates follow allauth's naming, so all the project's mail reads alike:
`<prefix>_subject.txt`, `<prefix>_message.txt`, `<prefix>_message.html`.

The message is rendered here, in the request or task that decided to send it, and
handed to a Celery task that delivers it with retries. A mail server that is down
therefore delays the email instead of failing the page that saved the change.
"""

import logging

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template import Context
from django.template.loader import get_template, render_to_string

logger = logging.getLogger(__name__)


def _render_plain(template_name: str, context: dict) -> str:
    # Plain text is not HTML: "O'Brien" must not arrive as "O&#x27;Brien".
    return get_template(template_name).template.render(Context(context, autoescape=False))


def render_templated_mail(
    template_prefix: str,
    *,
    to: str,
    context: dict,
    attachments: list[tuple[str, bytes, str]] | None = None,
) -> dict:
    """The message as plain data, ready to be queued (JSON-serialisable)."""
    context = {"site_url": settings.SITE_URL, **context}
    return {
        "subject": " ".join(_render_plain(f"{template_prefix}_subject.txt", context).split()),
        "text": _render_plain(f"{template_prefix}_message.txt", context),
        "html": render_to_string(f"{template_prefix}_message.html", context),
        "to": [to],
        "attachments": [
            [name, content.decode() if isinstance(content, bytes) else content, mimetype]
            for name, content, mimetype in attachments or []
        ],
    }


def deliver(message: dict) -> None:
    email = EmailMultiAlternatives(
        message["subject"], message["text"], settings.DEFAULT_FROM_EMAIL, message["to"]
    )
    email.attach_alternative(message["html"], "text/html")
    for name, content, mimetype in message["attachments"]:
        email.attach(name, content, mimetype)
    email.send()


def send_templated_mail(
    template_prefix: str,
    *,
    to: str,
    context: dict,
    attachments: list[tuple[str, bytes, str]] | None = None,
) -> None:
    from accounts.tasks import email_deliver

    message = render_templated_mail(
        template_prefix, to=to, context=context, attachments=attachments
    )
    try:
        email_deliver.delay(message)
    except Exception:
        # The change is saved; an unreachable broker (or, in the embedded mode, a mail
        # server that still fails after the retries) must not turn that into an error page.
        logger.exception("Could not send %r to %s", message["subject"], to)
