"""Form fields are drawn in Python (config.form_fields) with crispy-bootstrap5's markup: the
same elements, attributes and text as its own templates, read from the package installed,
give for each kind of field, with and without errors, through a form's helper
(`{% crispy form %}`: errors inline) and through `|as_crispy_field` (errors in a block).
Where the project differs on purpose, it is said here: no asterisk on a required question,
and an optional one says "(optional)" unless its form needs it to submit."""

import re
from pathlib import Path

import crispy_bootstrap5
import pytest
from django.template import Context, Engine
from django.test.html import parse_html
from django.utils.safestring import mark_safe

from config.form_fields import form_field
from tests.form_fields import BAD, GOOD, Everything, Marked

CRISPYS = Engine(
    dirs=[Path(crispy_bootstrap5.__file__).parent / "templates"],
    libraries={
        "crispy_forms_field": "crispy_forms.templatetags.crispy_forms_field",
        "crispy_forms_filters": "crispy_forms.templatetags.crispy_forms_filters",
        "l10n": "django.templatetags.l10n",
    },
)

ASTERISK = re.compile(r'<span class="asteriskField">\*</span>')
OPTIONAL = re.compile(r' <span class="fw-normal">\(optional\)</span>')

HELPER = {"form_show_errors": True, "form_show_labels": True, "error_text_inline": True}
FILTER = {"form_show_errors": True, "form_show_labels": True}  # as |as_crispy_field gives


def crispys(field, context) -> str:
    html = CRISPYS.get_template("bootstrap5/field.html").render(
        Context({**context, "field": field})
    )
    return ASTERISK.sub("", html)


def ours(field, context) -> str:
    return OPTIONAL.sub("", form_field(Context({**context, "field": field})))


def both(name, data, context, form_class=Everything):
    """The field drawn by each, each from a form of its own (drawing a field adds
    Bootstrap's classes to its widget for good)."""
    drawn = []
    for draw in (ours, crispys):
        form = form_class(data)
        form.is_valid()
        drawn.append(parse_html(draw(form[name], context)))
    return drawn


@pytest.mark.parametrize("form_class", [Everything, Marked])
@pytest.mark.parametrize("data", [None, BAD, GOOD], ids=["unbound", "with errors", "valid"])
@pytest.mark.parametrize("through", [HELPER, FILTER], ids=["helper", "as_crispy_field"])
@pytest.mark.parametrize("name", list(Everything.base_fields))
def test_each_field_is_drawn_as_crispy_bootstrap5_draws_it(name, data, through, form_class):
    drawn, crispy_drawn = both(name, data, through, form_class)

    assert drawn == crispy_drawn


@pytest.mark.parametrize(
    "context",
    [
        {**HELPER, "help_text_inline": True},
        {**FILTER, "help_text_inline": True},
        {**HELPER, "inline_class": "inline", "field_class": "col-8", "flat_attrs": ' data-x="1"'},
        {**HELPER, "wrapper_class": "wide & tall"},
        {**HELPER, "wrapper_class": mark_safe("wide &amp; tall"), "field_class": "col-8"},
        {**HELPER, "form_show_errors": False},
    ],
    ids=[
        "help inline",
        "help inline, errors in a block",
        "inline",
        "wrapper",
        "wrapper marked safe, field class",
        "errors hidden",
    ],
)
@pytest.mark.parametrize("name", ["name", "code", "agree", "style", "themes", "size", "upload"])
def test_the_helpers_settings_are_followed_too(name, context):
    drawn, crispy_drawn = both(name, BAD, context)

    assert drawn == crispy_drawn


@pytest.mark.parametrize(("through", "tag"), [(HELPER, "span"), (FILTER, "p")])
def test_two_errors_read_apart(through, tag):
    """The comparison above reads the markup, not the spaces between elements, which decide
    whether two errors read "Digits only. Ensure…" or "Digits only.Ensure…"."""
    form = Everything(BAD)
    form.is_valid()
    assert len(form["code"].errors) == 2

    assert re.search(
        rf"</{tag}>\s+<{tag} ", form_field(Context({**through, "field": form["code"]}))
    )


def test_where_the_project_differs_on_purpose():
    form = Everything(BAD)
    form.is_valid()
    drawn = {name: form_field(Context({**HELPER, "field": form[name]})) for name in form.fields}

    assert "asteriskField" not in "".join(drawn.values())
    assert "(optional)" in drawn["nickname"]
    assert "(optional)" not in drawn["name"]  # required
    assert "(optional)" not in drawn["when"]  # needed to submit
    # Text is escaped, help text is the project's own markup (as crispy's `|safe`).
    assert "Active &amp; busy" in drawn["style"]
    assert "no <more>" in drawn["name"]
