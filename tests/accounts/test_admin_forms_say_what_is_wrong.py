"""The admin's forms say what is wrong the way the site's own forms do: one summary at the
top ("There is a problem"), each error once and linking to its field, in the site's words,
with the limits of texts and numbers stated beside the fields before anyone breaks them,
and never the database's range of a number (accounts/admin_base.py, in_plain_words, and
templates/admin/change_form.html)."""

import re
import uuid

import pytest
from django.contrib import admin
from django.urls import reverse

from mentoring.models import BoardMember
from tests.admin_pages import form_data
from tests.cast import sign_in_as
from tests.event_admin import as_posted, change_url
from tests.factories import BoardFactory, EventFactory

pytestmark = pytest.mark.django_db

DJANGOS_WORDS = ["This field is required", "Ensure this value", "Please correct the error"]
DATABASE_RANGES = ["32767", "32,767", "2147483647", "2,147,483,647", "9223372036854775807"]
HUGE = "9" * 20


@pytest.fixture
def office(client, cast):
    sign_in_as(client, cast, "coordinator")
    return client


def summary(page: str) -> str:
    match = re.search(r'<div class="alert alert-danger error-summary".*?</div>', page, re.S)
    assert match, "no error summary on the page"
    return match.group(0)


def links(page: str) -> dict[str, str]:
    """Each message in the summary that links to a field: {message: the field's id}."""
    found = re.findall(r'<a class="alert-link" href="#([\w-]+)">(.*?)</a>', summary(page))
    return {message: target for target, message in found}


def programme_change(cast) -> str:
    return reverse("admin:mentoring_programme_change", args=[cast.programme.pk])


def save_programme(office, cast, **changes) -> str:
    url = programme_change(cast)
    response = office.post(url, {**form_data(office.get(url)), **changes})
    assert response.status_code == 200
    return response.content.decode()


def test_a_programme_with_its_name_empty_a_long_organisation_and_a_huge_meeting_length_says_each(
    office, cast
):
    page = save_programme(office, cast, name="", organisation="x" * 20_000, meeting_minutes=HUGE)

    assert "There is a problem" in summary(page)
    assert links(page) == {
        "Enter the name.": "id_name",
        "This can be up to 200 characters long. Please shorten it.": "id_organisation",
        "Enter between 15 and 240 minutes.": "id_meeting_minutes",  # the programme's words
    }
    for words in DJANGOS_WORDS + DATABASE_RANGES:
        assert words not in page


def test_each_message_is_said_once_at_the_top_and_once_beside_its_field(office, cast):
    page = save_programme(office, cast, name="", meeting_minutes="fifteen")

    assert page.count("Enter the name.") == 2
    assert page.count("Enter a whole number from 15 to 240.") == 2


def test_a_rule_across_fields_is_listed_in_the_summary_and_said_once(office, cast):
    page = save_programme(office, cast, gap_min_weeks="8", gap_max_weeks="6")

    rule = "The longest gap between meetings must be at least the shortest, and both at least"
    assert rule in summary(page)
    assert page.count(rule) == 1


def test_an_inline_row_in_error_is_named_and_linked_from_the_summary(office, cast):
    page = save_programme(office, cast, **{"themes-0-name": "x" * 500})

    assert links(page) == {
        "Theme 1: This can be up to 100 characters long. Please shorten it.": "id_themes-0-name"
    }


def test_an_event_with_no_title_and_a_huge_capacity_says_each_in_its_own_words(office, cast):
    event = EventFactory(programme=cast.programme)

    page = office.post(
        change_url(event), as_posted(office, event, title="", capacity=HUGE)
    ).content.decode()

    assert links(page) == {
        "Enter the title.": "id_title",
        "An event has room for at most 10,000 people.": "id_capacity",  # the event's own words
    }
    for words in DJANGOS_WORDS + DATABASE_RANGES:
        assert words not in page


def test_a_board_members_role_too_long_says_its_limit(office, cast):
    member = BoardMember.objects.get(user=cast.board_member)
    url = reverse("admin:mentoring_boardmember_change", args=[member.pk])
    data = form_data(office.get(url)) | {"role_title": "x" * 20_000, "availability": []}

    page = office.post(url, data).content.decode()

    assert links(page) == {
        "This can be up to 150 characters long. Please shorten it.": "id_role_title"
    }
    assert "Up to 150 characters." in page


