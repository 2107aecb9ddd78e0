"""Sending an application records its verdict (`MentorApplication.eligible`), which the
programme office reads and decides on. The applicant's page recomputed the verdict from
today's criteria instead: once a release changed the criteria, the applicant read one
verdict and the office acted on another. A sent application now tells the verdict it was
sent under, everywhere (`MentorApplication.verdict`); a draft, not sent yet, is judged by
today's criteria."""

from dataclasses import replace

import pytest
from django.test import Client

from mentoring import eligibility as criteria
from mentoring.eligibility import (
    REASONS,
    SENT_UNDER_OTHER_CRITERIA,
    Answers,
    Eligibility,
    verdict_as_sent,
)
from mentoring.models import MentorApplication
from tests.admin_pages import APPLICATIONS, rows, words
from tests.applying import application_answers, apply_url, sent

pytestmark = pytest.mark.django_db

CONFLICT = {"has_conflict": "yes", "conflict_details": "I chair a supplier's board."}
MEETS = "From your answers, you can commit the time"
# A criterion a release might add: nobody's answers meet it.
NEW_REASON = "A criterion added after you applied."
_today = criteria.eligibility


def _stops_counting_conflicts(answers: Answers) -> Eligibility:
    return _today(replace(answers, has_conflict=False))


def _adds_a_criterion(answers: Answers) -> Eligibility:
    return Eligibility(False, (*_today(answers).reasons, NEW_REASON))


def a_release(monkeypatch, rule) -> None:
    """A release changes the criteria: `rule` is the new eligibility function, wherever the
    old one is read."""
    monkeypatch.setattr("mentoring.eligibility.eligibility", rule)
    monkeypatch.setattr("mentoring.models.applications.eligibility", rule)


@pytest.fixture
def olu(client, cast):
    client.force_login(cast.outsider)
    return cast.outsider


def page_words(client, programme) -> str:
    response = client.get(apply_url(programme))
    assert response.status_code == 200
    return words(response.content.decode())


def listed_by_the_office(cast, eligible: str) -> list[str]:
    """Whom the office's list of applications names, filtered by the verdict recorded."""
    office = Client()
    office.force_login(cast.coordinator)
    response = office.get(f"{APPLICATIONS}?eligible__exact={eligible}")
    return [row["applicant_name"] for row in rows(response)]


def test_one_sent_as_ineligible_still_reads_so_when_the_criteria_loosen(
    client, cast, olu, monkeypatch
):
    sent(client, apply_url(cast.programme), application_answers(cast.programme, **CONFLICT))
    assert MentorApplication.objects.get(applicant=olu).eligible is False

    a_release(monkeypatch, _stops_counting_conflicts)

    page = page_words(client, cast.programme)
    assert MEETS not in page
    assert SENT_UNDER_OTHER_CRITERIA in page
    assert "From your answers, you do not meet the criteria for a reverse mentor" in page
    # The office reads the same verdict.
    assert "Olu Outsider" in listed_by_the_office(cast, "0")
    assert "Olu Outsider" not in listed_by_the_office(cast, "1")


def test_one_sent_as_eligible_still_reads_so_when_a_criterion_is_added(
    client, cast, olu, monkeypatch
):
    sent(client, apply_url(cast.programme), application_answers(cast.programme))
    assert MentorApplication.objects.get(applicant=olu).eligible is True

    a_release(monkeypatch, _adds_a_criterion)

    page = page_words(client, cast.programme)
    assert MEETS in page
    assert NEW_REASON not in page
    assert "Olu Outsider" in listed_by_the_office(cast, "1")
    assert "Olu Outsider" not in listed_by_the_office(cast, "0")


def test_one_still_ineligible_under_the_new_criteria_is_given_todays_reasons(
    client, cast, olu, monkeypatch
):
    sent(client, apply_url(cast.programme), application_answers(cast.programme, **CONFLICT))

    a_release(monkeypatch, _adds_a_criterion)

    page = page_words(client, cast.programme)
    assert REASONS["has_conflict"] in page
    assert SENT_UNDER_OTHER_CRITERIA not in page


def test_a_draft_is_judged_by_todays_criteria(client, cast, olu, monkeypatch):
    client.post(apply_url(cast.programme), application_answers(cast.programme, **CONFLICT))
    assert MentorApplication.objects.get(applicant=olu).is_draft

    a_release(monkeypatch, _stops_counting_conflicts)

    page = page_words(client, cast.programme)
    assert "You meet the criteria for a reverse mentor" in page
    assert REASONS["has_conflict"] not in page


EVERY_YES = Answers(True, True, True, True, "", False)
A_CONFLICT = replace(EVERY_YES, has_conflict=True)
UNANSWERED = replace(EVERY_YES, has_conflict=None)


@pytest.mark.parametrize(
    ("stored", "answers", "told"),
    [
        (None, EVERY_YES, Eligibility(True)),
        (None, A_CONFLICT, Eligibility(False, (REASONS["has_conflict"],))),
        (None, UNANSWERED, Eligibility(None, (), ("has_conflict",))),
        (True, EVERY_YES, Eligibility(True)),
        (True, A_CONFLICT, Eligibility(True)),
        (True, UNANSWERED, Eligibility(True)),
        (False, A_CONFLICT, Eligibility(False, (REASONS["has_conflict"],))),
        (False, EVERY_YES, Eligibility(False, (SENT_UNDER_OTHER_CRITERIA,))),
        (False, UNANSWERED, Eligibility(False, (SENT_UNDER_OTHER_CRITERIA,))),
    ],
    ids=[
        "draft eligible",
        "draft ineligible",
        "draft unanswered",
        "sent eligible, still",
        "sent eligible, not now",
        "sent eligible, a question added",
        "sent ineligible, still",
        "sent ineligible, not now",
        "sent ineligible, a question added",
    ],
)
def test_the_verdict_told_is_the_one_sent_under(stored, answers, told):
    assert verdict_as_sent(stored, answers) == told
