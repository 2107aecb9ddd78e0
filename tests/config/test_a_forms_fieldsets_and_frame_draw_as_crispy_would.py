"""A form laid out in fieldsets (config.form_fields.Fieldset) and the form around them
(`{% whole_form %}`, crispy-bootstrap5's whole_uni_form.html overridden) are drawn in Python
with the very text crispy's own Fieldset and templates give, spaces included: the fields are
the same (field.html), so only what is around them is compared."""

import re
from pathlib import Path

import crispy_bootstrap5
import pytest
from crispy_forms import layout
from crispy_forms.helper import FormHelper
from crispy_forms.templatetags.crispy_forms_tags import CrispyFormNode
from django import forms
from django.core.exceptions import ValidationError
from django.template import Context, Engine, Template

from config.form_fields import Fieldset

CRISPYS = Engine(
    dirs=[Path(crispy_bootstrap5.__file__).parent / "templates"],
    libraries={"crispy_forms_utils": "crispy_forms.templatetags.crispy_forms_utils"},
)
CRISPY_TAG = Template("{% load crispy_forms_tags %}{% crispy form %}")


class Laid(forms.Form):
    name = forms.CharField(max_length=5, help_text="Up to 5 characters & no <more>.")
    style = forms.ChoiceField(
        choices=[("a", "Active"), ("r", "Reflective")], widget=forms.RadioSelect
    )
    notes = forms.CharField(widget=forms.Textarea, required=False)
    secret = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, fieldset=Fieldset, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        self.helper.layout = layout.Layout(
            fieldset("Who & how", "name", "style"),
            fieldset("", "notes", "secret"),
        )

    def clean(self):
        if self.data.get("notes") == "refuse":
            raise ValidationError("Not <this> one.")
        return super().clean()


def crispys(data) -> str:
    """Laid out by crispy's own Fieldset, framed by its own whole_uni_form.html."""
    form = Laid(data, fieldset=layout.Fieldset)
    form.is_valid()
    context = CrispyFormNode("form", None).get_render(Context({"form": form}))
    return CRISPYS.get_template("bootstrap5/whole_uni_form.html").render(Context(context.flatten()))


@pytest.mark.parametrize(
    "data",
    [
        None,
        {"name": "far too long", "notes": "a"},
        {"name": "Maya", "style": "a", "notes": "refuse"},
    ],
    ids=["unbound", "field errors", "an error of the whole form"],
)
def test_fieldsets_and_the_form_around_them_read_as_crispys(data):
    form = Laid(data)
    form.is_valid()

    # But for an error of the whole form, which crispy draws above the fields again and
    # the page's error summary says once (includes/error_summary.html).
    expected = re.sub(r'<div class="alert alert-block alert-danger">.*?</div> ', "", crispys(data))
    assert CRISPY_TAG.render(Context({"form": form})) == expected


def test_an_error_of_the_whole_form_is_not_drawn_again_above_its_fields():
    form = Laid({"name": "Maya", "style": "a", "notes": "refuse"})
    form.is_valid()

    assert "alert-danger" not in CRISPY_TAG.render(Context({"form": form}))


def test_a_form_asking_crispy_for_its_own_form_tag_is_refused():
    form = Laid()
    form.helper.form_tag = True

    with pytest.raises(ValueError, match="no <form> tag"):
        CRISPY_TAG.render(Context({"form": form}))
