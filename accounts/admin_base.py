"""The ModelAdmin every list in the programme office is built on.

Django draws each row's selection checkbox by rendering a form widget: three templates a
row, 40% of the time of a 100-row list of applications. The same markup is written here
directly (`tests/accounts/test_admin_row_checkbox.py` holds it to Django's).

A date and time the clocks skip or repeat is refused in plain words (`SplitDateTimeField`).

An object's address reads its id as every other address does, from ASCII digits only
(`AddressIdMixin`): Django's `int()` reads an Arabic-Indic seven as 7, so such an address
opened object 7.

A change page drawn again after a post that saved nothing names the object as it is saved
(`SavedObjectMixin`). A confirmation's "No, go back" draws the change form again as typed,
saving nothing (`ShownAgain`). A save over a change someone else saved since the page was
opened (a second tab) is refused, the form shown again as typed (`StaleEditGuard`).

Every form of the admin, inline rows included, says its rules in the site's words
(`in_plain_words`): beside each field before anyone breaks them, and again to whoever does;
templates/admin/change_form.html lists what is wrong at the top, each linking to its field.

The summary before deleting reads the names of the rows it lists for all of them at once
(`DeletionSummaryMixin`), not row by row."""

import re
from collections import defaultdict
from datetime import datetime, time
from functools import lru_cache
from itertools import chain, islice
from urllib.parse import quote as url_quote
from urllib.parse import quote_plus

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.utils import NestedObjects, NotRelationField, get_fields_from_path
from django.contrib.admin.utils import quote as admin_quote
from django.contrib.admin.views.main import ChangeList
from django.contrib.admin.widgets import AdminSplitDateTime
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.core.signals import setting_changed
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import connection, models, router
from django.db.models import prefetch_related_objects
from django.db.models.constants import LOOKUP_SEP
from django.dispatch import receiver
from django.http import HttpResponseRedirect
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.functional import cached_property
from django.utils.html import escape, format_html
from django.utils.http import RFC3986_SUBDELIMS, urlencode
from django.utils.safestring import SafeString
from django.utils.text import capfirst, get_text_list, smart_split_re

from accounts import bounds
from accounts.admin_filters import field_filters
from accounts.admin_rows import count_once, read_once
from accounts.bounds import (
    CountsCheckedFormSet,
    IdChoiceField,
    IdsChoiceField,
    posted_number,
)
from accounts.clocks import clock_change_refusal
from accounts.encryption import EncryptedTextField
from accounts.escaping import escaped_text
from accounts.recipients import RECIPIENT_HIDDEN, shown_failure, shown_recipient
from accounts.stale_edits import (
    OPENED_AS,
    StaleEdit,
    StaleEditForm,
    StaleEditFormSet,
    columns_hold,
    columns_stamped,
    opened_as,
)


class DateAndTimeBoundField(forms.BoundField):
    """A date and time's two boxes, each described by the field's help and its errors: Django
    describes a field drawn in a fieldset by the fieldset, which the admin does not draw, so
    a screen reader in either box heard neither. The help's id is the admin's (its first
    box's id, `_0`), the errors' Django's (`<id>_error`)."""

    def label_tag(self, contents=None, attrs=None, label_suffix=None, tag=None):
        """The field's label, with the id its boxes are named by (`NamedSplitDateTime`)."""
        if self.auto_id:
            attrs = {**(attrs or {}), "id": f"{self.auto_id}_label"}
        return super().label_tag(contents, attrs, label_suffix, tag)

    @property
    def id_for_label(self):
        """The first box's id, which the admin's fieldset gives the help (`<id>_helptext`)
        as its id: Django's two boxes have none, so the help was drawn with no id, and the
        boxes were described by an element that is not on the page."""
        return f"{self.auto_id}_0" if self.auto_id else ""

    def build_widget_attrs(self, attrs, widget=None):
        attrs = super().build_widget_attrs(attrs, widget)
        if self.auto_id and not attrs.get("aria-describedby"):
            said = [f"{self.auto_id}_0_helptext"] if self.help_text else []
            said += [f"{self.auto_id}_error"] if self.errors else []
            if said:
                attrs["aria-describedby"] = " ".join(said)
        return attrs


class NamedSplitDateTime(AdminSplitDateTime):
    """Django's admin date and time boxes, each named by the field's label and its own ("Ends
    at: Date:"): Django names them "Date:" and "Time:" alone (the field's label is for
    neither box: two boxes have no one id for it), so a screen reader heard the start's boxes
    and the end's alike. The field's label has the id `<id>_label`
    (`DateAndTimeBoundField.label_tag`), each box's own label `<box's id>_label`
    (templates/admin/widgets/split_datetime.html)."""

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        field_id = context["widget"]["attrs"].get("id")
        if field_id:
            for box in context["widget"]["subwidgets"]:
                box["attrs"]["aria-labelledby"] = f"{field_id}_label {box['attrs']['id']}_label"
        return context


class SplitDateTimeField(forms.SplitDateTimeField):
    """Django's, saying in plain words why a time the clocks skip or repeat is refused
    (Django's own words: "couldn't be interpreted … it may be ambiguous"), its boxes
    described by its help and errors (`DateAndTimeBoundField`)."""

    bound_field_class = DateAndTimeBoundField

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
        # Escaped as `format_html` would, without its lazy-text machinery (nor `mark_safe`'s
        # check for a lazy text): once a row.
        name = str(obj)
        name = name.__html__() if hasattr(name, "__html__") else escaped_text(name)
        return SafeString(
            f'<input type="checkbox" name="{ACTION_CHECKBOX_NAME}" '
            f'value="{escaped_text(str(obj.pk))}" class="action-select" '
            f'aria-label="Select this object for an action - {name}">'
        )


class AddressIdMixin:
    """An id in an object's address that is not ASCII digits (`posted_number`) names no
    object: the admin answers as it does for any id that is not found. An empty `_to_field`
    names no field, so the id is the object's own. A selection for an action holding
    anything but such ids does nothing and says so (Django's own raised on a letter, and
    read an Arabic-Indic seven as 7)."""

    def get_object(self, request, object_id, from_field=None):
        from_field = from_field or None
        opts = self.model._meta
        field = opts.pk if from_field is None else opts.get_field(from_field)
        if field.is_relation:  # a one-to-one key reads as the id it points to
            field = field.target_field
        if isinstance(field, models.IntegerField) and posted_number(object_id) is None:
            return None
        return super().get_object(request, object_id, from_field)

    def response_action(self, request, queryset):
        selected = request.POST.getlist(ACTION_CHECKBOX_NAME)
        if isinstance(self.model._meta.pk, models.IntegerField) and any(
            posted_number(pk) is None for pk in selected
        ):
            self.message_user(
                request,
                "The rows chosen could not be read, so nothing was done. Choose them again.",
                messages.WARNING,
            )
            return HttpResponseRedirect(request.get_full_path())
        return super().response_action(request, queryset)


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


