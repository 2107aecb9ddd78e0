"""What the admin says of a required field left empty reads as a sentence whatever its label:
"Enter the full name." for a thing's name, and the label in quotation marks for one that is a
question, has a bracket, or begins or ends as no name does ("Who can be a mentor", "Proposed
by"); a matching weight, whose label names a criterion, says what is chosen."""

import pytest
from django import forms
from django.urls import reverse

from accounts.admin_base import in_plain_words
from tests.admin_pages import form_data
from tests.cast import sign_in_as

REQUIRED = [
    ("Full name", forms.CharField, "Enter the full name."),
    ("URL", forms.CharField, "Enter the URL."),
    ("Board member", forms.ChoiceField, "Choose the board member."),
    (
        "Public holidays of (country code)",
        forms.CharField,
        "Fill in “Public holidays of (country code)”.",
    ),
    ("Agreed to the ground rules?", forms.CharField, "Fill in “Agreed to the ground rules?”."),
    ("Who can be a mentor", forms.CharField, "Fill in “Who can be a mentor”."),
    ("Proposed by", forms.ChoiceField, "Choose an answer for “Proposed by”."),
    ("Starts on", forms.DateField, "Enter a date for “Starts on”."),
]


@pytest.mark.parametrize(("label", "kind", "message"), REQUIRED)
def test_a_required_field_left_empty_is_asked_for_in_a_sentence(label, kind, message):
    form = type("OneField", (forms.Form,), {"answer": kind(label=label)})(data={})
    in_plain_words(form)

    assert form.errors["answer"] == [message]


@pytest.mark.django_db
def test_the_programmes_holiday_country_left_empty_is_asked_for_in_a_sentence(client, cast):
    sign_in_as(client, cast, "coordinator")
    url = reverse("admin:mentoring_programme_change", args=[cast.programme.pk])

    page = client.post(url, {**form_data(client.get(url)), "holiday_country": ""})

    assert "Fill in “Public holidays of (country code)”." in page.content.decode()


@pytest.mark.django_db
def test_a_matching_weight_left_empty_says_what_is_chosen(client, cast):
    sign_in_as(client, cast, "coordinator")
    client.get(reverse("admin:matching_board", args=[cast.programme.pk]))  # makes the settings
    settings = cast.programme.matching_settings
    url = reverse("admin:matching_matchingsettings_change", args=[settings.pk])

    page = client.post(url, {**form_data(client.get(url)), "themes_weight": ""})

    assert "Choose how much “Shared themes” counts." in page.content.decode()
    assert "Choose the shared themes." not in page.content.decode()
