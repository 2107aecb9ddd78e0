"""The lists of a person's own applications (the dashboard, the events page, the programme
page) and surveys (the dashboard's card, the Surveys page) read only the columns those pages
show (`APPLICATION_LISTED`, `SURVEY_LISTED`): short enough for the database driver to keep
its conversion of each read's SQL (psycopg works one longer than 4,096 characters through
again on every call), and never a column left out read afterwards, one query each, in any
state the pages draw."""

from datetime import timedelta

import pytest
from django.db import connection
from django.db.models import Model
from django.urls import reverse
from django.utils import timezone
from psycopg._queries import MAX_CACHED_STATEMENT_LENGTH

from accounts.models import OutboxStatus
from evaluation.selectors import my_surveys
from mentoring import selectors
from tests.factories import (
    DraftApplicationFactory,
    QuestionFactory,
    SurveyFactory,
    line_manager_asked,
    line_manager_emailed,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def left_out_read(monkeypatch) -> list[str]:
    """Each column read after its row, because its read left it out."""
    read = []
    refresh = Model.refresh_from_db

    def refresh_from_db(self, using=None, fields=None, from_queryset=None):
        read.extend(f"{type(self).__name__}.{field}" for field in fields or ["*"])
        return refresh(self, using=using, fields=fields, from_queryset=from_queryset)

    monkeypatch.setattr(Model, "refresh_from_db", refresh_from_db)
    return read


@pytest.fixture
def open_survey(cast):
    """A survey open now, and one to come (the Surveys page says whether it will be emailed,
    from its programme's state)."""
    now = timezone.now()
    for opens in (-1, 3):
        survey = SurveyFactory(
            programme=cast.programme,
            opens_at=now + timedelta(days=opens),
            closes_at=now + timedelta(days=opens + 6),
        )
        QuestionFactory(survey=survey)


def _pages(cast) -> list[str]:
    return [
        reverse("dashboard"),
        reverse("events"),
        reverse("programme_detail", args=[cast.programme.slug]),
        reverse("surveys"),
    ]


def _drafted(cast):
    DraftApplicationFactory(programme=cast.programme, applicant=cast.outsider)
    return cast.outsider


def _waiting_for_the_line_manager(cast):
    line_manager_asked(cast.programme, cast.outsider, "lee.manager@example.org")
    return cast.outsider


def _line_manager_email_bounced(cast):
    request = line_manager_emailed(cast.programme, cast.outsider)
    request.message.status = OutboxStatus.FAILED
    request.message.save(update_fields=["status"])
    return cast.outsider


def _line_manager_agreed(cast):
    request = line_manager_asked(
        cast.programme,
        cast.outsider,
        "lee.manager@example.org",
        decision="agreed",
        answered_at=timezone.now(),
    )
    application = request.application
    application.status, application.decided_at = "accepted", timezone.now()
    application.save(update_fields=["status", "decided_at"])
    return cast.outsider


STATES = {
    "in no programme": lambda cast: cast.outsider,
    "a draft": _drafted,
    "waiting for the line manager": _waiting_for_the_line_manager,
    "the line manager's email bounced": _line_manager_email_bounced,
    "the line manager agreed": _line_manager_agreed,
    "a paired mentor": lambda cast: cast.mentor,
    "a paired board member": lambda cast: cast.board_member,
}


@pytest.mark.parametrize("state", STATES)
def test_no_column_left_out_is_read_afterwards(client, cast, open_survey, left_out_read, state):
    person = STATES[state](cast)
    client.force_login(person)

    for page in _pages(cast):
        assert client.get(page).status_code == 200, page

    assert left_out_read == []


def _sent(read) -> list[str]:
    """The SQL of each query `read()` sends, as the driver is handed it."""
    sent = []

    def wrapper(execute, sql, params, many, context):
        sent.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(wrapper):
        read()
    return sent


@pytest.mark.parametrize("person", ["mentor", "board_member", "outsider"])
def test_each_read_is_short_enough_for_the_driver_to_keep(cast, open_survey, person):
    person = getattr(cast, person)

    reads = [
        lambda: selectors.applications_listed(person),
        lambda: selectors.application_to(person, cast.programme),
        lambda: my_surveys(person),
    ]

    for read in reads:
        [sql] = _sent(read)
        assert len(sql) <= MAX_CACHED_STATEMENT_LENGTH
