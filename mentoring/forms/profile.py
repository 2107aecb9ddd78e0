from django import forms

from accounts import bounds
from accounts.models import User


class NudgesForm(bounds.LimitedForm):
    """Whether the person gets the optional nudges (mentoring.reminders, `optional` kinds).
    Reminders of what is booked are not theirs to switch off, so they are not offered."""

    wants_nudges = forms.TypedChoiceField(
        label="Send me nudges?",
        choices=[
            ("yes", "Yes, nudge me when a meeting is due and nothing is booked"),
            ("no", "No, only remind me of what is booked"),
        ],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
        error_messages={"required": "Choose whether you want nudges."},
    )

    def __init__(self, *args, person: User, **kwargs):
        kwargs.setdefault("initial", {"wants_nudges": "yes" if person.wants_nudges else "no"})
        super().__init__(*args, **kwargs)
        self.person = person

    def save(self) -> None:
        self.person.wants_nudges = self.cleaned_data["wants_nudges"]
        self.person.save(update_fields=["wants_nudges"])


DEPARTMENT_NEEDED = (
    "An application in the running needs a department: the match board reads it, never "
    "pairing a mentor with a board member of their own department."
)


def department_needed(field, parts: dict) -> None:
    """Make a form's department `field` required of someone applying or mentoring (`parts`,
    `mentoring.selectors.parts_of`), saying why: their application keeps the account's."""
    if parts["applicant"]:
        field.required = True
        field.error_messages["required"] = DEPARTMENT_NEEDED


class AccountDetailsForm(forms.ModelForm):
    """What everyone can change about themselves: how they are named and described to the
    person they are paired with and to the programme office. `parts`: the programmes they
    take part in, by part (mentoring.selectors.parts_of). Someone who takes part in none
    will not be paired, so nothing is said about a partner. A board member is described
    to their mentor by their programme profile's role and department (BoardMemberProfileForm),
    so those are asked there, once, and here only their name; unless they are also a mentor
    (or applying to be one) elsewhere, whose board member sees their job title and department:
    then those are asked here too, named apart from the programme profile's on the same page
    (`prefix`)."""

    def __init__(self, *args, parts: dict, **kwargs):
        if parts["board_member"] and parts["applicant"]:
            kwargs.setdefault("prefix", "account")
        super().__init__(*args, **kwargs)
        if parts["board_member"] and not parts["applicant"]:
            del self.fields["job_title"], self.fields["department"]
        elif not any(parts.values()):
            self.fields["job_title"].help_text = ""
        if "department" in self.fields:
            department_needed(self.fields["department"], parts)
        bounds.state_limits(self)

    class Meta:
        model = User
        fields = ["full_name", "job_title", "department"]
        labels = {"full_name": "Full name", "job_title": "Job title", "department": "Department"}
        help_texts = {
            "job_title": "The person you are paired with sees your name, job title and department.",
        }
        error_messages = {"full_name": {"required": "Tell us your name."}}
