"""gunicorn's settings for the production server: the Dockerfile and docker-compose.yml start
it as `gunicorn config.wsgi --config python:config.gunicorn`.

The access log keeps every request, with the secret part of a link that is a key in itself
written as "…" (config.secret_links).

Each worker, once it has loaded the application, sets what it loaded aside from Python's
collector of reference cycles (`post_worker_init`). A page makes tens of thousands of
objects, and the collector, run each time 700 more are made than freed, went through the
application's own (modules, settings, URL patterns, all kept for the process's life) again
and again: some 7% of a request's CPU time in process on the load bench's data (the admin's
list 13.1 → 11.8 ms, the dashboard 3.0 → 2.5, medians of 60). A request's own cycles (a
response and its request, an exception and its traceback) are still freed, after
`YOUNG_OBJECTS` rather than 700.
"""

import gc

from gunicorn.glogging import Logger

from config.secret_links import hide_secrets


class SecretHidingLogger(Logger):
    """gunicorn's logger, its access log atoms (the request line, the path, the query, the
    referrer, every header and environ value) with the secrets hidden."""

    def atoms(self, resp, req, environ, request_time):
        return {
            name: hide_secrets(value) if isinstance(value, str) else value
            for name, value in super().atoms(resp, req, environ, request_time).items()
        }


logger_class = SecretHidingLogger


# Objects made (more than freed) between two collections of the youngest: a few pages' worth.
YOUNG_OBJECTS = 20_000


def post_worker_init(worker) -> None:
    """gunicorn's hook, in each worker once it has loaded the application (see above)."""
    gc.collect()
    gc.freeze()
    gc.set_threshold(YOUNG_OBJECTS, *gc.get_threshold()[1:])