class NothingEditedHere:
    """A row's page that edits none of it: what is done to the row is an action of the list or
    a button of its own. It offers no Save, is headed "View …", not "Change …", and says
    above its fields where the row is acted on (`acted_on`, each admin's own words). A page
    still open from before, posted, writes nothing, and says so rather than "changed
    successfully": the row as the page read it would undo what changed meanwhile (even
    `saves_only_what_it_edits` would stamp an `auto_now` date)."""

    acted_on: str  # e.g. "Attendance is marked from the list's actions."

    def change_view(self, request, object_id, form_url="", extra_context=None):
        if request.method == "POST" and self._seen_by(request, object_id):
            self.message_user(
                request, f"Nothing on this page is saved: nothing was changed. {self.acted_on}"
            )
            return HttpResponseRedirect(request.get_full_path())
        extra_context = {
            **(extra_context or {}),
            "title": f"View {self.model._meta.verbose_name}",
            "show_save": False,
            "show_save_and_continue": False,
            "show_save_and_add_another": False,
        }
        return super().change_view(request, object_id, form_url, extra_context)

    def _seen_by(self, request, object_id) -> bool:
        # Anyone else gets Django's own answer (the page's 404, 403 or sign-in).
        obj = self.get_object(request, admin.utils.unquote(object_id))
        return obj is not None and self.has_view_or_change_permission(request, obj)

    def get_fieldsets(self, request, obj=None):
        (name, options), *rest = super().get_fieldsets(request, obj)
        if obj is None:
            return [(name, options), *rest]
        # Django's fieldset draws its description as HTML: the words are escaped here.
        return [(name, {**options, "description": escape(self.acted_on)}), *rest]


class ShownAgain:
    """The change form bound to what was typed, so the page shows it (and any error that
    has arisen since), but never valid, so Django's change view saves nothing."""

    def is_valid(self):
        return False


class PostedOnce:
    """The change form `AsksBeforeSaving.posted_form` bound and validated for this request:
    made again from what was posted, by Django's view, it is that same form. Django's
    `_changeform_view` takes no form, only the class `get_form` returns, which it calls with
    what was posted: `__new__` answers that call with the form already checked (not an
    instance of this class, so Python runs no `__init__` on it again). It stays a form class
    for Django's other reads of `get_form` (`get_fields` reads its `base_fields`)."""

    posted = None

    def __new__(cls, *args, **kwargs):
        return cls.posted


class AsksBeforeSaving:
    """A change form whose save may first show a confirmation: `ask_before_saving` returns
    its page, or None to save as Django does (or show the form's errors, or refuse). "No, go
    back" there shows the form again as typed (`ShownAgain`), saving nothing and saying
    `went_back_said` (by default `went_back_message`). The form `ask_before_saving`
    validates (`posted_form`) is the one Django's view saves or shows: validated again, each
    of the model's checks would run again in the database."""

    went_back_message = "Nothing was saved. Here is the form as you typed it."

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        if went_back(request):
            self.message_user(request, self.went_back_said(request), messages.WARNING)
        elif request.method == "POST":
            asked = self.ask_before_saving(request, object_id)
            if asked is not None and not self.refused_before_asking(request):
                return asked
        return super().changeform_view(request, object_id, form_url, extra_context)

    def ask_before_saving(self, request, object_id):
        return None

    def refused_before_asking(self, request) -> bool:
        """Whether the save `ask_before_saving` would ask about is refused whatever the
        answer (`StaleEditGuard`): then nothing is asked, and Django's view shows why."""
        return False

    def went_back_said(self, request) -> str:
        """What "No, go back" says: a confirmation that asks one of several things may
        say which (its hidden fields come back with the form)."""
        return self.went_back_message

    def posted_form(self, request, obj):
        """The form of `obj` (None: a new one) bound to what was posted: made once a request,
        for `ask_before_saving` to check and Django's view to save, or show with its errors,
        as checked (`get_form` hands it over)."""
        change = obj is not None
        form = self.get_form(request, obj, change=change)(request.POST, request.FILES, instance=obj)
        request.change_form_posted = (change, obj.pk if change else None, form)
        return form

    def _create_formsets(self, request, obj, change):
        """The inline formsets of `obj` as posted: made once a request for the same object,
        as its form is (`posted_form`), so that their rows are read and checked once."""
        made_for, formsets = getattr(request, "formsets_posted", (None, None))
        if formsets is None or made_for is not obj:
            formsets = super()._create_formsets(request, obj, change)
            request.formsets_posted = (obj, formsets)
        return formsets

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        if went_back(request):
            return type(form)(form.__name__, (ShownAgain, form), {})
        posted_for, pk, posted = getattr(request, "change_form_posted", (None, None, None))
        if posted is not None and (posted_for, pk) == (change, obj.pk if change else None):
            return type(form)(form.__name__, (PostedOnce, form), {"posted": posted})
        return form


