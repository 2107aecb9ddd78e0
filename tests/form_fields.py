"""A form with a field of every kind, for the tests of how fields are drawn (config.form_fields):
`Everything`, `Marked` (the same, its fields' wrappers marked), and answers to it that are
refused (`BAD`) or accepted (`GOOD`)."""

from django import forms
from django.core.validators import RegexValidator
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _lazy


class Everything(forms.Form):
    """A field of every kind the project draws, each with the options it may be given."""

    name = forms.CharField(max_length=20, help_text="Up to 20 characters & no <more>.")
    nickname = forms.CharField(required=False, widget=forms.TextInput(attrs={"class": "wide"}))
    code = forms.CharField(max_length=3, validators=[RegexValidator(r"^\d*$", "Digits only.")])
    statement = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), required=False)
    board = forms.ChoiceField(choices=[("", "Choose"), ("a", "Audit"), ("f", "Finance")])
    agree = forms.BooleanField(help_text="Tick to agree.")
    style = forms.ChoiceField(
        choices=[("a", "Active & busy"), ("r", "Reflective")],
        widget=forms.RadioSelect,
        help_text="Choose one.",
    )
    themes = forms.MultipleChoiceField(
        choices=[("Work", [(1, "Race"), (2, "Class")]), ("Life", [(3, "Faith")])],
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    when = forms.MultipleChoiceField(
        choices=[(1, "Monday"), (2, "Tuesday")], widget=forms.CheckboxSelectMultiple
    )
    # Radio buttons with attributes and an id of their own, a choice of no value, a value
    # offered twice (only the first is chosen), lazy and marked-safe labels, and unicode.
    size = forms.ChoiceField(
        choices=[
            (None, "None yet"),
            (1, "Ünïcode “quotes” & <b>"),
            (2, _lazy("Lazy & late")),
            (2, mark_safe("<i>Again</i>")),
        ],
        widget=forms.RadioSelect(attrs={"id": "own_id", "data-x": "<1>", "class": "wide"}),
        required=False,
    )
    frozen = forms.MultipleChoiceField(
        choices=[("a", "A"), ("b", "B")],
        widget=forms.CheckboxSelectMultiple,
        disabled=True,
        initial=["b"],
    )
    secret = forms.CharField(widget=forms.HiddenInput, required=False)
    upload = forms.FileField(required=False, help_text="A file.")
    unlabelled = forms.CharField(label="", required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["when"].needed_to_submit = True  # required of a sent form, not a draft
        self.fields["when"].required = False


class Marked(Everything):
    """A form that marks its fields' wrappers (Django's `css_classes`)."""

    error_css_class = "has-error"
    required_css_class = "needed"


# Answers refused: each field sent something it does not take, or nothing it needs.
BAD = {
    "name": "x" * 30,
    "board": "z",
    "style": "q",
    "themes": ["9"],
    "secret": "s",
    "code": "abcd",
    "size": "7",
}
# Answers accepted.
GOOD = {
    "name": "Maya",
    "board": "a",
    "agree": "on",
    "style": "r",
    "themes": ["1", "3"],
    "size": "2",
}
