"""A mentor who changes their department on /profile/ is matched by the new one: the board
never offers them to a board member of the department they moved into."""

import pytest
from django.urls import reverse

from tests.matching.board import (
    blocked_reasons,
    board_url,
    candidate_names,
)

pytestmark = pytest.mark.django_db
DETAILS = reverse("profile_details")


def test_a_mentor_who_moved_into_the_board_members_department_is_not_offered_to_them(
    client, programme, priya, grace, coordinator
):
    """Priya applied from Finance; she later moves to the Provost's Office (Grace's) and
    says so on /profile/ (whose help says her partner sees that department). The board
    still compares the application's "Finance" and offers her to Grace, who would then see
    a mentor from her own department: the same-department rule is dodged by stale data."""
    client.force_login(priya.applicant)
    response = client.post(
        DETAILS,
        {
            "full_name": "Priya Patel",
            "job_title": "Research technician",
            "department": grace.department,
        },
    )
    assert response.status_code in (200, 302)
    priya.applicant.refresh_from_db()
    assert priya.applicant.department == grace.department

    client.force_login(coordinator)
    board = client.get(board_url(programme))

    assert "Priya Patel" not in candidate_names(board, grace)
    assert "they work in the same department" in blocked_reasons(board, grace).get(
        "Priya Patel", ""
    )
