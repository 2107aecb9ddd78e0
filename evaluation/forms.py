"""The survey as a form: one field per question, built from the survey's questions.

Whether an answer is needed, on offer or short enough is decided by
`evaluation.services.check_value` alone, so the form and the service can never disagree:
the fields only read what was posted, and each question's value goes through that rule.
"""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Field, Layout
from django import forms
from django.utils.html import conditional_escape

from accounts.bounds import read_as_typed
from evaluation.models import MAX_TEXT_ANSWER, Question, QuestionKind
from evaluation.services import SurveyError, check_value

# The last radio of an optional one-choice question: choosing it leaves the question unanswered.
NO_ANSWER = "No answer"

# The eleven radios of a 0 to 10 question in one row, and "No answer" when it is optional
# (crispy's inline radios hide the error).
SCALE_TEMPLATE = "evaluation/includes/scale_field.html"


class OfferedChoiceField(forms.ChoiceField):
    """Radio buttons for the options; whether the value sent is one of them is check_value's
    to decide, with its message."""

    def validate(self, value):
        pass


class OfferedMultipleChoiceField(forms.MultipleChoiceField):
    def validate(self, value):
        pass


# What becomes of a written answer: the office reads it word for word (without a name, among
# at least the minimum group size of others, in a random order: evaluation.results).
WRITTEN_ANSWER_READ = (
    "The programme office reads what you write word for word, without your name: leave out "
    "anything that would identify you."
)


def _limit_help(question: Question) -> str:
    own = conditional_escape(question.help_text)
    limit = f"Up to {MAX_TEXT_ANSWER:,} characters. {WRITTEN_ANSWER_READ}"
    return f"{own} {limit}" if own else limit


def _scale_options(question: Question) -> list[tuple[int, str]]:
    options = question.options
    first, last = options[0][0], options[-1][0]
    # Neutral words for the ends: a 0 to 10 question may ask how likely, how confident or
    # how useful, and the label must fit every one.
    return [(first, f"{first} (lowest)"), *options[1:-1], (last, f"{last} (highest)")]


def field_for(question: Question) -> forms.Field:
    """The form field for one question. Fields are never `required` to Django: an answer
    being needed is check_value's rule; `needed_to_submit` keeps the "(optional)" mark off
    the label (config.form_fields)."""
    common = {"label": question.text, "required": False}
    if question.kind == QuestionKind.TEXT:
        # The box stops at the limit, as every other box does, and is read as typed, as
        # every other box is (`read_as_typed`): a line break counts once, as the browser
        # counted it, and what nobody types is gone before check_value counts the limit.
        box = forms.Textarea(attrs={"rows": 4, "maxlength": str(MAX_TEXT_ANSWER)})
        field = forms.CharField(widget=box, help_text=_limit_help(question), **common)
        read_as_typed(field)
    else:
        options = (
            _scale_options(question) if question.kind == QuestionKind.SCALE else question.options
        )
        help_text = conditional_escape(question.help_text)
        if question.kind == QuestionKind.MULTIPLE:
            help_text = " ".join(filter(None, [help_text, "Tick all that apply."]))
            field = OfferedMultipleChoiceField(
                choices=options, widget=forms.CheckboxSelectMultiple, help_text=help_text, **common
            )
        else:
            if not question.required:
                # A radio, once clicked, cannot be unclicked: without this an optional
                # question answered by mistake would be answered for good.
                options = [*options, ("", NO_ANSWER)]
            field = OfferedChoiceField(
                choices=options, widget=forms.RadioSelect, help_text=help_text, **common
            )
    field.needed_to_submit = question.required
    return field


class SurveyForm(forms.Form):
    def __init__(self, *args, questions: list[Question], **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = {self.name_for(question): question for question in questions}
        for name, question in self.questions.items():
            self.fields[name] = field_for(question)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        self.helper.layout = Layout(
            *(
                Field(name, template=SCALE_TEMPLATE)
                if question.kind == QuestionKind.SCALE
                else name
                for name, question in self.questions.items()
            )
        )

    @staticmethod
    def name_for(question: Question) -> str:
        return f"question_{question.pk}"

    def clean(self):
        data = super().clean()
        self.answers = {}
        for name, question in self.questions.items():
            if name in self.errors:
                continue
            try:
                self.answers[question.pk] = check_value(question, data.get(name))
            except SurveyError as error:
                self.add_error(name, str(error))
        return data

    def kept(self) -> dict:
        """What was posted, as initial values: to show the form again, unjudged, when the
        person goes back from the check page to change their answers."""
        return {
            name: field.widget.value_from_datadict(self.data, self.files, self.add_prefix(name))
            for name, field in self.fields.items()
        }

    def carried(self) -> list[tuple[str, str]]:
        """(name, value) for each value posted, for the check page to carry in hidden
        fields to the confirming POST (which checks them all again)."""
        return [
            (name, value)
            for name, posted in self.kept().items()
            for value in (posted if isinstance(posted, list) else [posted])
            if value is not None
        ]

    def review(self) -> list[tuple[Question, list[str]]]:
        """Each question with the answer given, in words, for the check page (an empty
        list: not answered)."""
        rows = []
        for name, question in self.questions.items():
            value = self.answers.get(question.pk)
            labels = dict(self.fields[name].choices) if question.kind != QuestionKind.TEXT else {}
            if value is None:
                words = []
            elif question.kind == QuestionKind.TEXT:
                words = [value]
            elif question.kind == QuestionKind.MULTIPLE:
                words = [labels[pick] for pick in value]
            else:
                words = [labels[value]]
            rows.append((question, words))
        return rows
