"""The ModelAdmin every list in the programme office is built on.

Django draws each row's selection checkbox by rendering a form widget: three templates a
row, 40% of the time of a 100-row list of applications. The same markup is written here
directly (`tests/accounts/test_admin_row_checkbox.py` holds it to Django's).

A date and time the clocks skip or repeat is refused in plain words (`SplitDateTimeField`).

An object's address reads its id as every other address does, from ASCII digits only
(`AddressIdMixin`): Django's `int()` reads an Arabic-Indic seven as 7, so such an address
opened object 7.

A change page drawn again after a post that saved nothing names the object as it is saved
(`SavedObjectMixin`)."""

from datetime import UTC, datetime

from django import forms
from django.contrib import admin
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.html import format_html
from django.utils.text import capfirst

from accounts.bounds import posted_number


def clock_change_refusal(naive: datetime) -> str:
    """Why `naive`, a wall-clock time in the programme's time zone, names no single moment:
    the clocks go forward past it, or back over it."""
    zone = timezone.get_current_timezone()
    there = naive.replace(tzinfo=zone, fold=0).astimezone(UTC).astimezone(zone)
    when = f"{naive:%H:%M} on {naive:%-d %B %Y}"
    if there.replace(tzinfo=None) != naive:
        return (
            f"There is no {when} in {zone}: the clocks go forward an hour then. "
            "Choose a time outside that hour."
        )
    return (
        f"{when} happens twice in {zone}: the clocks go back an hour then. "
        "Choose a time outside that hour."
    )


class SplitDateTimeField(forms.SplitDateTimeField):
    """Django's, saying in plain words why a time the clocks skip or repeat is refused
    (Django's own words: "couldn't be interpreted … it may be ambiguous")."""

    def compress(self, data_list):
        try:
            return super().compress(data_list)
        except ValidationError as error:
            if error.code != "ambiguous_timezone":
                raise
            naive = datetime.combine(*data_list)
            raise ValidationError(clock_change_refusal(naive), code=error.code) from None


class RowCheckboxMixin:
    def action_checkbox(self, obj):
        return format_html(
            '<input type="checkbox" name="{}" value="{}" class="action-select" '
            'aria-label="Select this object for an action - {}">',
            ACTION_CHECKBOX_NAME,
            obj.pk,
            str(obj),
        )


class AddressIdMixin:
    """An id in an object's address that is not ASCII digits (`posted_number`) names no
    object: the admin answers as it does for any id that is not found."""

    def get_object(self, request, object_id, from_field=None):
        opts = self.model._meta
        field = opts.pk if from_field is None else opts.get_field(from_field)
        if field.is_relation:  # a one-to-one key reads as the id it points to
            field = field.target_field
        if isinstance(field, models.IntegerField) and posted_number(object_id) is None:
            return None
        return super().get_object(request, object_id, from_field)


class SavedObjectMixin:
    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        """A change page drawn after a post saved nothing (errors, or a question asked
        first) names the object as it is saved, not as typed: Django's view hands over the
        instance the form has already written the typed values into, so its heading,
        breadcrumb and inline rows would show a title nobody saved."""
        if change and request.method == "POST" and obj is not None and obj.pk is not None:
            saved = self.get_queryset(request).filter(pk=obj.pk).first()
            if saved is not None:
                context.update(original=saved, subtitle=str(saved))
                for inline in context.get("inline_admin_formsets", []):
                    parent = getattr(inline.formset, "fk", None)
                    for form in inline.formset.forms:
                        if parent is not None and form.instance.pk is not None:
                            setattr(form.instance, parent.name, saved)
        return super().render_change_form(request, context, add, change, form_url, obj)


class ModelAdmin(AddressIdMixin, RowCheckboxMixin, SavedObjectMixin, admin.ModelAdmin):
    formfield_overrides = {models.DateTimeField: {"form_class": SplitDateTimeField}}

    def get_changelist_form(self, request, **kwargs):
        """The fields a list edits in place (`list_editable`) have no label of their own:
        each is named for screen readers by its column and its row ("Position of Senate")."""
        form = super().get_changelist_form(request, **kwargs)

        class Labelled(form):
            def __init__(self, *args, **kwargs):
                super().__init__(*args, **kwargs)
                for field in self.fields.values():
                    if not field.widget.is_hidden:
                        field.widget.attrs["aria-label"] = (
                            f"{capfirst(field.label)} of {self.instance}"
                        )

        return Labelled
