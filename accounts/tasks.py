"""The accounts app's Celery tasks. The outbox's own tasks live beside it (accounts.outbox),
so that writing an email never imports this module and no import goes round in a circle."""

from celery import shared_task
from django.core.management import call_command

from accounts.outbox import outbox_send, outbox_sweep

__all__ = ["outbox_send", "outbox_sweep", "sessions_clear_expired"]


@shared_task(name="accounts.tasks.sessions_clear_expired")
def sessions_clear_expired() -> None:
    call_command("clearsessions")
