"""Every email is a subject/text/HTML trio rendered by this one helper.

Templates follow allauth's naming, so all the project's mail reads alike:
`<prefix>_subject.txt`, `<prefix>_message.txt`, `<prefix>_message.html`.

The message is rendered here, in the request or task that decided to send it, and written
to the outbox (accounts.outbox) in the same transaction: if the change is rolled back, no
email; if it is saved, the email goes, however long the mail server or the broker is away.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from django.conf import settings
from django.template import Context
from django.template.loader import get_template, render_to_string
from django.utils import dateformat
from django.utils.text import Truncator

from accounts.models import SUBJECT_LENGTH
from accounts.outbox import (
    Composed,
    OfficeRecipient,
    outbox_message,
    outbox_write,
    outbox_write_many,
)


def on_site(url: str, request) -> str:
    """`url`, built absolute from the request, moved onto SITE_URL (path and query kept)."""
    if request is None or not isinstance(url, str):
        return url
    base = request.build_absolute_uri("/").rstrip("/")
    if url.startswith(base + "/"):
        return settings.SITE_URL + url[len(base) :]
    return url


# --- how every email says a time of day ----------------------------------------------------


def with_zone(moment: datetime, format: str = "l j F Y, H:i") -> str:
    """`moment` in the programme's time zone (Django's date `format`, which shows the time of
    day), followed by the zone's name at that date: "14:00 GMT" in winter, "14:00 BST" in
    summer, as a UK reader expects and a calendar in another zone can convert. Templates say
    it as `{% load mail_times %}{{ moment|with_zone:"l j F Y, H:i" }}`."""
    local = _local(moment)
    return f"{dateformat.format(local, format)} {local.tzname()}"


def span_with_zone(starts: datetime, ends: datetime) -> str:
    """From `starts` to `ends`, with the zone said once at the end (or at each end, when the
    clocks change in between): "Thursday 8 October 2026, 14:00 to 17:30 BST"."""
    starts, ends = _local(starts), _local(ends)
    start = dateformat.format(starts, "l j F Y, H:i")
    if starts.tzname() != ends.tzname():
        start = f"{start} {starts.tzname()}"
    end_format = "H:i" if starts.date() == ends.date() else "l j F Y, H:i"
    return f"{start} to {with_zone(ends, end_format)}"


def _local(moment: datetime) -> datetime:
    # The programme's zone, whatever zone a request may have activated.
    return moment.astimezone(ZoneInfo(settings.TIME_ZONE))


def _render_plain(template_name: str, context: dict) -> str:
    # Plain text is not HTML: "O'Brien" must not arrive as "O&#x27;Brien".
    return get_template(template_name).template.render(Context(context, autoescape=False))


def render_subject(template_prefix: str, *, context: dict) -> str:
    """The email's subject alone, on one line: also what the outbox's list shows of a message
    composed only as it goes (`OutboxMessage.composer`)."""
    context = {"site_url": settings.SITE_URL, "site_name": settings.SITE_NAME, **context}
    # Within the outbox's column, however long the titles and places it names.
    return Truncator(
        " ".join(_render_plain(f"{template_prefix}_subject.txt", context).split())
    ).chars(SUBJECT_LENGTH)


def render_templated_mail(
    template_prefix: str,
    *,
    context: dict,
    attachments: list[tuple[str, bytes | str, str]] | None = None,
) -> Composed:
    context = {"site_url": settings.SITE_URL, "site_name": settings.SITE_NAME, **context}
    subject = render_subject(template_prefix, context=context)
    return Composed(
        subject=subject,
        text=_render_plain(f"{template_prefix}_message.txt", context),
        # The HTML is a document of its own, titled by the subject (`<title>{{ subject }}`).
        html=render_to_string(f"{template_prefix}_message.html", {**context, "subject": subject}),
        attachments=[
            (name, content.decode() if isinstance(content, bytes) else content, mimetype)
            for name, content, mimetype in attachments or []
        ],
    )


def send_templated_mail(
    template_prefix: str,
    *,
    to: str | OfficeRecipient,
    context: dict,
    attachments: list[tuple[str, bytes | str, str]] | None = None,
    recipient=None,
    about: str = "",
    changes: dict | None = None,
):
    """Render the email and put it in the outbox, in the caller's transaction. `about`:
    what it is about (`OutboxMessage.about`); `changes`: what it tells changed
    (`OutboxMessage.changes`); `to` one of the programme office (`OfficeRecipient`, naming
    its person): it goes only while they are in it."""
    composed = render_templated_mail(template_prefix, context=context, attachments=attachments)
    return outbox_write(
        kind=template_prefix,
        to=to,
        recipient=recipient,
        subject=composed.subject,
        text=composed.text,
        html=composed.html,
        attachments=composed.attachments,
        about=about,
        changes=changes,
    )


@dataclass
class TemplatedMail:
    """One email of a batch (`send_templated_mails`): the arguments of `send_templated_mail`."""

    template_prefix: str
    to: str | OfficeRecipient
    context: dict
    attachments: list[tuple[str, bytes | str, str]] | None = None
    recipient: object = None
    about: str = ""
    changes: dict | None = None


def send_templated_mails(mails: Sequence[TemplatedMail]) -> list:
    """Render each email and put them all in the outbox in one INSERT, in the caller's
    transaction: for a change made to many objects at once."""
    messages = []
    for mail in mails:
        composed = render_templated_mail(
            mail.template_prefix, context=mail.context, attachments=mail.attachments
        )
        messages.append(
            outbox_message(
                kind=mail.template_prefix,
                to=mail.to,
                recipient=mail.recipient,
                subject=composed.subject,
                text=composed.text,
                html=composed.html,
                attachments=composed.attachments,
                about=mail.about,
                changes=mail.changes,
            )
        )
    return outbox_write_many(messages) if messages else []
