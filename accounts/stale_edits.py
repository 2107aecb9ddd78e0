"""A form of a row that two people, or two tabs, may have open at once: the later save is
refused when the row changed since its page was opened, rather than silently putting back
what the page showed. The form carries, hidden, a stamp of the values of what it edits as
the page read them (`opened_as`); the save compares it with the row read under its lock, in
the save's transaction, and refuses a stamp that differs (an empty or made-up one too, and
a post with none at all: made by hand, or from a page opened before there was one), showing
the form again as typed with one error at the top (`stale_said`), which links to the page's
own address to open the saved version (reloading would post the refused save again). The
stamp is worked out from the values, so no column records a version (the shared purpose's
own `purpose_stamp` reads its date). The office's pages and a board member's profile stamp alike
(`columns_stamp`, naming what they stamp) and read a stamp back alike (`columns_stamped`).
The rows of an office page's inlines (a programme's themes, a survey's questions) are each
stamped the same way (`StaleEditFormSet`), and checked with their parent's row, by the same
test (`columns_hold`): a row changed or deleted since the page was opened refuses the whole
save, in the same words.

Used by the office's change pages (`accounts.admin_base.StaleEditGuard`) and a board
member's profile (`mentoring.services.mentees.board_member_profile_save`)."""

from collections.abc import Mapping
from datetime import UTC, datetime

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.forms.utils import ErrorDict
from django.utils.crypto import salted_hmac
from django.utils.html import format_html
from django.utils.safestring import SafeString

OPENED_AS = "opened_as"


class StaleEdit(Exception):
    """The row changed since the page saving it was opened: nothing is saved. `stampless`:
    the page did not say what it showed of one of its inline rows (`StaleEditFormSet`)."""

    def __init__(self, *, stampless: bool = False):
        super().__init__()
        self.stampless = stampless


# Who may have saved an office page's row meanwhile: the same coordinator in another tab as
# often as another coordinator.
OFFICE_CHANGED_BY = "in another tab or window, or by someone else"


def stale_said(
    what: str, *, reopen: str, by: str = OFFICE_CHANGED_BY, stampless: bool = False
) -> SafeString:
    """The one error a refused save shows, `what` naming the row ("this programme"), `by`
    how the change it would undo was made ("in another tab or window, or by the programme
    office"). A page that sent no stamp (`stampless`: opened before the site stamped its
    pages, or a post made by hand) is not told of a change nobody may have made. The page
    showing it is the answer to a post, which reloading would send again (and be refused
    again): it links to `reopen`, the page's own address, to open the saved version."""
    if stampless:
        why = (
            "This page did not say which version of {} it showed (it may have been opened "
            "before the site was updated), so nothing was saved, in case it would undo "
            "someone else's change."
        )
        said = format_html(why, what)
    else:
        said = format_html(
            "Since you opened this page, a change to {} was saved {}, so nothing was saved: "
            "saving would have undone it.",
            what,
            by,
        )
    return format_html(
        '{} <a href="{}" class="alert-link">Open the saved version</a>, then make your '
        "changes again. What you typed is below.",
        said,
        reopen,
    )


def stamp(values) -> str:
    """A stamp of `values` (a row's, in a fixed order): equal for equal values, and not to
    be made up without the site's key."""
    text = "\x1f".join(_written(value) for value in values)
    return salted_hmac("accounts.stale_edits.stamp", text).hexdigest()[:32]


def _written(value) -> str:
    if isinstance(value, datetime) and value.tzinfo is not None:
        return value.astimezone(UTC).isoformat()
    if isinstance(value, list | tuple | set | frozenset) and all(
        isinstance(each, int) for each in value
    ):
        return repr(sorted(value))  # ids, in whatever order they were read
    return repr(value)


class OpenedAsField(forms.CharField):
    """The stamp a page was opened with, hidden: never a change of the form's own."""

    widget = forms.HiddenInput

    def __init__(self, **kwargs):
        super().__init__(required=False, **kwargs)

    def has_changed(self, initial, data) -> bool:
        return False


def opened_as(form) -> str:
    """The stamp `form` was sent with; "" when it sent none at all (a page opened before
    there was one, or a post made by hand), refused as an empty or made-up stamp is: only a
    page that says what it showed saves over the row."""
    value = form.data.get(form.add_prefix(OPENED_AS))
    return value if isinstance(value, str) else ""


def columns_stamp(columns: list[str], values) -> str:
    """A stamp of a row's `columns` (their `values`) that names them: "name,name|stamp". A
    save compares exactly the columns its page stamped, though the form may edit others by
    then (a survey's questions made read-only once it has asked, a programme's address once
    people take part)."""
    names = ",".join(columns)
    return f"{names}|{stamp([names, *values])}"