class StaleEditGuard:
    """Put first among a change page's bases: a save over a change someone else saved since
    the page was opened (another coordinator, or the same one in a second tab) is refused,
    the form shown again as typed with one error at the top (`accounts.stale_edits`), so
    that it never silently undoes that change. Its form carries a stamp of the row's values
    as read (`StaleEditForm`), and so does each saved row of its inlines that the page may
    change or delete (`StaleEditFormSet`); the save compares them with the rows read under
    the row's lock, in the save's transaction (`save_form`), before anything is written, so
    two saves at once cannot both pass. An inline row changed or deleted meanwhile refuses
    the save as its parent's change does. Refused, the transaction is undone and the page
    drawn again, its form saying why."""

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        queued = _messages_queued(request)
        said = 0 if queued is None else len(queued)
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except StaleEdit as refused:
            # Nothing was saved: what the first attempt said is taken back, and the forms it
            # made are made again, the page's own saying why (`refused_as_stale`).
            if queued is not None:
                del queued[said:]
            self._refuse(request, refused)
            return super().changeform_view(request, object_id, form_url, extra_context)

    def _refuse(self, request, refused: StaleEdit) -> None:
        request.stale_edit = refused
        for made in ("change_form_posted", "formsets_posted", "formsets_stamped"):
            request.__dict__.pop(made, None)

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        if obj is None or obj.pk is None:
            return form  # a new row: nobody else can have saved it
        refused = getattr(request, "stale_edit", None)
        return type(form)(
            form.__name__,
            (StaleEditForm, form),
            {
                "refused_as_stale": refused is not None,
                "refused_stampless": refused is not None and refused.stampless,
                # The change page as a GET opens it: the saved version, not this post again.
                "stale_reopen": request.get_full_path(),
            },
        )

    def get_formsets_with_inlines(self, request, obj=None):
        refused = getattr(request, "stale_edit", None) is not None
        for formset, inline in super().get_formsets_with_inlines(request, obj):
            if obj is not None and obj.pk is not None and _saves_rows(inline, request, obj):
                formset = type(formset.__name__, (StaleEditFormSet, formset), {})
                formset.refused_as_stale = refused
            yield formset, inline

    def _create_formsets(self, request, obj, change):
        formsets, inlines = super()._create_formsets(request, obj, change)
        request.formsets_stamped = formsets  # for the save to check (`_rows_changed_since`)
        return formsets, inlines

    def refused_before_asking(self, request) -> bool:
        """A confirmation (`AsksBeforeSaving`) only for a page still as its rows are: a
        stale one is refused at once, its form shown again saying why, not asked about first
        and refused only once "Yes" is pressed."""
        _, _, form = getattr(request, "change_form_posted", (None, None, None))
        if not isinstance(form, StaleEditForm):
            return False
        refused = StaleEdit() if self._changed_since(form) else self._rows_changed_since(request)
        if refused is None:
            return False
        # Django's view makes the forms again, the page's own saying why (`refused_as_stale`).
        self._refuse(request, refused)
        return True

    def save_form(self, request, form, change):
        if change and isinstance(form, StaleEditForm):
            if self._changed_since(form, lock=True):
                raise StaleEdit
            # Under the parent's lock, before Django's view checks or writes any inline row.
            if (refused := self._rows_changed_since(request, lock=True)) is not None:
                raise refused
        return super().save_form(request, form, change)

    def _changed_since(self, form, *, lock: bool = False) -> bool:
        """Whether `form`'s row is no longer as its page stamped it (`opened_as`): read under
        the row's lock for the save (`lock`), so two saves at once cannot both pass. Before
        asking anything, the row as this request read it will do (the save checks again)."""
        seen = opened_as(form)
        if not lock and seen == form.fields[OPENED_AS].initial:
            return False
        # The columns the page stamped (`columns_stamped`), which the form may no longer edit
        # all of: one made read-only since is not a change someone else saved.
        columns = columns_stamped(self.model, seen)
        if columns is None:
            return True
        rows = self.model._base_manager.filter(pk=form.instance.pk)
        if lock:
            rows = rows.select_for_update(of=("self",))
        return not columns_hold(columns, rows.values("pk", *columns).first(), seen)

    def _rows_changed_since(self, request, *, lock: bool = False) -> StaleEdit | None:
        """The refusal of a save whose inline rows are no longer as its page stamped them
        (`StaleEditFormSet`), None when all are: a row changed or deleted meanwhile (or
        never this parent's), or one posted with no stamp (`stampless`). Read for the save
        (`lock`) in one query for each inline's rows, locked; before asking anything, a row
        as this request read it will do, and the others are read (the save checks again).
        A new row has no stamp and needs none."""
        for formset in getattr(request, "formsets_stamped", ()):
            if not isinstance(formset, StaleEditFormSet):
                continue
            posted = formset.rows_posted()
            if any(not seen for _, _, seen in posted):
                return StaleEdit(stampless=True)
            if any(form.instance.pk is None for form, _, _ in posted):
                return StaleEdit()  # no longer among this parent's rows
            if not lock:  # a row stamped as this request read it holds: no need to read it
                posted = [
                    (form, row_id, seen)
                    for form, row_id, seen in posted
                    if seen != form.fields[OPENED_AS].initial
                ]
            if posted and not self._rows_hold(formset, posted, lock=lock):
                return StaleEdit()
        return None

    def _rows_hold(self, formset, posted, *, lock: bool) -> bool:
        """Whether each of `posted` (`rows_posted`) is still as its stamp says (`columns_hold`),
        its inline's rows read in one query, locked for the save (`lock`)."""
        stamped = [
            (row_id, seen, columns_stamped(formset.model, seen)) for _, row_id, seen in posted
        ]
        if any(named is None for _, _, named in stamped):
            return False  # a stamp naming what no row of these has: made up
        columns = sorted(set(chain.from_iterable(named for _, _, named in stamped)))
        rows = formset.model._base_manager.filter(
            pk__in=[row_id for row_id, _, _ in stamped], **{formset.fk.name: formset.instance.pk}
        )
        if lock:
            rows = rows.select_for_update(of=("self",))
        read = {row["pk"]: row for row in rows.values("pk", *columns)}
        return all(columns_hold(named, read.get(row_id), seen) for row_id, seen, named in stamped)

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        form = getattr(context.get("adminform"), "form", None)
        if change and form is not None and OPENED_AS in form.fields:
            context["opened_as"] = form[OPENED_AS]  # templates/admin/change_form.html
            # Each inline row's, beside it: the inlines' templates draw only their fieldsets.
            context["rows_opened_as"] = [
                row[OPENED_AS]
                for inline in context.get("inline_admin_formsets", [])
                for row in inline.formset.initial_forms
                if OPENED_AS in row.fields
            ]
        return super().render_change_form(request, context, add, change, form_url, obj)


def _saves_rows(inline, request, obj) -> bool:
    """Whether the page of `obj` saves changes to `inline`'s rows, or deletes them: only
    those rows are stamped (not a list shown read-only, as an event's registrations)."""
    return inline.has_change_permission(request, obj) or inline.has_delete_permission(request, obj)


def _messages_queued(request) -> list | None:
    """The messages this request has added so far (Django's storage keeps them in a list)."""
    return getattr(getattr(request, "_messages", None), "_queued_messages", None)


def left_as_they_were(groups: list[tuple[list[str], str]]) -> str:
    """What a bulk action left unchanged, in the office's words: "Left as they were: A and B,
    whose event has not started yet; C, who was not a coordinator." `groups`: the names
    left, each group with why (after its names, no full stop); "" when none was left."""
    reasons = [f"{get_text_list(names, 'and')}, {why}" for names, why in groups if names]
    return f"Left as they were: {'; '.join(reasons)}." if reasons else ""


def as_shown(objects, shown) -> list[tuple[str, str]]:
    """A bulk confirmation's hidden fields: how the page showed each of `objects` (`shown`
    gives it: its link, its version), posted back with "Yes" so that the service acts only
    where nothing changed since, and a second click does nothing more."""
    return [(f"seen-{obj.pk}", shown(obj)) for obj in objects]


def named_with_shown(request, objects) -> list[tuple]:
    """Of `objects`, those the confirmation named (`as_shown`), each with how it showed it;
    the rest, chosen but not named, are left alone."""
    return [
        (obj, request.POST[f"seen-{obj.pk}"]) for obj in objects if f"seen-{obj.pk}" in request.POST
    ]


def went_back(request) -> bool:
    """ "No, go back" on a change form's confirmation: the form is to be shown again as
    typed (`ShownAgain`), nothing saved."""
    return request.method == "POST" and request.POST.get("went_back") == "yes"


def posted_back(request, *, besides: tuple[str, ...] = ()) -> list[tuple[str, str]]:
    """Everything a change form posted, as (name, value) pairs for a confirmation's hidden
    fields, so that "Yes" saves it as it was typed; not the CSRF token, the confirmation's
    own answer, nor `besides` (what the confirmation adds itself)."""
    leave_out = {"csrfmiddlewaretoken", "confirmed", *besides}
    return [
        (name, value)
        for name in request.POST
        if name not in leave_out
        for value in request.POST.getlist(name)
    ]


# Django's words, replaced wherever a field still has them (an admin's own message stays).
STOCK_REQUIRED = str(forms.Field.default_error_messages["required"])
STOCK_NOT_A_NUMBER = str(forms.IntegerField.default_error_messages["invalid"])


