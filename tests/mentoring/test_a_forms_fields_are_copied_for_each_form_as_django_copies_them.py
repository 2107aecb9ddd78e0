"""Each form made copies its class's fields (Django's `copy.deepcopy(base_fields)`); the forms
marked `fields_copied_quickly` (mentoring.forms.fields) copy them without `copy`'s steps for
each object, and must copy the same things: what Django's copy shares with the class's field
(its label, its choices when fixed) stays shared, and what Django's copy makes anew (the
field, its widget and the widget's attributes and choices, its messages and validators, a
model choice's queryset) is made anew, equal to the class's, so that a form changing its
own fields changes no other form's."""

import copy

import pytest
from django import forms
from django.db.models import QuerySet

from accounts.models import User
from mentoring.forms.fields import FixedTypedChoiceField, YesNoField, fields_copied_quickly
from mentoring.forms.mentees import BoardMemberProfileForm
from mentoring.forms.profile import AccountDetailsForm, NudgesForm


class Mixed(forms.Form):
    """Fields of every kind the copy handles, and of kinds it leaves to their own copy."""

    name = forms.CharField(max_length=20, widget=forms.TextInput(attrs={"class": "wide"}))
    choice = forms.ChoiceField(choices=[("a", "A"), ("b", "B")])  # copies its choices: its own
    fixed = FixedTypedChoiceField(choices=[("a", "A"), ("Group", [("b", "B")])], coerce=str)
    yes_no = YesNoField()
    person = forms.ModelChoiceField(queryset=User.objects.all())
    people = forms.ModelMultipleChoiceField(queryset=None)
    when = forms.SplitDateTimeField()  # several widgets in one: its own copy
    picked = forms.MultipleChoiceField(
        choices=[("Group", [("x", "X")])], widget=forms.CheckboxSelectMultiple
    )


Quick = fields_copied_quickly(type("Quick", (Mixed,), {}))

FORMS = [Quick, BoardMemberProfileForm, AccountDetailsForm, NudgesForm]


def _alike(original, ours, djangos, path: str) -> None:
    """`ours` and `djangos` (copies of `original`) share with it the same attributes, and
    their own attributes are equal (their own widget and queryset compared the same way)."""
    assert type(ours) is type(djangos), path
    assert ours is not original, path
    assert djangos is not original, path
    assert vars(ours).keys() == vars(djangos).keys(), path
    for name, was in vars(original).items():
        _same(was, vars(ours)[name], vars(djangos)[name], f"{path}.{name}")


def _same(was, mine, theirs, where: str) -> None:
    if isinstance(was, list | tuple):  # several widgets in one, choices, a group's choices
        # A tuple, which nobody can change, may be shared or made anew alike.
        assert isinstance(was, tuple) or (mine is was) == (theirs is was), where
        assert len(mine) == len(theirs) == len(was), where
        for n, each in enumerate(was):
            _same(each, mine[n], theirs[n], f"{where}[{n}]")
        return
    assert (mine is was) == (theirs is was), where
    if mine is was:
        return
    if isinstance(was, forms.Widget | forms.Field):
        _alike(was, mine, theirs, where)
    elif isinstance(was, QuerySet):
        assert str(mine.query) == str(theirs.query), where
    elif isinstance(was, dict):
        assert mine == theirs == was, where


@pytest.mark.parametrize("form_class", FORMS, ids=lambda form: form.__name__)
def test_each_field_is_copied_as_djangos_copy_copies_it(form_class):
    fields = form_class.base_fields
    ours = copy.deepcopy(fields)
    djangos = copy.deepcopy(dict(fields))

    assert type(ours) is dict
    assert ours.keys() == djangos.keys() == fields.keys()
    for name, field in fields.items():
        _alike(field, ours[name], djangos[name], f"{form_class.__name__}.{name}")


def test_a_form_changing_its_fields_changes_no_other_forms():
    changed, other = Quick(), Quick()
    for form in (changed,):
        form.fields["name"].widget.attrs["class"] += " is-invalid"
        form.fields["name"].error_messages["required"] = "Changed."
        form.fields["name"].validators.append(lambda value: None)
        form.fields["picked"].widget.choices.append(("y", "Y"))
        form.fields["fixed"].widget.choices[1][1].append(("c", "C"))
        form.fields["person"].queryset = User.objects.none()

    for form in (other, Quick()):
        assert form.fields["name"].widget.attrs["class"] == "wide"
        assert form.fields["name"].error_messages["required"] == "This field is required."
        assert len(form.fields["name"].validators) == len(Mixed.base_fields["name"].validators)
        assert form.fields["picked"].widget.choices == [("Group", [("x", "X")])]
        assert form.fields["fixed"].widget.choices == [("a", "A"), ("Group", [("b", "B")])]
        assert str(form.fields["person"].queryset.query) == str(User.objects.all().query)
