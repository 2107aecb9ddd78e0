"""The hard rules hold however a department is typed (a curly apostrophe, two spaces), and
a mentor is never offered, proposed or paired with the board member their application names
as their line manager: the partner would have power over the mentor's job."""

import pytest

from matching.services import pair_check
from mentoring.models import Match, MentorApplication
from mentoring.services.matches import MatchError
from tests.matching.board import blocked_reasons, board_url, candidate_names, propose

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("spelt", ["Provost\u2019s Office", "Provost's  Office"])
def test_the_same_department_typed_another_way_is_still_the_same(
    office, programme, priya, grace, spelt
):
    assert grace.department == "Provost's Office"
    MentorApplication.objects.filter(pk=priya.pk).update(department=spelt)
    priya.refresh_from_db()

    board = office.get(board_url(programme))

    assert "they work in the same department" in blocked_reasons(board, grace)["Priya Patel"]
    with pytest.raises(MatchError, match="they work in the same department"):
        pair_check(mentor=priya, board_member=grace, reader=None)
    propose(office, programme, priya, grace)
    assert not Match.objects.exists()


def test_a_board_member_named_as_the_mentors_line_manager_is_never_offered(
    office, programme, priya, grace
):
    MentorApplication.objects.filter(pk=priya.pk).update(
        line_manager_name="Grace Okafor", line_manager_email=grace.user.email.upper()
    )
    priya.refresh_from_db()

    board = office.get(board_url(programme))

    assert "Priya Patel" not in candidate_names(board, grace)
    assert (
        "the board member is the mentor's line manager"
        in (blocked_reasons(board, grace)["Priya Patel"])
    )
    with pytest.raises(MatchError, match="the board member is the mentor's line manager"):
        pair_check(mentor=priya, board_member=grace, reader=None)
