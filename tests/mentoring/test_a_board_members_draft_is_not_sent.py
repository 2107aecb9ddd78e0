"""Board members are mentored, never mentors, in their own programme or any other: a draft
they started before becoming one is not sent, and their dashboard does not send them to
finish it. Nor is a draft to a programme whose board has a place at an address that reaches
its author's mailbox (a `+` alias): every page that speaks of the draft says why, once,
rather than leading to /apply/, which refuses it."""

import pytest
from django.urls import reverse

from mentoring.services.mentees import board_member_invite
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


@pytest.fixture
def draft_and_a_board_place_at_her_alias(cast, priya):
    """Priya's draft to the pilot, whose office then invites priya+board@example.org (her
    own mailbox) to its board."""
    DraftApplicationFactory(programme=cast.programme, applicant=priya)
    board_member_invite(
        programme=cast.programme, email="priya+board@example.org", invited_by=cast.coordinator
    )
    return priya


@pytest.mark.parametrize("page", ["dashboard", "events", "match"])
def test_a_draft_to_a_board_with_a_place_at_her_mailbox_says_why_instead_of_leading_to_apply(
    client, cast, draft_and_a_board_place_at_her_alias, page
):
    client.force_login(draft_and_a_board_place_at_her_alias)
    assert client.get(apply_url(cast.programme)).status_code == 403  # what /apply/ answers

    text = words(client.get(reverse(page)).content.decode())

    assert "Continue your application" not in text
    assert "Next: finish your answers" not in text
    assert "sent it" not in text  # "…appear here once you have sent it"
    assert (
        "2026/27 pilot has a board member's place for priya+board@example.org, which reaches "
        "your own mailbox" in text
    )
    assert text.count("priya+board@example.org") == 1, "said once"


def test_a_draft_anyone_else_may_send_still_leads_to_apply(client, cast, priya):
    DraftApplicationFactory(programme=cast.programme, applicant=priya)
    client.force_login(priya)

    for page in ("dashboard", "match"):
        text = words(client.get(reverse(page)).content.decode())
        assert "Continue your application" in text
        assert "cannot be sent" not in text
