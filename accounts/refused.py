"""A save refused as a whole (the thing it was for has changed meanwhile, or the session that
sent it is over): the page says why, and shows back what was typed, to copy, as nothing of
it was saved (templates/mentoring/includes/typed_not_saved.html)."""

import dataclasses
import re
from collections.abc import Callable

from django import forms
from django.forms.models import inlineformset_factory, modelform_factory
from django.forms.utils import pretty_name
from django.urls import Resolver404, resolve
from django.utils.text import capfirst

from accounts import bounds


def problem_form(message: str) -> forms.Form:
    """The error summary's one line, on a page with no form to fix."""
    problem = forms.Form({})
    problem.full_clean()
    problem.add_error(None, message)
    return problem


def typed_to_read(data, page_forms) -> list[tuple[str, str]]:
    """What was typed in the free-text boxes of `page_forms` (a page's forms, bound or not:
    they give the labels and prefixes), as sent in `data`: label and text, each label named
    as the error summary names its form's ("New action step 2: "). Hidden fields (versions,
    marks) and empty boxes are left out."""
    rows = []
    for form in page_forms:
        named = getattr(form, "summary_prefix", "")
        for name, field in form.fields.items():
            if not isinstance(field, forms.CharField) or field.widget.is_hidden:
                continue
            typed = field.widget.value_from_datadict(data, {}, form.add_prefix(name))
            if isinstance(typed, str) and typed.strip():
                rows.append((f"{named}{form[name].label}", typed.strip()))
    return rows


# Sent with a form, never shown back: the CSRF token, a password, a one-time code, a secret.
NEVER_SHOWN_BACK = re.compile("csrf|password|code|token|secret", re.IGNORECASE)

# A box of one of a list of forms ("action-0-text"), or of a form for one row ("review-12-note").
IN_A_ROW = re.compile(r"(?P<rows>[A-Za-z_]+)-(?P<row>\d+)-(?P<box>\w+)")

# A box of a form named apart from the page's others by its prefix ("account-department").
NAMED_APART = re.compile(r"(?P<rows>[A-Za-z_]+)-(?P<box>\w+)")

FormClass = type[forms.BaseForm]


@dataclasses.dataclass(frozen=True)
class PageForms:
    """The forms a page sends, as classes (those a view builds need what a signed-out
    request no longer has: the person, their pair): the page's own (`form`), any others it
    sends beside it (`also`: a page of sections, each saved by its own button, sends them
    all), and those of its rows (`rows`), by the kind a row's boxes are named after ("action"
    for "action-0-text"), each with the words that name one of them on the page ("New action
    step"). A form named apart by a prefix ("account" for "account-department") is in `rows`
    too, by its prefix, with the words of its section ("Your details"). A page's form built
    as the page opens (`typed_in_built`) is given built, unbound."""

    form: FormClass | forms.BaseForm | None = None
    rows: dict[str, tuple[str, FormClass]] = dataclasses.field(default_factory=dict)
    also: tuple[FormClass, ...] = ()


def typed_in(
    form: FormClass | None = None, *also: FormClass, **rows: tuple[str, FormClass]
) -> Callable:
    """Marks a view with the forms its page sends (`PageForms`), for `typed_in_any_form`:
    sent after the session was over, they are shown back with their labels, and nothing the
    page sent hidden."""

    def mark(view):
        view.typed_in = PageForms(form, rows, also)
        return view

    return mark


def typed_in_built(build: Callable[..., forms.BaseForm]) -> Callable:
    """`typed_in` for a view whose form is built as its page opens, from what its address
    names (a survey's boxes, from the survey's questions): `build`, given the address's
    arguments, builds it, unbound."""

    def mark(view):
        view.typed_in = lambda **address: PageForms(build(**address))
        return view

    return mark


def typed_in_any_form(data, path: str) -> list[tuple[str, str]]:
    """`typed_to_read` for a form sent where no view will read it (its session was over), to
    `path`. The forms of the view that `path` leads to (`sent_to`) say which boxes a person
    typed in, and their labels: every text box of theirs, a one-word answer too, and nothing
    the page sent hidden (a version, a mark of what it showed). A view that names no forms is
    read as best it can be (`guessed_typed`). Never shown back: `NEVER_SHOWN_BACK`, and the
    boxes of a password. Each text is cut at the longest any box takes (`bounds.PAGE`): a
    browser sends no more."""
    page = sent_to(path)
    typed = guessed_typed(data) if page is None else typed_in_forms(data, page)
    return [(label, text.strip()[: bounds.PAGE]) for label, text in typed]


