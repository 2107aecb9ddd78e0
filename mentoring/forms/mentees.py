from crispy_forms.layout import Layout
from django import forms
from django.db.models import Exists, OuterRef, QuerySet

from accounts import bounds
from accounts.bounds import IdChoiceField, IdsChoiceField
from accounts.stale_edits import OPENED_AS, OpenedAsField
from accounts.statements import Statement
from config.form_fields import Fieldset, FixedHelper
from mentoring.forms.fields import (
    AvailabilityField,
    AvailabilityGrid,
    FixedTypedChoiceField,
    fetch_choices,
    fields_copied_quickly,
)
from mentoring.models import Board, BoardMember, Theme
from mentoring.models.mentees import PROFILE_FIELDS, needs_a_theme
from mentoring.pairing import Pairing
from mentoring.services.mentees import profile_stamp

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


def _boards() -> QuerySet:
    return Board.objects.all()


def _themes_of(programme: int) -> QuerySet:
    return Theme.objects.filter(programme=programme)  # as `programme.themes.all()` reads them


def _themes_offered(programme: int, member: int) -> QuerySet:
    """The programme's themes (`_themes_of`), each with whether the board member chose it
    (`chosen`): the form's choices and the ones it starts with, in one read. Every writer of
    a board member's themes (this form, the office's) offers only their programme's."""
    chosen = BoardMember.themes.through.objects.filter(
        boardmember_id=member, theme_id=OuterRef("pk")
    )
    return _themes_of(programme).annotate(chosen=Exists(chosen))


# The choices of board and of themes the form draws, read by SQL built once (the querysets
# still check what is sent): built by Django each time, they took a twentieth of the page;
# read through the instance's `themes`, the themes chosen took a fifth of making the form.
_BOARDS = Statement(_boards)
_THEMES_OFFERED = Statement(_themes_offered)


def _profile_field(model_field, **kwargs):
    """The form's field for a model field, its choices (a learning style, an approach) those
    of the model field with no blank one, to be chosen, and shared by every form's copy. A
    board's rows are given by each form sent (`__init__`): the class's field has none, which
    each form's copy would clone only to replace."""
    if model_field.is_relation:
        kwargs["queryset"] = None
    if model_field.choices is not None:
        kwargs.update(
            choices=model_field.get_choices(include_blank=False),
            choices_form_class=FixedTypedChoiceField,
        )
    return model_field.formfield(**kwargs)


LEARNING_GOALS_HELP = "Only the programme office reads this."
FOR_MATCHING = "Only the programme office reads this; it helps them find you a good match."


# How the profile form is drawn, the same for every form: by sections, inside the page's own
# <form> and its CSRF field.
PROFILE_HELPER = FixedHelper(
    Layout(
        "opened_as",  # hidden: the profile as the page read it (`profile_stamp`)
        Fieldset("Your role", "board", "role_title", "department"),
        Fieldset(
            "What you hope to learn",
            "learning_goals",
            "themes",
            "learning_style",
            "interaction_approach",
        ),
        Fieldset("Meeting", AvailabilityGrid("availability")),
        Fieldset("For your mentor", "bio"),
    ),
    form_tag=False,
    disable_csrf=True,
    # Its widgets bring no scripts or styles (a test holds it): not gathered on every page.
    include_media=False,
)


@fields_copied_quickly
class BoardMemberProfileForm(forms.ModelForm):
    """A board member's programme profile. Its themes are saved apart from its other answers
    (`answers`), and it starts with those chosen (`_THEMES_OFFERED`), not with the model's."""

    helper = PROFILE_HELPER

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
    # The profile as the page read it: saved over only as it still is (`profile_stamp`).
    opened_as = OpenedAsField()

    field_order = PROFILE_FIELDS

    class Meta:
        model = BoardMember
        fields = PROFILE_ANSWERS
        field_classes = {"board": IdChoiceField}
        formfield_callback = _profile_field
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
        programme = kwargs["instance"].programme_id
        offered = _THEMES_OFFERED.fetch(programme=programme, member=kwargs["instance"].pk)
        chosen = [theme.pk for theme in offered if theme.chosen]
        kwargs["initial"] = {"themes": chosen, **kwargs.get("initial", {})}
        super().__init__(*args, **kwargs)
        self.fields[OPENED_AS].initial = profile_stamp(self.instance, chosen)
        self.fields["bio"].help_text = BIO_HELP[pairing]
        self.fields["learning_goals"].help_text = (
            FOR_MATCHING if pairing == Pairing.TO_BE_PAIRED else LEARNING_GOALS_HELP
        )
        if self.is_bound:
            # What a choice sent is checked against. Only a form sent checks one: a form
            # drawn reads its choices by `fetch_choices`, so an unbound one builds neither
            # queryset (the themes' took a tenth of making the form).
            self.fields["themes"].queryset = _themes_of(programme)
            self.fields["board"].queryset = Board.objects.all()
        fetch_choices(self.fields["themes"], lambda: offered)
        # What a complete profile needs of the themes (`profile_is_complete`), asked here
        # rather than found missing after the save.
        if needs_a_theme(self.instance):
            self.fields["themes"].required = True
            self.fields["themes"].error_messages["required"] = (
                "Choose at least one theme: your programme pairs people who share one."
            )
        self.fields["board"].empty_label = "Choose your board"
        fetch_choices(self.fields["board"], _BOARDS.fetch)
        for name in (
            "board",
            "department",
            "learning_goals",
            "learning_style",
            "interaction_approach",
        ):
            self.fields[name].required = True
        bounds.state_limits(self)

    def answers(self) -> dict:
        return {name: self.cleaned_data[name] for name in PROFILE_ANSWERS}
