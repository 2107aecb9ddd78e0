"""Boxes of text to paste into, for the tests of how a box reads what it is sent
(accounts.bounds.as_typed): a meeting's form, whose `location` is a box of one line and
`purpose` (PurposeForm) one of several, and a form of the office's."""

from django import forms

from accounts import bounds
from mentoring.forms.meetings import MeetingForm


def meeting_form(**data) -> MeetingForm:
    """A pair's form for a meeting on 1 June 2099 at 10:00, with `data` typed in it."""
    return MeetingForm(
        {"day": "2099-06-01", "start": "10:00", **data},
        default_minutes=60,
        window=None,
        busy=[],
        with_reason=True,
    )


class OfficeBoxes(forms.Form):
    """A form of the office's, a box of one line and one of several: its boxes are given
    their limits one by one (`state_limit`, from accounts.admin_base.in_plain_words)."""

    place = forms.CharField(max_length=200)
    notes = forms.CharField(max_length=2_000, widget=forms.Textarea)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            bounds.state_limit(field)
