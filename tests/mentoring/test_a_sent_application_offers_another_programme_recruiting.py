"""One application a programme, and a person may apply to more than one: once Priya has
sent hers to the pilot, while a newer cohort recruits mentors too, her application's page
offers the cohort in one line, linked to its form. Not once she has sent one there as well,
nor while the cohort is not recruiting, nor where her answers did not meet the criteria
(the same answers would not meet them there either), nor where her line manager said No."""

import pytest

from mentoring.services.line_managers import line_manager_answer
from tests.applying import application_answers, apply_url, offer, page_seen_by, sent
from tests.factories import MentorApplicationFactory, ProgrammeFactory, line_manager_asked

pytestmark = pytest.mark.django_db

OFFER = "which is recruiting reverse mentors now"


@pytest.fixture
def cohort(cast):
    """The 2027/28 cohort, newer than the pilot, recruiting mentors too."""
    return ProgrammeFactory(name="2027/28 cohort", slug="cohort-2027")


def sent_to_the_pilot(client, cast, person) -> str:
    """`person`, signed in, sends an application to the pilot; the page they land on."""
    client.force_login(person)
    url = apply_url(cast.programme)
    response = sent(client, url, application_answers(cast.programme), follow=True)
    assert "Thank you. Your application has been submitted." in response.content.decode()
    return response.content.decode()


def test_after_sending_the_page_offers_the_other_programme_recruiting(client, cast, cohort, priya):
    html = sent_to_the_pilot(client, cast, priya)

    assert offer(html) == f"You can also apply to 2027/28 cohort, {OFFER}."
    assert f'<a href="{apply_url(cohort)}">2027/28 cohort</a>' in html


def test_a_draft_there_is_still_offered_to_finish(client, cast, cohort, priya):
    client.force_login(priya)
    client.post(apply_url(cohort), {"save": "1", "department": "Library Services"})

    html = sent_to_the_pilot(client, cast, priya)

    assert offer(html) == f"You can also apply to 2027/28 cohort, {OFFER}."


def test_once_sent_there_too_nothing_is_offered(client, cast, cohort, priya):
    MentorApplicationFactory(programme=cohort, applicant=priya)

    html = sent_to_the_pilot(client, cast, priya)

    assert "You can also apply" not in html


def test_a_programme_not_recruiting_is_not_offered(client, cast, priya):
    ProgrammeFactory(name="2027/28 cohort", slug="cohort-2027", recruitment_open=False)

    html = sent_to_the_pilot(client, cast, priya)

    assert "You can also apply" not in html


def test_with_only_their_own_programme_recruiting_nothing_is_offered(client, cast, priya):
    html = sent_to_the_pilot(client, cast, priya)

    assert "You can also apply" not in html


def test_maya_reading_her_pilot_application_is_offered_the_cohort(client, cast, cohort):
    client.force_login(cast.mentor)

    html = client.get(apply_url(cast.programme)).content.decode()

    assert offer(html) == f"You can also apply to 2027/28 cohort, {OFFER}."


def test_two_others_recruiting_are_named_together_newest_first(client, cast, cohort, priya):
    ProgrammeFactory(name="Spring cohort", slug="spring")  # made after the cohort: newer

    html = sent_to_the_pilot(client, cast, priya)

    assert offer(html) == (
        "You can also apply to Spring cohort and 2027/28 cohort, which are recruiting reverse "
        "mentors now."
    )


def test_an_applicant_who_did_not_meet_the_criteria_is_not_offered_it(client, cast, cohort, priya):
    client.force_login(priya)
    url = apply_url(cast.programme)
    response = sent(
        client, url, application_answers(cast.programme, can_commit_time="no"), follow=True
    )
    html = response.content.decode()

    assert "you do not meet the criteria" in html
    assert "You can also apply" not in html


def test_an_applicant_whose_line_manager_declined_is_not_offered_it(client, cast, cohort, priya):
    request = line_manager_asked(cast.programme, priya, "lee.manager@example.org")
    line_manager_answer(request=request, agreed=False, reason="Too busy.", answered_by=None)

    html = page_seen_by(client, priya, apply_url(cast.programme))

    assert "Your line manager did not agree" in html
    assert "You can also apply" not in html


def test_an_applicant_still_waiting_for_their_line_manager_is_offered_it(
    client, cast, cohort, priya
):
    line_manager_asked(cast.programme, priya, "lee.manager@example.org")

    html = page_seen_by(client, priya, apply_url(cast.programme))

    assert offer(html) == f"You can also apply to 2027/28 cohort, {OFFER}."
