"""A board member whose pairing ran its course (ended as completed) is not matched again:
no proposal through the board's own address, even posted by hand (the one check behind
proposing and accepting, `matching.selectors.off_the_board`), and shared themes weighed
Mandatory later reopens no profile of theirs, nor of anyone in a pair."""

import pytest

from mentoring.models import BoardMember, EndReason, Match, MatchStatus
from tests.factories import BoardMemberFactory, MatchFactory, ProgrammeFactory, UserFactory
from tests.matching.board import accept, board_url, propose

pytestmark = pytest.mark.django_db


def test_a_board_member_whose_pairing_completed_cannot_be_proposed_by_a_forged_post(
    office, programme, priya, tom, grace
):
    """The board never offers Grace (her pairing completed); before, the propose address
    took her, and accepting made the pair, emailing both."""
    MatchFactory(
        mentor=priya, board_member=grace, status=MatchStatus.ENDED, end_reason=EndReason.COMPLETED
    )
    propose(office, programme, tom, grace)
    proposal = Match.objects.proposed().filter(board_member=grace).first()
    if proposal is not None:
        accept(office, programme, proposal)
    assert (
        list(Match.objects.filter(board_member=grace, mentor=tom).values_list("status", flat=True))
        == []
    )


def test_weighing_themes_mandatory_does_not_reopen_the_profile_of_a_board_member_done_with_matching(
    office, programme, priya, grace
):
    """Grace's pairing ran its course (ended as completed); her profile names no theme. The
    office then weighs shared themes Mandatory: `profiles_without_a_theme_reopened` reopens
    her profile too, counts her among those "asked for one" to be matched, and the board
    lists her under "Waiting for a complete profile ... cannot be scored yet", though no new
    mentor is coming to her (before: all three)."""
    from matching.models import MatchingSettings
    from mentoring.services.mentees import profiles_without_a_theme_reopened
    from tests.admin_pages import words

    MatchFactory(
        mentor=priya, board_member=grace, status=MatchStatus.ENDED, end_reason=EndReason.COMPLETED
    )
    grace.themes.clear()
    settings = MatchingSettings.for_programme(programme)
    settings.themes_weight = "mandatory"
    settings.save()

    reopened = profiles_without_a_theme_reopened(programme.pk)
    board = words(office.get(board_url(programme)).content.decode())

    assert "Waiting for a complete profile" not in board
    assert reopened == 0


def _mandatory(programme):
    from matching.models import MatchingSettings

    settings = MatchingSettings.for_programme(programme)
    settings.themes_weight = "mandatory"
    settings.save()


def test_weighing_themes_mandatory_reopens_a_profile_the_office_completed_before_joining():
    """The office filled in the profile of a board member who has not joined yet (README:
    "Coordinators may edit a profile"), with no theme. Themes are then weighed Mandatory:
    `profiles_without_a_theme_reopened` reopens it, as it is still to be matched; a
    `still_to_be_matched` asking `user__is_active=True`, which a place with no account never
    is, so it stayed complete (the first version of this stop's change). Once they joined,
    the board would list them with a profile no pair can be made from."""
    from mentoring.services.mentees import (
        board_members_join,
        profiles_without_a_theme_reopened,
    )

    programme = ProgrammeFactory()
    member = BoardMemberFactory(programme=programme, user=None, email="nell@example.org")
    member.themes.clear()
    _mandatory(programme)

    profiles_without_a_theme_reopened(programme.pk)
    board_members_join(user=UserFactory(email="nell@example.org"))

    member.refresh_from_db()
    assert member.profile_completed_at is None
    assert not BoardMember.objects.waiting_for_a_mentor().filter(pk=member.pk).exists()


def test_the_board_says_why_nobody_is_left_to_match_rather_than_that_all_are_paired(
    office, programme, priya, grace
):
    """With Grace's pairing run its course and nobody else on the board, it said "Every
    board member who has joined is in a pair.": Grace is in none."""
    from tests.admin_pages import words

    MatchFactory(
        mentor=priya, board_member=grace, status=MatchStatus.ENDED, end_reason=EndReason.COMPLETED
    )

    board = words(office.get(board_url(programme)).content.decode())

    assert "Every board member who has joined is in a pair." not in board
    assert (
        "Nobody is left to be matched: 1 board member is in no pair because their pairing ran "
        "its course, and is not matched again; every other board member who has joined is in "
        "a pair."
    ) in board
