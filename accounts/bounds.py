"""The bounds of what a person may type anywhere on the site: dates within a sensible span
of years, text of a stated length, no NUL character (nor any other control character but the
tab and the line break: `as_typed`). One place, so that every form (the admin's included),
every model and every database constraint says the same thing.

Beyond these bounds the database or the date arithmetic would fail (PostgreSQL refuses NUL
characters and integers past its column's range; a year 9999 plus a few hours overflows),
which a person would see as a server error instead of a message beside the field."""

import codecs
import re
from datetime import UTC, date, datetime

from django import forms
from django.core import validators
from django.core.exceptions import BadRequest, ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models.functions import Length
from django.db.models.lookups import Exact, LessThanOrEqual
from django.forms.formsets import INITIAL_FORM_COUNT, TOTAL_FORM_COUNT
from django.http import Http404, UnreadablePostError
from django.utils.functional import cached_property

EARLIEST_YEAR = 2000
LATEST_YEAR = 2100

# Free text, by kind. Generous for what each is for, small enough to read and to email.
SHORT_TEXT = 1_000  # a reason, a conflict of interest, a closing message
BIO = 2_000  # a bio, learning goals, an introduction
STATEMENT = 3_000  # an applicant's statement or reflection
NOTES = 5_000  # coordinators' notes, an event's description
PAGE = 10_000  # a programme page's section, the ground rules

# A pair's confidential text, stored encrypted. Each form states its limit and each service
# checks it again (`length_problem`); no database check can: a Fernet token's length
# follows the text's length in UTF-8 bytes (one to four a character), padded to 16, so a
# text one character over the limit can make a token no longer than one at the limit.
PAIR_PURPOSE = 2_000  # the pair's shared purpose
MEETING_NOTE = 5_000  # one member's private notes of a meeting
ACTION_STEP = 500  # what an action step is
ACTION_NEEDS = 1_000  # what an action step will take
ACTION_REVIEW = 500  # how an action step went, at the next meeting
MEETING_REASON = 500  # why a meeting moved, or was cancelled or dropped
ONLINE_LINK = 500  # a video call's address, its passcode in it: past Django's 200 for a URL
PAIR_REQUEST_NOTE = 2_000  # a note to the programme office asking to end or with a concern


def limit_text(max_length: int) -> str:
    """The help text that states a limit beside its field."""
    return f"Up to {max_length:,} characters."


def too_long(max_length: int, what: str = "This") -> str:
    """What a free-text field says to whoever types past its limit; `what` names the text
    where the message is not beside its field ("Your notes can be up to …")."""
    return f"{what} can be up to {max_length:,} characters long. Please shorten it."


def length_problem(text: str, max_length: int, what: str) -> str | None:
    """What a service says of `text` past `max_length` (its ends trimmed, as it is saved
    and as the form counts it), or None when it fits: the form's rule, for any caller."""
    return too_long(max_length, what) if len(text.strip()) > max_length else None


def with_limit(help_text: str, max_length: int) -> str:
    return f"{help_text} {limit_text(max_length)}".strip()


# Characters nobody types, which come with text pasted from a spreadsheet cell or a terminal:
# the control characters (C0 and DEL) but the tab, the line feed and NUL (refused beside its
# field instead, and alone: `RefusesNulAlone`). The carriage return goes too: a
# browser sends each line break as CR LF, and counted it once against the box's `maxlength`.
# Calendar files may not hold them (RFC 5545), and strict calendar apps refuse the whole feed.
# With them, the controls that embed, override or isolate a direction of text (U+202A to
# U+202E, U+2066 to U+2069), which a keyboard does not type either (a browser lays out
# right-to-left words by itself): one left open in a name turned the rest of each paragraph
# naming it, on other people's pages and in emails, backwards. The marks (U+200E, U+200F)
# stay, and change nothing outside their own words.
NOT_TYPED = re.compile("[\x01-\x08\x0b-\x1f\x7f\u202a-\u202e\u2066-\u2069]")
# Those of them that separate: PowerPoint's and Word's line break (Shift+Enter) is a vertical
# tab in text copied from them, a page break a form feed; then the file, group, record and
# unit separators. Dropped, the last word of one line and the first of the next would run
# together ("Listen first.Ask why."): each is a line break, or a space on one line.
SEPARATES = re.compile("[\x0b\x0c\x1c-\x1f]")
# On one line, the line feed too: a one-line box cannot hold a line break, but a page made up
# can send one, and a name or a line manager's name broken over lines would open a paragraph
# of its own in the emails that name it.
SEPARATES_ON_ONE_LINE = re.compile("[\n\x0b\x0c\x1c-\x1f]")


