"""Accepting proposals on the board first names who will be emailed, then activates the
pairs and introduces both people; a proposal that can no longer be accepted is not, and a
discarded one is gone."""

import pytest

from mentoring.models import Match, MatchStatus
from tests.admin_pages import confirmed, recipients_named, sign_in_for_real, words
from tests.factories import BriefedBoardMemberFactory, MatchFactory
from tests.matching.blocked_pairs import BLOCKS
from tests.matching.board import (
    accept,
    board_url,
    introductions,
    messages_shown,
    proposed_before_room_lowered,
)

pytestmark = pytest.mark.django_db


def test_accepting_one_asks_first_naming_both_people_and_sends_nothing(
    office, programme, priya, tom, grace, harold, mailoutbox, django_capture_on_commit_callbacks
):
    chosen = MatchFactory(mentor=priya, board_member=grace)
    MatchFactory(mentor=tom, board_member=harold)

    with django_capture_on_commit_callbacks(execute=True):
        page = office.post(board_url(programme, "accept"), {"match": chosen.pk})

    assert page.status_code == 200
    assert "Confirm 1 pair and email both people?" in words(page.content.decode())
    assert recipients_named(page) == [
        "Priya Patel (priya@example.org): paired with Grace Okafor",
        "Grace Okafor (grace@example.com): paired with Priya Patel",
    ]
    assert 'value="Yes, confirm 1 pair and email 2 people"' in page.content.decode()
    assert Match.objects.active().count() == 0
    assert mailoutbox == []


def test_accepting_all_asks_first_naming_everyone_in_each_pair(
    office, programme, people, mailoutbox
):
    # Any of `people` may be paired (Tom and Harold of the other fixtures never meet).
    MatchFactory(mentor=people["priya"], board_member=people["grace"])
    MatchFactory(mentor=people["tom"], board_member=people["harold"])

    page = office.post(board_url(programme, "accept"))

    assert "Confirm 2 pairs and email both people?" in words(page.content.decode())
    assert recipients_named(page) == [
        "Priya Patel (priya@example.org): paired with Grace Okafor",
        "Grace Okafor (grace@example.com): paired with Priya Patel",
        "Tom Tran (tom@example.org): paired with Harold Hughes",
        "Harold Hughes (harold@example.com): paired with Tom Tran",
    ]
    assert Match.objects.proposed().count() == 2
    assert mailoutbox == []


def test_yes_accepts_only_the_proposals_the_page_named(
    office, programme, priya, tom, grace, harold, mailoutbox, django_capture_on_commit_callbacks
):
    named = MatchFactory(mentor=priya, board_member=grace)
    page = office.post(board_url(programme, "accept"))
    later = MatchFactory(mentor=tom, board_member=harold)  # proposed since, in another tab

    with django_capture_on_commit_callbacks(execute=True):
        office.post(board_url(programme, "accept"), confirmed(page))

    assert list(Match.objects.active()) == [named]
    assert list(Match.objects.proposed()) == [later]
    assert sorted(introductions(mailoutbox)) == ["grace@example.com", "priya@example.org"]


def test_a_coordinator_signed_in_for_real_accepts_through_the_confirmation(
    client, cast, django_capture_on_commit_callbacks
):
    sign_in_for_real(client, cast, "coordinator")
    proposal = MatchFactory(board_member=BriefedBoardMemberFactory(programme=cast.programme))
    url = board_url(cast.programme, "accept")

    page = client.post(url, {"match": proposal.pk})
    assert len(recipients_named(page)) == 2
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, confirmed(page), follow=True)

    assert messages_shown(response) == [
        f"1 pair confirmed and both people in it emailed an introduction: {proposal}."
    ]
    proposal.refresh_from_db()
    assert proposal.status == MatchStatus.ACTIVE


