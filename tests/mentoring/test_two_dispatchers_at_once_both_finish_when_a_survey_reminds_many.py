"""Two reminder dispatchers at once (two beats, or a queued run overlapping the next) both
finish when a survey reminds many people: each person is reminded once, and the office's
start page does not say survey reminders are failing.

Survey reminders are written in no one's order (`_in_no_ones_order`), so two runs writing
them together take the same rows in different orders; without taking turns, PostgreSQL
finds a deadlock and cancels one run."""

import threading
import time
from types import SimpleNamespace

import pytest
from django.db import connection, transaction
from django.urls import reverse
from django.utils import timezone

import accounts.outbox
import mentoring.reminders
from mentoring.models import Reminder
from mentoring.reminders import REGISTRY, Run, reminders_dispatch
from tests.admin_pages import sign_in_for_real
from tests.concurrency import needs_postgresql, started
from tests.factories import MentorFactory, QuestionFactory, SurveyFactory

pytestmark = [pytest.mark.daytime, pytest.mark.django_db(transaction=True), needs_postgresql]

KIND = "survey_open"


class OppositeOrders:
    """Stands in for the `random` module the reminders shuffle with: the first run's order
    is by person, the next run's the reverse. Two random orders cross too, but meet in a
    deadlock only now and then; these opposite ones meet every time, with a handful."""

    def __init__(self):
        self.runs = 0
        self.lock = threading.Lock()

    def SystemRandom(self):  # as the random module names it
        with self.lock:
            self.runs += 1
            backwards = self.runs % 2 == 0
        return SimpleNamespace(shuffle=lambda rows: rows.sort(key=by_key, reverse=backwards))


def by_key(row) -> str:
    key, _due = row
    return str(key)


def connections_waiting_for_a_lock() -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_stat_clear_snapshot()")  # read afresh in a transaction
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity "
            "WHERE datname = current_database() AND wait_event_type = 'Lock'"
        )
        return cursor.fetchone()[0]


def test_two_dispatchers_at_once_remind_each_mentor_once_and_nothing_is_failing(
    client, cast, monkeypatch
):
    MentorFactory.create_batch(4, programme=cast.programme, briefed=False)
    survey = SurveyFactory(programme=cast.programme, audience="mentors")
    QuestionFactory(survey=survey)
    mentors = 4 + 2  # and the cast's two
    dues = sorted(REGISTRY[KIND].find(Run(timezone.now())), key=lambda due: by_key((due.key, due)))
    assert len(dues) == mentors
    # The emails wait in the outbox: only the dispatchers' transactions matter here.
    monkeypatch.setattr(accounts.outbox, "enqueue", lambda ids: None)
    monkeypatch.setattr(mentoring.reminders, "random", OppositeOrders())

    # The middle mentor's reminder is being written by a third transaction, not yet
    # committed: each run writes its half of the others, then waits there. Then it is
    # dropped, and both runs go on, each towards the half the other has written.
    middle = dues[mentors // 2]
    with transaction.atomic():
        Reminder.objects.create(
            kind=KIND,
            object_id=survey.pk,
            recipient=middle.recipient,
            to=middle.to.lower(),
            due_on=middle.due_on,
            programme_id=middle.programme_id,
        )
        runs = [started(reminders_dispatch) for _ in range(2)]
        for _ in range(500):
            if connections_waiting_for_a_lock() == 2 or not all(t.is_alive() for t, _ in runs):
                break
            time.sleep(0.02)
        transaction.set_rollback(True)
    for thread, _outcome in runs:
        thread.join(timeout=30)
    assert not any(thread.is_alive() for thread, _outcome in runs)

    outcomes = [outcome for _thread, outcome in runs]
    assert [outcome.get("error") for outcome in outcomes] == [None, None]
    # One run wrote every mentor's reminder; the other found them written.
    assert sorted(outcome["result"][KIND] for outcome in outcomes) == [0, mentors]
    reminders = Reminder.objects.filter(kind=KIND, object_id=survey.pk)
    assert sorted(reminders.values_list("recipient", flat=True)) == sorted(
        due.recipient_id for due in dues
    )
    assert not reminders.filter(message__isnull=True).exists()

    sign_in_for_real(client, cast, "coordinator")
    page = client.get(reverse("admin:index")).content.decode()
    assert "Reminders not going out" not in page
