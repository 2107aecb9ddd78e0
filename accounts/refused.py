"""A save refused as a whole (the thing it was for has changed meanwhile, or the session that
sent it is over): the page says why, and shows back what was typed, to copy, as nothing of
it was saved (templates/mentoring/includes/typed_not_saved.html)."""

import re

from django import forms
from django.forms.utils import pretty_name

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


def typed_in_any_form(data) -> list[tuple[str, str]]:
    """`typed_to_read` for a form sent where no view will read it (its session was over), so
    that no page form gives its boxes: a box is a value of more than one word, as an id, a
    choice, a tick, a button or a page's mark of its version is one. Left out besides: the
    admin's own controls (named "_save", "_continue"…) and `NEVER_SHOWN_BACK`. Each is
    labelled in words made from its name (`label_from_name`), as no form gives its label.
    Each text is cut at the longest any box takes (`bounds.PAGE`): a browser sends no more."""
    sent = forms.Form()
    rows: dict[str, dict[str, int]] = {}
    for name in data:
        label = label_from_name(name, rows)
        value = data.get(name)
        if name.startswith("_") or NEVER_SHOWN_BACK.search(name) or len(value.split()) < 2:
            continue
        sent.fields[name] = forms.CharField(label=label)
    return [(label, text[: bounds.PAGE]) for label, text in typed_to_read(data, [sent])]


def label_from_name(name: str, rows: dict[str, dict[str, int]]) -> str:
    """A box's name in words: "note" is "Note"; a box of a row, its row numbered as the page
    shows it, counting the rows of its kind in the order sent (`rows`, filled in as names are
    read: "action-0-text" is "Action 1: Text", and "review-12-note", the first review sent,
    "Review 1: Note"), never by the row's id."""
    found = IN_A_ROW.fullmatch(name)
    if found is None:
        return pretty_name(name)
    kind = found["rows"].removesuffix("_set")  # an admin inline's rows: "question_set"
    numbers = rows.setdefault(kind, {})
    number = numbers.setdefault(found["row"], len(numbers) + 1)
    return f"{pretty_name(kind)} {number}: {pretty_name(found['box'])}"