def in_plain_words(form) -> None:
    """Say each rule of `form`'s fields in the site's words: what to enter when one is left
    empty, and the limit of a text or a number, beside the field and again to whoever
    breaks it. The bounds of a number are the model's own rules, never the column's range.
    Every box of words is read as typed, one without a limit too (`bounds.read_as_typed`: an
    address, a link, a slug or JSON is read as sent), and every number, date and time from the
    digits 0 to 9 only (`bounds.read_in_digits_0_to_9`), as on every other form
    (`bounds.state_limits`)."""
    model = getattr(getattr(form, "_meta", None), "model", None)
    for name, field in form.fields.items():
        stock_required = str(field.error_messages.get("required")) == STOCK_REQUIRED
        if stock_required:
            field.error_messages["required"] = _what_to_enter(field, name)
        bounds.not_echoing_choices(field)
        bounds.read_in_digits_0_to_9(field)
        if isinstance(field, forms.CharField):
            bounds.read_as_typed(field)
            if field.max_length:
                bounds.state_limit(field)
        if isinstance(field, forms.IntegerField) and model is not None:
            try:
                model_field = model._meta.get_field(name)
            except FieldDoesNotExist:
                continue
            if not isinstance(model_field, models.IntegerField):
                continue
            if hasattr(form, f"clean_{name}"):
                # The form bounds it itself, in its own words: only the column is kept.
                _state_number_bounds(field, model_field, declared=False)
                continue
            sentence = _state_number_bounds(field, model_field)
            if stock_required:
                field.error_messages["required"] = sentence


def _what_to_enter(field: forms.Field, name: str) -> str:
    label = str(field.label or capfirst(name.replace("_", " "))).strip().rstrip(":")
    if isinstance(field, forms.DateField):
        return f"Enter a date for “{label}”."
    if isinstance(field, forms.DateTimeField | forms.SplitDateTimeField):
        return f"Enter a date and time for “{label}”."
    choice = isinstance(field, forms.ChoiceField)
    if not _reads_after_the(label):
        return f"Choose an answer for “{label}”." if choice else f"Fill in “{label}”."
    if not label[1:2].isupper():  # "URL" stays as it is
        label = label[:1].lower() + label[1:]
    return f"{'Choose' if choice else 'Enter'} the {label}."


# How a label that is not a thing's name begins or ends: a question ("What reverse mentoring
# is", "Who can be a mentor"), an instruction ("Ask to log a meeting"), or a fact about
# someone ("Proposed by", "Public holidays of").
NOT_A_NAME_FIRST = frozenset(
    {"what", "who", "which", "how", "when", "where", "why", "whether", "is", "are", "do"}
    | {"does", "can", "should", "ask", "remind", "never"}
)
NOT_A_NAME_LAST = frozenset({"by", "at", "on", "of", "to", "for", "in", "with", "from"})


def _reads_after_the(label: str) -> bool:
    """Whether "Enter the <label>." is a sentence: the label names a thing. A question, a
    label with a bracket or a colon, or one that begins or ends as above is said in
    quotation marks instead ("Fill in “Public holidays of (country code)”.")."""
    if any(mark in label for mark in "?()[]:"):
        return False
    words = label.lower().split()
    return bool(words) and words[0] not in NOT_A_NAME_FIRST and words[-1] not in NOT_A_NAME_LAST


def _number_rule(least: int | None, most: int | None) -> tuple[str, str]:
    """What to enter, and what to say beside the field ("" for nothing)."""
    if least is not None and most is not None:
        return f"Enter a whole number from {least:,} to {most:,}.", f"From {least:,} to {most:,}."
    if least:
        return f"Enter a whole number of at least {least:,}.", f"At least {least:,}."
    if least == 0:
        return "Enter a whole number of 0 or more.", "0 or more."
    if most is not None:
        return f"Enter a whole number of at most {most:,}.", f"At most {most:,}."
    return "Enter a whole number.", ""


def _state_number_bounds(
    field: forms.IntegerField, model_field: models.IntegerField, *, declared: bool = True
) -> str:
    """Hold `field` to its own bounds and the model's (`bounds.declared_bounds`, unless not
    `declared`), in their own words where they have them, and to the column's range without
    saying it: past the column, a number is only too large. Answers what to enter."""
    rules = [v for v in field.validators if isinstance(v, MinValueValidator | MaxValueValidator)]
    lows, highs = [], []
    if declared:
        rules += [v for v in model_field._validators if isinstance(v, MinValueValidator)]
        rules += [v for v in model_field._validators if isinstance(v, MaxValueValidator)]
        lowest, highest = bounds.declared_bounds(model_field)
        lows, highs = [lowest], [highest]
    column = connection.ops.integer_field_range(model_field.get_internal_type())
    for rule in rules:
        (lows if isinstance(rule, MinValueValidator) else highs).append(rule.limit_value)
    lows = [v for v in lows if isinstance(v, int) and v != column[0]]
    highs = [v for v in highs if isinstance(v, int) and v != column[1]]
    if column[0] == 0:
        lows.append(0)
    least = max(lows) if lows else None
    most = min(highs) if highs else None

    sentence, beside = _number_rule(least, most)
    messages = {
        "invalid": sentence,
        "min_value": sentence if least is not None else "Enter a larger number.",
        "max_value": sentence if most is not None else "Enter a smaller number.",
    }
    messages |= {rule.code: rule.message for rule in rules if rule.message != type(rule).message}
    for code, message in messages.items():
        stock = code == "invalid" and field.error_messages[code] == STOCK_NOT_A_NUMBER
        if stock or code not in field.error_messages:  # the admin's own words stay
            field.error_messages[code] = message

    field.min_value = column[0] if least is None else least
    field.max_value = column[1] if most is None else most
    field.validators = [
        validator
        for validator in field.validators
        if not isinstance(validator, MinValueValidator | MaxValueValidator)
    ] + [MinValueValidator(field.min_value), MaxValueValidator(field.max_value)]
    # No `min` or `max` for the browser: the box is one of text (`bounds.typed_as_text`), and
    # the bounds are stated beside it in words.

    help_text = str(field.help_text or "")
    stated = [value for value in (least, most) if value is not None]
    if beside and not all(_says(help_text, number) for number in stated):
        field.help_text = f"{help_text} {beside}".strip()
    return sentence


def _says(text: str, number: int) -> bool:
    return any(
        re.search(rf"(?<![\d,]){re.escape(written)}(?![\d,])", text)
        for written in (str(number), f"{number:,}")
    )


class PlainWordsForm:
    """Put first among a form's bases: `in_plain_words` once its fields are made."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        in_plain_words(self)


class PlainWordsFormSet(CountsCheckedFormSet):
    """Put first among a formset's bases: `in_plain_words` for each row, the blank row
    that "Add another" copies included; each row of an inline checked against the saved
    rows of its parent for the model's unique rules (`_parent_kept_in_checks`); and its
    counts of rows refused below zero or below the rows shown (`CountsCheckedFormSet`),
    which Django would read as fewer rows, saving the page without the others' changes."""

    def add_fields(self, form, index):
        super().add_fields(form, index)
        in_plain_words(form)
        _parent_kept_in_checks(form, getattr(self, "fk", None))


def _parent_kept_in_checks(form, fk) -> None:
    """Django checks an inline row's unique rules that name its parent (a theme's name
    within its programme) against the other rows of the page only: it leaves the key to the
    parent out of the row's own checks. A theme named as one a colleague had just added then
    met the database's rule on saving, a server error. Here, after Django's checks, each
    such rule is checked against the saved rows too, and the row says the name is taken."""
    if fk is None:
        return
    checked_by_django = form._post_clean

    def _post_clean():
        checked_by_django()
        if not form.instance._state.adding and not form.has_changed():
            return  # a saved row left as it was breaks no rule it kept: no query for it
        exclude = form._get_validation_exclusions() - {fk.name}
        found = []
        for model, constraints in form.instance.get_constraints():
            for constraint in constraints:
                if fk.name not in getattr(constraint, "fields", ()):
                    continue
                try:
                    constraint.validate(model, form.instance, exclude=exclude)
                except ValidationError as error:
                    found.append(error)
        if found:
            form._update_errors(ValidationError(found))

    form._post_clean = _post_clean


