"""Whether the partner agreed the ground rules is read from the partner's own agreements: the
pair's other person, by their account. An agreement recorded on the pair by any other account
is not theirs: no page offers to log a meeting on the strength of it, and the pair page and
the pair's own pages say alike that the partner has not agreed. A board member with no account
yet has agreed nothing."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from mentoring.selectors.pairs import pair_view, pairs_for
from tests.factories import MeetingFactory, agree_ground_rules

pytestmark = pytest.mark.django_db


@pytest.fixture
def met(cast):
    """Maya and Bola met yesterday; Maya agreed the rules, Bola did not, and an agreement by
    Olu, in neither side of the pair, is on record against it."""
    agree_ground_rules(cast.pair, cast.mentor)
    agree_ground_rules(cast.pair, cast.outsider)
    return MeetingFactory(match=cast.pair, starts_at=timezone.now() - timedelta(days=1))


@pytest.mark.parametrize("page", ["meetings", "dashboard"])
def test_another_accounts_agreement_does_not_open_the_log(maya, met, page):
    shown = maya.get(reverse(page)).content.decode()

    assert f'href="{reverse("meeting_log", args=[met.pk])}"' not in shown
    assert "once you have both agreed the" in shown


def test_every_page_says_the_partner_has_not_agreed(cast, met):
    (on_the_pair_page,) = pairs_for(cast.mentor)
    (summary,) = pairs_for(cast.mentor, summary=True)
    on_its_own_pages = pair_view(cast.pair, cast.mentor)

    assert on_the_pair_page.partner_agreed_version is None
    assert on_its_own_pages.partner_agreed_version is None
    assert on_the_pair_page.my_agreed_version == on_its_own_pages.my_agreed_version == 1
    assert not any(pair.both_agreed_any for pair in (on_the_pair_page, summary, on_its_own_pages))
    assert summary.next_step == "rules_before_log"


def test_a_board_member_without_an_account_has_agreed_nothing(cast, met):
    board_member = cast.pair.board_member
    board_member.user, board_member.joined_at = None, None  # invited, not joined yet
    board_member.save(update_fields=["user", "joined_at"])

    (on_the_pair_page,) = pairs_for(cast.mentor)
    (summary,) = pairs_for(cast.mentor, summary=True)

    assert on_the_pair_page.partner_agreed_version is None
    assert not on_the_pair_page.both_agreed_any
    assert not summary.both_agreed_any
    # As the meeting pages and the meeting log read the pair.
    on_a_meeting_page = pair_view(cast.pair, cast.mentor)
    assert on_a_meeting_page.partner_agreed_version is None
    assert not on_a_meeting_page.both_agreed_any