def as_typed(text: str, *, lines: bool = True) -> str:
    """`text` without the characters nobody types (`NOT_TYPED`), those that separate
    (`SEPARATES`) read as a line break, or, where the text is one line (`lines=False`: a
    one-line box, a line of a calendar file), each of them and a line break as a space."""
    if lines:
        return NOT_TYPED.sub("", SEPARATES.sub("\n", text))
    return NOT_TYPED.sub("", SEPARATES_ON_ONE_LINE.sub(" ", text))


# Characters that show nothing: Unicode whitespace (`str.isspace`, which `\s` matches) and the
# format characters, fillers and blanks a font draws as nothing (a soft hyphen, zero-width
# spaces and joiners, direction marks, the word joiner, variation selectors, the byte-order
# mark, the Hangul fillers, the braille blank, interlinear annotation marks, the format
# controls of hieroglyphs, shorthand and music, the musical null notehead, the tag
# characters). `str.strip`, and so Django's, removes only the whitespace, so an answer of a
# zero-width space and blanks passed as given. Only a text made of nothing else is read as
# empty (`shows_nothing`): inside a text, a zero-width joiner makes an emoji sequence or a
# word of some scripts, and stays.
DRAWN_AS_NOTHING = (
    r"\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b-\u200f"
    r"\u202a-\u202e\u2060-\u206f\u2800\u3164\ufe00-\ufe0f\ufeff\uffa0\ufff9-\ufffb"
    r"\U00013430-\U0001343f\U0001bca0-\U0001bca3\U0001d159\U0001d173-\U0001d17a"
    r"\U000e0000-\U000e007f\U000e0100-\U000e01ef"
)
SHOWS_NOTHING = re.compile(rf"[\s{DRAWN_AS_NOTHING}]*")
NOT_DRAWN = re.compile(f"[{DRAWN_AS_NOTHING}]+")


def shows_nothing(text: str) -> bool:
    """Whether `text` is nothing but characters that show nothing (`SHOWS_NOTHING`): the
    match stops at the first visible character, however long the text."""
    return SHOWS_NOTHING.fullmatch(text) is not None


def visible_length(text: str) -> int:
    """How many characters of `text` a minimum length counts: those a reader sees, its ends
    trimmed of whitespace. The characters a font draws as nothing (`DRAWN_AS_NOTHING`: a
    soft hyphen, zero-width spaces and joiners, the other format characters) are not
    counted, so forty zero-width spaces do not make two letters long enough. Spaces between
    words count, as they always have; so do combining marks (an accent typed apart from its
    letter, a vowel sign of Devanagari), which show, and without which many languages cannot
    be written."""
    return len(NOT_DRAWN.sub("", text).strip())


class ReadsAsTyped:
    """A box whose text is read as typed (`as_typed`; a box of one line, its separators as
    spaces), so that a line break counts once against its limit, as the browser counted it;
    and read as empty when nothing in it shows (`shows_nothing`), so that an answer of
    invisible characters is one not given: refused where it is needed, in the form's words."""

    def value_from_datadict(self, data, files, name):
        value = super().value_from_datadict(data, files, name)
        if not isinstance(value, str):
            return value
        value = as_typed(value, lines=isinstance(self, forms.Textarea))
        return "" if shows_nothing(value) else value