def speaking_plainly(form: type) -> type:
    """`form` (a form class Django or allauth made) saying its rules in plain words, as
    `PlainWordsForm` says them."""
    return type(form.__name__, (PlainWordsForm, form), {})


class PlainWordsMixin:
    """Put before the ModelAdmin (Django's, allauth's) among an admin's bases: its form and
    its inlines' rows speak in plain words."""

    def get_form(self, request, obj=None, *args, **kwargs):
        return speaking_plainly(super().get_form(request, obj, *args, **kwargs))

    def get_formsets_with_inlines(self, request, obj=None):
        for formset, inline in super().get_formsets_with_inlines(request, obj):
            yield type(formset.__name__, (PlainWordsFormSet, formset), {}), inline


STAND_IN = "row-id-stand-in"


class SharedRowsChangeList(ChangeList):
    """Django's change list, reading the relations an admin's `list_prefetch_related` names
    once for the page. `list_select_related` builds a related object for each row: a list of
    50 applications built 50 programmes of 33 fields each, a fifth of the page's time, where
    the page shows one to twenty programmes. Name here what many rows share. Only the rows
    shown read them: an action's rows are read as it needs them.

    A relation the list's own filter has already read every row of (its choices: a filter
    with `rows_read`, mentoring.admin.filters.ChoicesReadOnce) is taken from those rows, as
    Django hands a related manager's rows their parent (`_known_related_objects`): no query,
    where the prefetch cost one and some 2,000 Python calls. A row whose relation was not
    among them is prefetched as before, and so is a relation of a relation (a filter on
    `event__programme`): its rows are the related model's, which Django would look up on the
    list's own rows.

    On a GET, the page's rows, and their number, are read by SQL compiled once per process
    for the list's state (accounts.admin_rows)."""

    def __init__(
        self, request, model, list_display, list_display_links, list_filter, *args, **kwargs
    ):
        """Django's, each filter on a field built to leave the rows as they are where the
        address does not use it (accounts.admin_filters): built here, once, as Django's
        `__init__` reads the rows, and so the filters, before it returns. The admin's
        `get_list_filter` answers its names as Django's does, for a subclass to narrow."""
        super().__init__(
            request,
            model,
            list_display,
            list_display_links,
            field_filters(list_filter),
            *args,
            **kwargs,
        )

    def get_queryset(self, request, exclude_parameters=None):
        """Django's, searching only the first words of what was typed (`searched_part`):
        each word is a condition on every searched field, so 2,000 of them took a list a
        minute and more. The search box still shows all that was typed; the list says what
        was left out, once. Without the columns the admin's `list_deferred` names."""
        typed = self.query
        self.query, left_out = searched_part(typed)
        try:
            rows = super().get_queryset(request, exclude_parameters)
        finally:
            self.query = typed
        if left_out and not getattr(self, "_search_cut_said", False):
            self._search_cut_said = True
            messages.warning(request, left_out)
        if deferred := getattr(self.model_admin, "list_deferred", ()):
            # Columns of the related rows that no column of the list reads (an admin's
            # `list_deferred`, each decrypted as it is read): an action that reads one of its
            # rows' reads it then.
            rows = rows.defer(*deferred)
        return rows

    def get_results(self, request):
        count_once(self, request)  # the rows' number, for the admin's `get_paginator`
        super().get_results(request)
        if lookups := getattr(self.model_admin, "list_prefetch_related", ()):
            rows = self.result_list.prefetch_related(*lookups)
            rows._known_related_objects = {
                **rows._known_related_objects,
                **{
                    spec.field: spec.rows_read
                    for spec in self.filter_specs
                    if getattr(spec, "rows_read", None)
                    and spec.field_path in lookups
                    and LOOKUP_SEP not in spec.field_path
                },
            }
            self.result_list = rows
        read_once(self, request)

    def get_filters(self, request):
        """Django's, what it found kept (`filters_found`), so that the list's rows can be
        built again from the same filters (accounts.admin_rows)."""
        self.filters_found = super().get_filters(request)
        return self.filters_found

    def url_for_result(self, result) -> str:
        """Each row's link, as Django's reverses it, from one reversal for the page around a
        stand-in for the id (reversing it for each row was 5% of a list's time)."""
        before, after = self._change_url_around
        pk = admin_quote(getattr(result, self.pk_attname))
        return f"{before}{url_quote(str(pk), safe=RFC3986_SUBDELIMS + '/~:@')}{after}"

    def get_query_string(self, new_params=None, remove=None):
        """Django's, each parameter written as Django's `urlencode` writes it, once per
        process for text (`_query_pair`), and the page's own parameters written once per
        list (`_written_params`): a link writes only what it adds. The list of applications
        asks it of some 170 links (its filters' choices, its columns' sorting, its pages),
        Django's way a twentieth of its page."""
        written = self._written_params
        if remove and written:
            starts = tuple(remove)  # `startswith` tries each, as Django's loop does
            written = {name: pair for name, pair in written.items() if not name.startswith(starts)}
        elif new_params:
            written = written.copy()  # the list's own, kept for its next links
        if new_params:
            for name, value in new_params.items():
                if value is None:
                    written.pop(name, None)
                else:
                    written[name] = _query_pairs(name, value)
        # Django sorts (name, value) pairs: the names differ, so by name alone.
        return "?" + "&".join([written[name] for name in sorted(written) if written[name]])

    @cached_property
    def _written_params(self) -> dict:
        """Each of the page's own parameters (`filter_params`, which Django sets once, as
        the list starts) as Django's `urlencode` writes it, by name: once per list."""
        return {name: _query_pairs(name, value) for name, value in self.filter_params.items()}

    @cached_property
    def _change_url_around(self) -> tuple[str, str]:
        url = reverse(
            f"admin:{self.opts.app_label}_{self.opts.model_name}_change",
            args=[STAND_IN],
            current_app=self.model_admin.admin_site.name,
        )
        before, after = url.split(STAND_IN)
        return before, after


SEARCHED_WORDS = 10
SEARCHED_CHARACTERS = 200


def searched_part(typed: str) -> tuple[str, str]:
    """What of a search typed into a list's box is searched: its first `SEARCHED_WORDS`
    words (as Django's admin splits them: a quoted phrase is one word), and of those at most
    `SEARCHED_CHARACTERS` characters; and what the list says when some was left out ("" when
    none was: an ordinary search is searched as it was typed)."""
    words = list(islice(smart_split_re.finditer(typed), SEARCHED_WORDS + 1))
    searched, said = typed, ""
    if len(words) > SEARCHED_WORDS:
        searched = typed[: words[SEARCHED_WORDS - 1].end()]
        said = f"Only the first {SEARCHED_WORDS} words are searched."
    if len(searched) > SEARCHED_CHARACTERS:
        searched = searched[:SEARCHED_CHARACTERS]
        said = f"Only the first {SEARCHED_CHARACTERS} characters are searched."
    return searched, said


