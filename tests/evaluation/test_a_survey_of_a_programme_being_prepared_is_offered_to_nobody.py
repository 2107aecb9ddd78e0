"""A survey of a programme the office is still preparing (a draft) is offered to nobody: not
on the dashboard, nor /surveys/, nor in the navigation, and its page is a 404. Its people's
pages said "A survey is waiting for your answers" above "until then there is nothing you
need to do", though the office is told that making the programme active is what announces
it. Nobody having been asked, it has not asked (its questions stay the office's to change);
once the programme is active, it is offered, and asks. Closed while the programme is still
being prepared, it is counted as having asked nobody (its results said 0 of 2 answered)."""

from datetime import timedelta

import pytest
from django.urls import reverse

from accounts.models import User
from evaluation.audience import invited_by_role
from evaluation.models import Role, Survey
from evaluation.services import surveys_count_invited, surveys_mark_asked
from mentoring.models import ProgrammeStatus
from tests.admin_pages import words_at
from tests.factories import draft_with_an_open_survey

pytestmark = pytest.mark.django_db


@pytest.fixture
def ben(client):
    """Ben, a board member of the draft "2027/28 cohort", whose survey "Starting out" is open
    with a question; signed in."""
    draft_with_an_open_survey()
    ben = User.objects.get(email="ben@example.org")
    client.force_login(ben)
    return ben


def test_his_pages_offer_nothing_of_it_while_the_programme_is_being_prepared(client, ben):
    survey = Survey.objects.get(title="Starting out")

    dashboard = words_at(client, reverse("dashboard"))
    assert "nothing you need to do" in dashboard
    assert "A survey is waiting for your answers" not in dashboard
    assert "Starting out" not in dashboard
    assert 'href="/surveys/"' not in client.get(reverse("dashboard")).content.decode()
    assert "Starting out" not in words_at(client, reverse("surveys"))
    assert client.get(reverse("survey_answer", args=[survey.pk])).status_code == 404


def test_it_has_asked_nobody_so_its_questions_stay_open_to_change(ben):
    survey = Survey.objects.get(title="Starting out")

    surveys_mark_asked()

    survey.refresh_from_db()
    assert survey.asked_at is None
    assert not survey.has_asked()


def test_once_the_programme_is_active_it_is_offered_and_has_asked(client, ben):
    survey = Survey.objects.get(title="Starting out")
    survey.programme.status = ProgrammeStatus.ACTIVE
    survey.programme.save()

    assert "Starting out" in words_at(client, reverse("dashboard"))
    assert "Starting out" in words_at(client, reverse("surveys"))
    assert client.get(reverse("survey_answer", args=[survey.pk])).status_code == 200
    assert survey.has_asked()


def test_closed_while_the_programme_is_being_prepared_it_is_counted_as_asking_nobody(ben):
    """The office prepares a cohort whose survey closes before the cohort is made active: its
    results said Ada and Ben were asked and neither answered, though nobody could."""
    survey = Survey.objects.get(title="Starting out")
    Survey.objects.filter(pk=survey.pk).update(closes_at=survey.opens_at + timedelta(minutes=1))

    assert surveys_count_invited() == 1

    survey.refresh_from_db()
    assert survey.invited_at_close == {Role.MENTOR: 0, Role.BOARD_MEMBER: 0}
    assert invited_by_role(survey) == {Role.MENTOR: 0, Role.BOARD_MEMBER: 0}


def test_closed_once_the_programme_is_active_it_counts_whom_it_asked(ben):
    survey = Survey.objects.get(title="Starting out")
    survey.programme.status = ProgrammeStatus.ACTIVE
    survey.programme.save()
    surveys_mark_asked()  # beat, while it was open: it asks now
    Survey.objects.filter(pk=survey.pk).update(closes_at=survey.opens_at + timedelta(minutes=1))

    surveys_count_invited()

    survey.refresh_from_db()
    assert survey.invited_at_close == {Role.MENTOR: 1, Role.BOARD_MEMBER: 1}