# Each kind of box (the admin's has its own) read as typed, made once.
_AS_TYPED: dict[type, type] = {}


# Boxes that hold a value of their own kind, not words: read as sent, and refused, beside the
# box, for a character nobody types by their kind's own rules (Django's for an address, a
# slug and JSON; a link's path, which Django's allows them in, by `refuse_not_typed` too).
NOT_WORDS = (forms.EmailField, forms.URLField, forms.SlugField, forms.JSONField)

NOT_TYPED_IN_A_LINK = (
    "This link holds a hidden character that cannot be part of a web address (it comes with "
    "text pasted from a spreadsheet or a terminal). Type or paste the link again."
)


def refuse_not_typed(value: str) -> None:
    if NOT_TYPED.search(value):
        raise ValidationError(NOT_TYPED_IN_A_LINK, code="not_typed")


# An address whose name is in quotation marks, or holds a backslash, reaches the mailbox of
# that name without them (`"maya"@…` is `maya@…`): no staff directory hands one out, and the
# rule of whose mailbox an address reaches (mentoring.approval.mailbox) would read it as
# another's, so that an applicant could name themselves as their own line manager. Refused
# in the site's words, and alone, not beside Django's "Enter a valid email address.".
QUOTED_ADDRESS = (
    "Enter the address without quotation marks or backslashes, as it is written in the staff "
    "directory (name@example.org)."
)


def is_quoted_address(value: str) -> bool:
    """Whether an address has its name quoted, or a character escaped (`QUOTED_ADDRESS`)."""
    return '"' in value or "\\" in value


def validate_plain_address(value: str) -> None:
    """Django's check of an address (`validate_email`), an address quoted or with a
    backslash refused first (`QUOTED_ADDRESS`)."""
    if is_quoted_address(value):
        raise ValidationError(QUOTED_ADDRESS, code="quoted")
    validators.validate_email(value)


# Said, alone, of a text holding a NUL character, which PostgreSQL cannot store. Django's
# own words ("Null characters are not allowed.") name what nobody sees, and came beside
# whatever else its other checks found in the same text: a limit, "Enter a valid email
# address." (`refuses_nul_alone`).
NUL_REFUSED = (
    "This held a hidden character that cannot be saved (it can come with text pasted from "
    "another program), so it has been taken out: check the text and send it again."
)
# Said of a box that never comes back filled (a password): there is nothing to check.
NUL_REFUSED_TYPE_AGAIN = (
    "This held a hidden character that cannot be saved (it can come with text pasted from "
    "another program): type it again rather than pasting it."
)


class RefusesNulAlone:
    """A text field that refuses a NUL character before reading the text any further, so
    that the person is told that once, and nothing else about a text that cannot be saved
    as it is (its length, an address's form, the form's own checks). The box comes back
    without it (`bound_data`): drawn back, a browser shows it as U+FFFD, which sent again
    unchanged would be saved."""

    def clean(self, value):
        if isinstance(value, str) and "\x00" in value:
            empty = isinstance(self.widget, forms.PasswordInput) and not self.widget.render_value
            said = NUL_REFUSED_TYPE_AGAIN if empty else NUL_REFUSED
            raise ValidationError(said, code="null_characters_not_allowed")
        return super().clean(value)

    def bound_data(self, data, initial):
        data = super().bound_data(data, initial)
        if isinstance(data, str) and "\x00" in data:
            return type(data)(data.replace("\x00", ""))  # of its kind: JSON not yet read
        return data


# Each kind of text field refusing a NUL alone, made once.
_REFUSING_NUL: dict[type, type] = {}


def refuses_nul_alone(field: forms.CharField) -> None:
    """Make `field` refuse a NUL character first and alone (`RefusesNulAlone`). Every form's
    text fields do, through `read_as_typed`, a password's and an address's included."""
    kind = type(field)
    if issubclass(kind, RefusesNulAlone):
        return
    if kind not in _REFUSING_NUL:
        _REFUSING_NUL[kind] = type(kind.__name__, (RefusesNulAlone, kind), {})
    field.__class__ = _REFUSING_NUL[kind]


