import os

import django
from django.core.handlers.wsgi import WSGIHandler, WSGIRequest

from config.startup import require_production_settings

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")


class ContentTypeReadRequest(WSGIRequest):
    """A request whose Content-Type cannot be read is read as if it had none, and marked
    (`content_type_unreadable`) for accounts.bounds.RefuseNulMiddleware to refuse with the
    site's 400 page. Django reads the header as it builds the request, before any
    middleware, and a parameter given in RFC 2231 form in a character set Python does not
    know (`charset*=nope''x`, `boundary*=nope''B`), or a character set named with a NUL,
    raised there: a server error for anyone. Django's test client builds its requests
    itself; tests of this call `application`."""

    content_type_unreadable = False

    def _set_content_type_params(self, meta):
        try:
            super()._set_content_type_params(meta)
        except (ValueError, LookupError):
            self.content_type, self.content_params = "", {}
            self.content_type_unreadable = True


class Handler(WSGIHandler):
    request_class = ContentTypeReadRequest


# As Django's `get_wsgi_application`, with the request above.
django.setup(set_prefix=False)
application = Handler()

require_production_settings()
