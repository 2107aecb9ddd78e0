"""Every email is a subject/text/HTML trio rendered by this one helper.

Templates follow allauth's naming, so all the project's mail reads alike:
`<prefix>_subject.txt`, `<prefix>_message.txt`, `<prefix>_message.html`.

The message is rendered here, in the request or task that decided to send it, and written
to the outbox (accounts.outbox) in the same transaction: if the change is rolled back, no
email; if it is saved, the email goes, however long the mail server or the broker is away.
"""

from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings
from django.template import Context
from django.template.loader import get_template, render_to_string

from accounts.outbox import Composed, outbox_write


@dataclass(frozen=True)
class SettingsSite:
    """The site as emails name it (SITE_NAME, SITE_URL): what allauth's templates read as
    `current_site`, instead of the host and port the request arrived on."""

    name: str
    domain: str

    @classmethod
    def current(cls) -> "SettingsSite":
        return cls(name=settings.SITE_NAME, domain=urlsplit(settings.SITE_URL).netloc)


def on_site(url: str, request) -> str:
    """`url`, built absolute from the request, moved onto SITE_URL (path and query kept)."""
    if request is None or not isinstance(url, str):
        return url
    base = request.build_absolute_uri("/").rstrip("/")
    if url.startswith(base + "/"):
        return settings.SITE_URL + url[len(base) :]
    return url


def _render_plain(template_name: str, context: dict) -> str:
    # Plain text is not HTML: "O'Brien" must not arrive as "O&#x27;Brien".
    return get_template(template_name).template.render(Context(context, autoescape=False))


def render_templated_mail(
    template_prefix: str,
    *,
    context: dict,
    attachments: list[tuple[str, bytes | str, str]] | None = None,
) -> Composed:
    context = {"site_url": settings.SITE_URL, "site_name": settings.SITE_NAME, **context}
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
