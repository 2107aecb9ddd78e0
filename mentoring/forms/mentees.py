from crispy_forms.helper import FormHelper
from crispy_forms.layout import Field, Fieldset, Layout
from django import forms

from accounts import bounds
from accounts.bounds import IdChoiceField, IdsChoiceField
from mentoring.forms.fields import (
    AVAILABILITY_TEMPLATE,
    AvailabilityField,
)
from mentoring.models import Board, BoardMember
from mentoring.models.mentees import PROFILE_FIELDS, themes_needed
from mentoring.pairing import Pairing

# The profile's answers but the many-to-many themes, which are saved separately.
PROFILE_ANSWERS = [name for name in PROFILE_FIELDS if name != "themes"]

# What the help under the bio and the learning goals says, by where the board member stands
# with a mentor in the programme (`BoardMember.pairing`), as the page's introduction says it
# (mentoring/profile.html): nothing is promised of a match that will not come.
BIO_HELP = {
    Pairing.TO_BE_PAIRED: "Your mentor sees this, with your name and role, once you are matched.",
    Pairing.PAIRED: "Your mentor sees this, with your name and role.",
    Pairing.WAS_PAIRED: "Your mentor saw this, with your name and role.",
    Pairing.NOT_TO_BE_PAIRED: "A mentor would have seen this, with your name and role.",
}
LEARNING_GOALS_HELP = "Only the programme office reads this."
FOR_MATCHING = "Only the programme office reads this; it helps them find you a good match."


class BoardMemberProfileForm(forms.ModelForm):
    themes = IdsChoiceField(
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="Which themes matter most to you?",
    )
    availability = AvailabilityField(
        required=True,
        label="When could you usually meet?",
        help_text="Tick every time that usually works. Meetings last about an hour.",
        error_messages={"required": "Tick at least one time when you could usually meet."},
    )

    class Meta:
        model = BoardMember
        fields = PROFILE_FIELDS
        field_classes = {"board": IdChoiceField}
        labels = {
            "board": "Board",
            "role_title": "Your role",
            "learning_goals": "What would you like to learn from reverse mentoring?",
            "learning_style": "How do you like to learn?",
            "interaction_approach": "Which approach sounds most like you in a conversation?",
            "bio": "A short bio for your mentor",
        }
        widgets = {
            "learning_goals": forms.Textarea(attrs={"rows": 4}),
            "learning_style": forms.RadioSelect,
            "interaction_approach": forms.RadioSelect,
            "bio": forms.Textarea(attrs={"rows": 3}),
        }
        error_messages = {
            "board": {"required": "Choose the board you sit on."},
            "department": {"required": "Tell us which department or office you lead."},
            "learning_goals": {
                "required": "Tell us, in a sentence or two, what you hope to learn."
            },
            "learning_style": {"required": "Choose how you like to learn."},
            "interaction_approach": {"required": "Choose the approach that sounds most like you."},
        }

    def __init__(self, *args, pairing: Pairing, **kwargs):
        """`pairing`: where the board member stands with a mentor (`BoardMember.pairing`),
        which the help under the bio and the learning goals follows."""
        super().__init__(*args, **kwargs)
        self.fields["bio"].help_text = BIO_HELP[pairing]
        self.fields["learning_goals"].help_text = (
            FOR_MATCHING if pairing == Pairing.TO_BE_PAIRED else LEARNING_GOALS_HELP
        )
        self.fields["themes"].queryset = self.instance.programme.themes.all()
        if themes_needed(self.instance.programme_id):
            self.fields["themes"].required = True
            self.fields["themes"].error_messages["required"] = (
                "Choose at least one theme: your programme pairs people who share one."
            )
        self.fields["board"].queryset = Board.objects.all()
        self.fields["board"].empty_label = "Choose your board"
        for name in (
            "board",
            "department",
            "learning_goals",
            "learning_style",
            "interaction_approach",
        ):
            self.fields[name].required = True
        for name in ("learning_style", "interaction_approach"):
            self.fields[name].choices = [c for c in self.fields[name].choices if c[0]]
        bounds.state_limits(self)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        self.helper.layout = Layout(
            Fieldset("Your role", "board", "role_title", "department"),
            Fieldset(
                "What you hope to learn",
                "learning_goals",
                "themes",
                "learning_style",
                "interaction_approach",
            ),
            Fieldset("Meeting", Field("availability", template=AVAILABILITY_TEMPLATE)),
            Fieldset("For your mentor", "bio"),
        )

    def answers(self) -> dict:
        return {name: self.cleaned_data[name] for name in PROFILE_ANSWERS}
