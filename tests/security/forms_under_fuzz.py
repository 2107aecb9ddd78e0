"""Helpers for posting odd data through the real pages: what a page's form would send (read
from the page itself, so a field added later is fuzzed too), values a person or a forger
might put in each field, and a snapshot of every row to prove nothing was half-saved."""

from html.parser import HTMLParser

from django.apps import apps
from django.db import connection
from hypothesis import strategies as st

# Values that broke, or could break, a form somewhere: NUL characters, integers past any
# column, digits that are not ASCII, impossible and far-off dates, huge text, markup.
ODD_VALUES = [
    "",
    " ",
    "\x00",
    "Ada\x00Lovelace",
    "9" * 30,
    "2147483648",
    "32768",
    "-1",
    "0",
    "²",
    "٤٢",
    "".join(chr(0xFF10 + n) for n in (4, 2)),  # full-width 42
    "9999-12-31",
    "0001-01-01",
    "2026-02-30",
    "25:61",
    "1e309",
    "NaN",
    "yes",
    "no",
    "on",
    "<script>alert(1)</script>",
    "javascript:alert(1)",
    "https://example.org/meet",
    "\r\n\r\n",
    "😀" * 3,
    "x" * 20_000,
]

# Text as typed anywhere, but no lone surrogates (a browser cannot send them).
TYPED = st.text(st.characters(exclude_categories=("Cs",)), max_size=40)
ODD = st.one_of(
    st.sampled_from(ODD_VALUES),
    TYPED,
    st.integers(min_value=-(2**70), max_value=2**70).map(str),
)

# The apps whose rows a form could write.
APPS = ["accounts", "mentoring", "matching", "evaluation"]


def snapshot() -> list:
    """Every row of every table of the project's apps, in order, as stored (read raw: no
    decrypting, so that a few hundred examples stay quick)."""
    rows = []
    with connection.cursor() as cursor:
        for label in APPS:
            for model in apps.get_app_config(label).get_models(include_auto_created=True):
                table = connection.ops.quote_name(model._meta.db_table)
                cursor.execute(f"SELECT * FROM {table} ORDER BY 1")
                rows.append(cursor.fetchall())
    return rows


class FormFields(HTMLParser):
    """The fields a page's forms would send, with the values the page filled in: each
    (name, [values]). Checkboxes and radios count when checked; a select sends its
    selected option (or its first)."""

    def __init__(self):
        super().__init__()
        self.fields: dict[str, list[str]] = {}
        self._select: str | None = None
        self._first_option: str | None = None
        self._textarea: str | None = None

    def _add(self, name: str, value: str | None) -> None:
        values = self.fields.setdefault(name, [])
        if value is not None:
            values.append(value)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        name = attrs.get("name")
        if tag == "input" and name and name != "csrfmiddlewaretoken":
            kind = attrs.get("type", "text")
            if kind in ("submit", "button", "image", "file"):
                return
            if kind in ("checkbox", "radio"):
                self._add(name, attrs.get("value", "on") if "checked" in attrs else None)
            else:
                self._add(name, attrs.get("value", ""))
        elif tag == "textarea" and name:
            self._textarea = name
            self._add(name, None)
        elif tag == "select" and name:
            self._select, self._first_option = name, None
            self._add(name, None)
        elif tag == "option" and self._select:
            value = attrs.get("value", "")
            if self._first_option is None:
                self._first_option = value
            if "selected" in attrs:
                self._add(self._select, value)

    def handle_data(self, data):
        if self._textarea:
            current = self.fields[self._textarea]
            self.fields[self._textarea] = [(current[0] if current else "") + data]

    def handle_endtag(self, tag):
        if tag == "textarea":
            self._textarea = None
        elif tag == "select" and self._select:
            if not self.fields[self._select] and self._first_option is not None:
                self.fields[self._select].append(self._first_option)
            self._select = None


def form_fields(page: str) -> dict[str, list[str]]:
    parser = FormFields()
    parser.feed(page)
    return parser.fields


def fuzzed(fields: dict[str, list[str]]) -> st.SearchStrategy[dict]:
    """For each field, what the page filled in, nothing at all, or odd values (one or a
    few: a field may be sent several times, as checkboxes are)."""
    return st.fixed_dictionaries(
        {
            name: st.one_of(
                st.just(values),
                st.just([]),
                ODD.map(lambda value: [value]),
                st.lists(ODD, min_size=2, max_size=3),
            )
            for name, values in fields.items()
        }
    )
