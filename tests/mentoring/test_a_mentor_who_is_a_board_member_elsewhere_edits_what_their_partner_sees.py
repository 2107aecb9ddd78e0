"""Someone who is a board member in one programme and a mentor (or applicant) in another
keeps the job title and department their board member sees among their details."""

import pytest
from django.urls import reverse

from tests.factories import (
    BoardMemberFactory,
    ProgrammeFactory,
)
from tests.profile_page import the_page_as_shown

pytestmark = pytest.mark.django_db

BOSS = "boss@example.org"


def test_a_mentor_who_is_also_a_board_member_elsewhere_can_change_what_their_partner_sees(
    client, cast
):
    # Maya mentors Bola in the pilot; promoted since, she joins the next cohort's board.
    member = BoardMemberFactory(programme=ProgrammeFactory(name="2027/28 cohort"), user=cast.mentor)
    client.force_login(cast.mentor)

    data = the_page_as_shown(client)
    job_title = [name for name in data if name.endswith("job_title")]
    # Bola's page describes Maya by her account's job title and department
    # (mentoring/templatetags/pair_page.py): her profile must let her change them.
    assert len(job_title) == 1
    data[job_title[0]] = "Head of Estates"
    data["section"] = ["details"]

    response = client.post(reverse("profile_details") + "?programme=" + member.programme.slug, data)

    assert response.status_code == 302
    cast.mentor.refresh_from_db()
    assert cast.mentor.job_title == "Head of Estates"
    member.refresh_from_db()
    assert member.department == "Provost's Office"  # her board profile's, as it was
    client.force_login(cast.board_member)
    assert "Head of Estates" in client.get(reverse("match")).content.decode()
