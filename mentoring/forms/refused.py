"""A save refused as a whole (the thing it was for has changed meanwhile): the page says why
in its error summary, and shows back what was typed, to copy, as nothing of it was saved
(templates/mentoring/includes/typed_not_saved.html)."""

from django import forms


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
