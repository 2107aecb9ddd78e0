"""gunicorn's settings for the production server: the Dockerfile and docker-compose.yml start
it as `gunicorn config.wsgi --config python:config.gunicorn`.

The access log keeps every request, with the secret part of a link that is a key in itself
written as "…" (config.secret_links).
"""

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
