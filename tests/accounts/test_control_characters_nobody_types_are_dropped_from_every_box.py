"""Control characters come with text pasted from a spreadsheet cell or a terminal (a vertical
tab, an escape), never from typing. Every box of text drops them as it reads it
(accounts.bounds.as_typed), on the participants' forms and the office's alike, but the tab
and the line break; those that separate (a vertical tab) become a line break, or a space on
one line (tests/accounts/test_a_line_break_pasted_from_an_office_app_keeps_two_words_apart.py);
NUL is still refused beside its field; a password is read exactly as sent. Kept, they went
on into calendar files, which may not hold them:
tests/mentoring/test_a_control_character_typed_or_saved_never_reaches_a_calendar_file.py.
The controls that embed, override or isolate a direction of text are dropped too: one left
open in a name turned each paragraph naming it backwards, on other people's pages and in
emails."""

import pytest
from django import forms
from django.urls import reverse

from accounts import bounds
from accounts.models import User
from mentoring.forms.meetings import PurposeForm
from tests.boxes import OfficeBoxes, meeting_form
from tests.cast import SIGN_UP


def test_a_line_of_text_is_read_without_them():
    form = meeting_form(location="Room\x0b2.14\x1b")

    form.is_valid()

    # The vertical tab separated the words: a space on one line; the escape is dropped.
    assert form.cleaned_data["location"] == "Room 2.14"


def test_a_direction_override_or_isolate_is_dropped_but_a_mark_stays():
    # Right-to-left override (left open), then an isolate pair; then a right-to-left mark.
    form = meeting_form(location="Room \u202e2.14\u2067A\u2069 \u200fB")

    form.is_valid()

    assert form.cleaned_data["location"] == "Room 2.14A \u200fB"


@pytest.mark.django_db
def test_a_name_typed_on_signing_up_is_read_without_a_direction_override(client):
    client.post(reverse("account_signup"), {**SIGN_UP, "full_name": "Lena \u202eLate"})

    assert User.objects.get(email=SIGN_UP["email"]).full_name == "Lena Late"


def test_a_box_of_several_lines_keeps_its_line_breaks_and_tabs():
    form = PurposeForm({"purpose": "Listen.\r\nAsk\x07 why.\r\n\tThen\x1b act."})

    assert form.is_valid()
    assert form.cleaned_data["purpose"] == "Listen.\nAsk why.\n\tThen act."


def test_they_do_not_count_against_the_limit():
    form = meeting_form(location="x" * 200 + "\x1b" * 5)

    form.is_valid()

    assert "location" not in form.errors
    assert form.cleaned_data["location"] == "x" * 200


def test_a_nul_character_is_still_refused_beside_its_field():
    form = meeting_form(location="Room\x002.14")

    assert not form.is_valid()
    assert form.errors["location"] == [bounds.NUL_REFUSED]


def test_the_offices_boxes_read_them_as_typed_too():
    form = OfficeBoxes({"place": "Senate\x1b Room", "notes": "One\r\nTwo\x0c"})

    assert form.is_valid()
    assert form.cleaned_data == {"place": "Senate Room", "notes": "One\nTwo"}


class _Password(bounds.LimitedForm):
    password = forms.CharField(max_length=100, widget=forms.PasswordInput)


def test_a_password_is_read_exactly_as_sent():
    form = _Password({"password": "pass\x1bword"})

    assert form.is_valid()
    assert form.cleaned_data["password"] == "pass\x1bword"
