"""The error summary of the form proposing a meeting links to "Propose it anyway" with "Check
the warning, then tick …": the tick is described by the warning itself (the list above the
form), then by that message, so that a screen reader user who follows the link hears what the
warning is. Each message is said once: the summary does not repeat the warning. Maya and Bola
last met on 10 November 2026 (today is 1 December); the programme's last day is 11 December."""

import re
from datetime import date
from html.parser import HTMLParser

import pytest
from django.urls import reverse

from tests.admin_pages import words
from tests.meetings import proposal_answers
from tests.pages import page_html

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("december")]

WARNING = "Wednesday 16 December 2026 is after 11 December 2026, the last day of 2026/27 pilot."


class _TextOf(HTMLParser):
    """The text inside the element of each of `ids`, by id."""

    def __init__(self, ids: list[str]):
        super().__init__()
        self.found = dict.fromkeys(ids, "")
        self.open: list[tuple[str, int]] = []  # (id, depth) of the elements being read
        self.depth = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("input", "br", "img", "meta", "link", "hr"):
            return
        self.depth += 1
        element_id = dict(attrs).get("id")
        if element_id in self.found:
            self.open.append((element_id, self.depth))

    def handle_endtag(self, tag):
        if self.open and self.open[-1][1] == self.depth:
            self.open.pop()
        self.depth -= 1

    def handle_data(self, data):
        for element_id, _ in self.open:
            self.found[element_id] += data


def described_by(page: str, name: str) -> str:
    """What the page's box named `name` is described by (`aria-describedby`), in order."""
    box = re.search(rf'<input[^>]*name="{name}"[^>]*>', page).group(0)
    ids = re.search(r'aria-describedby="([^"]*)"', box).group(1).split()
    reader = _TextOf(ids)
    reader.feed(page)
    return words(" ".join(reader.found[element_id] for element_id in ids))


def test_the_tick_to_propose_anyway_is_described_by_the_warning_then_its_message(
    met_three_weeks_ago, cast, maya
):
    cast.programme.ends_on = date(2026, 12, 11)
    cast.programme.save(update_fields=["ends_on"])

    page = page_html(
        maya.post(reverse("meeting_new", args=[cast.pair.pk]), proposal_answers(date(2026, 12, 16)))
    )

    assert described_by(page, "confirm") == (
        f"{WARNING} Check the warning, then tick “Propose it anyway” to go ahead."
    )
    # Said once on the page: above the form, not again in the summary.
    assert words(page).count(WARNING) == 1
