"""URLs worked out once per process (config.templating.reversed_url): the navigation's
links, the same for everyone, and each meeting of a pair's page, drawn in Python."""

from config.templating import reversed_url


def fixed_url(name: str, *, place=None, **kwargs) -> str:
    """reverse(name, kwargs=kwargs), worked out once per process for each URL. `place`: the
    `url_place` read once for several URLs (the navigation's)."""
    return reversed_url(name, kwargs=kwargs, place=place)


def url_with_id(name: str, pk: int) -> str:
    """reverse(name, kwargs={"pk": pk}) for a URL whose only argument is an integer pk."""
    return reversed_url(name, kwargs={"pk": int(pk)})
