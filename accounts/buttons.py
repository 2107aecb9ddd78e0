"""Views that only a button posts to.

Opened rather than posted to (most often: someone pressed the button after their session had
ended, signed in again, and the sign-in page sent them back to the address the button posts
to), such a view does nothing and sends them to the page with the button, saying that
nothing was done yet, instead of the browser's bare "405" error page."""

from collections.abc import Callable
from functools import wraps

from django.contrib import messages
from django.http import HttpResponseNotAllowed
from django.shortcuts import redirect


def button_only(
    back: Callable[..., str],
    button: str,
    *,
    reach: Callable[..., str | None] | None = None,
):
    """Let only POST through to the view; a GET or HEAD is sent to `back(**kwargs)` (the URL of
    the page with the button, from the view's URL arguments), a GET with a message naming
    `button`. Put it inside the sign-in decorators. `reach(request, *args, **kwargs)`, asked
    first, raises Http404 for what the person may not reach, as the view would (the page
    sent back to may be their own, whose button is not this one), and returns what to say
    instead of "press again" when the button is no longer there (None: it is)."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if request.method == "POST":
                return view(request, *args, **kwargs)
            if request.method not in ("GET", "HEAD"):
                return HttpResponseNotAllowed(["POST"])
            said = reach(request, *args, **kwargs) if reach else None
            if request.method == "GET":
                messages.info(
                    request,
                    said or f"Nothing has been done yet: press “{button}” again to go ahead.",
                )
            return redirect(back(*args, **kwargs))

        return wrapped

    return decorator
