"""A form typed by hand for a page that stamps what it showed (`accounts.stale_edits`: the
office's programme, event and survey pages, a board member's profile), posted as if its page
had just been opened (`opened_now`, `post_opened_now`): only a post carrying the page's stamp
saves. A stamp the data carries already (a confirmation's "Yes" posts back the form's) is
kept. Each saved row of the page's inlines (a programme's themes, a survey's questions)
carries a stamp of its own, posted with the page's (`stamp_shown`, `rows_stamped_as_saved`)."""

from django.test import Client

from accounts.stale_edits import OPENED_AS, columns_stamp


def stamp_shown(page) -> dict:
    """The stamp `page` (a response) gives its form, and each saved row of its inlines, as
    the form posts them; {} for a page that gives none (a new row's)."""
    context = page.context
    form = context["adminform"].form if "adminform" in context else context["form"]
    if OPENED_AS not in form.fields:
        return {}
    rows = [
        row
        for inline in context.get("inline_admin_formsets", [])
        for row in inline.formset.initial_forms
        if OPENED_AS in row.fields
    ]
    return {each.add_prefix(OPENED_AS): each[OPENED_AS].value() for each in [form, *rows]}


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


def rows_stamped_as_saved(prefix: str, rows: dict, columns: list[str]) -> dict:
    """The stamps a page opened now would give its inline's saved rows, for data built
    without opening it: `rows` by their form's number (`{0: question, …}`), of `columns`,
    as each row holds them, under the inline's `prefix` ("questions")."""
    return {
        f"{prefix}-{n}-{OPENED_AS}": columns_stamp(
            columns, [getattr(row, column) for column in columns]
        )
        for n, row in rows.items()
    }
