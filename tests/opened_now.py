"""A form typed by hand for a page that stamps what it showed (`accounts.stale_edits`: the
office's programme, event and survey pages, a board member's profile), posted as if its page
had just been opened (`opened_now`, `post_opened_now`): only a post carrying the page's stamp
saves. A stamp the data carries already (a confirmation's "Yes" posts back the form's) is
kept."""

from django.test import Client

from accounts.stale_edits import OPENED_AS, columns_stamp


def stamp_shown(page) -> dict:
    """The stamp `page` (a response) gives its form, as the form posts it; {} for a page that
    gives none (a new row's)."""
    context = page.context
    form = context["adminform"].form if "adminform" in context else context["form"]
    if OPENED_AS not in form.fields:
        return {}
    return {form.add_prefix(OPENED_AS): form[OPENED_AS].value()}


def opened_now(client: Client, url: str, data: dict) -> dict:
    """`data` with the stamp the page at `url` gives its form when `client` opens it now."""
    page = client.get(url)
    assert page.status_code == 200, url
    return {**stamp_shown(page), **data}


def post_opened_now(client: Client, url: str, data: dict, **extra):
    """`client` posts `data` to `url` as its page opened now would (`opened_now`)."""
    return client.post(url, opened_now(client, url, data), **extra)


def stamp_as_saved(row, columns: list[str]) -> dict:
    """The stamp a page opened now would give its form of `row`, for data built from `row`
    without opening it (`tests.surveys.form_data`): of `columns`, as `row` holds them."""
    return {OPENED_AS: columns_stamp(columns, [getattr(row, column) for column in columns])}
