"""URLs worked out once per process (config.templating.reversed_url): the navigation's
links, the same for everyone, each meeting of a pair's page, drawn in Python, and each
programme's application form (`apply_url`); and the office's lists, filtered
(`office_list_url`), for its pages and emails."""

from collections.abc import Callable

from django.urls import reverse
from django.utils.http import urlencode

from config.templating import reversed_url

# An id no table reaches, reversed in place of a list's ids (`urls_with_id`).
_STAND_IN = 918_273_645_546_372_819


def fixed_url(name: str, *, place=None, **kwargs) -> str:
    """reverse(name, kwargs=kwargs), worked out once per process for each URL. `place`: the
    `url_place` read once for several URLs (the navigation's)."""
    return reversed_url(name, kwargs=kwargs, place=place)


def url_with_id(name: str, pk: int) -> str:
    """reverse(name, kwargs={"pk": pk}) for a URL whose only argument is an integer pk."""
    return reversed_url(name, kwargs={"pk": int(pk)})


def apply_url(programme) -> str:
    """The application form for `programme` (/apply/?programme=<slug>): where each page
    links someone to apply to it, or to read what they sent."""
    return f"{fixed_url('apply')}?{urlencode({'programme': programme.slug})}"


def office_list_url(model: str, **filters) -> str:
    """The office's list of `model` ("app_label.modelname", as permissions name it) filtered
    as `filters` say, the query written for it: a link on the office's start page, in a
    list's row, after an action, or in an email to the office."""
    url = reverse("admin:{}_{}_changelist".format(*model.split(".")))
    return f"{url}?{urlencode(filters)}" if filters else url


def urls_with_id(name: str) -> Callable[[int], str]:
    """`url_with_id(name, ·)` for the many rows of a list (a pair's meetings): the URL
    reversed once, around a stand-in id, and each row's id put in its place."""
    before, found, after = url_with_id(name, _STAND_IN).partition(str(_STAND_IN))
    if not found or str(_STAND_IN) in after:
        return lambda pk: url_with_id(name, pk)

    def url(pk: int) -> str:
        pk = int(pk)
        return f"{before}{pk}{after}" if pk >= 0 else url_with_id(name, pk)

    return url
