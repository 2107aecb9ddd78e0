"""Board members are mentored, never mentors, in their own programme or any other: a draft
they started before becoming one is not sent, and their dashboard does not send them to
finish it."""

import pytest
from django.urls import reverse

from tests.admin_pages import words
from tests.applying import application_answers
from tests.factories import (
    BoardMemberFactory,
    DraftApplicationFactory,
    MentorApplicationFactory,
    ProgrammeFactory,
)

pytestmark = pytest.mark.django_db


def apply_url(programme):
    return f"{reverse('apply')}?programme={programme.slug}"


@pytest.fixture
def later():
    return ProgrammeFactory(name="2027/28 cohort", slug="later")


def test_a_board_member_elsewhere_cannot_send_a_draft_from_before(client, cast, later):
    DraftApplicationFactory(programme=later, applicant=cast.outsider)
    BoardMemberFactory(programme=cast.programme, user=cast.outsider)
    client.force_login(cast.outsider)

    response = client.post(apply_url(later), application_answers(later, submit="1"))

    assert response.status_code == 403
    assert "Board members do not apply as mentors" in words(response.content.decode())
    assert 'name="shown"' not in response.content.decode()


@pytest.mark.parametrize("where", ["here", "elsewhere"])
def test_the_dashboard_does_not_ask_a_board_member_to_finish_a_draft(client, cast, later, where):
    DraftApplicationFactory(
        programme=cast.programme if where == "here" else later, applicant=cast.outsider
    )
    BoardMemberFactory(programme=cast.programme, user=cast.outsider)
    client.force_login(cast.outsider)

    text = words(client.get(reverse("dashboard")).content.decode())

    assert "Continue your application" not in text
    assert "Next: finish your answers" not in text
    assert "so this draft cannot be sent" in text


def test_a_board_member_elsewhere_still_reads_an_application_sent_before(client, cast, later):
    MentorApplicationFactory(programme=later, applicant=cast.outsider)
    BoardMemberFactory(programme=cast.programme, user=cast.outsider)
    client.force_login(cast.outsider)

    response = client.get(apply_url(later))

    assert response.status_code == 200
    assert "What you told us" in words(response.content.decode())
