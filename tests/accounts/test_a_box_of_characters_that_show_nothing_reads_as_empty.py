"""A box whose text is nothing but characters that show nothing (whitespace, zero-width and
other format characters, fillers, the braille blank) reads as empty, on every form, the
office's included (accounts.bounds.ReadsAsTyped), so that Django's required check and each
form's own "missing" message apply; any text with one visible character reads exactly as
typed. The answers of the participants' forms:
tests/mentoring/test_an_answer_of_invisible_characters_counts_as_not_given.py."""

import sys

from django import forms
from hypothesis import given, settings
from hypothesis import strategies as st

from accounts import bounds
from tests.boxes import OfficeBoxes

# Those the review named, beside every whitespace character.
NAMED = (
    "\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b\u180c\u180d\u180e\u180f"
    "\u200b\u200c\u200d\u200e\u200f\u202a\u202b\u202c\u202d\u202e"
    + "".join(chr(code) for code in range(0x2060, 0x2070))
    + "\u2800\u3164"
    + "".join(chr(code) for code in range(0xFE00, 0xFE10))
    + "\ufeff\uffa0\ufff9\ufffa\ufffb"
    + "".join(chr(code) for code in range(0x13430, 0x13440))
    + "".join(chr(code) for code in range(0x1BCA0, 0x1BCA4))
    + "\U0001d159"
    + "".join(chr(code) for code in range(0x1D173, 0x1D17B))
    + "".join(chr(code) for code in range(0xE0000, 0xE0080))
    + "".join(chr(code) for code in range(0xE0100, 0xE01F0))
)
WHITESPACE = "".join(chr(code) for code in range(sys.maxunicode + 1) if chr(code).isspace())
SHOWING_NOTHING = NAMED + WHITESPACE
# Of those, the ones a box keeps as typed in a text (`as_typed` drops or replaces the
# control characters nobody types: the carriage return, a vertical tab…).
KEPT_IN_TEXT = "".join(char for char in SHOWING_NOTHING if bounds.as_typed(char) == char)
VISIBLE = st.characters(
    blacklist_categories=("Cc", "Cs"), blacklist_characters=SHOWING_NOTHING
).filter(lambda char: not bounds.shows_nothing(char))


def read(text: str, widget=forms.Textarea) -> str:
    """What a box of words (`widget`), read as every form's are, reads of `text`."""
    field = forms.CharField(widget=widget)
    bounds.read_as_typed(field)
    return field.widget.value_from_datadict({"answer": text}, {}, "answer")


@settings(max_examples=300, deadline=None)
@given(text=st.text(alphabet=SHOWING_NOTHING, min_size=1))
def test_any_text_of_only_characters_that_show_nothing_reads_as_empty(text):
    assert read(text) == ""
    assert read(text, widget=forms.TextInput) == ""


@settings(max_examples=300, deadline=None)
@given(
    before=st.text(alphabet=KEPT_IN_TEXT),
    visible=VISIBLE,
    after=st.text(alphabet=KEPT_IN_TEXT),
)
def test_any_text_with_a_visible_character_reads_as_typed(before, visible, after):
    text = before + visible + after

    assert read(text) == text


def test_a_zero_width_joiner_inside_an_emoji_sequence_stays():
    typed = "\U0001f469\u200d\U0001f4bb likes"

    assert read(typed, widget=forms.TextInput).encode() == typed.encode()


def test_a_box_of_the_offices_reads_them_as_empty_and_says_what_is_missing():
    form = OfficeBoxes({"place": "\u200b \u200b", "notes": "\ufeff\u3164\u2800"})

    assert not form.is_valid()
    assert form.errors == {
        "place": ["This field is required."],
        "notes": ["This field is required."],
    }


def test_a_long_text_that_starts_visible_is_kept_whole():
    # The match stops at the first visible character, however long the rest.
    text = "x" + "\u200b" * 1_000_000

    assert read(text) == text
