"""The match board lists each board member still to be matched with the mentors who could be
paired with them, ranked by score with the reasons in words, and the blocked pairs apart with
the reason each is blocked."""

import pytest

from mentoring.models import (
    BriefingExemption,
    EndReason,
    Match,
    MatchStatus,
    MentorApplication,
)
from tests.factories import (
    BriefedBoardMemberFactory,
    MatchFactory,
    MentorApplicationFactory,
    UserFactory,
)
from tests.matching.blocked_pairs import (
    SHOWN_BLOCKS,
    conflict_of_interest,
    paired_in_an_earlier_cohort,
    paired_in_this_programme,
    same_department,
)
from tests.matching.board import (
    blocked_reasons,
    board_rows,
    board_url,
    briefed_mentor,
    candidate_names,
    propose,
)

pytestmark = pytest.mark.django_db


def test_the_board_ranks_each_board_members_candidates_with_scores_and_reasons_in_words(
    office, programme, priya, tom, grace, harold
):
    response = office.get(board_url(programme))

    assert response.status_code == 200
    rows = board_rows(response)
    assert list(rows) == ["Grace Okafor", "Harold Hughes"]
    assert rows["Grace Okafor"]["heading"] == "Grace Okafor, Provost (President's Board)"
    assert rows["Grace Okafor"]["candidates"] == [
        (
            "Priya Patel",
            95,
            "Both care about Anti-racism and Culture change. Available Tuesday and Thursday "
            "mornings, Friday afternoon. Complementary learning styles (reflecting and doing). "
            "Different interaction approaches (questioning and direct). Different departments.",
        ),
        (
            "Tom Tran",
            76,
            "Both care about Anti-racism. Complementary learning styles (reflecting and doing). "
            "Different interaction approaches (questioning and direct). Available Tuesday "
            "morning. Different departments.",
        ),
    ]
    assert candidate_names(response, harold) == ["Priya Patel"]
    assert rows["Harold Hughes"]["blocked"] == [
        ("Tom Tran", 40, "no shared availability, which this programme requires")
    ]
    assert "1 blocked pair, and why" in rows["Harold Hughes"]["text"]
    assert "Finance" in rows["Grace Okafor"]["text"]  # each mentor's department
    assert "Provost's Office · briefed · profile complete" in rows["Grace Okafor"]["text"]


def test_a_proposed_pair_gives_its_reasons_once_under_proposals_not_again_as_a_candidate(
    office, programme, priya, tom, grace
):
    propose(office, programme, priya, grace)

    response = office.get(board_url(programme))

    proposal = Match.objects.get()
    content = response.content.decode()
    assert content.count("Both care about Anti-racism and Culture change.") == 1
    assert f'<tr id="proposal-{proposal.pk}">' in content
    assert f'<a href="#proposal-{proposal.pk}">Proposed above</a>' in content
    assert board_rows(response)["Grace Okafor"]["candidates"] == [
        ("Priya Patel", 95, "Proposed above"),
        (
            "Tom Tran",
            76,
            "Both care about Anti-racism. Complementary learning styles (reflecting and doing). "
            "Different interaction approaches (questioning and direct). Available Tuesday "
            "morning. Different departments.",
        ),
    ]


def test_a_mentor_whose_application_is_not_accepted_never_appears_on_the_board(
    office, programme, grace
):
    for status in ["submitted", "waitlisted", "declined", "withdrawn"]:
        MentorApplicationFactory(
            programme=programme,
            applicant=UserFactory(full_name=f"Nadia {status.title()}"),
            status=status,
        )

    content = office.get(board_url(programme)).content.decode()

    assert "Nadia" not in content
    assert f"No mentor can be paired with {grace} at the moment." in content


