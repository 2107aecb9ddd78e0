"""A model loaded quickly (accounts.loading.QuickLoad: what the pair pages and the dashboard
read by the dozen) gives the very instances Django's own loading gives, and steps aside for
Django whenever its `__init__` would do more. Fails if a Django release changes what
`__init__` leaves on an instance."""

import pytest
from django.apps import apps
from django.db import models
from django.db.models.signals import post_init, pre_init

from accounts.loading import QuickLoad
from mentoring.models import Meeting, Theme
from tests.factories import ActionStepFactory, MeetingFactory, SurveyFactory

# Every model loaded quickly, found where Django keeps its models: a model given QuickLoad
# is held to Django's loading below without being named here.
QUICK = sorted(
    (
        model
        for model in apps.get_models()
        if issubclass(model, QuickLoad) and not model._meta.proxy
    ),
    key=lambda model: model.__name__,
)


@pytest.fixture
def meeting(cast):
    MeetingFactory(match=cast.pair, proposed_by=cast.mentor, change_reason="Moved: a clash")
    return Meeting.objects.get(match=cast.pair)


def _django_loads(model, db, names, values):
    """What Django's own loading makes of a row: the model's `from_db` with QuickLoad
    stepping aside, as it does while anything hears of `pre_init` (a model's own `from_db`,
    such as User's, still adds what it adds)."""
    pre_init.connect(_hears)
    try:
        return model.from_db(db, names, values)
    finally:
        pre_init.disconnect(_hears)


def _hears(**kwargs) -> None:
    pass


def _row(instance):
    names = [field.attname for field in type(instance)._meta.concrete_fields]
    return names, [getattr(instance, name) for name in names]


def test_the_models_loaded_quickly_are_found_where_django_keeps_them():
    """Each is held to Django's loading below once found: the pair pages' meetings are."""
    assert Meeting in QUICK


@pytest.mark.parametrize("model", QUICK, ids=lambda model: model.__name__)
def test_a_row_read_is_the_instance_django_would_have_made(model, meeting, cast):
    ActionStepFactory(meeting=Meeting.objects.get(pk=meeting.pk))
    SurveyFactory(programme=cast.programme)
    Theme.objects.get_or_create(programme=cast.programme, name="Finance", position=1)
    read = model.objects.order_by("pk").first()
    assert read is not None, f"a {model.__name__} row to read: make one above"
    names, values = _row(read)
    ours = model.from_db("default", names, values)
    djangos = _django_loads(model, "default", names, values)

    assert type(ours) is type(read) is model
    assert ours.__dict__.keys() == djangos.__dict__.keys()
    assert {k: v for k, v in ours.__dict__.items() if k != "_state"} == {
        k: v for k, v in djangos.__dict__.items() if k != "_state"
    }
    # The cache of related rows is made empty when first asked for (Django's own keys ask).
    assert ours._state.fields_cache == djangos._state.fields_cache == {}
    assert vars(ours._state) == vars(djangos._state)
    assert (ours._state.adding, ours._state.db) == (False, "default")


def test_it_reads_as_any_meeting_does(meeting, cast):
    assert meeting.match == cast.pair  # the key, then the pair read through it
    assert meeting.proposed_by == cast.mentor
    assert meeting.change_reason == "Moved: a clash"  # decrypted as it was read
    meeting.minutes = 45
    meeting.save(update_fields=["minutes"])  # saved as an existing row, not a new one
    assert Meeting.objects.get(pk=meeting.pk).minutes == 45
    assert not meeting._state.adding


def test_a_row_missing_columns_is_the_instance_django_would_have_made(meeting):
    names = ["id", "match_id", "starts_at"]
    values = [meeting.pk, meeting.match_id, meeting.starts_at]
    ours = Meeting.from_db("default", names, values)
    djangos = _django_loads(Meeting, "default", names, values)

    assert list(ours.__dict__) == list(djangos.__dict__)
    assert {k: v for k, v in ours.__dict__.items() if k != "_state"} == dict(
        zip(names, values, strict=True)
    )
    assert ours._state.fields_cache == djangos._state.fields_cache == {}
    assert vars(ours._state) == vars(djangos._state)
    assert ours.get_deferred_fields() == djangos.get_deferred_fields() >= {"location", "status"}


def test_a_column_left_out_is_read_when_asked_for(meeting):
    deferred = Meeting.objects.only("pk", "starts_at").get(pk=meeting.pk)
    assert deferred.get_deferred_fields() >= {"location", "status"}
    assert deferred.location == meeting.location  # read when asked for, as Django does
    assert deferred.starts_at == meeting.starts_at


def test_a_receiver_of_post_init_hears_of_each_meeting_read(meeting):
    heard = []

    def receiver(sender, instance, **kwargs):
        heard.append(instance.pk)

    post_init.connect(receiver, sender=Meeting)
    try:
        list(Meeting.objects.filter(pk=meeting.pk))
    finally:
        post_init.disconnect(receiver, sender=Meeting)
    assert heard == [meeting.pk]


def test_an_init_of_the_models_own_runs_for_each_meeting_read(meeting, monkeypatch):
    """A model that remembers what it was read with (an `__init__` of its own) is left to
    Django's loading, which runs it."""
    from accounts.loading import _attnames

    def __init__(self, *args, **kwargs):
        models.Model.__init__(self, *args, **kwargs)
        self.status_when_read = self.__dict__.get("status")

    monkeypatch.setattr(Meeting, "__init__", __init__)
    _attnames.cache_clear()  # what the class was when first read is kept per process
    try:
        read = Meeting.objects.get(pk=meeting.pk)
    finally:
        monkeypatch.undo()
        _attnames.cache_clear()
    assert read.status_when_read == meeting.status