def _query_pairs(name, value) -> str:
    """`urlencode([(name, value)], doseq=True)`: a text, a whole number (a related row's id,
    as a filter on a foreign key gives its choices: Python's `urlencode` writes its `str`),
    or a list or tuple of texts (what a filter's links give), through `_query_pair`;
    anything else through Django's own."""
    if type(name) is str:
        if type(value) is str:
            return _query_pair(name, value)
        if type(value) is int:
            return _query_pair(name, str(value))
        if type(value) in (list, tuple) and all(type(each) is str for each in value):
            return "&".join([_query_pair(name, each) for each in value])
    return urlencode([(name, value)], doseq=True)


def _query_pair(name: str, value: str) -> str:
    """`name=value`, quoted: kept once per process for short texts (the filters' values,
    the list's own parameters), worked out each time for longer ones (what someone typed
    into the search box), so that what is kept stays a few hundred kilobytes at most."""
    quoted = _quoted_kept if len(name) + len(value) <= _KEPT_UP_TO else _quoted
    return quoted(name, value)


def _quoted(name: str, value: str) -> str:
    return f"{quote_plus(name)}={quote_plus(value)}"


_KEPT_UP_TO = 100
_quoted_kept = lru_cache(maxsize=4096)(_quoted)


class BoundedDateDrillDown(SharedRowsChangeList):
    """Django's change list, refusing a date lookup (`?starts_at__year=…`, from the date
    drill-down or a date filter's address) it cannot bound: Django works out the year after
    the one asked for, so a year past 9998 (or a 20-digit one) answered a server error. Such
    a year, month or day, or one not in ASCII digits (`posted_number`), is an incorrect
    lookup: the list says so and shows all.

    A date and time compared with a date alone (`?submitted_at__gte=2026-01-15`, a date
    filter's own parameters, typed or bookmarked) or with a time of no zone is read in the
    programme's time zone (`in_the_programmes_zone`), as Django's filters' own links give it:
    Django read it so too, warning each time that it received a naive datetime."""

    HIGHEST = {"year": 9998, "iso_year": 9998, "month": 12, "day": 31}

    def get_filters_params(self, params=None):
        lookup_params = super().get_filters_params(params)
        for name, values in lookup_params.items():
            if _compares_a_moment(self.model, name):
                lookup_params[name] = [in_the_programmes_zone(value) for value in values]
        return lookup_params

    def get_filters(self, request):
        for name, values in self.get_filters_params().items():
            for part in name.split("__")[1:]:
                if part in self.HIGHEST:
                    # Each parameter's values, as Django reads them: the last one counts.
                    self._refuse_unbounded(request, part, values[-1])
        return super().get_filters(request)

    def _refuse_unbounded(self, request, part: str, value: str) -> None:
        number = posted_number(value)
        if number is None or not 1 <= number <= self.HIGHEST[part]:
            # Django answers by showing the whole list again: say why.
            shown, word = value.strip()[:20], part.removeprefix("iso_")
            messages.warning(
                request,
                f"There is no {word} {shown} to show dates of."
                if shown
                else f"No {word} was given to show dates of.",
            )
            raise IncorrectLookupParameters(f"no such {part}")


# The lookups that compare a field with one value given (`__in` and `__range` take several).
_COMPARING = frozenset({"exact", "gt", "gte", "lt", "lte"})


def _compares_a_moment(model, lookup: str) -> bool:
    """Whether `lookup` (`submitted_at__gte`, `starts_at`) compares a date and time."""
    parts = lookup.split(LOOKUP_SEP)
    if parts[-1] in _COMPARING:
        parts = parts[:-1]
    try:
        last = get_fields_from_path(model, LOOKUP_SEP.join(parts))[-1]
    except (FieldDoesNotExist, NotRelationField):
        return False
    return isinstance(last, models.DateTimeField)


def in_the_programmes_zone(value) -> str:
    """`value`, a moment given in a list's address, with the programme's time zone
    (settings.TIME_ZONE) where it has none: a date alone is its midnight there. Anything
    else (a moment with its zone, as Django's links give it, or what is no moment) is left
    as given, for Django to read or refuse."""
    if not isinstance(value, str) or not value.isascii():
        return value
    try:
        moment = parse_datetime(value)
        if moment is None and (day := parse_date(value)) is not None:
            moment = datetime.combine(day, time())
    except ValueError:  # the form of a date, not a real one (2026-02-30): Django's to refuse
        return value
    if moment is None or timezone.is_aware(moment):
        return value
    return str(timezone.make_aware(moment, timezone.get_default_timezone()))


class RefusesLookups(BoundedDateDrillDown):
    """A list asked for by a lookup its admin refuses (`refused_lookup`: a hand-made
    address, no link leads there) shows all its rows and says why, as a date it cannot
    bound does, rather than Django's bare "Bad Request (400)"."""

    def get_filters(self, request):
        for name, values in self.get_filters_params().items():
            why = self.model_admin.refused_lookup(name)
            if why:
                messages.warning(request, why)
                raise IncorrectLookupParameters(name)
            if _a_number_too_large(self.model, name, values):
                messages.warning(request, "No row has the number given. All are shown.")
                raise IncorrectLookupParameters(name)
            if _names_a_row(self.model, name) and not all(_a_row_id(value) for value in values):
                # A row chosen by its id is read only from ASCII digits, as everywhere on the
                # site; Django's filter would read "٣" or " 3" as 3, where the figures a list
                # shows beside it do not (programme health's counts).
                messages.warning(request, "No row has the number given. All are shown.")
                raise IncorrectLookupParameters(name)
        return super().get_filters(request)


def _a_number_too_large(model, lookup: str, values) -> bool:
    """Whether `lookup` compares a whole-number field with a number no column holds (past a
    bigint), which the database driver refuses to send rather than finding nothing."""
    parts = lookup.split(LOOKUP_SEP)
    if parts[-1] in ("exact", "in", "gt", "gte", "lt", "lte"):
        parts = parts[:-1]
    try:
        last = get_fields_from_path(model, LOOKUP_SEP.join(parts))[-1]
    except (FieldDoesNotExist, NotRelationField):
        return False
    if not isinstance(last, models.IntegerField):
        return False
    for value in values:
        for each in str(value).split(","):
            try:
                if abs(int(each)) >= 2**63:
                    return True
            except ValueError:
                continue  # not a number: Django's to refuse
    return False


def _a_row_id(value) -> bool:
    return isinstance(value, str) and posted_number(value, max_digits=18) is not None


def _names_a_row(model, lookup: str) -> bool:
    """Whether `lookup` (`programme`, `programme__id__exact`, `mentor`, `id`) chooses rows by
    another row's id (a primary key or a relation, compared exactly), whose value is then
    read as a row id is everywhere."""
    parts = lookup.split(LOOKUP_SEP)
    if parts[-1] == "exact":
        parts = parts[:-1]
    try:
        last = get_fields_from_path(model, LOOKUP_SEP.join(parts))[-1]
    except (FieldDoesNotExist, NotRelationField):
        return False  # another lookup ("__gte", "__isnull"), or not a field: Django's to read
    # A reverse relation ("questions") has no `primary_key`: its value is a row's id too.
    return bool(getattr(last, "primary_key", False) or last.is_relation)


