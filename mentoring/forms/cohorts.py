import uuid

from django import forms

from accounts.admin_base import in_plain_words
from accounts.bounds import IdChoiceField
from mentoring.models import CohortAudience, Event, Programme
from mentoring.models.cohorts import BODY_MAX_LENGTH, SUBJECT_MAX_LENGTH

# A page sent back with no token, or one that is no token at all (tampered with, or cut
# short), in the words of the project's other pages out of date.
OUT_OF_DATE = (
    "This page was out of date, so nothing was sent and nobody was emailed. It is open again "
    "below with what you typed: check it, then preview it again."
)


def _event_as_listed(event: Event) -> str:
    return f"{event} (called off)" if event.is_called_off else str(event)


class CohortMessageForm(forms.Form):
    """One message to a group of the programme. The token travels with the form from compose
    to preview to confirm, so the same form sends once however often it is submitted."""

    audience = forms.ChoiceField(
        label="Who receives it",
        choices=CohortAudience.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose who receives it."},
    )
    event = IdChoiceField(
        label="Event",
        queryset=None,
        required=False,
        help_text="Only for people registered for an event: those who cancelled are left out. "
        "For an event called off, those who held a place (e.g. to tell them of a new date).",
    )
    subject = forms.CharField(
        max_length=SUBJECT_MAX_LENGTH,
        help_text=f"Up to {SUBJECT_MAX_LENGTH} characters.",
        widget=forms.TextInput(attrs={"size": 70}),
    )
    body = forms.CharField(
        label="Message",
        max_length=BODY_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 12, "cols": 70}),
        help_text=f"Plain text, up to {BODY_MAX_LENGTH:,} characters. Each email starts "
        "\"Dear (first name),\" and ends with the programme's name and the office's address.",
    )
    token = forms.UUIDField(widget=forms.HiddenInput)

    def __init__(self, *args, programme: Programme, **kwargs):
        super().__init__(*args, **kwargs)
        self.programme = programme
        if programme.has_ended:
            # Over for everyone else, who were told so: only its pairs still meet.
            self.fields["audience"].choices = [
                (CohortAudience.PAIRS.value, CohortAudience.PAIRS.label)
            ]
            self.fields[
                "audience"
            ].help_text = (
                f"{programme.name} has closed: only its pairs still meeting can be written to."
            )
        self.fields["event"].queryset = programme.events.order_by("starts_at")
        # Kept on the list: those who held a place at a called-off event were promised
        # word of a new date, and this is how the office sends it.
        self.fields["event"].label_from_instance = _event_as_listed
        in_plain_words(self)

    @property
    def out_of_date(self) -> bool:
        """Sent back without a token the page gave it: not a mistake to point out on a field
        nobody sees or can correct, but a page to open again (`opened_again`)."""
        return self.is_bound and "token" in self.errors

    def opened_again(self) -> "CohortMessageForm":
        """The page afresh, with a token of its own and what was typed, as each box draws
        it back (`BoundField.value`: read as typed, a NUL taken out)."""
        typed = {name: self[name].value() for name in self.fields if name != "token"}
        return CohortMessageForm(programme=self.programme, initial={**typed, "token": uuid.uuid4()})

    def clean_body(self):
        # Browsers send line breaks as CRLF; the email's text part wants plain newlines.
        return self.cleaned_data["body"].replace("\r\n", "\n")

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("audience") == CohortAudience.EVENT:
            if not cleaned.get("event"):
                self.add_error("event", "Choose the event whose people should receive it.")
        else:
            cleaned["event"] = None
        return cleaned
