"""The programme office's last two coordinators deleting their accounts at the same moment:
one goes, the other is told they are now the only one. Without the shared lock each saw the
other still there, and both went."""

import pytest

from accounts.models import User
from accounts.services import AccountDeleteError, account_delete
from tests.concurrency import at_once, needs_postgresql
from tests.factories import CoordinatorFactory

pytestmark = [pytest.mark.django_db(transaction=True), needs_postgresql]


def test_two_coordinators_deleting_themselves_at_once_leave_one(db):
    first = CoordinatorFactory(full_name="Ada First", email="ada@example.org")
    second = CoordinatorFactory(full_name="Ben Second", email="ben@example.org")
    assert User.objects.coordinators().count() == 2

    outcomes = at_once(
        lambda: account_delete(user=first, by=first),
        lambda: account_delete(user=second, by=second),
        expected=(AccountDeleteError,),
    )

    refused = [o for o in outcomes if isinstance(o, AccountDeleteError)]
    assert len(refused) == 1
    assert "only coordinator account" in str(refused[0])
    assert User.objects.coordinators().filter(deleted_at__isnull=True).count() == 1