def test_accepting_all_proposals_activates_them_and_introduces_both_people(
    office,
    programme,
    priya,
    tom,
    grace,
    harold,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    office.post(board_url(programme, "optimal"), follow=True)

    with django_capture_on_commit_callbacks(execute=True):
        response = accept(office, programme, follow=True)

    pairs = Match.objects.order_by("board_member__user__full_name")
    assert messages_shown(response) == [
        "2 pairs confirmed and both people in each emailed an introduction: "
        f"{pairs[0]}; {pairs[1]}."
    ]
    assert Match.objects.proposed().count() == 0
    for match in Match.objects.all():
        assert match.status == MatchStatus.ACTIVE
        assert match.activated_at is not None
    assert sorted(introductions(mailoutbox)) == [
        "grace@example.com",
        "harold@example.com",
        "priya@example.org",
        "tom@example.org",
    ]
    assert "Active pairs (2)" in response.content.decode()


def test_accepting_one_proposal_activates_only_that_one(
    office, programme, priya, tom, grace, harold, mailoutbox, django_capture_on_commit_callbacks
):
    chosen = MatchFactory(mentor=priya, board_member=grace)
    other = MatchFactory(mentor=tom, board_member=harold)

    with django_capture_on_commit_callbacks(execute=True):
        response = accept(office, programme, chosen, follow=True)

    assert messages_shown(response) == [
        "1 pair confirmed and both people in it emailed an introduction: "
        "Priya Patel and Grace Okafor."
    ]
    chosen.refresh_from_db()
    other.refresh_from_db()
    assert (chosen.status, other.status) == (MatchStatus.ACTIVE, MatchStatus.PROPOSED)
    assert chosen.activated_at is not None
    assert sorted(introductions(mailoutbox)) == ["grace@example.com", "priya@example.org"]


def test_accepting_a_pair_withdraws_the_other_proposal_for_the_mentor_it_fills(
    office, programme, priya, grace, harold, mailoutbox, django_capture_on_commit_callbacks
):
    # Proposed while Priya had room for both: she now has room for one of them.
    first, second = proposed_before_room_lowered(priya, grace, harold)
    with django_capture_on_commit_callbacks(execute=True):
        accept(office, programme, first, follow=True)
    mailoutbox.clear()

    # A page opened before the accept still shows the other proposal's button.
    with django_capture_on_commit_callbacks(execute=True):
        response = accept(office, programme, second, follow=True)

    assert messages_shown(response) == [
        "That proposal is no longer open (accepted, discarded or replaced since): "
        "nothing was changed."
    ]
    assert not Match.objects.filter(pk=second.pk).exists()
    assert list(Match.objects.active()) == [first]
    assert mailoutbox == []


def test_accepting_all_when_two_proposals_share_a_mentor_with_room_for_one_confirms_only_one(
    office, programme, priya, grace, harold, mailoutbox, django_capture_on_commit_callbacks
):
    proposed_before_room_lowered(priya, grace, harold)

    page = office.post(board_url(programme, "accept"))
    assert len(recipients_named(page)) == 2  # the other is named as withdrawn instead
    with django_capture_on_commit_callbacks(execute=True):
        response = accept(office, programme, follow=True)

    assert messages_shown(response) == [
        "1 pair confirmed and both people in it emailed an introduction: "
        "Priya Patel and Grace Okafor.",
        "1 other proposal withdrawn and nobody emailed, as someone in it has just been paired: "
        "Priya Patel and Harold Hughes.",
    ]
    assert Match.objects.active().count() == 1
    assert Match.objects.proposed().count() == 0
    assert len(mailoutbox) == 2


@pytest.mark.parametrize(("block", "reason"), BLOCKS)
def test_a_proposal_blocked_after_the_confirmation_page_is_not_accepted(
    office, programme, priya, grace, mailoutbox, django_capture_on_commit_callbacks, block, reason
):
    match = MatchFactory(mentor=priya, board_member=grace)
    page = office.post(board_url(programme, "accept"), {"match": match.pk})
    assert len(recipients_named(page)) == 2
    block(priya, grace)  # before "Yes"

    with django_capture_on_commit_callbacks(execute=True):
        response = office.post(board_url(programme, "accept"), confirmed(page), follow=True)

    assert messages_shown(response) == [
        "The pairing of "
        f"Priya Patel and Grace Okafor was not confirmed and nobody was emailed: {reason}."
    ]
    match.refresh_from_db()
    assert (match.status, match.activated_at) == (MatchStatus.PROPOSED, None)
    assert mailoutbox == []


def test_discarding_a_proposal_removes_it(office, programme, priya, tom, grace, harold):
    chosen = MatchFactory(mentor=priya, board_member=grace)
    kept = MatchFactory(mentor=tom, board_member=harold)

    response = office.post(board_url(programme, "discard"), {"match": chosen.pk}, follow=True)

    assert messages_shown(response) == ["1 proposal discarded."]
    assert list(Match.objects.all()) == [kept]