def test_a_number_past_the_databases_range_is_only_too_large(office, cast):
    board = BoardFactory(name="Senate")
    url = reverse("admin:mentoring_board_change", args=[board.pk])

    page = office.post(url, {"name": "Senate", "position": HUGE}).content.decode()

    assert links(page) == {"Enter a smaller number.": "id_position"}
    for words in DJANGOS_WORDS + DATABASE_RANGES:
        assert words not in page


@pytest.mark.parametrize(
    ("url", "beside"),
    [
        ("admin:mentoring_programme_add", "Up to 120 characters."),  # name
        ("admin:mentoring_programme_add", "Up to 80 characters."),  # slug
        ("admin:mentoring_programme_add", "Up to 200 characters."),  # organisation
        ("admin:matching_matchingsettings_add", "a mentor may have. From 1 to 5."),
        ("admin:mentoring_event_add", "Up to 150 characters."),  # title
        ("admin:mentoring_board_add", "Up to 120 characters."),  # name
        ("admin:mentoring_boardmember_add", "Up to 150 characters."),  # role
        ("admin:mentoring_briefingexemption_add", "Up to 300 characters."),  # note
        ("admin:matching_conflictofinterest_add", "Up to 300 characters."),  # note
    ],
)
def test_limits_are_stated_beside_fields_before_anyone_breaks_them(office, url, beside):
    assert beside in office.get(reverse(url)).content.decode()


def test_a_limit_a_fields_own_help_states_is_not_said_again(office):
    page = office.get(reverse("admin:mentoring_programme_add")).content.decode()

    assert "How long a one-to-one meeting lasts: 15 to 240 minutes." in page
    assert "From 15 to 240." not in page
    assert "1 to 26 weeks." in page
    assert "From 1 to 26." not in page


def test_every_admin_add_form_sent_empty_answers_with_the_summary(client, cast):
    """Every registered admin's own add form (Django's change form) with each of its fields
    emptied, its inlines as shown."""
    sign_in_as(client, cast, "superuser")
    checked = []
    for model, model_admin in admin.site._registry.items():
        url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_add")
        shown = client.get(url)
        if shown.status_code == 403 or "adminform" not in shown.context:
            continue  # read-only, or written on a page of its own (two tested below)
        emptied = dict.fromkeys(shown.context["adminform"].form.fields, "")

        page = client.post(url, {**form_data(shown), **emptied}).content.decode()

        assert "There is a problem" in summary(page), url
        for words in DJANGOS_WORDS:
            assert words not in page, (url, words)
        checked.append(model_admin)
    assert len(checked) >= 12


def test_a_message_to_a_group_sent_empty_answers_with_the_summary(office, cast):
    page = office.post(
        reverse("admin:mentoring_cohortmessage_add"), {"step": "preview", "token": uuid.uuid4()}
    ).content.decode()

    assert links(page) == {
        "Choose who receives it.": "id_audience_0",
        "Enter the subject.": "id_subject",
        "Enter the message.": "id_body",
    }


def test_a_survey_from_a_template_sent_empty_answers_with_the_summary(office):
    url = reverse("admin:evaluation_survey_from_template")

    page = office.post(url, {"programme": ""}).content.decode()

    assert links(page) == {
        "Choose the programme.": "id_programme",
        "Choose the template.": "id_template",
        "Enter a date for “Opens on”.": "id_opens_on",
        "Enter a date for “Closes after”.": "id_closes_on",
    }


def test_an_inline_tables_limits_are_written_under_its_headings_not_hidden_in_a_tooltip(office):
    page = office.get(reverse("admin:mentoring_programme_add")).content.decode()

    helps = re.findall(r'<span class="help inline-column-help">(.*?)</span>', page)
    for limit in ["Up to 100 characters.", "Up to 300 characters.", "Up to 120 characters."]:
        assert any(limit in help for help in helps), limit
    assert "help-tooltip" not in page
