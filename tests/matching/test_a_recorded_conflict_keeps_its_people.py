"""A conflict of interest keeps the two people its recorder named: on its page they are shown,
not asked, and only its note can change. Changing the mentor saved, and the list then said
the first recorder had recorded a conflict between people they never named (as a briefing
exemption's person, another pair of people is a new conflict)."""

import pytest
from django.urls import reverse

from matching.models import ConflictOfInterest
from tests.admin_pages import form_data, save_change_form, signed_in_for_real, words

pytestmark = pytest.mark.django_db

office = signed_in_for_real("coordinator")


@pytest.fixture
def conflict(cast):
    return ConflictOfInterest.objects.create(
        mentor=cast.mentor,
        board_member=cast.other_board_member,
        note="Worked for her until 2024.",
        recorded_by=cast.superuser,
    )


def url(conflict) -> str:
    return reverse("admin:matching_conflictofinterest_change", args=[conflict.pk])


def test_a_recorded_conflicts_people_are_shown_not_asked(office, cast, conflict):
    page = office.get(url(conflict))

    assert set(form_data(page)) >= {"note"}
    assert not {"mentor", "board_member"} & set(form_data(page))
    said = words(page.content.decode())
    assert cast.mentor.full_name in said
    assert cast.other_board_member.full_name in said


def test_changing_a_recorded_conflicts_mentor_changes_nobody(office, cast, conflict):
    save_change_form(office, url(conflict), mentor=cast.other_mentor.pk, note="Managed her.")

    conflict.refresh_from_db()
    assert (conflict.mentor, conflict.board_member) == (cast.mentor, cast.other_board_member)
    assert conflict.recorded_by == cast.superuser
    assert conflict.note == "Managed her."
