"""A programme's number settings (meeting length, gaps, reminders, survey group, retention)
each have bounds: stated beside the field before anyone types, refused in the admin's form
in plain words, and refused by the database. A new programme starts at the model's
defaults."""

import re

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse

from mentoring.models import Programme
from mentoring.models.programmes import SETTING_BOUNDS

pytestmark = pytest.mark.django_db

ADD = reverse("admin:mentoring_programme_add")


def change_url(programme):
    return reverse("admin:mentoring_programme_change", args=[programme.pk])


def input_named(page, name: str) -> str:
    return re.search(rf'<input[^>]*name="{name}"[^>]*>', page.content.decode()).group(0)


def test_a_new_programme_keeps_notes_for_the_models_default_period(office):
    page = office.get(ADD)

    default = Programme._meta.get_field("notes_retention_days").default
    assert default == 365  # as the README says
    assert f'value="{default}"' in input_named(page, "notes_retention_days")


def test_every_number_setting_on_the_add_page_starts_at_the_models_default(office):
    form = office.get(ADD).context["adminform"].form

    for name in SETTING_BOUNDS:
        assert form[name].value() == Programme._meta.get_field(name).get_default(), name


@pytest.mark.parametrize("name", list(SETTING_BOUNDS))
def test_each_setting_states_its_bounds_beside_it_in_a_box_of_text(office, cast, name):
    limits = SETTING_BOUNDS[name]

    page = office.get(change_url(cast.programme))

    # A box of text with the numeric keypad: a number box drops digits other than 0 to 9
    # unsent. Its bounds are in words, which a box of text takes no `min` or `max` for.
    field = input_named(page, name)
    assert 'type="text"' in field
    assert 'inputmode="numeric"' in field
    assert f"{limits.low:,} to {limits.high:,} {limits.unit}" in page.content.decode()


@pytest.mark.parametrize(
    ("name", "typed", "said"),
    [
        ("remind_days_before", "99999999999", "Enter between 2 and 30 days."),
        ("remind_days_before_last", "40000", "Enter between 1 and 29 days."),
        ("meeting_minutes", "5", "Enter between 15 and 240 minutes."),
        ("gap_max_weeks", "27", "Enter between 1 and 26 weeks."),
        ("survey_min_group_size", "51", "Enter between 3 and 50 people."),
        (
            "line_manager_silence_days",
            "61",
            "Enter between 1 and 60 days, or leave it empty to wait for an explicit answer.",
        ),
    ],
)
def test_a_setting_beyond_its_bounds_is_refused_in_plain_words_once(
    office, cast, name, typed, said
):
    form = office.get(change_url(cast.programme)).context["adminform"].form
    data = {field: form[field].value() or "" for field in form.fields} | {name: typed}

    refused = type(form)(data=data, instance=cast.programme)

    assert refused.errors[name] == [said]
    assert not refused.non_field_errors()  # said once, beside the field


@pytest.mark.parametrize("name", list(SETTING_BOUNDS))
def test_the_database_refuses_a_setting_beyond_its_bounds(cast, name):
    limits = SETTING_BOUNDS[name]
    for value in (limits.low - 1, limits.high + 1):
        with pytest.raises(IntegrityError), transaction.atomic():
            Programme.objects.filter(pk=cast.programme.pk).update(**{name: value})
