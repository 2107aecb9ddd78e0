"""Email on real infrastructure: a Celery worker on Redis, a mail server, PostgreSQL.

The rest of the suite runs Celery eagerly and keeps mail in memory. Here a real worker
(celery.contrib.testing.worker, in a thread of this process) consumes from the Redis named
by REDIS_URL and delivers over SMTP to a real server (aiosmtpd) on a free local port, to
check what DESIGN.md ("Email and reminders") promises of the outbox:

- an email is delivered once, and its row says so;
- a broker that cannot be reached neither fails the request nor loses the email;
- a temporary refusal is retried with back-off, a permanent one is not;
- two reminder dispatchers at once, in two threads or two processes, send each reminder once.

The worker and the other processes read committed data, so every test is transactional.
CI sets DATABASE_URL and REDIS_URL; without them the tests fail, saying so (tests/servers.py).
"""

import contextlib
import email
import email.policy
import json
import logging
import os
import secrets
import socket
import subprocess
import sys
import threading
import time
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import kombu.pools
import pytest
from aiosmtpd.controller import Controller
from celery.contrib.testing.worker import start_worker
from celery.signals import setup_logging
from django.db import connection
from django.utils import timezone

import mentoring.reminders
from accounts.models import Invitation, OutboxMessage, OutboxStatus
from accounts.outbox import outbox_sweep
from accounts.services import invitation_create
from mentoring.models import Reminder
from mentoring.reminders import reminders_dispatch
from tests.factories import MeetingFactory
from tests.servers import free_port, needs_postgresql, needs_redis

ROOT = Path(__file__).resolve().parents[2]
DATABASE_URL = os.environ.get("DATABASE_URL", "")
REDIS_URL = os.environ.get("REDIS_URL", "")
# Nothing listens on port 1: connecting is refused at once, as when Redis is down.
DEAD_BROKER = "redis://127.0.0.1:1/0"
# After the last expected delivery, how long a second copy is given to turn up.
SETTLE_SECONDS = 0.5

pytestmark = [
    pytest.mark.django_db(transaction=True),
    # A real Celery worker consumes from Redis and reads the committed rows the test writes.
    needs_postgresql,
    needs_redis,
]


# A mail server


class MailServer:
    """An aiosmtpd handler: answers scripted in advance, then accepts and keeps messages."""

    def __init__(self):
        self.messages: list[tuple[list[str], email.message.EmailMessage]] = []
        # Replies to the next RCPT TO / end-of-DATA commands, in order; then it accepts.
        self.rcpt_replies: list[str] = []
        self.data_replies: list[str] = []
        self.rcpt_commands = 0
        self.data_times: list[float] = []

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        self.rcpt_commands += 1
        if self.rcpt_replies:
            return self.rcpt_replies.pop(0)
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        self.data_times.append(time.monotonic())
        if self.data_replies:
            return self.data_replies.pop(0)
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        self.messages.append((list(envelope.rcpt_tos), message))
        return "250 Message accepted for delivery"

    def recipients(self) -> list[str]:
        return sorted(address for rcpt_tos, _ in self.messages for address in rcpt_tos)


@pytest.fixture
def mail_server(settings):
    server = MailServer()
    controller = Controller(server, hostname="127.0.0.1", port=free_port())
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = controller.port
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = ""
    settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_TIMEOUT = 5
    yield server
    controller.stop()


# A broker and a worker


def reset_broker_connections(app) -> None:
    """Forget pooled broker connections, so the next message uses the current broker_url."""
    kombu.pools.reset()
    app._pool = None
    app.amqp._producer_pool = None


@pytest.fixture
def celery_app(settings):
    """The project's Celery app, not eager, its broker the Redis of REDIS_URL."""
    from config.celery import app

    # The embedded worker calls django.setup() again (Celery's Django fixup), which would
    # reconfigure logging for the rest of the suite; leave logging as it is.
    settings.LOGGING_CONFIG = None
    # As it starts, the worker checks what production's does (config/startup.py), a signing
    # key others cannot know among them: the suite's own is a short stand-in.
    settings.SECRET_KEY = secrets.token_urlsafe(50)
    saved = {
        "broker_url": app.conf.broker_url,
        "task_always_eager": app.conf.task_always_eager,
        "worker_hijack_root_logger": app.conf.worker_hijack_root_logger,
    }
    app.conf.update(broker_url=REDIS_URL, task_always_eager=False, worker_hijack_root_logger=False)
    reset_broker_connections(app)
    yield app
    app.conf.update(saved)
    reset_broker_connections(app)