def reads_encrypted_text(model, lookup: str) -> bool:
    """Whether `lookup` (`note__isnull`, `text__startswith`, `match__purpose__gt`) compares
    encrypted text (accounts.encryption.EncryptedTextField) of `model`'s rows, or of rows
    they lead to through a relation, either way. Every admin refuses such a lookup
    (`DateDrillDownMixin.refused_lookup`)."""
    opts = model._meta
    for part in lookup.split(LOOKUP_SEP):
        try:
            field = opts.get_field(opts.pk.name if part == "pk" else part)
        except FieldDoesNotExist:
            return False  # a lookup (`isnull`) past a field that is not encrypted
        if isinstance(field, EncryptedTextField):
            return True
        if field.related_model is None:
            return False
        opts = field.related_model._meta
    return False


class DateDrillDownMixin:
    def get_changelist(self, request, **kwargs):
        return RefusesLookups

    def refused_lookup(self, lookup: str) -> str:
        """Why the list is not filtered by `lookup` (one its rows' fields allow, from a
        hand-made address), said above the whole list shown instead; "" allows it. Never by
        what other records hold of a row through a relation pointing at it
        (`?participations=…` on surveys, `?former_names__…` on people: who answered, who
        changed their name), which Django allows on any relation of the row's own, unless
        the list's own filters offer it; nor by a pattern (`__regex`), which the database
        may refuse to read; nor by encrypted text (`reads_encrypted_text`), whose content
        no lookup can read, but whose being empty, or its length, a lookup would tell."""
        first, *rest = lookup.split(LOOKUP_SEP)
        if rest and rest[-1] in ("regex", "iregex"):
            return "Lists are not filtered by a pattern. All are shown."
        if reads_encrypted_text(self.model, lookup):
            return "Lists are not filtered by confidential text. All are shown."
        try:
            field = self.model._meta.get_field(first)
        except FieldDoesNotExist:
            return ""
        if field.auto_created and not field.concrete and first not in self._own_filters():
            return (
                "This list is chosen by its own filters only, not by what other records hold "
                "of its rows. All are shown."
            )
        return ""

    def lookup_allowed(self, lookup, value, request=None):
        """Django's own refusal behind `refused_lookup`'s message."""
        if self.refused_lookup(lookup):
            return False
        return super().lookup_allowed(lookup, value, request)

    def _own_filters(self) -> set[str]:
        """The first field of each of the list's own filters on a field (`list_filter`)."""
        named = [each[0] if isinstance(each, tuple | list) else each for each in self.list_filter]
        return {each.split(LOOKUP_SEP)[0] for each in named if isinstance(each, str)}


def _named(nested: list) -> list:
    """Django's nested summary less the rows of a many-to-many's own table (its
    `auto_created` link model: "Boardmember-theme relationship: BoardMember_themes object
    (6)"), which name nothing the office knows: the link goes with the row, and the other
    side stays (a theme)."""
    kept = []
    for item in nested:
        if isinstance(item, list):
            if children := _named(item):
                kept.append(children)
        elif item is not _LINK_ROW:
            kept.append(item)
    return kept


# What `format_callback` names a many-to-many's link row, left out by `_named`.
_LINK_ROW = object()


class DeletionSummaryMixin:
    """Django's summary before deleting (an object's Delete page, and the "Delete selected"
    action's) names each row that would go with what is deleted, or that stops it, by its
    `__str__`, and asks the row's own admin whether it may be deleted. Django reads what
    those read of other rows row by row: a programme's page cost queries for each of its
    applications, board members and pairs. Here it is read first, for all the rows of a
    kind at once: the lookups a model's name reads (`str_reads`, beside its `__str__`) and
    those its admin's `has_delete_permission` reads (`delete_permission_reads`). The summary
    is Django's own, word for word (django.contrib.admin.utils.get_deleted_objects, with
    that one step added), but for the rows of a many-to-many's own table, which it named
    "Boardmember-theme relationship: BoardMember_themes object (6)": left out (`_named`)."""

    # The lookups (as `prefetch_related` takes them) that `has_delete_permission(request,
    # obj)` reads of other rows: loaded at once for each of this admin's rows a summary lists.
    delete_permission_reads: tuple[str, ...] = ()

    def get_deleted_objects(self, objs, request):
        try:
            first = objs[0]
        except IndexError:
            return [], {}, set(), []
        collector = NestedObjects(using=router.db_for_write(first._meta.model), origin=objs)
        collector.collect(objs)
        self._read_at_once([*chain.from_iterable(collector.edges.values()), *collector.protected])
        admin_site = self.admin_site
        perms_needed = set()

        def format_callback(obj):
            opts = obj._meta
            if opts.auto_created:
                return _LINK_ROW
            no_edit_link = f"{capfirst(opts.verbose_name)}: {obj}"
            if not admin_site.is_registered(type(obj)):
                return no_edit_link
            if not admin_site.get_model_admin(type(obj)).has_delete_permission(request, obj):
                perms_needed.add(opts.verbose_name)
            try:
                admin_url = reverse(
                    f"{admin_site.name}:{opts.app_label}_{opts.model_name}_change",
                    args=[admin_quote(obj.pk)],
                )
            except NoReverseMatch:
                return no_edit_link
            return format_html(
                '{}: <a href="{}">{}</a>', capfirst(opts.verbose_name), admin_url, obj
            )

        to_delete = _named(collector.nested(format_callback))
        protected = [format_callback(obj) for obj in collector.protected]
        model_count = {
            model._meta.verbose_name_plural: len(rows)
            for model, rows in collector.model_objs.items()
            if not model._meta.auto_created
        }
        return to_delete, model_count, perms_needed, protected

    def _read_at_once(self, rows) -> None:
        """What naming each of `rows`, and checking whether it may be deleted, reads of
        other rows: a query or two for each kind of row, whatever their number."""
        by_model = defaultdict(list)
        for row in rows:
            by_model[type(row)].append(row)
        for model, same_kind in by_model.items():
            lookups = [*getattr(model, "str_reads", ())]
            if self.admin_site.is_registered(model):
                model_admin = self.admin_site.get_model_admin(model)
                lookups += getattr(model_admin, "delete_permission_reads", ())
            prefetch_related_objects(same_kind, *lookups)


