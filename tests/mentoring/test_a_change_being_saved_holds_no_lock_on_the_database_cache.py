"""With the cache in the database (CACHE=database, for a site without Redis), a change to
what the navigation reads replaces the cache's generation once it commits, not inside its
transaction: written there, the generation's row stayed locked until the commit, every other
process's saves queued behind it, and a pair ended by the office as its mentor withdrew
(each taking the row and the pair's in the other order) deadlocked, one of them a server
error."""

import threading

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.db import OperationalError, connection, transaction
from django.test import override_settings

from mentoring import navigation
from tests.integration.conftest import DATABASE_CACHE

pytestmark = pytest.mark.django_db(transaction=True)


def locked_elsewhere(key: str) -> bool:
    """Whether another process (here another connection, in a thread of its own) finds the
    cache's row for `key` locked."""
    found = []

    def look():
        try:
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT 1 FROM django_cache WHERE cache_key = %s FOR UPDATE NOWAIT", [key]
                )
            found.append(False)
        except OperationalError:
            found.append(True)
        finally:
            connection.close()

    thread = threading.Thread(target=look)
    thread.start()
    thread.join()
    return found[0]


@pytest.fixture
def database_cache():
    with override_settings(CACHES=DATABASE_CACHE):
        call_command("createcachetable")
        cache.clear()
        yield
        cache.clear()


def test_saving_a_programme_leaves_the_generation_free_until_it_commits(cast, database_cache):
    cache.set(navigation.GENERATION, "before", timeout=None)
    key = cache.make_and_validate_key(navigation.GENERATION)

    with transaction.atomic():
        cast.programme.save()
        assert not locked_elsewhere(key)
        assert cache.get(navigation.GENERATION) == "before"

    assert cache.get(navigation.GENERATION) not in (None, "before")
