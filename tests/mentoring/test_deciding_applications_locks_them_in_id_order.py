"""Deciding applications locks them in id order, as the match board does: two coordinators,
one declining mentors and one pairing them, never deadlock."""

from datetime import timedelta

import pytest
from django.utils import timezone

from mentoring.models import ApplicationStatus, MentorApplication

pytestmark = pytest.mark.django_db
import threading  # noqa: E402

from django.db import connection, transaction  # noqa: E402

from mentoring.services.decisions import applications_decide  # noqa: E402
from mentoring.services.matches import sides_lock  # noqa: E402
from tests.concurrency import needs_postgresql, started  # noqa: E402
from tests.factories import MentorFactory  # noqa: E402


def _lock_waiters() -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_stat_clear_snapshot()")
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity "
            "WHERE datname = current_database() AND wait_event_type = 'Lock'"
        )
        return cursor.fetchone()[0]


def _until_waiters(n: int) -> None:
    for _ in range(300):
        if _lock_waiters() >= n:
            return
        threading.Event().wait(0.05)
    raise AssertionError(f"never {n} waiting for a lock")


@pytest.mark.django_db(transaction=True)
@needs_postgresql
def test_declining_two_mentors_while_the_board_locks_the_programmes_mentors_does_not_deadlock(
    cast,
):
    """A coordinator declines two accepted mentors (Ada, then Bea, applied later) in one go
    while a colleague's optimal assignment locks the programme's mentors (`sides_lock`, in id
    order: Ada, Cal, Bea) and a third transaction holds Cal for a moment. sides_lock says
    deciding takes applications in id order too; applications_decide takes them newest
    first (MentorApplication's ordering), so each ends up holding what the other waits for
    and PostgreSQL kills one: a server error for a coordinator."""
    now = timezone.now()
    ada = MentorFactory(programme=cast.programme, submitted_at=now - timedelta(days=3))
    cal = MentorFactory(programme=cast.programme, submitted_at=now - timedelta(days=2))
    bea = MentorFactory(programme=cast.programme, submitted_at=now - timedelta(days=1))
    assert ada.pk < cal.pk < bea.pk

    release = threading.Event()

    def hold_cal():
        with transaction.atomic():
            list(MentorApplication.objects.select_for_update().filter(pk=cal.pk).values("pk"))
            assert release.wait(20)

    def board_locks_mentors():
        with transaction.atomic():
            sides_lock(mentor_ids=[ada.pk, cal.pk, bea.pk], member_ids=[])

    holder, _ = started(hold_cal)
    threading.Event().wait(0.3)
    board, board_outcome = started(board_locks_mentors)
    _until_waiters(1)  # the board holds Ada, waits for Cal
    decide, decide_outcome = started(
        lambda: applications_decide(
            applications=list(MentorApplication.objects.filter(pk__in=[ada.pk, bea.pk])),
            status=ApplicationStatus.DECLINED,
            by=cast.coordinator,
        )
    )
    _until_waiters(2)  # deciding holds Bea, waits for Ada
    release.set()
    for thread in (holder, board, decide):
        thread.join(30)

    assert "error" not in board_outcome, board_outcome
    assert "error" not in decide_outcome, decide_outcome


from tests.production import (  # noqa: E402
    only_the_hourly_tasks,  # noqa: F401
)