class WrittenMedia(forms.Media):
    """An admin page's scripts and style sheets (`{{ media.js }}`, `{{ media.css }}`,
    `{{ media }}`): Django's `forms.Media`, written as Django writes it, once per process
    for each set of files (some 700 Python calls on every admin page, for the same eight
    script tags). It is what `ModelAdmin.media` gives, and what adding a form's or a
    formset's files to it gives (`+`, as Django's views do for the list's actions and the
    change form's fields and inlines), so each page is written once whatever it adds. What
    is kept is the same for everyone and does not change while a process runs: the files'
    addresses come from the settings and the static files' manifest, read once when it
    starts (a deployment starts new processes); a test that changes a setting empties it
    (`setting_changed`). A set holding anything but plain paths (a `forms.Script`, a style
    sheet) is written by Django each time."""

    @classmethod
    def of(cls, media: forms.Media) -> "WrittenMedia":
        """`media`'s files: Django's lists of what each part asked for, in order (the sets
        Django merges)."""
        written = cls()
        written._css_lists, written._js_lists = media._css_lists, media._js_lists
        return written

    @cached_property
    def key(self) -> tuple | None:
        """The set's scripts as each part asked for them, where it holds only plain paths;
        None otherwise."""
        css, js = self._css_lists, self._js_lists
        plain = not any(css) and all(type(path) is str for paths in js for path in paths)
        return tuple(tuple(paths) for paths in js) if plain else None

    def __add__(self, other):
        return WrittenMedia.of(super().__add__(other))

    def __getitem__(self, name: str):
        """The scripts (`js`) or style sheets (`css`) alone: a `forms.Media`, as Django's
        (a `class Media` extending only its base's scripts adds it to its own), written once
        too. Its scripts are one list, merged as Django merges them (`_js`), so that what is
        added to it merges as it would with Django's; merged once per set. A set kept has no
        style sheets."""
        if self.key is None or name not in ("js", "css"):
            return super().__getitem__(name)
        part = WrittenMedia()
        if name == "js":
            merged = _MERGED_SCRIPTS.get(self.key)
            if merged is None:
                merged = self._js
                if len(_MERGED_SCRIPTS) < KEPT_MEDIA:
                    _MERGED_SCRIPTS[self.key] = merged
            part._js_lists = [merged]
        return part

    def __str__(self) -> str:
        if self.key is None:
            return super().__str__()
        written = _WRITTEN_MEDIA.get(self.key)
        if written is None:
            written = super().__str__()
            if len(_WRITTEN_MEDIA) < KEPT_MEDIA:
                _WRITTEN_MEDIA[self.key] = written
        return written


# Sets of files kept, written and merged: a few for each admin (its list, its forms).
KEPT_MEDIA = 256
_WRITTEN_MEDIA: dict[tuple, SafeString] = {}
# Each kept set's scripts as Django merges them into one list (`WrittenMedia.__getitem__`).
_MERGED_SCRIPTS: dict[tuple, list] = {}


@receiver(setting_changed)
def _forget_written_media(**kwargs) -> None:
    _WRITTEN_MEDIA.clear()
    _MERGED_SCRIPTS.clear()


class ModelAdmin(
    PlainWordsMixin,
    AddressIdMixin,
    DeletionSummaryMixin,
    RowCheckboxMixin,
    SavedObjectMixin,
    DateDrillDownMixin,
    admin.ModelAdmin,
):
    formfield_overrides = {
        models.DateTimeField: {"form_class": SplitDateTimeField, "widget": NamedSplitDateTime}
    }

    # On a change, write only the columns the page's form edits. Django writes every column of
    # the row as it read it, undoing what a colleague or a person changed meanwhile (a pair
    # ended while a coordinator typed its note): for pages that edit a few fields of a row
    # that changes under them.
    saves_only_what_it_edits = False

    @property
    def media(self):
        """Django's scripts of every admin page, written once (`WrittenMedia`): the list and
        the change form add their own to them, and those are written once too."""
        return WrittenMedia.of(super().media)

    def get_paginator(self, request, queryset, per_page, orphans=0, allow_empty_first_page=True):
        """Django's, told the number of the list's rows where the list read it with its
        page's (`accounts.admin_rows.count_once` writes it on the rows, `counted`); Django's
        paginator counts them otherwise."""
        paginator = super().get_paginator(
            request, queryset, per_page, orphans, allow_empty_first_page
        )
        if (counted := getattr(queryset, "counted", None)) is not None:
            paginator.count = counted
        return paginator

    def save_model(self, request, obj, form, change):
        if change and self.saves_only_what_it_edits:
            fields = [field for field in obj._meta.concrete_fields if not field.primary_key]
            columns = {field.name for field in fields}
            stamped = [field.name for field in fields if getattr(field, "auto_now", False)]
            obj.save(update_fields=[name for name in form.fields if name in columns] + stamped)
        else:
            super().save_model(request, obj, form, change)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        # A row chosen by its id, read only from ASCII digits, as everywhere on the site.
        kwargs.setdefault("form_class", IdChoiceField)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        kwargs.setdefault("form_class", IdsChoiceField)
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def get_changelist_form(self, request, **kwargs):
        """The fields a list edits in place (`list_editable`) say their rules in the site's
        words, as every other form of the admin (`PlainWordsForm`: a number read from the
        digits 0 to 9 only, in a box of text, its bounds said to whoever types past them).
        They have no label of their own: each is named for screen readers by its column and
        its row ("Position of Senate")."""
        form = super().get_changelist_form(request, **kwargs)

        class Labelled(PlainWordsForm, form):
            def __init__(self, *args, **kwargs):
                super().__init__(*args, **kwargs)
                for field in self.fields.values():
                    if not field.widget.is_hidden:
                        field.widget.attrs["aria-label"] = (
                            f"{capfirst(field.label)} of {self.instance}"
                        )

        return Labelled


class RecipientShownAdminMixin:
    """For the office's lists of emails or reminders: whom each is to, as `shown_recipient`
    says (columns and fields `addressed_to`, `addressed_recipient`), and a search that never
    finds a hidden kind by the address or name searched for. Rows are outbox emails unless
    the list says otherwise: what a row is as an email by `email_kind_of`, and which values
    of its `kind` hide the recipient by `hidden_kinds` (the reminder log overrides both)."""

    def email_kind_of(self, obj) -> str:
        return obj.kind

    def hidden_kinds(self) -> list[str]:
        """The values of the rows' `kind` whose recipients are hidden."""
        return list(RECIPIENT_HIDDEN)

    def get_search_results(self, request, queryset, search_term):
        found, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        if search_term:
            found = found.exclude(kind__in=self.hidden_kinds())
        return found, may_have_duplicates

    def by_recipient(self, lookup: str) -> bool:
        """Whether `lookup` filters the rows by whom they are to, however it is spelt
        (`to__iexact`, `recipient__email`, or `recipient_id`, its column: the same field;
        `message__to` from a row that keeps its email), or by the error a server gave,
        which names the address it refused (`last_error__icontains`)."""
        first, *rest = lookup.split("__")
        try:
            field = self.model._meta.get_field(first)
        except FieldDoesNotExist:
            return False
        return bool({field.name, *rest} & {"to", "recipient", "recipient_id", "last_error"})

    def refused_lookup(self, lookup: str) -> str:
        """No list is filtered by whom its rows are to (`?to=…`, `?recipient=…`, which
        Django allows on any field of the row's own): the rows a hidden kind keeps for an
        address would tell whom it went to, and so who answered a survey. The search finds
        people's emails, leaving the hidden kinds out. (Django's own refusal stands behind
        this message: `DateDrillDownMixin.lookup_allowed`.)"""
        if self.by_recipient(lookup):
            return (
                f"{capfirst(self.count_noun)}s are not listed by whom they are to, so that no "
                "list tells who answered a survey. All are shown."
            )
        return super().refused_lookup(lookup)

    # Not sortable: where a hidden row falls among addresses in order would tell whose it is.
    @admin.display(description="to")
    def addressed_to(self, obj):
        return shown_recipient(self.email_kind_of(obj), obj.to)

    @admin.display(description="recipient")
    def addressed_recipient(self, obj):
        if self.email_kind_of(obj) in RECIPIENT_HIDDEN or obj.recipient is None:
            return "-"
        return str(obj.recipient)

    def failure_shown(self, obj, message) -> str:
        """Why `message` (the row's email) failed, as `shown_failure` says it: read against
        the address it was tried at (its `to`)."""
        return shown_failure(self.email_kind_of(obj), message.to, message.last_error)