def sent_to(path: str) -> PageForms | None:
    """The forms of the view at `path`: those it names (`typed_in`; built from the address,
    `typed_in_built`), or else those of an admin page (`admin_page_forms`), or a class-based
    view's `form_class`. None for any other."""
    try:
        found = resolve(path)
    except Resolver404:
        return None
    view = found.func
    if named := getattr(view, "typed_in", None):
        return named(**found.kwargs) if callable(named) else named
    if model_admin := getattr(view, "model_admin", None):  # set on each page of a ModelAdmin
        return getattr(model_admin, "typed_in", None) or admin_page_forms(model_admin)
    if form := getattr(getattr(view, "view_class", None), "form_class", None):
        return PageForms(form)
    return None


def admin_page_forms(model_admin) -> PageForms:
    """An admin page's forms, built as the admin builds them, from its model and form (the
    admin's own `get_form` asks after the person, signed out now), with every field the model
    lets be edited; its inlines' rows named as the admin names them."""
    parent = model_admin.model
    rows = {}
    for inline in model_admin.inlines:
        formset = inlineformset_factory(
            parent,
            inline.model,
            form=inline.form,
            formset=inline.formset,
            fk_name=inline.fk_name,
            fields="__all__",
        )
        words = capfirst(inline.verbose_name or inline.model._meta.verbose_name)
        rows[formset.get_default_prefix()] = (words, formset.form)
    form = modelform_factory(parent, form=model_admin.form, fields="__all__")
    return PageForms(form, rows)


def typed_in_forms(data, page: PageForms) -> list[tuple[str, str]]:
    """The text boxes of `page`'s forms typed in, as sent in `data`, in the order sent. A
    row is numbered among the rows of its kind shown back ("New action step 2", the second
    with something typed), never by its id nor with gaps for rows left empty."""
    typed = []
    rows: dict[str, dict[str, int]] = {}
    for name in data:
        found = IN_A_ROW.fullmatch(name) or NAMED_APART.fullmatch(name)
        if found is None:
            words, box = "", name
            shown = _box(box, page.form, *page.also)
        elif found["rows"] in page.rows:
            (words, form), box = page.rows[found["rows"]], found["box"]
            shown = _box(box, form)
        else:
            continue  # a row of no form of the page's: a mark it sent
        if shown is None or shown.widget.is_hidden:
            continue
        text = shown.widget.value_from_datadict(data, {}, name)
        if not (_shown_back(name, shown) and isinstance(text, str) and text.strip()):
            continue
        label = shown.label or pretty_name(box)
        row = found.groupdict().get("row") if found is not None else None
        if row is not None:
            label = f"{words} {_numbered(rows, found['rows'], row)}: {label}"
        elif words:  # a form named apart: its section's words
            label = f"{words}: {label}"
        typed.append((label, text))
    return typed


def _box(name: str, *page_forms: FormClass | forms.BaseForm | None) -> forms.Field | None:
    """The box named `name` in the first of `page_forms` that has one: a form class's as
    declared, a form built for its page (`typed_in_built`) as built."""
    for form in page_forms:
        boxes = (
            form.fields if isinstance(form, forms.BaseForm) else getattr(form, "base_fields", {})
        )
        if name in boxes:
            return boxes[name]
    return None


def _shown_back(name: str, box: forms.Field) -> bool:
    """A box of words a person typed, which is no password, code or secret."""
    return (
        isinstance(box, forms.CharField)
        and not isinstance(box.widget, forms.PasswordInput)
        and not NEVER_SHOWN_BACK.search(name)
    )


def guessed_typed(data) -> list[tuple[str, str]]:
    """What was typed, sent to a view that names no forms: a box is a value of more than one
    word, as an id, a choice, a tick, a button or a page's mark of its version is one. Left
    out besides: the admin's own controls (named "_save", "_continue"…) and
    `NEVER_SHOWN_BACK`. Each is labelled in words made from its name (`label_from_name`)."""
    typed = []
    rows: dict[str, dict[str, int]] = {}
    for name in data:
        text = data.get(name)
        if name.startswith("_") or NEVER_SHOWN_BACK.search(name) or len(text.split()) < 2:
            continue
        typed.append((label_from_name(name, rows), text))
    return typed


def label_from_name(name: str, rows: dict[str, dict[str, int]]) -> str:
    """A box's name in words: "note" is "Note"; a box of a row, its row numbered among the
    rows of its kind shown back, in the order sent (`rows`, filled in as names are read:
    "action-0-text" is "Action 1: Text", and "review-12-note", the first review shown back,
    "Review 1: Note"), never by the row's id."""
    found = IN_A_ROW.fullmatch(name)
    if found is None:
        return pretty_name(name)
    kind = found["rows"].removesuffix("_set")  # an admin inline's rows: "question_set"
    return f"{pretty_name(kind)} {_numbered(rows, kind, found['row'])}: {pretty_name(found['box'])}"


def _numbered(rows: dict[str, dict[str, int]], kind: str, row: str) -> int:
    """Row `row` of kind `kind`'s number among the rows of its kind shown back so far."""
    numbers = rows.setdefault(kind, {})
    return numbers.setdefault(row, len(numbers) + 1)
