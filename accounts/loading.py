"""Rows made into model instances in fewer steps, for a model that pages read by the dozen.

Django makes each row into an instance through `Model.__init__`, which sends two signals
and sets each column through its descriptor: 45 Python calls for a meeting (22 columns,
five of them keys), a thousand for the 25 meetings a pair's page lists, on every pair page.
`QuickLoad.from_db` (Django's documented hook for loading from the database) puts the row's
values in the instance's `__dict__` directly: what `__init__` would have left there, with
the same `_state`, in a tenth of the calls.

A row missing columns (`.only()`, `.defer()`: a list that reads a few of a wide row's) is
made the same way with the columns it has, which `__init__` would set alone, leaving the
others to be read when asked for. It steps aside, to Django's own `from_db`, whenever
`__init__` would do anything more: an `__init__` of the model's own, a receiver of
`pre_init` or `post_init`, or a column whose descriptor does more than store its value (a
file, say).
`tests/accounts/test_rows_load_as_django_loads_them.py` holds the instances to Django's, so
a Django that changes what `__init__` leaves fails there."""

from functools import cache

from django.db.models import Model
from django.db.models.base import ModelState
from django.db.models.fields.related_descriptors import ForeignKeyDeferredAttribute
from django.db.models.query_utils import DeferredAttribute
from django.db.models.signals import post_init, pre_init

# Descriptors that, on a new instance, only store the value in its __dict__.
_STORING = (DeferredAttribute, ForeignKeyDeferredAttribute)


class QuickLoad:
    """A model's rows read from the database made into instances without `__init__`'s
    per-column work (above). Put it before `models.Model` among the model's bases."""

    @classmethod
    def from_db(cls, db, field_names, values):
        attnames = _attnames(cls)
        if attnames is not None and len(values) != len(attnames):
            attnames = _read(cls, tuple(field_names))
        if (
            attnames is None
            or len(values) != len(attnames)
            or pre_init.receivers
            or post_init.receivers
        ):
            return super().from_db(db, field_names, values)
        new = cls.__new__(cls)
        state = new._state = ModelState()
        state.adding, state.db = False, db
        # In the order of the model's columns, as `Model.from_db` hands them to __init__.
        new.__dict__.update(zip(attnames, values, strict=True))
        return new


@cache
def _attnames(model) -> tuple[str, ...] | None:
    """The model's columns, in order; None when one of them has a descriptor of its own, or
    the model an `__init__` of its own."""
    if model.__init__ is not Model.__init__:
        return None
    fields = model._meta.concrete_fields
    if any(type(model.__dict__.get(field.attname)) not in _STORING for field in fields):
        return None
    return tuple(field.attname for field in fields)


@cache
def _read(model, names: tuple[str, ...]) -> tuple[str, ...]:
    """The model's columns that a row missing some holds (`names`), in the model's order: as
    `Model.from_db` hands them to `__init__`, with the others left unset."""
    return tuple(name for name in _attnames(model) if name in names)
