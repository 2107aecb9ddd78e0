"""What a page sent back holds, read from a test client's response: its markup (`page_html`),
its main content as a reader sees it (`page_text`), its table rows (`table_rows`)."""

import html
import re
from html.parser import HTMLParser


def page_html(response) -> str:
    """The page's markup as sent, decoded."""
    return response.content.decode()


def page_text(response) -> str:
    """The page as a reader sees it: the main content's text, white space collapsed."""
    main = re.search(r"<main.*?</main>", response.content.decode(), re.S)
    markup = main.group(0) if main else response.content.decode()
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", markup)).split())


class Cells(HTMLParser):
    """Every table row of the page, as a list of its cells' text."""

    def __init__(self):
        super().__init__()
        self.rows, self._row, self._cell = [], None, None

    def handle_starttag(self, tag, attrs):
        if tag == "tr":
            self._row = []
        elif tag in ("th", "td") and self._row is not None:
            self._cell = []

    def handle_endtag(self, tag):
        if tag in ("th", "td") and self._cell is not None:
            self._row.append(" ".join("".join(self._cell).split()))
            self._cell = None
        elif tag == "tr" and self._row is not None:
            self.rows.append(self._row)
            self._row = None

    def handle_data(self, data):
        if self._cell is not None:
            self._cell.append(data)


def table_rows(html: str) -> list[list[str]]:
    """Every table row in `html`, as a list of its cells' text."""
    parser = Cells()
    parser.feed(html)
    return parser.rows
