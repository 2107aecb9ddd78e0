"""`{{ field|crispy_field }}` (config.form_fields, used by templates/includes/form_fields.html)
gives the very text crispy's `{{ field|as_crispy_field }}` gives through the project's
field.html, spaces and line ends included, for every kind of field, unbound, with errors and
valid; a field whose form has a helper of its own is left to crispy's filter."""

import pytest
from crispy_forms.helper import FormHelper
from django.template import Context, Template

from tests.form_fields import (
    BAD,
    GOOD,
    Everything,
    Marked,
)

OURS = Template("{{ field|crispy_field }}")
CRISPYS = Template("{% load crispy_forms_filters %}{{ field|as_crispy_field }}")


def drawn_by_each(form_class, name, data) -> list[str]:
    """The field drawn by each, each from a form of its own (drawing a field adds Bootstrap's
    classes to its widget for good)."""
    drawn = []
    for template in (OURS, CRISPYS):
        form = form_class(data)
        form.is_valid()
        drawn.append(template.render(Context({"field": form[name]})))
    return drawn


@pytest.mark.parametrize("form_class", [Everything, Marked])
@pytest.mark.parametrize("data", [None, BAD, GOOD], ids=["unbound", "with errors", "valid"])
@pytest.mark.parametrize("name", list(Everything.base_fields))
def test_each_field_reads_as_crispys_filter_draws_it(form_class, name, data):
    ours, crispys = drawn_by_each(form_class, name, data)

    assert ours == crispys


class Helped(Everything):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.help_text_inline = True


def test_a_field_of_a_form_with_a_helper_follows_its_helper_as_crispys_filter_does():
    ours, crispys = drawn_by_each(Helped, "name", BAD)

    assert ours == crispys
    assert '<span id="id_name_helptext" class="form-text">' in ours  # inline, as its helper says
