"""The page shown before accepting proposals names as emailed only the pairs that "Yes" will
really confirm; every other proposal chosen is listed apart, with why it will not be, and
"Yes" confirms and emails only the pairs named. The admin's list and the board share it."""

import pytest

from mentoring.models import Match, MatchStatus
from tests.admin_pages import (
    choose_and_confirm,
    confirmed,
    messages_shown,
    recipients_named,
    signed_in_for_real,
    unchanged_named,
    words,
)
from tests.factories import MatchFactory
from tests.matching.blocked_pairs import BLOCKS, conflict_of_interest
from tests.matching.board import (
    MATCHES,
    accept_chosen,
    board_url,
    briefed_board_member,
    briefed_mentor,
    introductions,
    proposed_before_room_lowered,
)

pytestmark = pytest.mark.django_db

office = signed_in_for_real("coordinator")  # Carmen: password, then authenticator code


@pytest.fixture
def priya(cast):
    return briefed_mentor(cast.programme, "Priya Patel")


@pytest.fixture
def grace(cast):
    return briefed_board_member(cast.programme, "Grace Okafor")


@pytest.fixture
def tom(cast):
    return briefed_mentor(cast.programme, "Tom Tran", department="Estates")


@pytest.fixture
def harold(cast):
    return briefed_board_member(cast.programme, "Harold Hughes")


@pytest.fixture
def acceptable(priya, grace):
    return MatchFactory(mentor=priya, board_member=grace)


@pytest.fixture
def blocked(tom, harold):
    """A proposal made before a conflict of interest between the two was recorded."""
    proposal = MatchFactory(mentor=tom, board_member=harold)
    conflict_of_interest(tom, harold)
    return proposal


def test_the_page_names_only_the_acceptable_proposal_as_emailed_and_the_other_with_why(
    office, acceptable, blocked, mailoutbox
):
    page = accept_chosen(office, acceptable, blocked)

    text = words(page.content.decode())
    assert "Confirm 1 pair and email both people?" in text
    assert recipients_named(page) == [
        "Priya Patel (priya@example.org): paired with Grace Okafor",
        "Grace Okafor (grace@example.com): paired with Priya Patel",
    ]
    assert "Not accepted, nobody emailed (1)" in text
    assert unchanged_named(page) == [
        "Tom Tran and Harold Hughes: left as a proposal: a conflict of interest is recorded "
        "between them"
    ]
    assert 'value="Yes, confirm 1 pair and email 2 people"' in page.content.decode()
    assert Match.objects.active().filter(pk__in=[acceptable.pk, blocked.pk]).count() == 0
    assert mailoutbox == []


