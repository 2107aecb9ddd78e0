"""A board member who changed their sign-in address after joining (allauth's email page) is
named by it on every confirmation; the office's lists of pairs, programme health, requests
from pairs and board members searched only the address they were invited at, and found
nothing. They search both."""

import pytest
from django.urls import reverse

from mentoring.models import PairRequest, PairRequestKind
from tests.admin_pages import rows, signed_in_for_real

pytestmark = pytest.mark.django_db

office = signed_in_for_real("coordinator")


@pytest.mark.parametrize(
    "changelist",
    [
        "admin:mentoring_match_changelist",
        "admin:mentoring_pairhealth_changelist",
        "admin:mentoring_pairrequest_changelist",
        "admin:mentoring_boardmember_changelist",
    ],
)
def test_each_list_finds_a_board_member_by_the_address_they_sign_in_with(office, cast, changelist):
    cast.board_member.email = "bola.new@example.org"  # made primary on their email page
    cast.board_member.save()
    PairRequest.objects.create(match=cast.pair, kind=PairRequestKind.END, raised_by=cast.mentor)

    assert len(rows(office.get(reverse(changelist), {"q": "bola.new@example.org"}))) == 1
    # And still by the address they were invited at.
    assert len(rows(office.get(reverse(changelist), {"q": "bola@example.org"}))) == 1


def test_programme_health_finds_a_mentor_by_address(office, cast):
    assert (
        len(rows(office.get(reverse("admin:mentoring_pairhealth_changelist"), {"q": "maya@"}))) == 1
    )
