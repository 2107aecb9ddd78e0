"""Accepting a proposal withdraws the proposals it makes stale, chosen or not: the page shown
before "Yes" names each of them, and it reads the proposals in the same queries however
many are chosen."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from matching.models import MatchingSettings
from mentoring.models import Match, MatchStatus
from tests.admin_pages import (
    choose_and_confirm,
    messages_shown,
    recipients_named,
    signed_in_for_real,
    withdrawn_named,
    words,
)
from tests.factories import MatchFactory
from tests.matching.board import (
    MATCHES,
    accept_chosen,
    briefed_board_member,
    briefed_mentor,
    introductions,
)

pytestmark = pytest.mark.django_db

office = signed_in_for_real("coordinator")  # Carmen: password, then authenticator code


@pytest.fixture
def priya_with_two_proposals(cast):
    """Priya was proposed for Grace and Harold while she had room for two; the office has
    since lowered every mentor's room to one."""
    settings = MatchingSettings.for_programme(cast.programme)
    settings.mentor_capacity = 2
    settings.save()
    priya = briefed_mentor(cast.programme, "Priya Patel")
    grace = MatchFactory(mentor=priya, board_member=briefed_board_member(cast.programme, "Grace"))
    harold = MatchFactory(
        mentor=priya, board_member=briefed_board_member(cast.programme, "Harold Hughes")
    )
    settings.mentor_capacity = 1
    settings.save()
    return grace, harold


def test_a_proposal_not_chosen_that_yes_withdraws_is_named_before_yes(
    office, priya_with_two_proposals, mailoutbox, django_capture_on_commit_callbacks
):
    grace, harold = priya_with_two_proposals

    page = accept_chosen(office, grace)

    text = words(page.content.decode())
    assert "Confirm 1 pair and email both people?" in text
    assert "Other proposals withdrawn, nobody emailed (1)" in text
    assert withdrawn_named(page) == [
        "Priya Patel and Harold Hughes: withdrawn once Priya Patel and Grace are confirmed"
    ]
    assert mailoutbox == []

    with django_capture_on_commit_callbacks(execute=True):
        done = choose_and_confirm(office, MATCHES, "accept_proposals", grace, follow=True)
    assert messages_shown(done) == [
        f"1 pair confirmed and both people in it emailed an introduction: {grace}.",
        "1 other proposal withdrawn and nobody emailed, as someone in it has just been paired: "
        f"{harold}.",
    ]
    assert list(Match.objects.filter(pk__in=[grace.pk, harold.pk])) == [grace]
    grace.refresh_from_db()
    assert grace.status == MatchStatus.ACTIVE
    assert sorted(introductions(mailoutbox)) == ["grace@example.com", "priya@example.org"]


def test_a_mentor_with_room_left_keeps_their_other_proposals_and_the_page_says_nothing(
    office, cast, priya_with_two_proposals
):
    grace, harold = priya_with_two_proposals
    settings = MatchingSettings.for_programme(cast.programme)
    settings.mentor_capacity = 2
    settings.save()

    page = accept_chosen(office, grace)

    assert withdrawn_named(page) == []
    assert "withdrawn" not in words(page.content.decode())
    choose_and_confirm(office, MATCHES, "accept_proposals", grace)
    harold.refresh_from_db()
    assert harold.status == MatchStatus.PROPOSED


def proposals(programme, numbers: range) -> list[Match]:
    """Acceptable proposals, each a mentor and a board member of their own."""
    return [
        MatchFactory(
            mentor=briefed_mentor(programme, f"Mentor{n} Person", department=f"Team {n}"),
            board_member=briefed_board_member(programme, f"Member{n} Person"),
        )
        for n in numbers
    ]


def test_the_page_reads_two_proposals_and_eight_in_the_same_queries(office, cast):
    few, many = proposals(cast.programme, range(2)), proposals(cast.programme, range(2, 10))
    accept_chosen(office, *few)  # once first: the sign-in's first page reads what it then keeps
    counted = []
    for chosen_ in (few, many):
        with CaptureQueriesContext(connection) as captured:
            page = accept_chosen(office, *chosen_)
        assert len(recipients_named(page)) == 2 * len(chosen_)
        counted.append(len(captured))

    assert counted[0] == counted[1]
    assert counted[1] <= 25
