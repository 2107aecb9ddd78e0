"""A conflict of interest recorded between two people already paired ends nothing by itself:
the office is told so after saving, with a link to the pair's page to end it there. Between
two people not paired, nothing more is said."""

import pytest
from django.urls import reverse

from matching.models import ConflictOfInterest
from mentoring.models import MatchStatus
from tests.admin_pages import messages_shown, signed_in_for_real

pytestmark = pytest.mark.django_db

office = signed_in_for_real("coordinator")
ADD = reverse("admin:matching_conflictofinterest_add")


def recorded(office, mentor, board_member):
    return office.post(
        ADD,
        {"mentor": mentor.pk, "board_member": board_member.pk, "note": "Line report"},
        follow=True,
    )


def test_within_a_pair_the_office_is_told_the_pairing_goes_on(office, cast):
    page = recorded(office, cast.mentor, cast.board_member)

    assert ConflictOfInterest.objects.filter(mentor=cast.mentor).exists()
    pair_page = reverse("admin:mentoring_match_change", args=[cast.pair.pk])
    assert any(
        "Maya Mentor and Bola Board are paired in 2026/27 pilot: recording the conflict does "
        "not end their pairing."
        in message
        and pair_page in message
        for message in messages_shown(page)
    )
    cast.pair.refresh_from_db()
    assert cast.pair.status == MatchStatus.ACTIVE


def test_between_people_not_paired_nothing_more_is_said(office, cast):
    page = recorded(office, cast.mentor, cast.other_board_member)

    assert not any("recording the conflict" in message for message in messages_shown(page))