def _keep_logging_as_it_is(**kwargs):
    # A receiver of `setup_logging` tells Celery not to configure logging itself.
    pass


@contextlib.contextmanager
def running_worker(app):
    """A real worker (solo pool, in a thread) consuming the app's broker, for the block."""
    warnings_captured = logging._warnings_showwarning is not None
    environ = {key: os.environ.get(key) for key in ("CELERY_LOG_LEVEL", "CELERY_LOG_FILE")}
    setup_logging.connect(_keep_logging_as_it_is)
    try:
        with start_worker(
            app, pool="solo", perform_ping_check=False, loglevel="WARNING", shutdown_timeout=15
        ) as worker:
            yield worker
    finally:
        setup_logging.disconnect(_keep_logging_as_it_is)
        if not warnings_captured:
            logging.captureWarnings(False)
        for key, value in environ.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


def wait_for(condition, what: str, timeout: float = 10) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout}s waiting for {what}")
        time.sleep(0.05)


def status_of(message: OutboxMessage) -> str:
    return OutboxMessage.objects.values_list("status", flat=True).get(pk=message.pk)


def wait_until_settled(message: OutboxMessage, status: str, what: str) -> None:
    wait_for(lambda: status_of(message) == status, what)
    # A second delivery, had one been queued, would arrive in the meantime.
    time.sleep(SETTLE_SECONDS)


# Other processes


def database_url_of_the_test_database() -> str:
    """DATABASE_URL naming the test database pytest-django created (test_<name>)."""
    parts = urlsplit(DATABASE_URL)
    return urlunsplit(parts._replace(path="/" + connection.settings_dict["NAME"]))


