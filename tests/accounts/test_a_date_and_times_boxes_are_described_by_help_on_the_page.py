"""A date and time's two boxes in the admin (an event's end, a survey's opening) are
described by the field's help: they named "<id>_0_helptext", but Django's fieldset gives the
help an id only from the field's `id_for_label`, which two boxes have none of, so the help
was drawn with no id and a screen reader in either box heard nothing of it
(`DateAndTimeBoundField`)."""

import re
from html.parser import HTMLParser

import pytest
from django.urls import reverse

from tests.admin_pages import signed_in_for_real, words

pytestmark = pytest.mark.django_db

office = signed_in_for_real("coordinator")


class Described(HTMLParser):
    """Each element's id, and what each named box says describes it."""

    def __init__(self):
        super().__init__()
        self.ids, self.described_by = {}, {}

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if attrs.get("id"):
            self.ids[attrs["id"]] = self.ids.get(attrs["id"], 0) + 1
        if attrs.get("name") and attrs.get("aria-describedby"):
            self.described_by[attrs["name"]] = attrs["aria-describedby"].split()


def text_between(page: str, opening: str, closing: str) -> str:
    """The words of the first element that `opening` starts and `closing` ends (patterns)."""
    found = re.search(rf"{opening}(.*?){closing}", page, re.S)
    return words(found.group(1)) if found else ""


def text_of(page: str, element_id: str) -> str:
    """A help's words: the admin draws it as a <div> inside the one with its id."""
    return text_between(page, rf'id="{element_id}"[^>]*>', r"</div>\s*</div>")


@pytest.mark.parametrize(
    ("model", "field", "help_words"),
    [
        ("mentoring_event", "ends_at", "Leave empty for half a day after the start."),
        ("evaluation_survey", "opens_at", ""),
    ],
)
def test_each_box_of_a_date_and_time_is_described_by_its_help(office, model, field, help_words):
    page = office.get(reverse(f"admin:{model}_add")).content.decode()
    parsed = Described()
    parsed.feed(page)

    for box in (f"{field}_0", f"{field}_1"):
        described_by = parsed.described_by[box]
        assert described_by == [f"id_{field}_0_helptext"]
        assert parsed.ids.get(described_by[0]) == 1, f"{box} is described by nothing on the page"
    assert help_words in text_of(page, f"id_{field}_0_helptext")
    assert text_of(page, f"id_{field}_0_helptext")


def label_text(page: str, element_id: str) -> str:
    return text_between(page, rf'<label[^>]*\bid="{element_id}"[^>]*>', "</label>")


@pytest.mark.parametrize(
    ("model", "field", "label"),
    [
        ("mentoring_event", "starts_at", "Starts at:"),
        ("mentoring_event", "ends_at", "Ends at:"),
        ("evaluation_survey", "opens_at", "Opens at:"),
    ],
)
def test_each_box_of_a_date_and_time_is_named_by_the_field_and_its_own_label(
    office, model, field, label
):
    """Each box was named "Date:" or "Time:" alone (the field's label was for neither box), so
    a screen reader heard an event's start and end alike (`NamedSplitDateTime`)."""
    page = office.get(reverse(f"admin:{model}_add")).content.decode()

    for box, own in ((f"{field}_0", "Date:"), (f"{field}_1", "Time:")):
        tag = re.search(rf'<input[^>]*\bname="{box}"[^>]*>', page).group(0)
        named_by = re.search(r'aria-labelledby="([^"]*)"', tag).group(1).split()
        assert [label_text(page, element) for element in named_by] == [label, own]