def read_as_typed(field: forms.CharField) -> None:
    """Read `field`'s box as typed (`ReadsAsTyped`) where it holds words; a password is read
    exactly as sent, as it was set, and so is a value of its own kind (`NOT_WORDS`). Any of
    them refuses a NUL character first, and says only that (`refuses_nul_alone`)."""
    refuses_nul_alone(field)
    if isinstance(field, NOT_WORDS):
        if isinstance(field, forms.URLField) and refuse_not_typed not in field.validators:
            field.validators.append(refuse_not_typed)
        if isinstance(field, forms.EmailField):
            field.validators = [
                validate_plain_address if check is validators.validate_email else check
                for check in field.validators
            ]
        return
    kind = type(field.widget)
    if issubclass(kind, ReadsAsTyped | forms.PasswordInput):
        return
    if kind not in _AS_TYPED:
        _AS_TYPED[kind] = type(kind.__name__, (ReadsAsTyped, kind), {})
    field.widget.__class__ = _AS_TYPED[kind]


def state_limit(field: forms.CharField) -> None:
    """Say `field`'s limit beside it, unless it says it already, so that nobody finds it by
    typing past it, and say it again, in the same words, to whoever types past it. Its text
    is read as typed (`read_as_typed`): a line break counts once, as the browser counted it."""
    read_as_typed(field)
    field.error_messages["max_length"] = too_long(field.max_length)
    if "up to" not in str(field.help_text or "").lower():
        field.help_text = with_limit(str(field.help_text or ""), field.max_length)


# Said of a choice sent that the form did not offer (a page left open while the options
# changed, or a forged value), instead of Django's words, which repeat the value sent,
# however long (a choice), or not (a row), in words of their own either way.
NOT_OFFERED = "Choose one of the options offered: the one sent is not among them."
STOCK_NOT_OFFERED = {
    str(kind.default_error_messages["invalid_choice"])
    for kind in (forms.ChoiceField, forms.ModelChoiceField, forms.ModelMultipleChoiceField)
}
# Django's own messages of that kind, as its fields hold them (lazy, translated when read):
# one of these is replaced without being translated first, which took some twenty-five
# Python calls a choice field, on every form made.
STOCK_MESSAGES = tuple(
    kind.default_error_messages["invalid_choice"]
    for kind in (
        forms.ChoiceField,
        forms.MultipleChoiceField,
        forms.ModelChoiceField,
        forms.ModelMultipleChoiceField,
    )
)


def not_echoing_choices(field: forms.Field) -> None:
    """Refuse a choice not offered in the site's words, which do not repeat it
    (`NOT_OFFERED`), unless the field has words of its own that do not."""
    said = field.error_messages.get("invalid_choice")
    if said is None:
        return
    if any(said is stock for stock in STOCK_MESSAGES):
        field.error_messages["invalid_choice"] = NOT_OFFERED
        return
    said = str(said)
    if said in STOCK_NOT_OFFERED or "%(value)s" in said:
        field.error_messages["invalid_choice"] = NOT_OFFERED


def state_limits(form) -> None:
    """`state_limit` for every free-text field of `form`, each read as typed (`read_as_typed`,
    a box without a limit too): an address or a link too, if only for its limit (an
    EmailField or URLField is a CharField with a `max_length`). An address box is first held
    to what every address column keeps (`ADDRESS_MAX`): Django's own default (320, RFC 3696;
    allauth's sign-in boxes) is more than any of them holds, so the limit stated is one that
    is kept. Every number, date and time field is read from the digits 0 to 9 only
    (`read_in_digits_0_to_9`)."""
    for field in form.fields.values():
        not_echoing_choices(field)
        read_in_digits_0_to_9(field)
        if not isinstance(field, forms.CharField):
            continue
        read_as_typed(field)
        if not field.max_length:
            continue
        if isinstance(field, forms.EmailField) and field.max_length > ADDRESS_MAX:
            _limit_to(field, ADDRESS_MAX)
        state_limit(field)