@pytest.mark.parametrize(("block", "reason"), SHOWN_BLOCKS)
def test_a_blocked_pair_is_listed_apart_with_the_reason(
    office, programme, priya, grace, block, reason
):
    block(priya, grace)

    response = office.get(board_url(programme))

    assert candidate_names(response, grace) == []
    assert blocked_reasons(response, grace) == {"Priya Patel": reason}
    assert "1 blocked pair, and why" in board_rows(response)["Grace Okafor"]["text"]


def test_a_pair_blocked_for_several_reasons_gives_them_all(office, programme, priya, grace):
    conflict_of_interest(priya, grace)
    same_department(priya, grace)
    paired_in_an_earlier_cohort(priya, grace)

    response = office.get(board_url(programme))

    assert blocked_reasons(response, grace) == {
        "Priya Patel": "a conflict of interest is recorded between them; they work in the same "
        "department; they were paired in an earlier cohort"
    }


def test_a_board_member_with_an_active_match_is_not_still_to_be_matched(
    office, programme, priya, tom, grace, harold
):
    MatchFactory(mentor=tom, board_member=grace, status=MatchStatus.ACTIVE)

    response = office.get(board_url(programme))

    assert list(board_rows(response)) == ["Harold Hughes"]
    assert "Active pairs (1)" in response.content.decode()


def test_an_invited_board_member_who_has_not_joined_is_not_on_the_board(office, programme, priya):
    BriefedBoardMemberFactory(
        programme=programme, user=None, email="ivy@example.com", briefed=False
    )

    response = office.get(board_url(programme))

    assert board_rows(response) == {}
    assert "ivy@example.com" not in response.content.decode()


def test_a_pair_that_was_only_proposed_in_an_earlier_cohort_is_not_blocked(
    office, programme, priya, grace
):
    paired_in_an_earlier_cohort(priya, grace, status=MatchStatus.PROPOSED)

    assert candidate_names(office.get(board_url(programme)), grace) == ["Priya Patel"]


def test_an_active_pair_in_an_earlier_cohort_blocks_too(office, programme, priya, grace):
    paired_in_an_earlier_cohort(priya, grace, status=MatchStatus.ACTIVE)

    assert blocked_reasons(office.get(board_url(programme)), grace) == {
        "Priya Patel": "they were paired in an earlier cohort"
    }


@pytest.mark.parametrize("reason", [EndReason.WITHDRAWN, EndReason.REMATCHED])
def test_a_pair_ended_in_this_programme_is_not_offered_again_however_it_ended(
    office, programme, priya, tom, grace, reason
):
    paired_in_this_programme(priya, grace, reason=reason)

    response = office.get(board_url(programme))

    assert candidate_names(response, grace) == ["Tom Tran"]
    assert blocked_reasons(response, grace) == {
        "Priya Patel": f"they were paired in this programme already (ended 1 July 2026, {reason})"
    }


def test_a_briefing_exemption_counts_as_briefed(office, programme, grace):
    ravi = briefed_mentor(programme, "Ravi Rao", briefed=False)
    assert blocked_reasons(office.get(board_url(programme)), grace) == {
        "Ravi Rao": "the mentor has not been briefed (nor exempted)"
    }

    BriefingExemption.objects.create(
        programme=programme, person=ravi.applicant, note="Briefed one-to-one.", recorded_by=None
    )

    assert candidate_names(office.get(board_url(programme)), grace) == ["Ravi Rao"]


def test_a_mentors_declared_conflict_is_shown_beside_them(office, programme, priya, grace):
    MentorApplication.objects.filter(pk=priya.pk).update(
        has_conflict=True, conflict_details="My partner works in the Provost's Office."
    )

    response = office.get(board_url(programme))

    name, _, why = board_rows(response)["Grace Okafor"]["candidates"][0]
    assert name == "Priya Patel"
    assert why.endswith("Declared conflict: My partner works in the Provost's Office.")


def test_a_mentor_without_a_declared_conflict_shows_none(office, programme, priya, grace):
    assert "Declared conflict" not in office.get(board_url(programme)).content.decode()
