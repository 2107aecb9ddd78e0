"""A programme may relax the matching rules (department, repeat pairs, a mentor's capacity,
mandatory criteria); the board then shows the pairs they no longer block."""

import pytest
from django.urls import reverse

from matching.models import MatchingSettings
from tests.admin_pages import save_change_form
from tests.matching.blocked_pairs import (
    mentor_at_capacity,
    paired_in_an_earlier_cohort,
    paired_in_this_programme,
    same_department,
)
from tests.matching.board import (
    blocked_reasons,
    board_rows,
    board_url,
    candidate_names,
    messages_shown,
    propose,
)

pytestmark = pytest.mark.django_db


def test_relaxing_the_same_department_rule_unblocks_the_pair_and_lowers_its_score(
    office, programme, priya, grace
):
    same_department(priya, grace)
    rules = MatchingSettings.for_programme(programme)
    rules.block_same_department = False
    rules.save()

    response = office.get(board_url(programme))

    [(name, score, why)] = board_rows(response)["Grace Okafor"]["candidates"]
    assert (name, score) == ("Priya Patel", 85)
    assert why.endswith("Same department.")
    assert "Proposed: Priya Patel with Grace Okafor." in messages_shown(
        propose(office, programme, priya, grace)
    )


def test_relaxing_the_repeat_pair_rule_unblocks_the_pair(office, programme, priya, grace):
    paired_in_an_earlier_cohort(priya, grace)
    MatchingSettings.objects.create(programme=programme, block_repeat_pairs=False)

    assert candidate_names(office.get(board_url(programme)), grace) == ["Priya Patel"]


def test_relaxing_the_repeat_pair_rule_still_blocks_a_pair_ended_in_this_programme(
    office, programme, priya, grace
):
    paired_in_this_programme(priya, grace)
    MatchingSettings.objects.create(programme=programme, block_repeat_pairs=False)

    assert blocked_reasons(office.get(board_url(programme)), grace) == {
        "Priya Patel": "they were paired in this programme already (ended 1 July 2026, withdrawn)"
    }
    assert messages_shown(propose(office, programme, priya, grace)) == [
        "Priya Patel and Grace Okafor cannot be paired: they were paired in this programme "
        "already (ended 1 July 2026, withdrawn)."
    ]


def test_a_mentor_with_room_for_a_second_board_member_stays_a_candidate(
    office, programme, priya, grace
):
    mentor_at_capacity(priya, grace)
    MatchingSettings.objects.create(programme=programme, mentor_capacity=2)

    assert candidate_names(office.get(board_url(programme)), grace) == ["Priya Patel"]


def test_availability_that_is_no_longer_mandatory_no_longer_blocks(office, programme, tom, harold):
    MatchingSettings.objects.create(programme=programme, availability_weight="high")

    [(name, _, why)] = board_rows(office.get(board_url(programme)))["Harold Hughes"]["candidates"]

    assert name == "Tom Tran"
    assert "No shared availability." in why


def test_a_mandatory_criterion_can_block_even_with_the_department_rule_relaxed(
    office, programme, priya, grace
):
    same_department(priya, grace)
    MatchingSettings.objects.create(
        programme=programme, block_same_department=False, departments_weight="mandatory"
    )

    assert blocked_reasons(office.get(board_url(programme)), grace) == {
        "Priya Patel": "both in the same department, which this programme rules out"
    }


def test_the_department_rule_cannot_be_relaxed_while_different_departments_is_mandatory(
    office, programme
):
    """Mandatory never pairs two people of one department whatever the box says: unticked
    beside it, the settings would promise pairs the board never offers. Refused, saying
    which of the two to change."""
    settings = MatchingSettings.objects.create(programme=programme)
    url = reverse("admin:matching_matchingsettings_change", args=[settings.pk])

    page = save_change_form(
        office, url, block_same_department=False, departments_weight="mandatory"
    )

    assert page.status_code == 200
    assert page.context["adminform"].form.errors["block_same_department"] == [
        "“Different departments” is weighed Mandatory, which never pairs two people of one "
        "department: keep this ticked, or weigh it High or lower to allow such pairs."
    ]
    settings.refresh_from_db()
    assert settings.block_same_department