# What every address column keeps (a model EmailField's default, RFC 5321's longest path).
ADDRESS_MAX = 254


def _limit_to(field: forms.CharField, max_length: int) -> None:
    """Hold a field made with a longer limit to `max_length`: its check and its box."""
    field.max_length = max_length
    field.validators = [
        validator
        for validator in field.validators
        if not isinstance(validator, validators.MaxLengthValidator)
    ] + [validators.MaxLengthValidator(max_length)]
    field.widget.attrs["maxlength"] = str(max_length)


class LimitedForm(forms.Form):
    """A form whose free-text fields state their limits beside them, and say them again in
    the same words to whoever types past them (`state_limits`)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        state_limits(self)


class CountsCheckedFormSet:
    """Put first among a formset's bases: its counts of forms, as sent (the management
    form's TOTAL_FORMS and INITIAL_FORMS), are read only when 0 <= initial <= total. Django
    reads a count below zero, or below the forms the page began with, as fewer forms, and
    saves the rest of what was sent without those forms. Such counts make the management
    form invalid, as missing ones do: the form arrived incomplete, and nothing is saved."""

    @cached_property
    def management_form(self):
        form = super().management_form
        if self.is_bound and form.is_valid():
            counts = form.cleaned_data
            if not 0 <= counts[INITIAL_FORM_COUNT] <= counts[TOTAL_FORM_COUNT]:
                form.add_error(TOTAL_FORM_COUNT, "The form arrived incomplete.")
                counts.setdefault(TOTAL_FORM_COUNT, 0)  # as Django's, for a count not read
        return form


# Said of a number typed in digits other than 0 to 9 (Arabic-Indic, full-width…), which
# Python's `int` reads as if they were: "٤٥" minutes was saved as 45, and the page showed 45.
# Refused rather than read, as an id is (`posted_number`), and the box keeps what was typed.
DIGITS_0_TO_9 = "Type the number with the digits 0 to 9."
# Said of a date or a time in other digits, which Python's date parsing reads as 0 to 9 too
# (2027-01-02 in Arabic-Indic digits was 2 January 2027). A browser's picker sends 0 to 9:
# only a forged post sends others, refused as a number in them is.
DATE_DIGITS_0_TO_9 = "Type the date with the digits 0 to 9."
TIME_DIGITS_0_TO_9 = "Type the time with the digits 0 to 9."
DATE_AND_TIME_DIGITS_0_TO_9 = "Type the date and time with the digits 0 to 9."


def in_other_digits(value) -> bool:
    """Whether `value`, as posted, holds a digit that is not one of 0 to 9."""
    return isinstance(value, str) and any(not c.isascii() and c.isdigit() for c in value)


class DigitsZeroToNine:
    """A number field (Django's `IntegerField`, `DecimalField` or `FloatField`), or a date, a
    time or a date and time, that reads what was typed only from the digits 0 to 9, and says
    so to whoever typed others (`digits_said`: `DIGITS_0_TO_9` for a number)."""

    digits_said = DIGITS_0_TO_9

    def to_python(self, value):
        if in_other_digits(value):
            raise ValidationError(self.digits_said, code="digits_0_to_9")
        return super().to_python(value)


# What each kind of field read from the digits 0 to 9 says of others, in this order: a
# DecimalField and a FloatField are IntegerFields to Django; a DateTimeField is no DateField.
READ_IN_DIGITS = (
    (forms.IntegerField, DIGITS_0_TO_9),
    (forms.DateTimeField, DATE_AND_TIME_DIGITS_0_TO_9),
    (forms.DateField, DATE_DIGITS_0_TO_9),
    (forms.TimeField, TIME_DIGITS_0_TO_9),
)

# Each kind of field read from the digits 0 to 9, made once.
_IN_DIGITS: dict[type, type] = {}


def read_in_digits_0_to_9(field: forms.Field) -> None:
    """Read `field`, if it takes a number, a date or a time, from the digits 0 to 9 only
    (`DigitsZeroToNine`): a number in a box of text (`typed_as_text`), a date or a time in
    its own box, drawn as before; a date and time in two boxes (the admin's
    `SplitDateTimeField`) by each box's field. Every form's fields are, through
    `state_limits` and the admin's `in_plain_words`."""
    if isinstance(field, forms.SplitDateTimeField):
        for each in field.fields:
            read_in_digits_0_to_9(each)
        return
    kind = type(field)
    said = next((said for taken, said in READ_IN_DIGITS if isinstance(field, taken)), None)
    if said is None or issubclass(kind, DigitsZeroToNine):
        return
    if kind not in _IN_DIGITS:
        _IN_DIGITS[kind] = type(kind.__name__, (DigitsZeroToNine, kind), {"digits_said": said})
    field.__class__ = _IN_DIGITS[kind]
    if isinstance(field, forms.IntegerField):
        typed_as_text(field)


# The attributes of a number box (`NumberInput`) that a box of text does not take.
NUMBER_BOX_ONLY = ("min", "max", "step")


def typed_as_text(field: forms.IntegerField) -> None:
    """Make `field`'s number box (`NumberInput`) a box of text that asks for the numeric
    keypad (`inputmode`), as GOV.UK's are. A browser drops from a number box what it does
    not read as a number (Arabic-Indic digits, typed or pasted), so the server was sent
    nothing, or the number the box held before: never what was typed, which it could not
    refuse. Its other attributes are kept (the admin's class, a label); its `min`, `max`
    and `step` go, as a box of text has none: each form states a number's bounds in words
    beside it, and says them again to whoever types past them."""
    widget = field.widget
    if not isinstance(widget, forms.NumberInput):
        return  # a hidden number, or a number chosen from a list: not typed
    attrs = {name: value for name, value in widget.attrs.items() if name not in NUMBER_BOX_ONLY}
    decimal = isinstance(field, forms.DecimalField | forms.FloatField)  # a keypad with a point
    attrs.setdefault("inputmode", "decimal" if decimal else "numeric")
    attrs.setdefault("autocomplete", "off")
    text = forms.TextInput(attrs=attrs)
    text.is_localized = widget.is_localized
    text.is_required = widget.is_required
    field.widget = text


def posted_number(value: str | None, *, max_digits: int = 18) -> int | None:
    """A number sent in a form or an address, or None when it is not one. Only ASCII
    digits: `isdigit` accepts "²", which `int` refuses, and both accept Arabic-Indic or
    full-width digits, which would read as another number; 18 digits fit a bigint."""
    if value and value.isascii() and value.isdigit() and len(value) <= max_digits:
        return int(value)
    return None


def declared_bounds(model_field) -> tuple[int | None, int | None]:
    """The lowest and highest whole number `model_field` takes by the programme's own rules:
    its MinValueValidator and MaxValueValidator, and its model's database checks written as
    `Q(minutes__gte=15, minutes__lte=240)`, among other conditions or beside an empty value
    (`Q(days__isnull=True) | Q(days__gte=1)`). Never the column's range (9223372036854775807):
    that is the database's limit, not a rule anyone could be told."""
    lowest = highest = None
    bounds = [
        (type(validator).__name__, validator.limit_value)
        for validator in model_field._validators
        if isinstance(validator, MinValueValidator | MaxValueValidator)
    ]
    for constraint in model_field.model._meta.constraints:
        if isinstance(constraint, models.CheckConstraint):
            bounds += _bounds_checked(constraint.condition, model_field.name)
    for kind, value in bounds:
        if not isinstance(value, int) or isinstance(value, bool):
            continue
        if kind in ("MinValueValidator", "gte", "gt"):
            value += kind == "gt"
            lowest = value if lowest is None else max(lowest, value)
        else:
            value -= kind == "lt"
            highest = value if highest is None else min(highest, value)
    return lowest, highest


def _bounds_checked(condition: models.Q, name: str) -> list[tuple[str, object]]:
    """The (lookup, value) pairs that bound `name` in every row `condition` lets through."""
    if condition.negated:
        return []
    children = condition.children
    if condition.connector == models.Q.OR:
        # An empty value, or one within bounds: the bounds hold for any value given.
        rest = [child for child in children if child != (f"{name}__isnull", True)]
        if len(rest) != 1 or len(children) != 2:
            return []
        children = rest
    found = []
    for child in children:
        if isinstance(child, models.Q):
            found += _bounds_checked(child, name)
        elif isinstance(child, tuple) and child[0] in {
            f"{name}__{lookup}" for lookup in ("gte", "gt", "lte", "lt")
        }:
            found.append((child[0].rpartition("__")[2], child[1]))
    return found


def validate_sensible_date(value: date | datetime | None) -> None:
    if value is not None and not EARLIEST_YEAR <= value.year <= LATEST_YEAR:
        raise ValidationError(
            f"Enter a date between the years {EARLIEST_YEAR} and {LATEST_YEAR}.",
            code="date_out_of_range",
        )


def text_length_constraint(model_name: str, *fields: str, max_length: int):
    """A database check that each of `fields` holds at most `max_length` characters."""
    condition = models.Q()
    for field in fields:
        condition &= models.Q(LessThanOrEqual(Length(field), max_length))
    return models.CheckConstraint(
        condition=condition, name=f"{model_name}_text_at_most_{max_length}"
    )


class _JSONFunction(models.Func):
    """A JSON function, by the name each database the project runs on gives it."""

    names: dict[str, str] = {}

    def as_sql(self, compiler, connection, **extra):
        return super().as_sql(compiler, connection, function=self.names[connection.vendor], **extra)


class JSONType(_JSONFunction):
    """'array', 'object', 'string'… on both databases."""

    names = {"postgresql": "jsonb_typeof", "sqlite": "json_type"}
    output_field = models.CharField()


class JSONArrayLength(_JSONFunction):
    names = {"postgresql": "jsonb_array_length", "sqlite": "json_array_length"}
    output_field = models.IntegerField()


def list_length_constraint(model_name: str, field: str, *, max_items: int, message: str):
    """A database check that the JSON `field` holds a list of at most `max_items` items.
    Only a list is counted: PostgreSQL refuses to count anything else, which would be an
    error rather than a refusal. Each item's own length cannot be checked here (that needs
    a subquery, which a check may not hold): the model's `clean` does."""
    is_list = Exact(JSONType(field), "array")
    items = models.Case(models.When(is_list, then=models.F(field)), output_field=models.JSONField())
    return models.CheckConstraint(
        condition=models.Q(is_list) & models.Q(LessThanOrEqual(JSONArrayLength(items), max_items)),
        name=f"{model_name}_{field}_at_most_{max_items}",
        violation_error_message=message,
    )


# The database checks compare with fixed instants, a day wider than the years on each side,
# so that a time zone's offset never refuses what the form accepted.
_EARLIEST = datetime(EARLIEST_YEAR - 1, 12, 31, tzinfo=UTC)
_AFTER_LATEST = datetime(LATEST_YEAR + 1, 1, 2, tzinfo=UTC)


def date_range_constraint(model_name: str, *fields: str, dates: bool = False):
    """A database check that each of `fields` (datetimes, or `dates`) falls within the
    sensible years; an empty field passes."""
    earliest, after = (
        (_EARLIEST.date(), _AFTER_LATEST.date()) if dates else (_EARLIEST, _AFTER_LATEST)
    )
    condition = models.Q()
    for field in fields:
        within = models.Q(**{f"{field}__gte": earliest, f"{field}__lt": after})
        condition &= within | models.Q(**{f"{field}__isnull": True})
    return models.CheckConstraint(condition=condition, name=f"{model_name}_dates_in_range")


# UTF-8, by whichever of its names a request gives it ("UTF-8", "utf8", "utf_8").
_UTF_8 = codecs.lookup("utf-8").name
# Half of a character on its own (U+D800 to U+DFFF), which no page or row can be written with.
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def _holds_a_lone_surrogate(sent) -> bool:
    """Whether a query or a form (a QueryDict) holds a lone surrogate, in a name or a value."""
    return any(
        _LONE_SURROGATE.search(key) or any(_LONE_SURROGATE.search(value) for value in values)
        for key, values in sent.lists()
    )


class RefuseNulMiddleware:
    """A NUL character in the address or the query string (`?programme=%00`) is not found,
    like any other forged address: PostgreSQL refuses NUL in text, so looking it up would
    be a server error. Forms refuse NUL in what is posted, beside the field
    (`RefusesNulAlone`); ids and slugs posted outside a form are read with
    `posted_number` and the access helpers.

    A request naming a character set other than UTF-8 (`Content-Type: text/plain;
    charset=utf-7`, or beside a multipart form's boundary) is refused with the 400 page,
    before anything reads its query or its form: Django reads both in the character set
    named, and UTF-7 carries half a character on its own (`+2AA-`, a lone surrogate) that
    no page or row can be written with, a server error wherever it was shown or saved.
    Django takes as the request's `encoding` only a character set Python knows, and reads
    the request as UTF-8 otherwise, as it reads one naming none: those pass. As belt and
    braces, a lone surrogate in the query or the form, however it came, is refused the same
    way. A request whose Content-Type cannot be read at all (`charset*=nope''x`; marked by
    config.wsgi's `ContentTypeReadRequest`) is refused the same way. Listed before every
    middleware that reads the query or the form (the CSRF check reads the form only once
    they have all run)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if getattr(request, "content_type_unreadable", False):
            raise BadRequest("The request's Content-Type cannot be read.")
        if request.encoding and codecs.lookup(request.encoding).name != _UTF_8:
            raise BadRequest("The request names a character set other than UTF-8.")
        if "\x00" in request.path or any(
            "\x00" in key or any("\x00" in value for value in values)
            for key, values in request.GET.lists()
        ):
            raise Http404("The address contains a NUL character.")
        if _holds_a_lone_surrogate(request.GET) or self._form_holds_a_lone_surrogate(request):
            raise BadRequest("The request holds a lone surrogate.")
        return self.get_response(request)

    @staticmethod
    def _form_holds_a_lone_surrogate(request) -> bool:
        try:
            return _holds_a_lone_surrogate(request.POST)
        except UnreadablePostError:
            # The connection broke while the form was sent: left to whatever reads it next,
            # as before (the CSRF check refuses it).
            return False


def _refuse_unless_an_id(field: forms.Field, value) -> None:
    """Django reads Arabic-Indic or full-width digits as ASCII ones, so a forged choice was
    taken without a word, and an id past the database's integers was a server error on
    SQLite: a choice is read only from ASCII digits (`posted_number`)."""
    if posted_number(str(value)) is None:
        raise ValidationError(
            field.error_messages["invalid_choice"],
            code="invalid_choice",
            params={"value": value},
        )


class IdChoiceField(forms.ModelChoiceField):
    """One row chosen by its id: every choice of a row, the admin's included (its
    `ModelAdmin` makes foreign keys these)."""

    def to_python(self, value):
        if value not in self.empty_values:
            _refuse_unless_an_id(self, value)
        return super().to_python(value)


class PersonChoiceField(IdChoiceField):
    """A person chosen from a list: named with their address, as two people may share a
    name."""

    def label_from_instance(self, obj):
        return f"{obj.full_name} ({obj.email})"


class IdsChoiceField(forms.ModelMultipleChoiceField):
    """Rows chosen by their ids (checkboxes)."""

    def _check_values(self, value):
        for each in value:
            _refuse_unless_an_id(self, each)
        return super()._check_values(value)
