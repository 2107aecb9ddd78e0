"""Each of the production server's workers, once it has loaded the application, sets what it
loaded aside from Python's collector of reference cycles and collects the young after
`YOUNG_OBJECTS` (config/gunicorn.py): what a request makes in cycles is still freed."""

import gc
import weakref

import pytest

from config import gunicorn


@pytest.fixture
def collector_as_it_was():
    threshold = gc.get_threshold()
    yield
    gc.unfreeze()
    gc.set_threshold(*threshold)


def test_a_worker_sets_what_it_loaded_aside_and_collects_the_young_less_often(
    collector_as_it_was,
):
    gc.unfreeze()

    gunicorn.post_worker_init(worker=None)

    assert gc.get_freeze_count() > 10_000  # the application's modules, settings, patterns
    assert gc.get_threshold()[0] == gunicorn.YOUNG_OBJECTS > 700


def test_a_requests_cycles_are_still_freed(collector_as_it_was):
    gunicorn.post_worker_init(worker=None)

    class Response:
        pass

    response, request = Response(), Response()
    response.request, request.response = request, response
    gone = weakref.ref(response)
    del response, request
    for _ in range(3):
        _ = [[] for _ in range(gunicorn.YOUNG_OBJECTS)]  # a few pages' worth of objects

    assert gone() is None
