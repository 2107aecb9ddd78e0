"""URLs worked out once per process. Reversing a URL walks the URL configuration each time;
the navigation's links are the same for everyone, and a pair's page links each of its
meetings, so both are worked out once and filled in."""

from functools import lru_cache

from django.urls import get_script_prefix, get_urlconf, reverse

# An id no row has, reversed in place of the real one and then replaced by it.
_STAND_IN = 987654321987


@lru_cache(maxsize=64)
def _reversed(name: str, urlconf, prefix: str, **kwargs) -> str:
    return reverse(name, urlconf=urlconf, kwargs=kwargs or None)


def fixed_url(name: str, **kwargs) -> str:
    """reverse(), worked out once per process for each URL. The URL configuration and
    script prefix in use are part of the key."""
    return _reversed(name, get_urlconf(), get_script_prefix(), **kwargs)


@lru_cache(maxsize=64)
def _around_id(name: str, urlconf, prefix: str) -> tuple[str, str]:
    url = reverse(name, urlconf=urlconf, kwargs={"pk": _STAND_IN})
    before, found, after = url.partition(str(_STAND_IN))
    if not found or str(_STAND_IN) in after:
        raise ValueError(f"{name}'s URL does not hold its pk once: {url}")
    return before, after


def url_with_id(name: str, pk: int) -> str:
    """reverse(name, kwargs={"pk": pk}) for a URL whose only argument is an integer pk: the
    URL is reversed once per process around a stand-in id, and each pk put in its place."""
    before, after = _around_id(name, get_urlconf(), get_script_prefix())
    return f"{before}{int(pk)}{after}"