def manage_shell(code: str, **env) -> subprocess.Popen:
    """`manage.py shell -c code` in another process, on the test database."""
    return subprocess.Popen(
        [sys.executable, "manage.py", "shell", "-c", code],
        cwd=ROOT,
        env={**os.environ, "DATABASE_URL": database_url_of_the_test_database(), **env},
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


# Invitations: delivered once, whatever the broker or the mail server does


def test_an_invitation_reaches_the_mail_server_once(celery_app, mail_server, coordinator):
    with running_worker(celery_app):
        invitation = invitation_create(email="Provost@Example.com", invited_by=coordinator)
        row = OutboxMessage.objects.get(to="provost@example.com")
        wait_until_settled(row, OutboxStatus.SENT, "the worker to send the invitation")

    [(rcpt_tos, message)] = mail_server.messages
    assert rcpt_tos == ["provost@example.com"]
    assert message["To"] == "provost@example.com"
    assert message["Subject"] == "You are invited to the reverse mentoring programme"
    assert message["Message-ID"] == f"<outbox-{row.pk}@localhost>"
    assert "https://mentoring.example.org/accounts/invitation/" in message.as_string()
    row.refresh_from_db()
    assert (row.status, row.attempts, row.last_error) == (OutboxStatus.SENT, 1, "")
    assert row.sent_at is not None
    assert Invitation.objects.get(pk=invitation.pk).is_pending


@contextlib.contextmanager
def broker_that(behaviour: str):
    """The URL of a Redis that cannot be used, in one of the ways a broker goes away."""
    if behaviour == "refuses connections":
        yield DEAD_BROKER  # the server is down
        return
    with contextlib.ExitStack() as stack:
        listener = stack.enter_context(socket.socket())
        listener.bind(("127.0.0.1", 0))
        address = listener.getsockname()
        if behaviour == "never answers":
            # Connections complete (the kernel accepts them) and then hear nothing: a stuck
            # server, or one gone without closing the connection.
            listener.listen(16)
        else:
            # Once a listener's accept queue is full, Linux drops further connection
            # attempts: connecting hangs, as to a host whose packets are dropped.
            listener.listen(0)
            for _ in range(3):
                filler = stack.enter_context(socket.socket())
                filler.setblocking(False)
                filler.connect_ex(address)
            with pytest.raises(TimeoutError):
                socket.create_connection(address, timeout=0.5).close()
        yield f"redis://{address[0]}:{address[1]}/0"


@pytest.mark.parametrize("behaviour", ["refuses connections", "never answers", "drops packets"])
def test_an_invitation_made_while_the_broker_is_away_goes_once_it_is_back(
    celery_app, mail_server, behaviour
):
    # A web process whose broker cannot be used creates an invitation.
    with broker_that(behaviour) as broker_url:
        creating = manage_shell(
            "import time\n"
            "from accounts.services import invitation_create\n"
            "started = time.monotonic()\n"
            "invitation = invitation_create(email='provost@example.com', invited_by=None)\n"
            "print('created', invitation.pk, time.monotonic() - started)\n",
            REDIS_URL=broker_url,
        )
        try:
            stdout, stderr = creating.communicate(timeout=30)
        finally:
            if creating.poll() is None:
                creating.kill()
                creating.wait()
    assert creating.returncode == 0, stderr
    _, invitation_pk, seconds = stdout.strip().splitlines()[-1].split()
    # The service did not fail, nor wait long for the broker (see
    # CELERY_BROKER_TRANSPORT_OPTIONS)...
    assert float(seconds) < 6, f"invitation_create took {float(seconds):.1f}s"
    # ...which it did try, and give up on, leaving the email in the outbox.
    assert "Could not queue 1 email(s)" in stderr
    assert Invitation.objects.get(pk=invitation_pk).is_pending
    row = OutboxMessage.objects.get()
    assert (row.to, row.status, row.attempts) == ("provost@example.com", OutboxStatus.PENDING, 0)

    # The broker is back: the next sweep hands the row over, and the worker sends it.
    with running_worker(celery_app):
        assert outbox_sweep() == 1
        wait_until_settled(row, OutboxStatus.SENT, "the worker to send the swept invitation")

    assert mail_server.recipients() == ["provost@example.com"]
    row.refresh_from_db()
    assert (row.status, row.attempts) == (OutboxStatus.SENT, 1)


def test_a_mail_server_failing_twice_gets_the_message_at_the_third_attempt(
    celery_app, mail_server, settings
):
    settings.OUTBOX_RETRY_BASE_SECONDS = 0.2
    mail_server.data_replies = ["421 4.3.2 Too busy, try again later"] * 2

    with running_worker(celery_app):
        invitation_create(email="provost@example.com", invited_by=None)
        row = OutboxMessage.objects.get()
        wait_until_settled(row, OutboxStatus.SENT, "the third attempt to succeed")

    assert mail_server.recipients() == ["provost@example.com"]
    assert len(mail_server.data_times) == 3
    row.refresh_from_db()
    assert (row.status, row.attempts, row.last_error) == (OutboxStatus.SENT, 3, "")
    # Each retry waited at least its back-off (0.2 s, then twice that) after the failure.
    first_wait, second_wait = (
        later - earlier
        for earlier, later in zip(mail_server.data_times, mail_server.data_times[1:], strict=False)
    )
    assert first_wait >= 0.2
    assert second_wait >= 0.4


def test_an_address_the_mail_server_refuses_is_failed_at_once_and_not_retried(
    celery_app, mail_server, settings
):
    settings.OUTBOX_RETRY_BASE_SECONDS = 0.2
    mail_server.rcpt_replies = ["550 5.1.1 <nobody@example.com>: no such user"]

    with running_worker(celery_app):
        invitation_create(email="nobody@example.com", invited_by=None)
        row = OutboxMessage.objects.get()
        wait_for(lambda: status_of(row) == OutboxStatus.FAILED, "the refusal to be recorded")
        # Long past when a retry would have come (0.2 s, 0.4 s, ...); nor will the sweep.
        time.sleep(1)
        assert outbox_sweep() == 0
        time.sleep(SETTLE_SECONDS)

    assert mail_server.rcpt_commands == 1
    assert mail_server.messages == []
    row.refresh_from_db()
    assert (row.status, row.attempts) == (OutboxStatus.FAILED, 1)
    assert row.last_error.startswith("SMTPRecipientsRefused: ")
    assert "550" in row.last_error
    assert "no such user" in row.last_error
    assert row.sent_at is None


# Reminders: two dispatchers at once send each one once

KIND = "meeting_first_reminder"
MEMBERS = ["bola@example.org", "maya@example.org"]


def book_a_meeting_due_for_its_week_reminder(cast):
    # The dispatchers in other processes, and the worker composing the email, read the real
    # clock, so it is not frozen here. The meeting is a week ahead less three hours: its
    # 7-day reminder (mentoring.reminders.rules.meeting_reminder_due: from 7 days before,
    # on the wall clock, until the last reminder 1 day before) is due now, whatever a clock
    # change does to the wall clock, and it was booked well before that.
    now = timezone.now()
    return MeetingFactory(
        match=cast.pair,
        starts_at=now + timedelta(days=7, hours=-3),
        confirmed_at=now - timedelta(days=20),
    )


def reminders_sent(meeting) -> int:
    return OutboxMessage.objects.filter(
        reminder__kind=KIND, reminder__object_id=meeting.pk, status=OutboxStatus.SENT
    ).count()


def assert_each_member_reminded_once(meeting, mail_server) -> None:
    reminders = Reminder.objects.filter(kind=KIND, object_id=meeting.pk)
    assert sorted(reminder.to for reminder in reminders) == MEMBERS
    messages = OutboxMessage.objects.filter(reminder__in=reminders)
    assert sorted(messages.values_list("to", flat=True)) == MEMBERS
    assert {message.status for message in messages} == {OutboxStatus.SENT}
    # No other outbox row was written by either dispatcher: one per reminder, no more.
    assert OutboxMessage.objects.count() == Reminder.objects.count()
    delivered = [
        address
        for rcpt_tos, message in mail_server.messages
        if message["Subject"].startswith(("In 6 days: ", "In 7 days: "))
        for address in rcpt_tos
    ]
    assert sorted(delivered) == MEMBERS


def test_two_dispatcher_threads_at_once_remind_each_member_once(
    cast, celery_app, mail_server, monkeypatch
):
    meeting = book_a_meeting_due_for_its_week_reminder(cast)
    # Both threads meet as each is about to write the same reminders: neither has written
    # them yet. One takes its turn and writes them; the other waits for it, then finds them.
    together = threading.Barrier(2)
    record = mentoring.reminders._record

    def record_together(kind, dues, now):
        if kind.name == KIND:
            together.wait(timeout=10)
        return record(kind, dues, now)

    monkeypatch.setattr(mentoring.reminders, "_record", record_together)
    written = {}

    def dispatch(name):
        try:
            written[name] = reminders_dispatch()
        except Exception as error:
            written[name] = error
        finally:
            # Each thread opened its own connection; leave none behind.
            connection.close()

    with running_worker(celery_app):
        threads = [threading.Thread(target=dispatch, args=[name]) for name in ("a", "b")]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=30)
        assert not any(thread.is_alive() for thread in threads), "a dispatcher never finished"
        assert all(isinstance(result, dict) for result in written.values()), written
        wait_for(lambda: reminders_sent(meeting) == 2, "the worker to send both reminders")
        time.sleep(SETTLE_SECONDS)

    # One dispatcher wrote both reminders; the other found them there.
    assert sorted(result[KIND] for result in written.values()) == [0, 2]
    assert_each_member_reminded_once(meeting, mail_server)


