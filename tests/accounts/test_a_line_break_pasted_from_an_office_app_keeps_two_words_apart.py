"""Text copied from PowerPoint or Word carries a vertical tab where a line was broken
(Shift+Enter), and a form feed where a page was; a spreadsheet or an old export may carry the
file, group, record and unit separators. Every other control character is dropped as a box
reads it (accounts.bounds.as_typed); dropped too, these ran the last word of one line and
the first of the next together ("Listen first.Ask why."). They separate: a box of several
lines reads each as a line break, a one-line box and a calendar file as a space."""

import pytest
from icalendar import Calendar

from mentoring.calendar import meeting_ics
from mentoring.forms.meetings import PurposeForm
from tests.boxes import OfficeBoxes, meeting_form
from tests.factories import MeetingFactory

SEPARATORS = ["\x0b", "\x0c", "\x1c", "\x1d", "\x1e", "\x1f"]


def test_a_line_break_pasted_as_a_vertical_tab_does_not_run_two_words_together():
    form = PurposeForm({"purpose": "Listen first.\x0bAsk why.\x0cThen act."})

    assert form.is_valid(), form.errors
    assert form.cleaned_data["purpose"].split() == [
        "Listen",
        "first.",
        "Ask",
        "why.",
        "Then",
        "act.",
    ]


def test_a_box_of_several_lines_reads_each_separator_as_a_line_break():
    form = PurposeForm({"purpose": "One" + "".join(f"{each}One\x1b" for each in SEPARATORS)})

    assert form.is_valid(), form.errors
    assert form.cleaned_data["purpose"] == "\n".join(["One"] * 7)


@pytest.mark.parametrize("separator", SEPARATORS)
def test_a_one_line_box_reads_it_as_a_space(separator):
    form = meeting_form(location=f"Room{separator}2.14\x1b")

    form.is_valid()

    assert form.cleaned_data["location"] == "Room 2.14"


def test_the_offices_boxes_keep_the_words_apart_too():
    form = OfficeBoxes({"place": "Senate\x0bRoom", "notes": "Agenda\x0bMinutes"})

    assert form.is_valid()
    assert form.cleaned_data == {"place": "Senate Room", "notes": "Agenda\nMinutes"}


def test_a_separator_counts_once_against_the_limit_as_the_browser_counted_it():
    form = meeting_form(location="x" * 100 + "\x0b" + "y" * 99)

    form.is_valid()

    assert "location" not in form.errors
    assert form.cleaned_data["location"] == "x" * 100 + " " + "y" * 99


@pytest.mark.django_db
def test_a_place_saved_with_one_reaches_the_calendar_with_a_space(cast):
    """Saved before the forms read it so: the calendar file keeps the words apart too."""
    meeting = MeetingFactory(match=cast.pair, location="Room\x0b2.14\x1b")

    content = meeting_ics(meeting, cast.mentor)

    (entry,) = Calendar.from_ical(content).walk("VEVENT")
    assert str(entry["location"]) == "Room 2.14"
