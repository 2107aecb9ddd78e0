"""Closing a programme ends no pair. Bola, still paired with Maya when the office closes the
pilot, reads on her profile that her pair can still meet and that her mentor sees her
profile (Maya's pair page still shows it), not that nobody is matched any more and what
she wrote is kept only for her own record."""

import pytest
from django.urls import reverse

from mentoring.models import ProgrammeStatus
from tests.admin_pages import words

pytestmark = pytest.mark.django_db


def test_her_profile_says_her_pair_runs_on_and_her_mentor_reads_it(client, cast):
    cast.programme.status = ProgrammeStatus.CLOSED
    cast.programme.recruitment_open = False
    cast.programme.save()
    client.force_login(cast.board_member)

    said = words(client.get(reverse("profile")).content.decode())

    assert "your pair can still meet" in said
    assert "Your mentor sees your name" in said
    assert "for your own record" not in said
    assert "nobody is matched in it any more" not in said