def columns_stamped(model, seen: str, *, besides: tuple[str, ...] = ()) -> list[str] | None:
    """The columns of `model` a stamp `seen` (`columns_stamp`) names, with any of `besides`
    (what else its page stamps under a name of its own: a profile's themes); None when it
    names anything else, or nothing readable (made up)."""
    names, sep, _ = seen.partition("|")
    if not sep:
        return None
    columns = names.split(",") if names else []
    own = {field.attname for field in model._meta.concrete_fields if not field.primary_key}
    return columns if set(columns) <= own | set(besides) else None


def columns_hold(columns: list[str] | None, row: Mapping[str, object] | None, seen: str) -> bool:
    """Whether the stamp `seen` (`columns_stamp`) is still true of `row` (its values by
    column, those `seen` names among them; None: no such row now), given the `columns` it
    names (`columns_stamped`, read first to know which columns to read the row for): they
    hold what they held when its page was opened. Those it does not name may have changed
    (a column the form no longer edits is not a change someone else saved); a stamp naming
    anything else (`columns` None), or made up, never holds. One check for an office page's
    row and each of its inline rows, before a confirmation and under the save's lock."""
    if columns is None or row is None:
        return False
    return columns_stamp(columns, [row[column] for column in columns]) == seen


def stamped_fields(form) -> list[models.Field]:
    """The row's columns `form` edits: those its save writes back as the page showed them."""
    model = form._meta.model
    names = set(form.fields)
    return [
        field
        for field in model._meta.concrete_fields
        if field.name in names and not field.primary_key
    ]


class StaleEditForm:
    """Put first among a model form's bases: the form carries `opened_as`, the stamp of its
    row's columns as read (`stamped_fields`), and says `stale_said` at the top when
    `refused_as_stale` (set by whoever compared it under the row's lock), its link opening
    `stale_reopen`."""

    refused_as_stale = False
    refused_stampless = False  # an inline row of the page came with no stamp
    stale_what = ""  # how the error names the row: "this programme"
    stale_reopen = ""  # the page's own address, where the error opens the saved version

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = OpenedAsField()
        if self.instance.pk is not None:
            field.initial = self.stamp_of(self.instance)
        self.fields[OPENED_AS] = field

    def stamp_of(self, row) -> str:
        columns = [field.attname for field in stamped_fields(self)]
        return columns_stamp(columns, [getattr(row, column) for column in columns])

    def full_clean(self):
        super().full_clean()
        if self.refused_as_stale and self.is_bound:
            what = self.stale_what or f"this {self._meta.model._meta.verbose_name}"
            stampless = self.refused_stampless or not opened_as(self)
            self.add_error(None, stale_said(what, reopen=self.stale_reopen, stampless=stampless))


class StaleEditFormSet:
    """Put first among an inline formset's bases (its parent's form a `StaleEditForm`): the
    form of each saved row carries `opened_as`, the stamp of the row's columns it edits as
    read (the key to the parent left out), for whoever saves the parent to compare
    (`rows_posted`). Refused as stale, its rows are shown again as typed and not checked:
    the one error is the parent's, at the top (a row deleted meanwhile would say, beside a
    hidden box, that it is not among the choices)."""

    refused_as_stale = False

    def add_fields(self, form, index):
        super().add_fields(form, index)
        if form.instance.pk is not None:
            field = OpenedAsField()
            columns = self.stamped_columns(form)
            field.initial = columns_stamp(
                columns, [getattr(form.instance, column) for column in columns]
            )
            form.fields[OPENED_AS] = field

    def stamped_columns(self, form) -> list[str]:
        parent = getattr(self, "fk", None)
        return [field.attname for field in stamped_fields(form) if field != parent]

    def rows_posted(self) -> list[tuple[forms.Form, object, str]]:
        """Each saved row the page showed, as (its form, its id as posted, its stamp as
        posted): the form's `instance` is the row as read, or a new one where this parent
        has no row of that id (deleted meanwhile, or made up). A row whose id cannot be read
        is left to Django's checks."""
        pk = self.model._meta.pk
        to_python = self._get_to_python(pk)
        posted = []
        for form in self.initial_forms:
            try:
                row_id = to_python(form.data.get(form.add_prefix(pk.name)))
            except ValidationError:
                continue
            if row_id is not None:
                posted.append((form, row_id, opened_as(form)))
        return posted

    def full_clean(self):
        if not (self.refused_as_stale and self.is_bound):
            return super().full_clean()
        self._non_form_errors = self.error_class(error_class="nonform", renderer=self.renderer)
        self._errors = []
        for form in self.forms:
            form.cleaned_data, form._errors = {}, ErrorDict(renderer=form.renderer)
            self._errors.append(form._errors)
        return None
