"""A programme's, an event's and a survey's change pages may ask before saving
(`AsksBeforeSaving`): what was typed is checked to know whether to ask, and the save that
follows uses that same checked form. Each of the model's database checks (`SELECT 1 AS
"_check"`, each in a savepoint of its own) runs once, not once for the question and again
for the save, and a survey's questions are read and checked once too: saving the programme's
page unchanged cost 132 statements and costs 75 (74 before its themes were read once more,
locked, to compare with the stamps the page showed them with), the event's 52 and 35, the
survey's 49 and 36."""

import re
from collections import Counter

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.admin_pages import as_a_browser_posts, signed_in_for_real
from tests.factories import EventFactory, QuestionFactory, SurveyFactory

pytestmark = pytest.mark.django_db

office = signed_in_for_real("coordinator")


def checks(run) -> Counter:
    """The database checks of a model's rules (`SELECT 1 AS "_check" …`) that `run` runs:
    two rules may read alike (each is `true` for a date left empty)."""
    with CaptureQueriesContext(connection) as captured:
        run()
    return Counter(q["sql"] for q in captured if re.match(r'SELECT 1 AS "_check"', q["sql"]))


def checked_again(client, obj, most: int, django_assert_max_num_queries) -> dict[str, int]:
    """Save `obj`'s change page as it is shown, in at most `most` statements: the checks it
    ran more often than validating `obj` once runs them."""
    url = reverse(f"admin:{obj._meta.app_label}_{obj._meta.model_name}_change", args=[obj.pk])
    data = {**as_a_browser_posts(client.get(url)), "_save": "Save"}
    saved = []
    with django_assert_max_num_queries(most):
        saving = checks(lambda: saved.append(client.post(url, data)))
    assert saved[0].status_code == 302, saved[0].content.decode()[:2000]
    once = checks(type(obj).objects.get(pk=obj.pk).validate_constraints)
    return {sql: times for sql, times in saving.items() if times > max(once[sql], 1)}


def test_saving_a_programme_checks_each_of_its_rules_once(
    office, cast, django_assert_max_num_queries
):
    assert checked_again(office, cast.programme, 75, django_assert_max_num_queries) == {}


def test_saving_an_event_checks_each_of_its_rules_once(office, cast, django_assert_max_num_queries):
    event = EventFactory(programme=cast.programme, title="Mentor briefing, spring")

    assert checked_again(office, event, 35, django_assert_max_num_queries) == {}


def test_saving_a_survey_checks_each_of_its_rules_once(office, cast, django_assert_max_num_queries):
    survey = SurveyFactory(programme=cast.programme, title="Spring pulse")
    QuestionFactory(survey=survey)

    assert checked_again(office, survey, 36, django_assert_max_num_queries) == {}