def test_yes_accepts_only_the_acceptable_proposal_and_emails_only_its_two_people(
    office, cast, acceptable, blocked, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = choose_and_confirm(
            office, MATCHES, "accept_proposals", acceptable, blocked, follow=True
        )

    assert messages_shown(response) == [
        f"1 pair confirmed and both people in it emailed an introduction: {acceptable}."
    ]
    acceptable.refresh_from_db()
    blocked.refresh_from_db()
    assert (acceptable.status, blocked.status) == (MatchStatus.ACTIVE, MatchStatus.PROPOSED)
    emails = introductions(mailoutbox)
    assert sorted(emails) == ["grace@example.com", "priya@example.org"]
    assert len(mailoutbox) == 2
    for address, other in [("priya@example.org", "Grace Okafor"), ("grace@example.com", "Priya")]:
        assert other in emails[address].body
        assert other in emails[address].alternatives[0][0]


# A board member already paired: Bola, of the cast's pair (the helper's own board member's
# mentor would share an address with the cast's outsider).
ELSEWHERE = [block for block in BLOCKS if block.id != "board-member-paired"]


@pytest.mark.parametrize(("block", "reason"), ELSEWHERE)
def test_each_hard_block_is_named_as_why_a_proposal_will_not_be_accepted(
    office, priya, grace, mailoutbox, block, reason
):
    proposal = MatchFactory(mentor=priya, board_member=grace)
    block(priya, grace)

    page = accept_chosen(office, proposal)

    assert unchanged_named(page) == [f"Priya Patel and Grace Okafor: left as a proposal: {reason}"]
    assert recipients_named(page) == []
    assert mailoutbox == []


def test_a_proposal_for_a_board_member_already_in_a_pair_is_named_as_not_accepted(
    office, cast, priya, acceptable, mailoutbox, django_capture_on_commit_callbacks
):
    proposal = MatchFactory(mentor=priya, board_member=cast.pair.board_member)

    page = accept_chosen(office, proposal, acceptable)

    # Refused, it leaves Priya room for her proposal with Grace, which then fills her room
    # (one board member each): "Yes" withdraws it, and the page says so.
    assert unchanged_named(page) == [
        f"Priya Patel and {cast.board_member}: withdrawn once Priya Patel and Grace Okafor are "
        "confirmed (the board member is already in a pair)"
    ]
    assert recipients_named(page) == [
        "Priya Patel (priya@example.org): paired with Grace Okafor",
        "Grace Okafor (grace@example.com): paired with Priya Patel",
    ]
    with django_capture_on_commit_callbacks(execute=True):
        choose_and_confirm(office, MATCHES, "accept_proposals", proposal, acceptable)
    assert not Match.objects.filter(pk=proposal.pk).exists()
    assert sorted(introductions(mailoutbox)) == ["grace@example.com", "priya@example.org"]


def test_when_none_can_be_accepted_the_page_says_so_and_offers_only_the_way_back(
    office, cast, blocked
):
    page = accept_chosen(office, blocked, cast.pair)

    content = page.content.decode()
    text = words(content)
    assert "None of these proposals can be accepted now" in text
    assert "Confirm" not in text
    assert unchanged_named(page) == [
        f"{cast.mentor.full_name} and {cast.board_member}: not a proposal (active)",
        "Tom Tran and Harold Hughes: left as a proposal: a conflict of interest is recorded "
        "between them",
    ]
    assert "Nobody would be emailed, so there is nothing to confirm." in text
    assert 'name="confirmed"' not in content
    assert f'href="{MATCHES}"' in content


def test_a_proposal_the_one_before_it_makes_stale_is_named_as_withdrawn_not_emailed(
    office, priya, grace, harold, mailoutbox, django_capture_on_commit_callbacks
):
    # Proposed while Priya had room for both: she now has room for one of them.
    first, second = proposed_before_room_lowered(priya, grace, harold)

    page = accept_chosen(office, first, second)

    assert "Confirm 1 pair and email both people?" in words(page.content.decode())
    assert len(recipients_named(page)) == 2
    assert unchanged_named(page) == [
        "Priya Patel and Harold Hughes: withdrawn once Priya Patel and Grace Okafor are "
        "confirmed (the mentor already has as many board members as allowed)"
    ]
    with django_capture_on_commit_callbacks(execute=True):
        choose_and_confirm(office, MATCHES, "accept_proposals", first, second)
    assert list(Match.objects.filter(pk__in=[first.pk, second.pk])) == [first]
    first.refresh_from_db()
    assert first.status == MatchStatus.ACTIVE
    assert sorted(introductions(mailoutbox)) == ["grace@example.com", "priya@example.org"]


def test_the_board_names_only_the_acceptable_proposals_too(
    office, cast, acceptable, blocked, mailoutbox, django_capture_on_commit_callbacks
):
    url = board_url(cast.programme, "accept")

    page = office.post(url)  # "Accept all"

    assert "Confirm 1 pair and email both people?" in words(page.content.decode())
    assert len(recipients_named(page)) == 2
    assert unchanged_named(page) == [
        "Tom Tran and Harold Hughes: left as a proposal: a conflict of interest is recorded "
        "between them"
    ]
    with django_capture_on_commit_callbacks(execute=True):
        office.post(url, confirmed(page))
    assert list(Match.objects.proposed()) == [blocked]
    assert sorted(introductions(mailoutbox)) == ["grace@example.com", "priya@example.org"]


def test_accept_all_with_no_open_proposal_says_there_is_none(office, cast):
    page = office.post(board_url(cast.programme, "accept"))  # "Accept all"

    text = words(page.content.decode())
    assert "There are no open proposals to accept" in text
    assert "None of these proposals can be accepted now" not in text
    assert 'name="confirmed"' not in page.content.decode()
