import smtplib

from celery import shared_task
from django.core.management import call_command

from accounts.mail import deliver


@shared_task(name="accounts.tasks.sessions_clear_expired")
def sessions_clear_expired() -> None:
    call_command("clearsessions")


@shared_task(
    name="accounts.tasks.email_deliver",
    autoretry_for=(smtplib.SMTPException, OSError),
    retry_backoff=60,
    retry_backoff_max=60 * 60,
    max_retries=8,
)
def email_deliver(message: dict) -> None:
    """Deliver a rendered message (see accounts.mail); a mail-server hiccup is retried with
    back-off for about a day."""
    deliver(message)
