"""Run several jobs at the same moment, each in its own thread, so its own database
connection and transaction: how two people clicking at once, or two workers, meet."""

import threading
import time
from unittest import mock

from django.db import connection, connections, transaction

from tests import servers


def at_once(*jobs, expected=(Exception,)):
    """Release every job together (a barrier). Returns what each returned, or the error of
    an `expected` type that it raised."""
    barrier = threading.Barrier(len(jobs))
    outcomes = [None] * len(jobs)

    def run(index, job):
        try:
            barrier.wait(timeout=10)
            outcomes[index] = job()
        except expected as error:
            outcomes[index] = error
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i, job)) for i, job in enumerate(jobs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert not any(thread.is_alive() for thread in threads)
    return outcomes


def started(job) -> tuple[threading.Thread, dict]:
    """`job` running in another thread (its own connection), for a test that starts it at a
    chosen moment of its own request: the thread and its outcome ("result" or "error")."""
    outcome = {}

    def run():
        try:
            outcome["result"] = job()
        except Exception as error:  # what the other side met, for the test to assert on
            outcome["error"] = error
        finally:
            connections.close_all()

    thread = threading.Thread(target=run)
    thread.start()
    return thread, outcome


def run_now(job):
    """`job` run to its end in another thread (its own connection, so its own transaction,
    committed), for a test that has it happen between two steps of its own request: what it
    returned. It must not fail."""
    thread, outcome = started(job)
    thread.join(30)
    assert not thread.is_alive(), "it waited for a lock the test holds"
    assert "error" not in outcome, outcome
    return outcome.get("result")


# Concurrent transactions need PostgreSQL: SQLite serialises every writer, so the race these
# tests stage cannot happen there (tests/servers.py: without it they fail, saying so).
needs_postgresql = servers.needs_postgresql


def someone_waits_for_a_lock(cursor) -> bool:
    """Whether a connection to this test's database waits for a lock: another database on
    the same server (a second test run) must not count. Read afresh: inside a transaction
    PostgreSQL's activity view is read once."""
    cursor.execute("SELECT pg_stat_clear_snapshot()")
    cursor.execute(
        "SELECT count(*) FROM pg_stat_activity "
        "WHERE datname = current_database() AND wait_event_type = 'Lock'"
    )
    return bool(cursor.fetchone()[0])


def until_waiting_for_a_lock(failing: str) -> None:
    """Until a connection to this test's database waits for a lock (the other thread reached
    the lock the test holds); `failing` says what never came. Counted in sleeps: the clock
    may be frozen."""
    for _ in range(250):
        with connection.cursor() as cursor:
            if someone_waits_for_a_lock(cursor):
                return
        time.sleep(0.02)
    raise AssertionError(failing)


def waits_for_a_lock_or_ends(thread: threading.Thread) -> None:
    """Until `thread` waits for a lock in this test's database, or has ended (it took no
    lock, or none was held). Counted in sleeps: the clock may be frozen."""
    for _ in range(500):
        if not thread.is_alive():
            return
        with connection.cursor() as cursor:
            if someone_waits_for_a_lock(cursor):
                return
        time.sleep(0.02)
    raise AssertionError("the other side neither waited for a lock nor ended")


def while_held(first, then):
    """`first` runs in a transaction of its own, in one thread, and holds it open (its locks
    held) while `then` runs in another; both committed at the end. Failures of either fail
    the test."""
    done = threading.Event()
    failures = []

    def holding():
        try:
            with transaction.atomic():
                first()
                done.set()
                time.sleep(0.7)  # its locks held while the other arrives
        except Exception as error:  # reported below
            failures.append(error)
            done.set()
        finally:
            connections.close_all()

    def after():
        try:
            done.wait(timeout=10)
            then()
        except Exception as error:
            failures.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=holding), threading.Thread(target=after)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert not any(thread.is_alive() for thread in threads)
    assert failures == []


def held_open_after(module, name: str, first, then, *, refused=(Exception,)):
    """`first` runs in a thread of its own and, once past its checks (its call to
    `module.name` returned), holds its transaction open until `then`, run here, waits for a
    lock or has ended: the other side arriving in the instant before the first commits.
    What each returned, or the error of a `refused` type it raised."""
    reached, then_ended = threading.Event(), threading.Event()
    real = getattr(module, name)

    def holding(*args, **kwargs):
        result = real(*args, **kwargs)
        reached.set()
        for _ in range(250):  # counted in sleeps (the clock may be frozen): five seconds
            if then_ended.is_set():
                break
            with connection.cursor() as cursor:
                if someone_waits_for_a_lock(cursor):
                    break
            time.sleep(0.02)
        return result

    with mock.patch.object(module, name, holding):
        thread, outcome = started(first)
        assert reached.wait(timeout=10), outcome
        try:
            second = then()
        except refused as error:
            second = error
        finally:
            then_ended.set()
        thread.join(timeout=30)
    assert not thread.is_alive(), "the first side never ended"
    return outcome.get("result", outcome.get("error")), second
