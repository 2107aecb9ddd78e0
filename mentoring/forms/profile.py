from django import forms

from accounts import bounds
from accounts.models import User
from mentoring.forms.fields import FixedTypedChoiceField, fields_copied_quickly
from mentoring.pairing import Pairing, pairing_stands


@fields_copied_quickly
class NudgesForm(bounds.LimitedForm):
    """Whether the person gets the optional nudges (mentoring.reminders, `optional` kinds).
    Reminders of what is booked are not theirs to switch off, so they are not offered."""

    wants_nudges = FixedTypedChoiceField(
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


def as_mentor(parts: dict) -> Pairing:
    """Where the person stands with a board member, as a mentor, from their `parts`."""
    return pairing_stands(
        paired=parts["paired_as_mentor"],
        may_be_paired=parts["may_be_paired_as_mentor"],
        was_paired=parts["was_paired_as_mentor"],
    )


# What the help under the job title says of the board member who sees it, by where the
# person stands with one as a mentor (`mentoring.pairing.pairing_stands`); nothing when no
# board member ever will.
PARTNER_SEES = "The person you are paired with sees your name, job title and department."
JOB_TITLE_HELP = {
    Pairing.PAIRED: PARTNER_SEES,
    Pairing.TO_BE_PAIRED: PARTNER_SEES,
    Pairing.WAS_PAIRED: "The person you were paired with sees your name, job title and department.",
    Pairing.NOT_TO_BE_PAIRED: "",
}


@fields_copied_quickly
class AccountDetailsForm(forms.ModelForm):
    """What everyone can change about themselves: how they are named and described to the
    person they are paired with and to the programme office. `parts`: the programmes they
    take part in, by part, and where they stand with a partner (mentoring.selectors.parts_of).
    What is said of a partner follows where they stand as a mentor: nothing to someone
    who never was paired and never will be (taking part in no programme, or only in
    programmes that ended first); their board member of an ended pair still sees their
    details on the pair's page. A board member is described
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
        else:
            self.fields["job_title"].help_text = JOB_TITLE_HELP[as_mentor(parts)]
        if "department" in self.fields:
            department_needed(self.fields["department"], parts)
        bounds.state_limits(self)

    class Meta:
        model = User
        fields = ["full_name", "job_title", "department"]
        labels = {"full_name": "Full name", "job_title": "Job title", "department": "Department"}
        error_messages = {"full_name": {"required": "Tell us your name."}}
