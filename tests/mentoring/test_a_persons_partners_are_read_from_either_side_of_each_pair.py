"""Everyone a person was ever paired with (`partners_ever_of`, which the office's lists leave
out for them) is the other side of each of their pairs, whichever side the person was on:
read from their pairs alone, never the person themselves."""

import pytest

from accounts.models import User
from mentoring.models import MatchStatus
from mentoring.selectors import partners_ever_of, partners_ever_of_ids
from tests.admin_pages import the_next_cohort
from tests.factories import BriefedBoardMemberFactory, MatchFactory, MentorFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def lena(cast):
    """Maya, Bola's mentor in the pilot, is a board member in the next cohort, paired with
    Lena, its mentor."""
    cohort = the_next_cohort(cast)
    lena = UserFactory(full_name="Lena Library", email="lena@example.org")
    MatchFactory(
        mentor=MentorFactory(programme=cohort, applicant=lena),
        board_member=BriefedBoardMemberFactory(programme=cohort, user=cast.mentor),
        status=MatchStatus.ACTIVE,
    )
    return lena


def test_a_person_paired_on_both_sides_has_both_partners_and_is_not_their_own(cast, lena):
    left_out = User.objects.filter(pk__in=partners_ever_of_ids(cast.mentor))

    assert set(partners_ever_of(cast.mentor)) == {cast.board_member, lena}
    assert set(left_out) == {cast.board_member, lena}


def test_each_partner_has_the_person_among_theirs(cast, lena):
    assert set(partners_ever_of(cast.board_member)) == {cast.mentor}
    assert set(partners_ever_of(lena)) == {cast.mentor}
    assert set(partners_ever_of(cast.outsider)) == set()