def test_two_dispatcher_processes_at_once_remind_each_member_once(cast, celery_app, mail_server):
    meeting = book_a_meeting_due_for_its_week_reminder(cast)
    # Each process starts Django and connects, says so, and waits for the word to go.
    code = (
        "import json, sys\n"
        "from django.db import connection\n"
        "from mentoring.reminders import reminders_dispatch\n"
        "connection.ensure_connection()\n"
        "print('ready', flush=True)\n"
        "sys.stdin.readline()\n"
        "print(json.dumps(reminders_dispatch()), flush=True)\n"
    )

    with running_worker(celery_app):
        # Their emails are queued on the same Redis, for this process's worker to send.
        dispatchers = [manage_shell(code, REDIS_URL=REDIS_URL) for _ in range(2)]
        try:
            for dispatcher in dispatchers:
                while (line := dispatcher.stdout.readline()) and line.strip() != "ready":
                    pass
                assert line, dispatcher.communicate(timeout=10)[1]
            for dispatcher in dispatchers:
                dispatcher.stdin.write("go\n")
                dispatcher.stdin.flush()
            outcomes = [dispatcher.communicate(timeout=30) for dispatcher in dispatchers]
        finally:
            for dispatcher in dispatchers:
                if dispatcher.poll() is None:
                    dispatcher.kill()
                    dispatcher.wait()
        for dispatcher, (_, stderr) in zip(dispatchers, outcomes, strict=True):
            assert dispatcher.returncode == 0, stderr
        wait_for(lambda: reminders_sent(meeting) == 2, "the worker to send both reminders")
        time.sleep(SETTLE_SECONDS)

    written = [json.loads(stdout.strip().splitlines()[-1]) for stdout, _ in outcomes]
    assert sorted(result[KIND] for result in written) == [0, 2]
    assert_each_member_reminded_once(meeting, mail_server)
